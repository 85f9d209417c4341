import {
  AdminError,
  readJson,
  type FaultSettings,
  type Info,
  type KeyListing,
  type MetricsSnapshot,
  type RecentRequests,
  type ThrottleSetting,
} from "./adminApi.js";
import { h } from "./dom.js";
import { FaultsView } from "./faultsView.js";
import { KeysView } from "./keysView.js";
import { MetricsView } from "./metricsView.js";
import { RequestsView } from "./requestsView.js";
import { ThrottleView } from "./throttleView.js";

/**
 * Polled, not pushed: keys can change in another kkms-local process on the same data dir, which no event of
 * this one would report; a stream would hold one of the capped connections open for good against the idle
 * timeout; and a poll needs no reconnecting when kkms-local restarts. Five small reads a second.
 */
const POLL_INTERVAL_MS = 1000;

interface Views {
  keys: KeysView;
  requests: RequestsView;
  faults: FaultsView;
  throttle: ThrottleView;
  metrics: MetricsView;
}

async function start(): Promise<void> {
  const status = h("p", { class: "live", id: "status", role: "status" }, "connecting…");
  const where = h("span", { class: "where", id: "where" }, location.origin);
  document.body.replaceChildren(h("header", {}, h("h1", {}, "kkms-local console"), where, status));
  const info = await untilAnswered(() => readJson<Info>("/_admin/info"), status);
  where.textContent = describe(info);
  let wake: () => void = () => undefined;
  const views: Views = {
    keys: new KeysView(location.origin),
    requests: new RequestsView(),
    faults: new FaultsView(info.actions, info.faultErrors),
    throttle: new ThrottleView(),
    metrics: new MetricsView(() => wake()),
  };
  document.body.append(
    h(
      "main",
      {},
      h("div", { class: "wide" }, views.keys.element, views.requests.element),
      h("div", { class: "side" }, views.faults.element, views.throttle.element, views.metrics.element),
    ),
  );
  for (;;) {
    await pollOnce(views, status);
    await new Promise<void>((resolve) => {
      wake = resolve;
      setTimeout(resolve, POLL_INTERVAL_MS);
    });
  }
}

function describe(info: Info): string {
  const storage = info.dataDir === null ? "in memory" : `data dir ${info.dataDir}`;
  return `${location.origin} · ${storage} · accounts ${info.accounts.join(", ")}`;
}

/** One round of reads; a hidden tab skips it (nobody is looking), a failure says so and the next round retries. */
async function pollOnce(views: Views, status: HTMLElement): Promise<void> {
  if (document.visibilityState === "hidden") return;
  try {
    const [keys, requests, faults, throttle, metrics] = await Promise.all([
      readJson<KeyListing>("/_admin/keys"),
      readJson<RecentRequests>("/_admin/requests"),
      readJson<FaultSettings>("/_admin/faults"),
      readJson<ThrottleSetting>("/_admin/throttle"),
      readJson<MetricsSnapshot>("/_admin/metrics"),
    ]);
    views.keys.show(keys);
    views.requests.show(requests);
    views.faults.show(faults);
    views.throttle.show(throttle);
    views.metrics.show(metrics);
    setStatus(status, `live · read ${new Date().toISOString().slice(11, 19)} UTC`, true);
  } catch (err) {
    setStatus(status, `kkms-local is not answering (${reasonOf(err)}); retrying`, false);
  }
}

async function untilAnswered<T>(read: () => Promise<T>, status: HTMLElement): Promise<T> {
  for (;;) {
    try {
      return await read();
    } catch (err) {
      setStatus(status, `kkms-local is not answering (${reasonOf(err)}); retrying`, false);
      await new Promise((resolve) => setTimeout(resolve, POLL_INTERVAL_MS));
    }
  }
}

function setStatus(status: HTMLElement, text: string, live: boolean): void {
  status.textContent = text;
  status.classList.toggle("down", !live);
}

function reasonOf(err: unknown): string {
  return err instanceof AdminError ? err.message : err instanceof Error ? err.message : String(err);
}

void start();
