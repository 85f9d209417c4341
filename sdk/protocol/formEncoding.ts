import { encodeRfc3986 } from "../signing/encodeRfc3986";
import type { QueryParameter } from "../signing/getCanonicalQuery";

/** `k=v&k=v` with RFC 3986 encoding (space as `%20`), the same text for a query string and a form body. */
export function encodeParameters(params: readonly QueryParameter[]): string {
  return params.map(([name, value]) => `${encodeRfc3986(name)}=${encodeRfc3986(value)}`).join("&");
}

/** Thrown for a malformed `%` escape or bytes that are not UTF-8. */
export class MalformedParameterError extends Error {
  constructor(readonly parameter: string) {
    super(`The query parameter ${parameter} is malformed.`);
    this.name = "MalformedParameterError";
  }
}

/**
 * Parses a query string or an `application/x-www-form-urlencoded` body into decoded pairs, in order and with
 * repeats kept. `+` means space, as HTML forms and Kingsoft's Python SDK send it.
 */
export function decodeParameters(text: string): QueryParameter[] {
  if (text === "") return [];
  return text
    .split("&")
    .filter((part) => part !== "")
    .map((part) => {
      const eq = part.indexOf("=");
      const rawName = eq < 0 ? part : part.slice(0, eq);
      const rawValue = eq < 0 ? "" : part.slice(eq + 1);
      const name = decodeComponent(rawName, rawName);
      return [name, decodeComponent(rawValue, name)] as const;
    });
}

/** Only these change in decoding: most names and values hold neither and decode to themselves. */
const ESCAPE_OR_PLUS = /[%+]/;

function decodeComponent(raw: string, parameterName: string): string {
  if (!ESCAPE_OR_PLUS.test(raw)) return raw;
  try {
    return decodeURIComponent(raw.replace(/\+/g, " "));
  } catch {
    throw new MalformedParameterError(parameterName);
  }
}
