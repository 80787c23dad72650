import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { addDays, countdown, countdownFor, fromTime, toTime } from "../../web/src/lib/dates.ts";

/** Deadline countdowns, as the Deadlines and Home pages show them (web/src/lib/dates.ts). */
const TODAY = "2026-12-06";

describe("countdown", () => {
  it("counts whole years and months, never 12 months", () => {
    // 6 Dec 2026 to 1 Dec 2030: 3 years and 11 months (6 Nov 2030), and 25 days left over.
    expect(countdown(TODAY, "2030-12-01")).toBe("in 3 years, 11 months");
    // To 1 Dec 2027: 11 months (6 Nov 2027) and 25 days; not yet a year.
    expect(countdown(TODAY, "2027-12-01")).toBe("in 11 months");
    // To 6 Dec 2028: two years to the day (one of them 366 days long).
    expect(countdown(TODAY, "2028-12-06")).toBe("in 2 years");
  });

  it("counts a date less than two whole months away in days, and today as today", () => {
    expect(countdown(TODAY, "2026-12-31")).toBe("in 25 days");
    expect(countdown(TODAY, "2026-12-07")).toBe("in 1 day");
    // 5 Feb 2027 is one month (6 Jan) and 30 days away: not yet two months.
    expect(countdown(TODAY, "2027-02-05")).toBe("in 61 days");
    expect(countdown(TODAY, "2027-02-06")).toBe("in 2 months");
    expect(countdown(TODAY, TODAY)).toBe("today");
  });

  it("counts months to the ends of months as the calendar has them", () => {
    // 31 Jan plus three months is 30 Apr, the end of April.
    expect(countdown("2027-01-31", "2027-04-30")).toBe("in 3 months");
    // 29 Jan 2027 plus 13 months is 29 Feb 2028, a day after 28 Feb: a year and 30 days.
    expect(countdown("2027-01-29", "2028-02-28")).toBe("in 1 year");
    expect(countdown("2027-01-29", "2028-02-29")).toBe("in 1 year, 1 month");
  });

  it("counts a past date back the same way", () => {
    // 10 Dec 2025 to 6 Dec 2026: 11 months (10 Nov 2026) and 26 days.
    expect(countdown(TODAY, "2025-12-10")).toBe("11 months ago");
    // 1 Dec 2023: 3 years (1 Dec 2026) and 5 days.
    expect(countdown(TODAY, "2023-12-01")).toBe("3 years ago");
    expect(countdown(TODAY, "2026-12-01")).toBe("5 days ago");
  });

  it("keeps to the period a deadline is known to", () => {
    expect(countdownFor(TODAY, "2030-12-01", "day")).toBe("in 3 years, 11 months");
    expect(countdownFor(TODAY, "2030-01-01", "year")).toBe("during 2030");
    // 31 Dec 2026 to 30 Dec 2027: 11 months (30 Nov 2027) and 30 days.
    expect(countdownFor("2027-12-30", "2026-01-01", "year")).toBe("11 months ago (end of 2026)");
  });
});

/** `date` plus `count` calendar months, on the same day or the month's last if it is shorter. */
function plusMonths(date: string, count: number): string {
  const [year = 0, month = 0, day = 0] = date.split("-").map(Number);
  const last = new Date(Date.UTC(year, month - 1 + count + 1, 0)).getUTCDate();
  return fromTime(Date.UTC(year, month - 1 + count, Math.min(day, last)));
}

const PARTS = /^(?:in )?(?:(\d+) years?)?(?:, )?(?:(\d+) months?)?(?:(\d+) days?)?(?: ago)?$/;
const DAY_MS = 86_400_000;

describe("countdown, over any two dates", () => {
  const anyDay = fc
    .integer({ min: toTime("2019-01-01") / DAY_MS, max: toTime("2040-12-31") / DAY_MS })
    .map((n) => fromTime(n * DAY_MS));
  // The last four days of a month, where months of different lengths meet.
  const monthEnd = fc
    .record({ year: fc.integer({ min: 2019, max: 2040 }), month: fc.integer({ min: 1, max: 12 }) })
    .chain(({ year, month }) =>
      fc.integer({ min: 0, max: 3 }).map((back) => fromTime(Date.UTC(year, month, -back))),
    );
  const day = fc.oneof(anyDay, monthEnd);

  it("says whole years and 0 to 11 months, with less than a month left over", () => {
    fc.assert(
      fc.property(day, day, (from, to) => {
        const text = countdown(from, to);
        if (from === to) return text === "today";
        const [earlier, later] = from < to ? [from, to] : [to, from];
        expect(text.startsWith("in ")).toBe(from < to);
        expect(text.endsWith(" ago")).toBe(from > to);
        expect(text).toMatch(PARTS);
        const [, years, months, days] = text.match(PARTS) ?? [];
        if (days !== undefined) {
          // A count in days is exact, and only for a date less than two months away.
          expect(addDays(earlier, Number(days))).toBe(later);
          expect(plusMonths(earlier, 2) > later).toBe(true);
          return;
        }
        const whole = Number(years ?? 0) * 12 + Number(months ?? 0);
        expect(Number(months ?? 0)).toBeLessThan(12);
        expect(whole).toBeGreaterThanOrEqual(2);
        // What is dropped is less than a month: the count is the whole months, no more, no less.
        expect(plusMonths(earlier, whole) <= later).toBe(true);
        expect(plusMonths(earlier, whole + 1) > later).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });
});
