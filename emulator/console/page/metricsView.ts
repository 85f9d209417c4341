import { AdminError, sendJson, type MetricsSnapshot } from "./adminApi.js";
import { h } from "./dom.js";

/** API request counts by answer code and action (GET /_admin/metrics), and the reset button. */
export class MetricsView {
  readonly element = h("section", { id: "metrics", "aria-labelledby": "metrics-title" });
  private readonly counts = h("div", { id: "metrics-counts" });
  private readonly notice = h("p", { class: "notice", id: "metrics-notice", role: "alert" });
  private shown = "";

  constructor(private readonly refresh: () => void) {
    const reset = h("button", { type: "button", id: "metrics-reset" }, "Reset metrics");
    reset.addEventListener("click", () => void this.reset());
    this.element.append(
      h("h2", { id: "metrics-title" }, "Metrics"),
      this.counts,
      h("div", { class: "actions" }, reset),
      h("p", { class: "hint" }, "Also at /metrics in Prometheus' text format."),
      this.notice,
    );
  }

  show(snapshot: MetricsSnapshot): void {
    const text = JSON.stringify(snapshot);
    if (text === this.shown) return;
    this.shown = text;
    const entries = (counts: Record<string, number>) =>
      Object.entries(counts)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([name, count]) => `${name} ${count}`)
        .join(" · ") || "—";
    this.counts.replaceChildren(
      h(
        "dl",
        {},
        h("dt", {}, "API requests"),
        h("dd", { id: "metrics-total" }, String(snapshot.total)),
        h("dt", {}, "by code"),
        h("dd", { id: "metrics-by-code" }, entries(snapshot.byCode)),
        h("dt", {}, "by action"),
        h("dd", { id: "metrics-by-action" }, entries(snapshot.byAction)),
      ),
    );
  }

  private async reset(): Promise<void> {
    try {
      await sendJson("POST", "/_admin/reset-metrics", {});
      this.notice.textContent = "";
      this.refresh();
    } catch (err) {
      this.notice.textContent = `Not reset: ${err instanceof AdminError ? err.message : String(err)}`;
    }
  }
}
