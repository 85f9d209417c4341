import { randomUUID } from "crypto";
import type { IncomingMessage } from "http";
import { ApiError, ConfigurationError, invalidMethod, invalidParameterValue, invalidPath } from "../errors";
import { FAULT_ERRORS, parseFaultSettings, type FaultInjector } from "./faults";
import { BODY_LEFT_UNREAD, readBody } from "../http/readBody";
import { renderError, renderJson, type RenderedResponse } from "../http/responses";
import type { Throttle } from "./throttle";
import { allowingOwnPages, browserRefusal, type BrowserPolicy } from "../http/browserPolicy";
import { loopbackRefusal } from "../http/loopback";
import { formPostRefusal } from "../http/formPostRefusal";
import { ACTION_NAMES } from "../actions/actionNames";
import type { AccountDirectory } from "../auth/accounts";
import type { KeyStore } from "../storage/keyStore";
import type { StorageHealth } from "../storage/storageHealth";
import type { Metrics } from "./metrics";
import { KEYS_LISTED_PER_GROUP, listKeysByOwner } from "./keyListing";
import type { RecentRequests } from "./recentRequests";

export interface AdminContext {
  faults: FaultInjector;
  throttle: Throttle;
  maxBodyBytes: number;
  bodyTimeoutMs: number;
  browserPolicy: BrowserPolicy;
  resetMetrics(): void;
  metrics: Metrics;
  recentRequests: RecentRequests;
  store: KeyStore;
  storageHealth: StorageHealth;
  accounts: AccountDirectory;
  regions: ReadonlySet<string>;
  dataDir: string | undefined;
  clock: () => Date;
}

interface AdminRoute {
  method: string;
  handle(context: AdminContext, body: unknown): unknown;
}

/** Answers of the admin path are never cached, sniffed or embedded by another origin's page. */
const ADMIN_HEADERS: Readonly<Record<string, string>> = {
  "Cache-Control": "no-store",
  "X-Content-Type-Options": "nosniff",
  "Cross-Origin-Resource-Policy": "same-origin",
};

/**
 * Run-time controls for tests of clients (faults, throttle, metrics reset) and the console's reads (keys
 * without their material, recent requests, metrics). JSON in and out, no signature; only from a loopback
 * address to a loopback Host (loopbackRefusal), never from another site's page (browserRefusal; the console,
 * a page of kkms-local's own origin, may), and never a POST an HTML form could send (formPostRefusal).
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
  "/_admin/metrics": [{ method: "GET", handle: (context) => context.metrics.snapshot() }],
  "/_admin/keys": [
    {
      method: "GET",
      handle: (context) => {
        // Like the API: once damage was found, nothing more is read from the file.
        const damaged = context.storageHealth.refusal();
        if (damaged !== undefined) throw damaged;
        return listKeysByOwner({
          store: context.store,
          accountIds: context.accounts.accounts.map((account) => account.accountId),
          regions: context.regions,
          nowMs: context.clock().getTime(),
        });
      },
    },
  ],
  "/_admin/requests": [
    {
      method: "GET",
      handle: ({ recentRequests }) => ({
        capacity: recentRequests.capacity,
        recorded: recentRequests.recorded,
        requests: recentRequests.newestFirst(),
      }),
    },
  ],
  "/_admin/info": [{ method: "GET", handle: (context) => adminInfo(context) }],
};

export async function handleAdminRequest(
  context: AdminContext,
  request: IncomingMessage,
  path: string,
): Promise<RenderedResponse> {
  const rendered = await answerAdminRequest(context, request, path);
  return { ...rendered, headers: { ...rendered.headers, ...ADMIN_HEADERS } };
}

async function answerAdminRequest(
  context: AdminContext,
  request: IncomingMessage,
  path: string,
): Promise<RenderedResponse> {
  try {
    const refusal =
      loopbackRefusal(request, "kkms-local:Admin") ??
      browserRefusal(request.headers, allowingOwnPages(context.browserPolicy));
    if (refusal !== undefined) throw refusal;
    const routes = ROUTES[path];
    if (routes === undefined) throw invalidPath(path);
    const route = routes.find((candidate) => candidate.method === request.method);
    if (route === undefined) throw invalidMethod(request.method ?? "");
    const formPost = formPostRefusal(request.method, request.headers);
    if (formPost !== undefined) throw formPost;
    const body = await readBody(request, context.maxBodyBytes, context.bodyTimeoutMs);
    return renderJson(200, route.handle(context, parseJsonBody(body)));
  } catch (err) {
    if (err instanceof ApiError) {
      const rendered = renderError("json", randomUUID(), err);
      return BODY_LEFT_UNREAD.has(err.code) ? { ...rendered, headers: { Connection: "close" } } : rendered;
    }
    if (err instanceof ConfigurationError) return invalidSetting(path, err);
    // A store that cannot be read (damaged, or its disk full) answers its storage error, as the API does.
    const failure = context.storageHealth.classify(err);
    if (failure !== undefined) return renderError("json", randomUUID(), failure);
    throw err;
  }
}

/** What the console needs to build its forms and say where it is; nothing secret (no access key at all). */
function adminInfo(context: AdminContext) {
  return {
    accounts: [...new Set(context.accounts.accounts.map((account) => account.accountId))],
    regions: [...context.regions],
    actions: ACTION_NAMES,
    faultErrors: Object.keys(FAULT_ERRORS),
    dataDir: context.dataDir ?? null,
    keysListedPerGroup: KEYS_LISTED_PER_GROUP,
    recentRequestsCapacity: context.recentRequests.capacity,
  };
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
