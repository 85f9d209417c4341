/** `2026-01-02 03:04:05` from an ISO 8601 time: the console shows UTC throughout, as its columns say. */
export function utcDateTime(iso: string): string {
  return iso.slice(0, 19).replace("T", " ");
}

/** `03:04:05.678`, for the request log. */
export function utcClock(iso: string): string {
  return iso.slice(11, 23);
}

export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}
