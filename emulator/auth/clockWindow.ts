import { toAmzDate } from "../../sdk/signing/formatDate";
import { signatureExpired } from "../errors";

/**
 * Refuses a request dated outside [now − before, now + after], with AWS's wording filled into the seed's
 * "Signature expired:%s." so the client sees its date, the limit it crossed and the server's clock.
 */
export function checkRequestTime(
  sent: string,
  date: Date,
  now: Date,
  window: { beforeMs: number; afterMs: number },
): void {
  const earliest = now.getTime() - window.beforeMs;
  const latest = now.getTime() + window.afterMs;
  if (date.getTime() < earliest) {
    throw signatureExpired(
      `${sent} is now earlier than ${toAmzDate(new Date(earliest))} (${toAmzDate(now)} - ${span(window.beforeMs)})`,
    );
  }
  if (date.getTime() > latest) {
    throw signatureExpired(
      `${sent} is now later than ${toAmzDate(new Date(latest))} (${toAmzDate(now)} + ${span(window.afterMs)})`,
    );
  }
}

function span(ms: number): string {
  return ms % 60_000 === 0 ? `${ms / 60_000} min` : `${Math.round(ms / 1000)} sec`;
}

/** `YYYYMMDDTHHMMSSZ`, or Kingsoft's Node SDK's `YYYYMMDDTHHMMSS+00:00`; undefined for anything else. */
export function parseAmzDate(text: string): Date | undefined {
  const match = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})(?:Z|\+00:00)$/.exec(text);
  return match ? utcDate(match.slice(1).map(Number)) : undefined;
}

/** The simplified signature's `YYYY-MM-DDTHH:MM:SSZ`. */
export function parseIsoSeconds(text: string): Date | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})Z$/.exec(text);
  return match ? utcDate(match.slice(1).map(Number)) : undefined;
}

/** An HTTP `Date` header (IMF-fixdate, `Sun, 06 Nov 1994 08:49:37 GMT`). */
export function parseHttpDate(text: string): Date | undefined {
  if (!/^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/.test(text)) return undefined;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? undefined : new Date(ms);
}

/** Rejects dates that do not exist (month 13, February 30, hour 24). */
function utcDate([year, month, day, hour, minute, second]: number[]): Date | undefined {
  const date = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
  const valid =
    date.getUTCFullYear() === year &&
    date.getUTCMonth() === month - 1 &&
    date.getUTCDate() === day &&
    date.getUTCHours() === hour &&
    date.getUTCMinutes() === minute &&
    date.getUTCSeconds() === second;
  return valid ? date : undefined;
}
