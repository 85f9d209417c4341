import { encodeRfc3986 } from "./encodeRfc3986";

/** A query or form parameter as a decoded name/value pair; names may repeat (`KeyId=a&KeyId=b`). */
export type QueryParameter = readonly [name: string, value: string];

/**
 * The canonical query string: each decoded name and value RFC 3986-encoded, sorted by encoded name and then
 * by encoded value, joined with `&`. `exclude` drops a parameter (the signature itself in the presigned form).
 */
export function getCanonicalQuery(params: readonly QueryParameter[], exclude?: string): string {
  return params
    .filter(([name]) => name !== exclude)
    .map(([name, value]) => [encodeRfc3986(name), encodeRfc3986(value)] as const)
    .sort(([n1, v1], [n2, v2]) => compareCodeUnits(n1, n2) || compareCodeUnits(v1, v2))
    .map(([name, value]) => `${name}=${value}`)
    .join("&");
}

/** Byte order, which for encoded (ASCII) strings is code-unit order; `localeCompare` would be wrong. */
export function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
