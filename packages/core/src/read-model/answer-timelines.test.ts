import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { daysAfter } from "../calendar-days.ts";
import { availabilityOf, availabilityWindows } from "../entitlements/availability.ts";
import { TimelineTooLargeError } from "../entitlements/cell-timeline.ts";
import { changeDates } from "../entitlements/change-dates.ts";
import { evaluateEntitlement } from "../entitlements/evaluate.ts";
import {
  foldDocument,
  foldReference,
  type PortfolioDocument,
  referenceDocument,
} from "../testing/in-memory-agreements.ts";
import { cellArbitrary, EPOCH, portfolioOps, SPAN_DAYS } from "../testing/portfolio-arbitraries.ts";
import { buildPortfolio } from "../testing/portfolio-builder.ts";
import { namesIn } from "../views/names.ts";
import {
  answerAt,
  answerTimeline,
  answerTimelineWithin,
  periodsChanged,
  stretchesWithin,
} from "./answer-timelines.ts";

const cell = cellArbitrary;
const offset = fc.integer({ min: -400, max: SPAN_DAYS + 400 });

/** Random days, and each change date with the day before it, where answers turn. */
const daysToAsk = (
  agreements: Parameters<typeof changeDates>[0],
  catalog: Parameters<typeof changeDates>[1],
  offsets: number[],
) => [
  ...offsets.map((days) => daysAfter(EPOCH, days)),
  ...changeDates(agreements, catalog).flatMap((day) => [daysAfter(day, -1), day]),
];

