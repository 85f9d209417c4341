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
  const byName = lowerCaseHeaderMap(headers);
  const names = [...new Set(signedHeaderNames.map((n) => n.toLowerCase()))].sort();
  const lines = names.map((name) => `${name}:${canonicalHeaderValue(byName.get(name) ?? [])}\n`);
  return { canonicalHeaders: lines.join(""), signedHeaders: names.join(";") };
}

export function lowerCaseHeaderMap(headers: HeaderMap): Map<string, string[]> {
  const byName = new Map<string, string[]>();
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    const key = name.toLowerCase();
    const values = byName.get(key) ?? [];
    values.push(...(typeof value === "string" ? [value] : value));
    byName.set(key, values);
  }
  return byName;
}

function canonicalHeaderValue(values: readonly string[]): string {
  return values.map((v) => v.trim().replace(/\s+/g, " ")).join(",");
}
