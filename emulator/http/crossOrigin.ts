import type { IncomingMessage, ServerResponse } from "http";
import { sharedOrigin, type BrowserPolicy } from "./browserPolicy";
import type { RenderedResponse } from "./responses";

/** How long a browser may cache a preflight's answer, in seconds. */
const PREFLIGHT_MAX_AGE = "600";

/**
 * CORS, for the pages of allowed origins only: their answers carry Access-Control-Allow-Origin (without it the
 * browser keeps the answer from the page), and their preflights (a signed fetch sends Authorization and
 * X-Amz-Date, which need one) are answered. Every other origin gets neither, and browserRefusal refuses it.
 */
export function shareWithAllowedOrigin(
  request: IncomingMessage,
  response: ServerResponse,
  policy: BrowserPolicy,
): void {
  const origin = sharedOrigin(request.headers, policy);
  if (origin === undefined) return;
  response.setHeader("Access-Control-Allow-Origin", origin);
  response.setHeader("Vary", "Origin");
}

/** A preflight (OPTIONS with Origin and Access-Control-Request-Method) from an allowed origin, else undefined. */
export function preflightAnswer(
  request: IncomingMessage,
  policy: BrowserPolicy,
  methods: readonly string[],
): RenderedResponse | undefined {
  if (request.method !== "OPTIONS" || request.headers["access-control-request-method"] === undefined) {
    return undefined;
  }
  if (sharedOrigin(request.headers, policy) === undefined) return undefined;
  const requested = request.headers["access-control-request-headers"] ?? "";
  return {
    status: 204,
    contentType: "text/plain; charset=utf-8",
    body: "",
    headers: {
      "Access-Control-Allow-Methods": methods.join(", "),
      // Header names are tokens: anything else in the list is dropped rather than echoed.
      "Access-Control-Allow-Headers": requested
        .split(",")
        .map((name) => name.trim())
        .filter((name) => /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name))
        .join(", "),
      "Access-Control-Max-Age": PREFLIGHT_MAX_AGE,
    },
  };
}
