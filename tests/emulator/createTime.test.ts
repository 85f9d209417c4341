import fc from "fast-check";
import { civilFromDays, CREATE_TIME_OFFSET_MS, formatCreateTime } from "../../emulator/actions/time";

/** The formula the arithmetic replaced: an ISO string of the instant shifted to UTC+08:00. */
function viaDate(epochMs: number): string {
  return new Date(Math.floor(epochMs) + CREATE_TIME_OFFSET_MS).toISOString().slice(0, 19).replace("T", " ");
}

const YEAR_10000_UTC8 = Date.UTC(10000, 0, 1) - CREATE_TIME_OFFSET_MS;

describe("CreateTime", () => {
  it.each([
    [Date.UTC(2018, 9, 12, 5, 43, 52), "2018-10-12 13:43:52"],
    [Date.UTC(2018, 9, 11, 20, 0, 0), "2018-10-12 04:00:00"],
    [0, "1970-01-01 08:00:00"],
    [-CREATE_TIME_OFFSET_MS, "1970-01-01 00:00:00"],
    [Date.UTC(2000, 1, 28, 16, 0, 0), "2000-02-29 00:00:00"],
    [Date.UTC(2100, 1, 28, 16, 0, 0), "2100-03-01 00:00:00"],
    [Date.UTC(2024, 11, 31, 15, 59, 59, 999), "2024-12-31 23:59:59"],
    [Date.UTC(2024, 11, 31, 16, 0, 0), "2025-01-01 00:00:00"],
    [YEAR_10000_UTC8 - 1, "9999-12-31 23:59:59"],
  ])("prints %d as %s", (epochMs, expected) => {
    expect(formatCreateTime(epochMs)).toBe(expected);
  });

  it("agrees with the Date-based formula for every instant of years 1970–9999, and falls back to it outside", () => {
    fc.assert(
      fc.property(fc.integer({ min: -CREATE_TIME_OFFSET_MS, max: YEAR_10000_UTC8 - 1 }), (epochMs) => {
        expect(formatCreateTime(epochMs)).toBe(viaDate(epochMs));
      }),
      { numRuns: 20_000 },
    );
    fc.assert(
      fc.property(fc.double({ min: 0, max: YEAR_10000_UTC8 - 1, noNaN: true }), (epochMs) => {
        expect(formatCreateTime(epochMs)).toBe(viaDate(epochMs));
      }),
    );
    for (const outside of [-CREATE_TIME_OFFSET_MS - 1, -86_400_000 * 400, YEAR_10000_UTC8]) {
      expect(formatCreateTime(outside)).toBe(viaDate(outside));
    }
  });

  it("finds the civil date of every day from 1970 to 2400 as Date does", () => {
    const mismatches: number[] = [];
    for (let days = 0; days < 157_000; days++) {
      const date = new Date(days * 86_400_000);
      const { year, month, day } = civilFromDays(days);
      if (year !== date.getUTCFullYear() || month !== date.getUTCMonth() + 1 || day !== date.getUTCDate())
        mismatches.push(days);
    }
    expect(mismatches).toEqual([]);
  });
});
