import type { RecentRequest, RecentRequests } from "./adminApi.js";
import { h, table } from "./dom.js";
import { utcClock } from "./format.js";

/** The newest API requests, newest first, as GET /_admin/requests keeps them. */
export class RequestsView {
  readonly element = h("section", { id: "requests", "aria-labelledby": "requests-title" });
  private shown = "";

  show(recent: RecentRequests): void {
    const text = JSON.stringify(recent);
    if (text === this.shown) return;
    this.shown = text;
    const count =
      recent.recorded > recent.capacity
        ? `the last ${recent.capacity} of ${recent.recorded}`
        : `${recent.recorded} since start`;
    this.element.replaceChildren(
      h("h2", { id: "requests-title" }, "Recent API requests", h("span", { class: "count" }, count)),
      recent.requests.length === 0
        ? h(
            "p",
            { class: "empty", id: "requests-empty" },
            `No API requests yet. Each request to kkms-local's API appears here, newest first (the last ` +
              `${recent.capacity} are kept); this page's own reads of the admin path are not counted.`,
          )
        : h(
            "div",
            { class: "scroll tall" },
            table(
              "requests",
              ["Time (UTC)", "Account", "Region", "Action", "Status", "Code", "RequestId", "Duration"],
              recent.requests.map(rowOf),
            ),
          ),
    );
  }
}

function rowOf(request: RecentRequest): HTMLTableRowElement {
  return h(
    "tr",
    { "data-request-id": request.requestId },
    h("td", { class: "mono nowrap" }, utcClock(request.time)),
    h("td", { class: "mono" }, request.accountId ?? "—"),
    h("td", { class: "nowrap" }, request.region ?? "—"),
    h("td", { class: "action" }, request.action),
    h("td", { class: "num status" }, String(request.status)),
    h(
      "td",
      {},
      h("span", { class: `code ${request.code === "OK" ? "code-OK" : "code-error"}` }, request.code),
    ),
    h("td", { class: "mono nowrap request-id" }, request.requestId),
    h("td", { class: "num" }, `${request.durationMs.toFixed(1)} ms`),
  );
}
