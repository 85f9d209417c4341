/** The p-th quantile (0–1) of latencies in microseconds, nearest rank; sorts in place. NaN when empty. */
export function percentileMicros(latencies: number[], p: number): number {
  if (latencies.length === 0) return Number.NaN;
  latencies.sort((a, b) => a - b);
  return latencies[Math.min(latencies.length - 1, Math.max(0, Math.ceil(p * latencies.length) - 1))];
}

/** `2,905 / 6,347`: the median over runs of each run's p50 and p99, in whole microseconds. */
export function latencyText(runs: readonly { p50Micros: number; p99Micros: number }[]): string {
  const median = (values: number[]) => {
    const sorted = [...values].sort((a, b) => a - b);
    const middle = Math.floor(sorted.length / 2);
    return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  };
  const show = (n: number) => Math.round(n).toLocaleString("en-US");
  return `${show(median(runs.map((run) => run.p50Micros)))} / ${show(median(runs.map((run) => run.p99Micros)))}`;
}
