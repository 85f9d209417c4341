/** Header values as they arrive: a repeated header is a list. */
export type HeaderMap = Readonly<Record<string, string | readonly string[] | undefined>>;

export interface CanonicalHeaders {
  /** `name:value\n` lines, lower-case names in order. */
  canonicalHeaders: string;
  /** `host;x-amz-date` — the names joined with `;`. */
  signedHeaders: string;
}

/**
 * Canonical headers over exactly `signedHeaderNames` (lower-case). Values are trimmed and inner runs of
 * whitespace collapsed to one space; repeated headers are joined with `,` in the order received.
 */
export function getCanonicalHeaders(
  headers: HeaderMap,
  signedHeaderNames: readonly string[],
): CanonicalHeaders {
  const names = [...new Set(signedHeaderNames.map((n) => n.toLowerCase()))].sort();
  const byName = lowerCaseHeaderMap(headers, new Set(names));
  const lines = names.map((name) => `${name}:${canonicalHeaderValue(byName.get(name) ?? [])}\n`);
  return { canonicalHeaders: lines.join(""), signedHeaders: names.join(";") };
}

/** Values by lower-case name, in the order received; only the `wanted` names when given. */
export function lowerCaseHeaderMap(headers: HeaderMap, wanted?: ReadonlySet<string>): Map<string, string[]> {
  const byName = new Map<string, string[]>();
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    const key = name.toLowerCase();
    if (wanted && !wanted.has(key)) continue;
    const values = byName.get(key) ?? [];
    values.push(...(typeof value === "string" ? [value] : value));
    byName.set(key, values);
  }
  return byName;
}

function canonicalHeaderValue(values: readonly string[]): string {
  return values.map(collapseWhitespace).join(",");
}

// Any whitespace other than a lone plain space: exactly what `replace(/\s+/g, " ")` would change.
const NEEDS_COLLAPSE = /[^\S ]|\s\s/;

function collapseWhitespace(value: string): string {
  const trimmed = value.trim();
  return NEEDS_COLLAPSE.test(trimmed) ? trimmed.replace(/\s+/g, " ") : trimmed;
}
