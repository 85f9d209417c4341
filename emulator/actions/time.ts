/** Kingsoft's console and APIs print Beijing time (China Standard Time, UTC+08:00, no daylight saving). */
export const CREATE_TIME_OFFSET_MS = 8 * 60 * 60 * 1000;

/** `YYYY-MM-DD HH:MM:SS` in China Standard Time, as the seed's samples print CreateTime. */
export function formatCreateTime(epochMs: number): string {
  return new Date(epochMs + CREATE_TIME_OFFSET_MS).toISOString().slice(0, 19).replace("T", " ");
}
