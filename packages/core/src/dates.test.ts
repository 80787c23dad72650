import { format, isValid, parseISO } from "date-fns";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CalendarDate, FuzzyDate } from "./dates.ts";

const two = (n: number) => String(n).padStart(2, "0");

describe("a real calendar date", () => {
  it("given any year, month and day written YYYY-MM-DD, then it is accepted exactly when date-fns reads and writes it back the same", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1000, max: 9999 }),
        fc.integer({ min: 0, max: 13 }),
        fc.integer({ min: 0, max: 32 }),
        (year, month, day) => {
          const written = `${year}-${two(month)}-${two(day)}`;
          const parsed = parseISO(written);
          const real = isValid(parsed) && format(parsed, "yyyy-MM-dd") === written;
          expect(CalendarDate.safeParse(written).success).toBe(real);
          expect(FuzzyDate.safeParse(written).success).toBe(real);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it("knows leap days and month ends", () => {
    expect(CalendarDate.safeParse("2028-02-29").success).toBe(true);
    expect(CalendarDate.safeParse("2026-02-29").success).toBe(false);
    expect(CalendarDate.safeParse("2100-02-29").success).toBe(false);
    expect(CalendarDate.safeParse("2000-02-29").success).toBe(true);
    expect(CalendarDate.safeParse("2026-04-31").success).toBe(false);
    expect(CalendarDate.safeParse("2026-12-31").success).toBe(true);
    expect(FuzzyDate.safeParse("2034-02").success).toBe(true);
    expect(FuzzyDate.safeParse("2034-13").success).toBe(false);
  });
});
