import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { daysAfter } from "../calendar-days.ts";
import { agreementDates } from "../entitlements/change-dates.ts";
import { foldReference } from "../testing/in-memory-agreements.ts";
import { EPOCH, portfolioOps, SPAN_DAYS } from "../testing/portfolio-arbitraries.ts";
import { buildPortfolio } from "../testing/portfolio-builder.ts";
import { openMatterIndexOf, openMattersHolding, openMattersIn } from "./open-matters.ts";

const offset = fc.integer({ min: -400, max: SPAN_DAYS + 400 });

describe("the open matters index", () => {
  it("holds, for every asked date, exactly the disputes and questions open in the agreements", () => {
    fc.assert(
      fc.property(
        portfolioOps(),
        fc.array(offset, { minLength: 5, maxLength: 12 }),
        (ops, offsets) => {
          const { agreements } = buildPortfolio(ops);
          const index = agreements.flatMap(openMatterIndexOf);
          // Random days, and each agreement's own dates and answers with the day before.
          const answers = agreements.flatMap(({ questions }) =>
            Object.values(questions).flatMap(({ raised, answered }) =>
              answered ? [raised.on, answered.on] : [raised.on],
            ),
          );
          const turning = [...agreements.flatMap(agreementDates), ...answers].flatMap((day) => [
            daysAfter(day, -1),
            day,
          ]);
          for (const at of [...offsets.map((days) => daysAfter(EPOCH, days)), ...turning])
            expect(openMattersHolding(index, at), at).toEqual(openMattersIn(agreements, at));
        },
      ),
      { numRuns: 60 },
    );
  });

  // Expected answers from shared/domain/partnership-facts.md, not from the code.
  const { agreements } = foldReference();
  const index = agreements.flatMap(openMatterIndexOf);
  const disputed = (at: string) =>
    openMattersHolding(index, at).disputes.map(({ agreementId, id }) => `${agreementId}/${id}`);
  const asked = (at: string) =>
    openMattersHolding(index, at).questions.map(({ agreementId, id }) => `${agreementId}/${id}`);

  it("in March 2026, Microsoft's dispute of the Amazon deal is the one open dispute", () => {
    expect(disputed("2026-03-15")).toEqual(["amazon-openai/microsoft-disputes-amazon-deal"]);
  });

  it("from the April 2026 amendment on, the amendment's date and Azure's stateless exclusivity are disputed; the Amazon dispute is settled", () => {
    const open = ["microsoft-openai/amendment-date", "microsoft-openai/stateless-api-exclusivity"];
    expect(disputed("2026-04-27")).toEqual(open);
    expect(disputed("2026-12-01")).toEqual(open);
    expect(disputed("2026-04-26")).toEqual(["amazon-openai/microsoft-disputes-amazon-deal"]);
  });

  it("today, the unknowns the sources leave are open questions: the first-ship window, the cap, the tranches' conditions, Frontier's host and Google's scope", () => {
    expect(asked("2026-12-01")).toEqual([
      "amazon-openai/amazon-contingent-tranches:conditions",
      "amazon-openai/frontier-hosting",
      "google-openai-distribution/google-scope",
      "microsoft-openai/azure-first-ship:window",
      "microsoft-openai/openai-pays-microsoft:cap",
    ]);
    // Each names its agreement, for a list across agreements.
    const [first] = openMattersHolding(index, "2026-12-01").questions;
    expect(first?.agreementTitle).toMatch(/Amazon/);
  });

  it("a question is open from the day it is raised: by a recorded question, or by the term that leaves it unknown", () => {
    // Before 2026 none is: Google's scope was asked in 2026 (known to the year), Amazon's
    // tranches, whose conditions are undisclosed, date from 2026-02-27, and the first-ship
    // window, the cap and Frontier's host all from the amendment of 2026-04-27.
    expect(asked("2025-12-31")).toEqual([]);
    expect(asked("2019-06-01")).toEqual([]);
    expect(asked("2026-01-01")).toEqual(["google-openai-distribution/google-scope"]);
    expect(asked("2026-02-26")).toEqual(["google-openai-distribution/google-scope"]);
    expect(asked("2026-02-27")).toEqual([
      "amazon-openai/amazon-contingent-tranches:conditions",
      "google-openai-distribution/google-scope",
    ]);
    expect(asked("2026-04-26")).toHaveLength(2);
    expect(asked("2026-04-27")).toHaveLength(5);
  });
});
