/** `20150830T123600Z` — ISO 8601 basic format, as SigV4's X-Amz-Date. */
export function toAmzDate(date: Date): string {
  return date
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d{3}/, "");
}

/** `2021-08-12T02:47:36Z` — the simplified signature's Timestamp. */
export function toIsoSeconds(date: Date): string {
  return date.toISOString().replace(/\.\d{3}/, "");
}
