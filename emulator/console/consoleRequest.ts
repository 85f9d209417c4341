import { randomUUID } from "crypto";
import type { IncomingMessage } from "http";
import { ApiError, invalidMethod, invalidPath } from "../errors";
import { allowingOwnPages, browserRefusal, type BrowserPolicy } from "../http/browserPolicy";
import { loopbackRefusal } from "../http/loopback";
import { renderError, type RenderedResponse } from "../http/responses";
import { consoleAssets, type ConsoleAssets } from "./consoleAssets";
import { CONSOLE_PATH } from "./consolePaths";
import { CONSOLE_SECURITY_HEADERS } from "./consoleSecurityHeaders";

export interface ConsoleContext {
  browserPolicy: BrowserPolicy;
}

/**
 * `GET /_console` and its assets: by the admin path's rules (a loopback peer, a loopback Host, no other
 * site's page), since the page steers the admin path. Static text only: what the page shows it reads through
 * the admin path's JSON endpoints.
 */
export function handleConsoleRequest(
  context: ConsoleContext,
  request: IncomingMessage,
  path: string,
  loadAssets: () => ConsoleAssets | undefined = consoleAssets,
): RenderedResponse {
  try {
    const refusal =
      loopbackRefusal(request, "kkms-local:Console") ??
      browserRefusal(request.headers, allowingOwnPages(context.browserPolicy));
    if (refusal !== undefined) throw refusal;
    if (request.method !== "GET" && request.method !== "HEAD") throw invalidMethod(request.method ?? "");
    const assets = loadAssets();
    if (assets === undefined) return notBuilt();
    const asset = assets.get(path === `${CONSOLE_PATH}/` ? CONSOLE_PATH : path);
    if (asset === undefined) throw invalidPath(path);
    return { status: 200, ...asset, headers: CONSOLE_SECURITY_HEADERS };
  } catch (err) {
    if (!(err instanceof ApiError)) throw err;
    return { ...renderError("json", randomUUID(), err), headers: CONSOLE_SECURITY_HEADERS };
  }
}

function notBuilt(): RenderedResponse {
  return {
    status: 503,
    contentType: "text/plain; charset=utf-8",
    body: "kkms-local's console is not built: run `npm run build` in the pulumi-kkms checkout.\n",
    headers: CONSOLE_SECURITY_HEADERS,
  };
}
