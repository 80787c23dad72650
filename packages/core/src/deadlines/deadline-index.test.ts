import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { daysAfter } from "../calendar-days.ts";
import { agreementDates } from "../entitlements/change-dates.ts";
import { foldReference } from "../testing/in-memory-agreements.ts";
import { EPOCH, portfolioOps, SPAN_DAYS } from "../testing/portfolio-arbitraries.ts";
import { buildPortfolio } from "../testing/portfolio-builder.ts";
import { namesIn } from "../views/names.ts";
import { deadlineIndexOf, deadlinesHolding } from "./deadline-index.ts";
import { deriveDeadlines } from "./derive.ts";

const offset = fc.integer({ min: -400, max: SPAN_DAYS + 400 });

describe("the deadline index", () => {
  it("holds, for every asked date, exactly the deadlines derived from the agreements", () => {
    fc.assert(
      fc.property(
        portfolioOps(),
        fc.array(offset, { minLength: 5, maxLength: 12 }),
        (ops, offsets) => {
          const { agreements, catalog } = buildPortfolio(ops);
          const names = namesIn(catalog);
          const index = agreements.flatMap((state) => deadlineIndexOf(state, names));
          // Random days, and each of the agreements' own dates with the day before, where deadlines turn.
          const turning = agreements
            .flatMap(agreementDates)
            .flatMap((day) => [daysAfter(day, -1), day]);
          for (const at of [...offsets.map((days) => daysAfter(EPOCH, days)), ...turning])
            expect(deadlinesHolding(index, at), at).toEqual(deriveDeadlines(agreements, at, names));
        },
      ),
      { numRuns: 60 },
    );
  });

  it("answers the reference case on the dates people ask about", () => {
    const { agreements, catalog } = foldReference();
    const names = namesIn(catalog);
    const index = agreements.flatMap((state) => deadlineIndexOf(state, names));
    for (const at of [
      "2019-07-22",
      "2025-10-28",
      "2026-04-26",
      "2026-04-27",
      "2026-12-01",
      "2031-01-01",
    ])
      expect(deadlinesHolding(index, at), at).toEqual(deriveDeadlines(agreements, at, names));
    // The 2030 revenue-share end is a deadline from the April 2026 amendment on, never before it.
    const ends = index.filter(({ deadline }) => deadline.kind === "revenue-share-end");
    expect(
      ends.some(
        ({ deadline, validFrom }) => deadline.date === "2030-12-31" && validFrom <= "2026-04-27",
      ),
    ).toBe(true);
  });
});
