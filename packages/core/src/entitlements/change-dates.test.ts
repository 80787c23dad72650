import { describe, expect, it } from "vitest";
import { dayBefore } from "../calendar-days.ts";
import { active, type Catalog } from "../catalog/catalog.ts";
import { defaultAgreement, givenAgreement } from "../testing/decider-spec.ts";
import { foldReference, referenceCatalog } from "../testing/in-memory-agreements.ts";
import { changeDates } from "./change-dates.ts";
import { evaluateEntitlement } from "./evaluate.ts";

describe("change dates", () => {
  it("lists every kind of date an answer can turn on, with the spans of imprecise ones", () => {
    // Given Codex launching in June 2026 and one agreement with every kind of dated fact
    const catalog: Catalog = {
      ...referenceCatalog,
      products: referenceCatalog.products.map((product) =>
        product.id === "codex" ? { ...product, availableFrom: "2026-06" } : product,
      ),
    };
    const grant = {
      type: "DistributionRightGranted",
      effectiveOn: "2026-03",
      termId: "codex-on-aws",
      providers: ["aws"],
      products: ["codex"],
      until: "2027",
    };
    const firstShip = {
      type: "FirstShipPriorityGranted",
      effectiveOn: "2026-01-10",
      termId: "azure-first",
      holder: "azure",
      products: ["codex"],
      windowDays: 30,
    };
    const { state } = givenAgreement(
      { ...defaultAgreement },
      firstShip,
      grant,
      {
        type: "DisputeRaised",
        effectiveOn: "2026-02-14",
        disputeId: "claim",
        kind: "party-claim",
        claim: "Azure says it ships first everywhere",
        concerns: { products: ["codex"] },
      },
      {
        type: "AgreementAmended",
        effectiveOn: "2026-02-20",
        summary: "extended",
        endsOn: "2029-02",
      },
      {
        type: "TermAmended",
        effectiveOn: "2026-05-05",
        termId: "codex-on-aws",
        changes: { until: "2027-06-15" },
      },
      { type: "DisputeResolved", effectiveOn: "2026-08-01", disputeId: "claim", resolution: "ok" },
      { type: "DistributionRightEnded", effectiveOn: "2026-09-09", termId: "codex-on-aws" },
      { type: "AgreementTerminated", effectiveOn: "2026-10", reason: "called off" },
    );
    // When its change dates are listed
    // Then each fact's day is there, and a month or year also gives the day after its span
    expect(changeDates([state], catalog)).toEqual([
      "2026-01-10", // first-ship priority granted
      "2026-02-14", // dispute raised
      "2026-03-01", // grant, known to the month: March 2026 …
      "2026-04-01", // … and certain from the month after
      "2026-05-05", // the grant's until amended
      "2026-05-27", // the window run from gpt-oss's on-or-before day (windows pair with every launch)
      "2026-06-01", // Codex launches in June 2026 …
      "2026-07-01", // … and surely has by July
      "2026-07-30", // the 30-day first-ship window, run from the latest launch day, is over
      "2026-08-01", // dispute resolved
      "2026-09-09", // grant ended
      "2026-10-01", // terminated, known to the month: October 2026 …
      "2026-11-01",
      "2027-01-01", // the first until, "2027": its year begins …
      "2027-06-16", // the day after the amended until
      "2028-01-01", // … and the day after "2027" ends
      "2029-02-01", // the agreement ends in February 2029 …
      "2029-03-01", // … and has surely ended by March
    ]);
  });

  it("holds the reference case's turning points, sorted and each once", () => {
    const { agreements, catalog } = foldReference();
    const dates = changeDates(agreements, catalog);
    expect(dates).toEqual([...new Set(dates)].sort());
    expect(dates).toEqual(
      expect.arrayContaining([
        "2022-01-01", // the 2022 exclusivities, known to the year
        "2023-01-01",
        "2026-02-27", // the Amazon partnership: AWS's Frontier exclusivity
        "2026-03-01", // AWS's government deal, known to the month
        "2026-04-01",
        "2026-04-27", // the amended Microsoft–OpenAI agreement
        "2026-04-28", // OpenAI models on Bedrock
        "2034-03-01", // the day after the AWS cloud agreement's end (Feb 2034)
      ]),
    );
  });

  it("leaves every reference answer unchanged between one change date and the next", () => {
    // Each stretch from a change date to the day before the next, over 2025–2027, every cell:
    // its first and last day agree. (The properties in availability.test.ts check each day.)
    const { agreements, catalog } = foldReference();
    const dates = changeDates(agreements, catalog).filter((d) => d >= "2025" && d < "2028");
    const cells = active(catalog.products).flatMap(({ id: product }) =>
      active(catalog.providers).flatMap(({ id: provider }) =>
        catalog.segments.map(({ id: segment }) => ({ product, provider, segment })),
      ),
    );
    dates.slice(0, -1).forEach((from, index) => {
      const last = dayBefore(dates[index + 1] ?? from);
      for (const cell of cells) {
        const first = evaluateEntitlement(agreements, { ...cell, at: from }, catalog);
        const end = evaluateEntitlement(agreements, { ...cell, at: last }, catalog);
        const answer = ({ decision, certainty }: typeof first) => ({ decision, certainty });
        expect(answer(end), `${JSON.stringify(cell)} ${from}..${last}`).toEqual(answer(first));
      }
    });
  });
});
