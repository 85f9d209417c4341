import { randomUUID } from "crypto";
import type { IncomingMessage } from "http";
import { ApiError, ConfigurationError, invalidMethod, invalidParameterValue, invalidPath } from "../errors";
import { parseFaultSettings, type FaultInjector } from "./faults";
import { BODY_LEFT_UNREAD, readBody } from "../http/readBody";
import { renderError, renderJson, type RenderedResponse } from "../http/responses";
import type { Throttle } from "./throttle";
import { browserRefusal, type BrowserPolicy } from "../http/browserPolicy";
import { loopbackRefusal } from "../http/loopback";

export interface AdminContext {
  faults: FaultInjector;
  throttle: Throttle;
  maxBodyBytes: number;
  bodyTimeoutMs: number;
  browserPolicy: BrowserPolicy;
  resetMetrics(): void;
}

interface AdminRoute {
  method: string;
  handle(context: AdminContext, body: unknown): unknown;
}

/**
 * Run-time controls for tests of clients: faults, throttle, metrics reset. JSON in and out, no signature; only
 * from a loopback address to a loopback Host (loopbackRefusal), and never from another site's page
 * (browserRefusal), so neither listening on 0.0.0.0 nor a browser exposes these controls.
 */
const ROUTES: Readonly<Record<string, readonly AdminRoute[]>> = {
  "/_admin/faults": [
    { method: "GET", handle: (context) => context.faults.get() },
    {
      method: "PUT",
      handle: (context, body) => {
        context.faults.set(parseFaultSettings(body, "faults"));
        return context.faults.get();
      },
    },
  ],
  "/_admin/throttle": [
    { method: "GET", handle: (context) => ({ rps: context.throttle.rate ?? null }) },
    {
      method: "PUT",
      handle: (context, body) => {
        const rps = (body as { rps?: unknown } | null)?.rps;
        if (rps !== null && typeof rps !== "number")
          throw new ConfigurationError('Send {"rps": N} or {"rps": null}.');
        context.throttle.setRate(rps ?? undefined);
        return { rps: context.throttle.rate ?? null };
      },
    },
  ],
  "/_admin/reset-metrics": [
    {
      method: "POST",
      handle: (context) => {
        context.resetMetrics();
        return { reset: true };
      },
    },
  ],
};

export async function handleAdminRequest(
  context: AdminContext,
  request: IncomingMessage,
  path: string,
): Promise<RenderedResponse> {
  try {
    const refusal =
      loopbackRefusal(request, "kkms-local:Admin") ?? browserRefusal(request.headers, context.browserPolicy);
    if (refusal !== undefined) throw refusal;
    const routes = ROUTES[path];
    if (routes === undefined) throw invalidPath(path);
    const route = routes.find((candidate) => candidate.method === request.method);
    if (route === undefined) throw invalidMethod(request.method ?? "");
    const body = await readBody(request, context.maxBodyBytes, context.bodyTimeoutMs);
    return renderJson(200, route.handle(context, parseJsonBody(body)));
  } catch (err) {
    if (err instanceof ApiError) {
      const rendered = renderError("json", randomUUID(), err);
      return BODY_LEFT_UNREAD.has(err.code) ? { ...rendered, headers: { Connection: "close" } } : rendered;
    }
    if (err instanceof ConfigurationError) return invalidSetting(path, err);
    throw err;
  }
}

function parseJsonBody(body: Buffer): unknown {
  if (body.length === 0) return undefined;
  try {
    return JSON.parse(body.toString("utf8"));
  } catch {
    throw new ConfigurationError("The body is not JSON.");
  }
}

/** Our own API, so the KKMS error document carries one extra member saying what was wrong. */
function invalidSetting(path: string, err: ConfigurationError): RenderedResponse {
  const parameter = path.slice("/_admin/".length);
  const rendered = renderError("json", randomUUID(), invalidParameterValue(parameter));
  const document = JSON.parse(rendered.body) as Record<string, unknown>;
  return { ...rendered, body: JSON.stringify({ ...document, Detail: err.message }) };
}
