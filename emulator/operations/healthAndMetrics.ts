import { randomUUID } from "crypto";
import type { IncomingMessage } from "http";
import { invalidMethod } from "../errors";
import { renderError, renderJson, type RenderedResponse } from "../http/responses";
import type { KeyStore } from "../storage/keyStore";
import type { StorageHealth } from "../storage/storageHealth";
import type { Metrics } from "./metrics";

export interface HealthContext {
  storageHealth: StorageHealth;
  store: KeyStore;
  metrics: Metrics;
  clock: () => Date;
}

const PROMETHEUS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

/** `GET /health`: 200 while kkms-local can serve; 503 once its database was found damaged (it then refuses all). */
export function healthAnswer(context: HealthContext, request: IncomingMessage): RenderedResponse {
  if (request.method !== "GET" && request.method !== "HEAD") {
    return renderError("json", randomUUID(), invalidMethod(request.method ?? ""));
  }
  const damage = context.storageHealth.damaged;
  return damage === undefined
    ? renderJson(200, { status: "ok" })
    : renderJson(503, { status: "damaged", detail: damage });
}

/** `GET /metrics`: Prometheus text; a store that cannot be read answers its storage error. */
export function metricsAnswer(context: HealthContext, request: IncomingMessage): RenderedResponse {
  if (request.method !== "GET" && request.method !== "HEAD") {
    return renderError("json", randomUUID(), invalidMethod(request.method ?? ""));
  }
  let keysByState: Record<string, number>;
  try {
    keysByState = context.store.countByState(context.clock().getTime());
  } catch (err) {
    const failure = context.storageHealth.classify(err);
    if (failure === undefined) throw err;
    return renderError("json", randomUUID(), failure);
  }
  return { status: 200, contentType: PROMETHEUS_CONTENT_TYPE, body: context.metrics.render(keysByState) };
}
