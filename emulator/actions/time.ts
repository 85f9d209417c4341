/** Kingsoft's console and APIs print Beijing time (China Standard Time, UTC+08:00, no daylight saving). */
export const CREATE_TIME_OFFSET_MS = 8 * 60 * 60 * 1000;

const DAY_MS = 86_400_000;
/** 10000-01-01T00:00:00 in epoch milliseconds: past it a year has five digits. */
const YEAR_10000_MS = 253_402_300_800_000;
const TWO_DIGITS = Array.from({ length: 100 }, (_, n) => String(n).padStart(2, "0"));

/**
 * `YYYY-MM-DD HH:MM:SS` in China Standard Time, as the seed's samples print CreateTime. Worked out with integer
 * arithmetic: a listing formats one per key, and a Date and its ISO string cost ten times as much (the
 * arithmetic agrees with Date for every instant of years 1970–9999; others are left to Date).
 */
export function formatCreateTime(epochMs: number): string {
  const local = Math.floor(epochMs) + CREATE_TIME_OFFSET_MS;
  if (!(local >= 0 && local < YEAR_10000_MS)) return formatWithDate(local);
  const days = Math.floor(local / DAY_MS);
  const seconds = Math.floor((local - days * DAY_MS) / 1000);
  const { year, month, day } = civilFromDays(days);
  return (
    `${year}-${TWO_DIGITS[month]}-${TWO_DIGITS[day]} ` +
    `${TWO_DIGITS[Math.floor(seconds / 3600)]}:${TWO_DIGITS[Math.floor(seconds / 60) % 60]}:${TWO_DIGITS[seconds % 60]}`
  );
}

function formatWithDate(localMs: number): string {
  return new Date(localMs).toISOString().slice(0, 19).replace("T", " ");
}

/**
 * The proleptic Gregorian date `days` after 1970-01-01 (days ≥ 0), by Howard Hinnant's civil_from_days: count
 * in 400-year eras of 146,097 days, from 0000-03-01 so that the leap day ends each year.
 */
export function civilFromDays(days: number): { year: number; month: number; day: number } {
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const dayOfEra = z - era * 146_097;
  const yearOfEra = Math.floor(
    (dayOfEra -
      Math.floor(dayOfEra / 1460) +
      Math.floor(dayOfEra / 36_524) -
      Math.floor(dayOfEra / 146_096)) /
      365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const monthFromMarch = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * monthFromMarch + 2) / 5) + 1;
  const month = monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  return { year, month, day };
}
