import { randomUUID } from "crypto";
import * as http from "http";
import { performance } from "perf_hooks";
import { handleAdminRequest, type AdminContext } from "../operations/admin";
import { processApiRequest, UNKNOWN_ACTION, type ApiContext, type ApiOutcome } from "./apiRequest";
import {
  ApiError,
  invalidMethod,
  invalidPath,
  limitExceeded,
  malformedRequest,
  serviceException,
} from "../errors";
import { healthAnswer, metricsAnswer, type HealthContext } from "../operations/healthAndMetrics";
import {
  answerClientError,
  answerOnSocket,
  requestBackstopMs,
  type SocketAnswerContext,
} from "./socketAnswers";
import { browserRefusal } from "./browserPolicy";
import { preflightAnswer, shareWithAllowedOrigin } from "./crossOrigin";
import { BODY_LEFT_UNREAD, readBody } from "./readBody";
import { formatRequestLogLine, type RequestLogEntry } from "../operations/requestLog";
import { handleConsoleRequest, type ConsoleContext } from "../console/consoleRequest";
import { isConsolePath } from "../console/consolePaths";
import { renderError, renderSuccess, responseFormatFor, type RenderedResponse } from "./responses";

/** What the server needs of the running emulator; each part's own needs are in the interfaces it extends. */
export interface ServerContext
  extends ApiContext, AdminContext, ConsoleContext, HealthContext, SocketAnswerContext {
  log: ((line: string) => void) | undefined;
  idleTimeoutMs: number;
}

const API_METHODS = new Set(["GET", "POST"]);
const ADMIN_METHODS = ["GET", "PUT", "POST"];

/**
 * The HTTP server: routing, the body limit, the timeouts and connection cap (so no slow or idle client holds a
 * socket for long or starves the others), and a guard that turns any unexpected failure into a 500.
 */
export function createServer(context: ServerContext): http.Server {
  const server = http.createServer(
    {
      // Without it Node itself would refuse a Host-less request with a bare 400, not the seed's 403.
      requireHostHeader: false,
      headersTimeout: context.headerTimeoutMs,
      // Node's whole-request limit is only a backstop here: readBody times the body itself, from its headers.
      requestTimeout: requestBackstopMs(context),
      keepAliveTimeout: context.idleTimeoutMs,
      // How often Node looks for connections past those limits (its default, 30 s, would add up to 30 s).
      connectionsCheckingInterval: Math.max(10, Math.min(1000, Math.floor(context.headerTimeoutMs / 4))),
    },
    (request, response) => {
      route(context, request, response).catch((err: unknown) => answerInternalError(response, err));
    },
  );
  context.connections.attach(server);
  server.on("clientError", (err: NodeJS.ErrnoException, socket: import("net").Socket) =>
    answerClientError(context, err, socket),
  );
  // Without these Node would drop a CONNECT without a word and answer an unknown Expect with a bare 417.
  server.on("connect", (request: http.IncomingMessage, socket: import("stream").Duplex) =>
    answerOnSocket(socket, invalidMethod(request.method ?? "CONNECT")),
  );
  // Node's own handling of Expect: 100-continue, except that a refused connection's request gets its 409 without
  // first being asked for a body it would send in vain.
  server.on("checkContinue", (request: http.IncomingMessage, response: http.ServerResponse) => {
    if (!context.connections.isRefused(request.socket)) response.writeContinue();
    server.emit("request", request, response);
  });
  server.on("checkExpectation", (request: http.IncomingMessage, response: http.ServerResponse) => {
    const error = malformedRequest(`unsupported Expect: ${request.headers.expect ?? ""}`);
    send(response, renderError(responseFormatFor(request.headers.accept), randomUUID(), error), true);
  });
  return server;
}

/**
 * Every path refuses other sites' web pages (browserRefusal) and answers 409 on a connection over the cap; the
 * admin path and the console also refuse requests that are not from and to loopback.
 */
async function route(context: ServerContext, request: http.IncomingMessage, response: http.ServerResponse) {
  const { path, rawQuery } = splitTarget(request.url ?? "/");
  const area = areaOf(path);
  shareWithAllowedOrigin(request, response, context.browserPolicy);
  const methods = area === "admin" ? ADMIN_METHODS : [...API_METHODS];
  const preflight = preflightAnswer(request, context.browserPolicy, methods);
  if (preflight !== undefined) return send(response, preflight);
  if (area === "api") return routeApi(context, request, response, path, rawQuery);
  if (context.connections.isRefused(request.socket)) {
    return send(response, renderError("json", randomUUID(), limitExceeded()), true);
  }
  if (area === "admin") return send(response, await handleAdminRequest(context, request, path));
  if (area === "console") return send(response, handleConsoleRequest(context, request, path));
  const refusal = browserRefusal(request.headers, context.browserPolicy);
  if (refusal !== undefined) return send(response, renderError("json", randomUUID(), refusal));
  send(response, area === "health" ? healthAnswer(context, request) : metricsAnswer(context, request));
}

function areaOf(path: string): "health" | "metrics" | "admin" | "console" | "api" {
  if (path === "/health") return "health";
  if (path === "/metrics") return "metrics";
  if (isConsolePath(path)) return "console";
  return path === "/_admin" || path.startsWith("/_admin/") ? "admin" : "api";
}

