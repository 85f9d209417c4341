/** Upper bounds (seconds) of the latency histogram's buckets. */
export const LATENCY_BUCKETS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export interface RequestCount {
  action: string;
  code: string;
  status: number;
  count: number;
}

/** Plain numbers, so tests can count the API calls a client made. */
export interface MetricsSnapshot {
  total: number;
  byAction: Record<string, number>;
  byCode: Record<string, number>;
  requests: RequestCount[];
}

interface Histogram {
  buckets: number[];
  sum: number;
  count: number;
}

/**
 * Counters by (action, code, status) and a latency histogram by action, rendered in Prometheus' text format
 * by hand (three metric families do not justify a dependency).
 */
export class Metrics {
  private counts = new Map<string, RequestCount>();
  private latencies = new Map<string, Histogram>();

  /** Once per API request: no closures, and after the first request of a kind only lookups and increments. */
  record(action: string, code: string, status: number, seconds: number): void {
    this.countOf(action, code, status).count += 1;
    const histogram = this.histogramOf(action);
    // Buckets are cumulative (Prometheus' `le`): every bucket from the first bound ≥ seconds counts it.
    for (let i = LATENCY_BUCKETS.length - 1; i >= 0 && seconds <= LATENCY_BUCKETS[i]; i--)
      histogram.buckets[i] += 1;
    histogram.sum += seconds;
    histogram.count += 1;
  }

  private countOf(action: string, code: string, status: number): RequestCount {
    const id = `${action}\n${code}\n${status}`;
    let count = this.counts.get(id);
    if (count === undefined) {
      count = { action, code, status, count: 0 };
      this.counts.set(id, count);
    }
    return count;
  }

  private histogramOf(action: string): Histogram {
    let histogram = this.latencies.get(action);
    if (histogram === undefined) {
      histogram = { buckets: LATENCY_BUCKETS.map(() => 0), sum: 0, count: 0 };
      this.latencies.set(action, histogram);
    }
    return histogram;
  }

  reset(): void {
    this.counts = new Map();
    this.latencies = new Map();
  }

  snapshot(): MetricsSnapshot {
    const requests = [...this.counts.values()].map((count) => ({ ...count }));
    const sumBy = (field: "action" | "code") =>
      requests.reduce<Record<string, number>>(
        (sums, r) => ({ ...sums, [r[field]]: (sums[r[field]] ?? 0) + r.count }),
        {},
      );
    return {
      total: requests.reduce((sum, r) => sum + r.count, 0),
      byAction: sumBy("action"),
      byCode: sumBy("code"),
      requests,
    };
  }

  /** The Prometheus exposition text; `keysByState` feeds the kkms_keys gauge. */
  render(keysByState: Record<string, number>): string {
    const lines = [
      "# HELP kkms_requests_total API requests by action, answer code and HTTP status.",
      "# TYPE kkms_requests_total counter",
      ...[...this.counts.values()].map(
        (c) =>
          `kkms_requests_total{${labels({ action: c.action, code: c.code, status: String(c.status) })}} ${c.count}`,
      ),
      "# HELP kkms_request_duration_seconds API request latency by action.",
      "# TYPE kkms_request_duration_seconds histogram",
      ...[...this.latencies.entries()].flatMap(([action, h]) => histogramLines(action, h)),
      "# HELP kkms_keys Keys in the store by state, all accounts and regions.",
      "# TYPE kkms_keys gauge",
      ...Object.entries(keysByState).map(([state, count]) => `kkms_keys{${labels({ state })}} ${count}`),
    ];
    return lines.join("\n") + "\n";
  }
}

function histogramLines(action: string, histogram: Histogram): string[] {
  const name = "kkms_request_duration_seconds";
  return [
    ...LATENCY_BUCKETS.map(
      (bound, i) => `${name}_bucket{${labels({ action, le: String(bound) })}} ${histogram.buckets[i]}`,
    ),
    `${name}_bucket{${labels({ action, le: "+Inf" })}} ${histogram.count}`,
    `${name}_sum{${labels({ action })}} ${histogram.sum}`,
    `${name}_count{${labels({ action })}} ${histogram.count}`,
  ];
}

function labels(values: Record<string, string>): string {
  return Object.entries(values)
    .map(
      ([name, value]) =>
        `${name}="${value.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n")}"`,
    )
    .join(",");
}
