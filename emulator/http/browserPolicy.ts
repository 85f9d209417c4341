import type { IncomingHttpHeaders } from "http";
import { ConfigurationError, originNotAllowed, type ApiError } from "../errors";
import { isLoopbackHost } from "./loopback";

/**
 * Which web pages may call kkms-local. A browser on this machine counts as loopback, so without this any page
 * could drive it: a cross-site form POST needs no preflight, and the development secret is public.
 */
export interface BrowserPolicy {
  /** Origins (`scheme://host[:port]`, normalized) whose pages may call; empty by default. */
  allowedOrigins: ReadonlySet<string>;
  /**
   * Pages kkms-local serves itself (a console): requests from its own origin, when that origin's Host is a
   * loopback name (a DNS-rebinding page's own origin never is). @default false
   */
  allowOwnPages?: boolean;
}

/**
 * Why a request from a web page is refused (403 OriginNotAllowed), or undefined when it is not refused. Only
 * browsers send these headers; SDKs, curl and Kingsoft's tools send none and are never refused here.
 * - `Origin` (every cross-origin fetch and every POST): allowed only when on the list (`null`, from sandboxed
 *   pages and files, never is).
 * - `Sec-Fetch-Site` without Origin (a no-cors GET such as `<img src>`, which can carry a signed query):
 *   `none` (the user typed the address) passes; others pass only with an allowed Referer.
 * - `Referer` alone (older browsers send no Sec-Fetch headers): its origin must be allowed.
 */
export function browserRefusal(headers: IncomingHttpHeaders, policy: BrowserPolicy): ApiError | undefined {
  const allowed = (origin: string | undefined) =>
    origin !== undefined &&
    (policy.allowedOrigins.has(origin) ||
      (policy.allowOwnPages === true && isOwnOrigin(origin, headers.host)));
  const { origin, referer } = headers;
  const site = headers["sec-fetch-site"];
  if (origin !== undefined) {
    return allowed(normalizeOrigin(origin)) ? undefined : originNotAllowed(`Origin ${origin}`);
  }
  if (site === "none" || (site === undefined && referer === undefined)) return undefined;
  if (site === "same-origin" && policy.allowOwnPages === true && isLoopbackHost(headers.host))
    return undefined;
  const from = referer === undefined ? undefined : refererOrigin(referer);
  if (allowed(from)) return undefined;
  return originNotAllowed(
    site !== undefined ? `Sec-Fetch-Site ${site}` : `Referer ${from ?? "(unreadable)"}`,
  );
}

/** The origin an allowed page's cross-origin answers are shared with (CORS), or undefined. */
export function sharedOrigin(headers: IncomingHttpHeaders, policy: BrowserPolicy): string | undefined {
  const origin = headers.origin === undefined ? undefined : normalizeOrigin(headers.origin);
  return origin !== undefined && policy.allowedOrigins.has(origin) ? headers.origin : undefined;
}

/** `scheme://host[:port]` lower-cased, default port dropped, as browsers send Origin; undefined if not one. */
export function normalizeOrigin(text: string): string | undefined {
  if (!/^https?:\/\/[^/?#@\s]+$/i.test(text.trim())) return undefined;
  try {
    const url = new URL(text.trim());
    return url.origin === "null" ? undefined : url.origin;
  } catch {
    return undefined;
  }
}

/** `--allowed-origins a,b`: each an origin, checked, normalized; the source is named in every error. */
export function parseAllowedOrigins(entries: readonly string[], source: string): string[] {
  return entries.map((entry, index) => {
    const origin = normalizeOrigin(entry);
    if (origin === undefined) {
      throw new ConfigurationError(
        `${source}[${index}] ${JSON.stringify(entry)} is not an origin: scheme://host[:port] with scheme ` +
          "http or https and no path (e.g. http://localhost:3000).",
      );
    }
    return origin;
  });
}

function refererOrigin(referer: string): string | undefined {
  try {
    const url = new URL(referer);
    return url.protocol === "http:" || url.protocol === "https:" ? url.origin : undefined;
  } catch {
    return undefined;
  }
}

function isOwnOrigin(origin: string, host: string | undefined): boolean {
  return isLoopbackHost(host) && origin === normalizeOrigin(`http://${host}`);
}