describe("a cell's stored timeline", () => {
  it("answers every day as the evaluator does on the whole portfolio", () => {
    fc.assert(
      fc.property(
        portfolioOps(),
        cell,
        fc.array(offset, { minLength: 5, maxLength: 12 }),
        (ops, asked, offsets) => {
          const { agreements, catalog } = buildPortfolio(ops);
          const timeline = answerTimeline(agreements, catalog, asked);
          for (const at of daysToAsk(agreements, catalog, offsets))
            expect(answerAt(timeline, at), at).toEqual(
              evaluateEntitlement(agreements, { ...asked, at }, catalog),
            );
        },
      ),
      { numRuns: 40 },
    );
  });

  it("holds equal reasons once: periods citing the same grant share one object", () => {
    // A busy cell's periods each cite every grant in force; held apart, one cell at 10,000
    // agreements took 684 MB.
    fc.assert(
      fc.property(portfolioOps(), cell, (ops, asked) => {
        const { agreements, catalog } = buildPortfolio(ops);
        const { periods } = answerTimeline(agreements, catalog, asked);
        const cited = periods.flatMap(({ answer }) => answer.reasons);
        const distinct = new Set(cited.map((reason) => JSON.stringify(reason)));
        expect(new Set(cited).size).toBe(distinct.size);
      }),
      { numRuns: 40 },
    );
  });

  it("misses no day on which an answer turns: every day of the span answers as the evaluator", () => {
    // A cell is evaluated only on its own change dates; a date left out of them (such as the
    // second of two reported days a change took effect) would show here as a day that differs.
    const lastDay = daysAfter(EPOCH, 2 * SPAN_DAYS + 62);
    fc.assert(
      fc.property(portfolioOps(), cell, (ops, asked) => {
        const { agreements, catalog } = buildPortfolio(ops);
        const timeline = answerTimeline(agreements, catalog, asked);
        for (let at = daysAfter(EPOCH, -1); at <= lastDay; at = daysAfter(at, 1))
          expect(answerAt(timeline, at), at).toEqual(
            evaluateEntitlement(agreements, { ...asked, at }, catalog),
          );
      }),
      { numRuns: 15 },
    );
  });

  it("past a budget of reasons, drops every period's and still gives each day's decision and certainty", () => {
    fc.assert(
      fc.property(
        portfolioOps(),
        cell,
        fc.nat({ max: 12 }),
        fc.array(offset, { minLength: 5, maxLength: 12 }),
        (ops, asked, budget, offsets) => {
          const { agreements, catalog } = buildPortfolio(ops);
          const { timeline, whole } = answerTimelineWithin(
            agreements,
            catalog,
            asked,
            namesIn(catalog),
            budget,
          );
          // Whole exactly when the throwing timeline fits the same budget, and then the same.
          const fits = () => answerTimeline(agreements, catalog, asked, undefined, budget);
          if (whole) expect(timeline).toEqual(fits());
          else expect(fits).toThrow(TimelineTooLargeError);
          for (const at of daysToAsk(agreements, catalog, offsets)) {
            const evaluated = evaluateEntitlement(agreements, { ...asked, at }, catalog);
            expect(answerAt(timeline, at), at).toEqual(
              whole ? evaluated : { ...evaluated, reasons: [] },
            );
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it("gives the same availability windows as evaluating the range", () => {
    fc.assert(
      fc.property(portfolioOps(), cell, offset, fc.nat({ max: 900 }), (ops, asked, start, days) => {
        const { agreements, catalog } = buildPortfolio(ops);
        const from = daysAfter(EPOCH, start);
        const range = { from, to: daysAfter(from, days) };
        const timeline = answerTimeline(agreements, catalog, asked);
        expect(availabilityOf(asked, stretchesWithin(timeline, range))).toEqual(
          availabilityWindows(agreements, catalog, { ...asked, ...range }),
        );
      }),
      { numRuns: 40 },
    );
  });

  it("stops at a budget of reasons rather than hold a timeline too large", () => {
    const { agreements, catalog } = foldReference();
    const asked = { product: "openai-api", provider: "aws", segment: "commercial" };
    const whole = answerTimeline(agreements, catalog, asked);
    const cited = whole.periods.reduce((sum, { answer }) => sum + answer.reasons.length, 0);
    expect(() => answerTimeline(agreements, catalog, asked, undefined, 5)).toThrow(
      TimelineTooLargeError,
    );
    // A budget the timeline's stretches stay within gives the same timeline.
    expect(answerTimeline(agreements, catalog, asked, undefined, 100 * cited)).toEqual(whole);
  });

  it("doubts a right amended to another imprecise end over its new end's year, not its old one's", () => {
    // Given a right for AWS until 2031, known only to the year, amended from 2027 to run until
    // 2029 (also a year): within 2029 it may or may not hold; within 2031 it surely does not.
    const source = { publication: "Test report", kind: "primary" };
    const { agreements, catalog } = foldDocument({
      catalog: referenceDocument.catalog,
      agreements: [
        {
          id: "bedrock-deal",
          events: [
            {
              type: "AgreementRecorded",
              title: "Bedrock deal",
              kind: "distribution",
              parties: [
                { party: "openai", role: "model developer" },
                { party: "amazon", role: "cloud provider" },
              ],
              effectiveOn: "2026-01-01",
              sources: [source],
            },
            {
              type: "DistributionRightGranted",
              effectiveOn: "2026-01-01",
              termId: "bedrock",
              providers: ["aws"],
              products: ["codex"],
              until: "2031",
              sources: [source],
            },
            {
              type: "TermAmended",
              effectiveOn: "2027-01-01",
              termId: "bedrock",
              changes: { until: "2029" },
              sources: [source],
            },
          ],
        },
      ],
    } as PortfolioDocument);
    const asked = { product: "codex", provider: "aws", segment: "commercial" };
    // When its timeline is built, asking every day with what earlier days worked out
    const timeline = answerTimeline(agreements, catalog, asked);
    // Then 2029 is in doubt and 2030 surely denied, as asking each day afresh says
    for (const at of ["2026-06-01", "2028-06-01", "2029-01-01", "2029-06-01", "2030-06-01"])
      expect(answerAt(timeline, at), at).toEqual(
        evaluateEntitlement(agreements, { ...asked, at }, catalog),
      );
    expect(answerAt(timeline, "2028-06-01")).toMatchObject({
      decision: "allowed",
      certainty: "certain",
    });
    expect(answerAt(timeline, "2029-01-01")).toMatchObject({
      decision: "allowed",
      certainty: "uncertain",
    });
    expect(answerAt(timeline, "2030-06-01")).toMatchObject({
      decision: "denied",
      certainty: "certain",
    });
  });

  it("keeps the reference case's turning points as periods of their own", () => {
    // Microsoft's API exclusivity (2022) made the OpenAI API on AWS denied until the amendment of
    // 2026-04-27; from then it is conditional (Azure ships first, window unknown, and two reports
    // still speak of stateless-API exclusivity). Reports disagree between 27 and 28 April.
    const { agreements, catalog } = foldReference();
    const cellAsked = { product: "openai-api", provider: "aws", segment: "commercial" };
    const timeline = answerTimeline(agreements, catalog, cellAsked);
    expect(answerAt(timeline, "2025-06-01")?.decision).toBe("denied");
    expect(answerAt(timeline, "2026-04-27")?.certainty).toBe("uncertain");
    expect(answerAt(timeline, "2026-05-01")?.decision).toBe("conditional");
    expect(answerAt(timeline, "0999-12-31")).toBeUndefined();
  });
});

describe("the changes between two timelines of a cell", () => {
  const timeline = (periods: [string, string][]) => ({
    product: "x",
    provider: "p",
    segment: "s",
    periods: periods.map(([from, decision]) => ({
      from,
      answer: { decision: decision as "allowed", certainty: "certain" as const, reasons: [] },
    })),
  });

  it("are the periods where the decision differs, joined when they touch", () => {
    // Given a right from 2026 that an amendment ends at the end of 2027 instead of running on
    const before = timeline([
      ["1000-01-01", "denied"],
      ["2026-01-01", "allowed"],
    ]);
    const after = timeline([
      ["1000-01-01", "denied"],
      ["2026-01-01", "allowed"],
      ["2028-01-01", "denied"],
    ]);
    // Then from 2028 on the cell goes from allowed to denied, and nothing else changes
    expect(periodsChanged(before, after)).toEqual([
      { from: "2028-01-01", to: null, before: "allowed", after: "denied" },
    ]);
    // And a change in reasons alone is none
    expect(periodsChanged(before, before)).toEqual([]);
  });

  it("say where each day's decision differs, for random timelines", () => {
    const decision = fc.constantFrom("allowed", "denied", "conditional", "conflict");
    const periods = fc
      .uniqueArray(fc.integer({ min: 1, max: 60 }), { maxLength: 6 })
      .chain((offsets) =>
        fc.tuple(
          fc.constant([0, ...offsets].sort((a, b) => a - b)),
          fc.array(decision, { minLength: offsets.length + 1, maxLength: offsets.length + 1 }),
        ),
      )
      .map(([offsets, decisions]) =>
        timeline(
          offsets.map((offset, index) => [
            index === 0 ? "1000-01-01" : daysAfter("2026-01-01", offset),
            decisions[index] ?? "denied",
          ]),
        ),
      );
    fc.assert(
      fc.property(periods, periods, (before, after) => {
        const changes = periodsChanged(before, after);
        for (let offset = -1; offset <= 62; offset++) {
          const day = daysAfter("2026-01-01", offset);
          const was = answerAt(before, day)?.decision;
          const is = answerAt(after, day)?.decision;
          const change = changes.find(({ from, to }) => from <= day && (to === null || day <= to));
          expect(change ? [change.before, change.after] : [was, was], day).toEqual([was, is]);
        }
      }),
    );
  });
});