/** An API request: answer, then count it, keep it for the console and log one line, whatever happened. */
async function routeApi(
  context: ServerContext,
  request: http.IncomingMessage,
  response: http.ServerResponse,
  path: string,
  rawQuery: string,
) {
  const started = performance.now();
  const requestId = randomUUID();
  const settled = await settle(context, request, path, rawQuery);
  const { outcome } = settled;
  const format = responseFormatFor(request.headers.accept);
  const rendered = outcome.error
    ? renderError(format, requestId, outcome.error)
    : renderSuccess(format, outcome.action, requestId, outcome.fields ?? {});
  // After a refused body the rest of it is still on the wire: close instead of reading it. A connection over
  // the cap is closed after its answer.
  const close =
    BODY_LEFT_UNREAD.has(outcome.error?.code ?? "") || context.connections.isRefused(request.socket);
  send(response, rendered, close);
  const durationMs = performance.now() - started;
  const code = outcome.error?.code ?? "OK";
  context.metrics.record(outcome.action, code, rendered.status, durationMs / 1000);
  const entry: RequestLogEntry = {
    time: new Date().toISOString(),
    requestId,
    action: outcome.action,
    accountId: outcome.caller?.account.accountId,
    region: outcome.caller?.region,
    method: request.method ?? "",
    status: rendered.status,
    code,
    durationMs: Math.round(durationMs * 1000) / 1000,
    ...(settled.internalError === undefined ? {} : { error: describeError(settled.internalError) }),
  };
  context.recentRequests.record(entry);
  context.log?.(formatRequestLogLine(entry));
}

/** The outcome, with a bug turned into 500 ServiceUnavailable "Exception <name>" (kept for the log). */
async function settle(
  context: ServerContext,
  request: http.IncomingMessage,
  path: string,
  rawQuery: string,
): Promise<{ outcome: ApiOutcome; internalError?: unknown }> {
  try {
    return { outcome: await acceptAndProcess(context, request, path, rawQuery) };
  } catch (err) {
    const outcome = { action: UNKNOWN_ACTION, error: serviceException((err as Error)?.name ?? "Error") };
    return { outcome, internalError: err };
  }
}

/** Method, path and size first (cheap, before reading a body), then the API pipeline. */
async function acceptAndProcess(
  context: ServerContext,
  request: http.IncomingMessage,
  path: string,
  rawQuery: string,
): Promise<ApiOutcome> {
  try {
    if (context.connections.isRefused(request.socket)) throw limitExceeded();
    const refusal = browserRefusal(request.headers, context.browserPolicy);
    if (refusal !== undefined) throw refusal;
    const method = request.method ?? "";
    if (!API_METHODS.has(method)) throw invalidMethod(method);
    if (path !== "/" && path !== "") throw invalidPath(path);
    const body = await readBody(request, context.maxBodyBytes, context.bodyTimeoutMs);
    return await processApiRequest(context, {
      method,
      path: path || "/",
      rawQuery,
      headers: headersOf(request),
      body,
    });
  } catch (err) {
    if (err instanceof ApiError) return { action: UNKNOWN_ACTION, error: err };
    throw err;
  }
}

/** `/path?query` or absolute-form `http://host/path?query` (what a proxy sends). */
export function splitTarget(target: string): { path: string; rawQuery: string } {
  const withoutOrigin = target.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/?]*/i, "");
  const question = withoutOrigin.indexOf("?");
  return question < 0
    ? { path: withoutOrigin, rawQuery: "" }
    : { path: withoutOrigin.slice(0, question), rawQuery: withoutOrigin.slice(question + 1) };
}

/** Lower-case names, every value of a repeated header kept in order (SigV4 joins them with commas). */
export function headersOf(request: http.IncomingMessage): Record<string, string[]> {
  const headers: Record<string, string[]> = {};
  for (let i = 0; i + 1 < request.rawHeaders.length; i += 2) {
    const name = request.rawHeaders[i].toLowerCase();
    (headers[name] ??= []).push(request.rawHeaders[i + 1]);
  }
  return headers;
}

/** The body stays a string: Node then sends head and body in one write, where a Buffer is a second chunk. */
function send(response: http.ServerResponse, rendered: RenderedResponse, close = false): void {
  if (response.headersSent) return;
  response.writeHead(rendered.status, {
    "Content-Type": rendered.contentType,
    "Content-Length": Buffer.byteLength(rendered.body, "utf8"),
    ...rendered.headers,
    ...(close ? { Connection: "close" } : {}),
  });
  if (response.req.method === "HEAD") response.end();
  else response.end(rendered.body, "utf8");
}

/** Last line of defence: a bug answers 500 ServiceUnavailable instead of killing the process. */
function answerInternalError(response: http.ServerResponse, err: unknown): void {
  try {
    if (!response.headersSent)
      send(response, renderError("xml", randomUUID(), serviceException((err as Error)?.name ?? "Error")));
    else response.destroy();
  } catch {
    response.destroy();
  }
}

function describeError(err: unknown): string {
  return err instanceof Error ? `${err.name}: ${err.message}` : String(err);
}
