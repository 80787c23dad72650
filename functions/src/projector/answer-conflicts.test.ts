import {
  type AnswerTimeline,
  conflictsWithin,
  daysAfter,
  type Reason,
  stretchesWithin,
} from "@termline/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { conflictsIn, conflictsOf, keptConflicts, storedConflictsOf } from "./answer-conflicts.ts";

const cell = { product: "frontier", provider: "harbor", segment: "commercial" };
const START = "2026-01-01";

/** Reasons at odds and others, some citing the same term with other sources or summaries. */
const reasonPool: Reason[] = [
  ["conflicting-exclusivity", "deal-a", "excl", "A's exclusivity", "press"],
  ["grant-contradicts-exclusivity", "deal-b", "grant", "B's grant", "primary"],
  ["grant-contradicts-exclusivity", "deal-b", "grant", "B's grant", "press"],
  ["exclusive-to-other", "deal-c", "excl", "C's exclusivity", "primary"],
  ["exclusive-to-other", "deal-c", "excl", "C's exclusivity, amended", "primary"],
  ["granted", "deal-d", "grant", "D's grant", "primary"],
  ["disputed", "deal-a", "excl", "A's exclusivity is disputed", "press"],
].map(([code, agreementId, termId, summary, kind]) => ({
  code: code as Reason["code"],
  agreementId: agreementId as string,
  termId: termId as string,
  summary: summary as string,
  sources: [{ publication: `${agreementId} (${kind})`, kind: kind as "primary" | "press" }],
}));

/** A timeline of periods on increasing days, each with a decision and reasons from the pool. */
const timeline = fc
  .array(
    fc.record({
      gap: fc.integer({ min: 1, max: 40 }),
      decision: fc.constantFrom("allowed", "denied", "conflict" as const),
      reasons: fc.array(fc.nat({ max: reasonPool.length - 1 }), { maxLength: 6 }),
    }),
    { minLength: 1, maxLength: 12 },
  )
  .map((periods): AnswerTimeline => {
    let day = START;
    return {
      ...cell,
      periods: periods.map(({ gap, decision, reasons }, index) => {
        day = index === 0 ? START : daysAfter(day, gap);
        const cited = reasons.flatMap((pick) => reasonPool[pick] ?? []);
        return { from: day, answer: { decision, certainty: "certain", reasons: cited } };
      }),
    };
  });

const range = fc
  .tuple(fc.integer({ min: -20, max: 400 }), fc.integer({ min: 0, max: 400 }))
  .map(([start, length]) => ({
    from: daysAfter(START, start),
    to: daysAfter(START, start + length),
  }));

describe("a cell's conflicts, kept beside its summary", () => {
  it("given any timeline, when stored and read over any range, then the conflict periods and terms at odds are those of the whole answers", () => {
    fc.assert(
      fc.property(timeline, range, (whole, asked) => {
        const stored = JSON.parse(JSON.stringify(storedConflictsOf(conflictsOf(whole))));
        const kept = keptConflicts(stored);
        if (!kept) throw new Error("conflicts with periods were stored as a mark");
        const expected = conflictsWithin(cell, stretchesWithin(whole, asked));
        expect(conflictsIn(kept, asked)).toEqual(expected);
      }),
      { numRuns: 500 },
    );
  });

  it("given periods citing the same reasons, then each reason is stored once", () => {
    const [excl, grant, , , , other] = reasonPool;
    const periods = ["2026-01-01", "2026-02-01", "2026-03-01"].map((from) => ({
      from,
      answer: {
        decision: "conflict" as const,
        certainty: "certain" as const,
        reasons: [excl, grant, other] as Reason[],
      },
    }));
    const stored = conflictsOf({ ...cell, periods });
    expect(stored).toEqual({
      ...cell,
      reasons: [excl, grant],
      periods: [
        { from: "2026-01-01", to: "2026-01-31", cites: [0, 1] },
        { from: "2026-02-01", to: "2026-02-28", cites: [0, 1] },
        { from: "2026-03-01", to: null, cites: [0, 1] },
      ],
    });
  });

  it("given conflicts stored deflated, as plain JSON (items written before), or as a mark, when read, then the first two give the same conflicts and the mark none", () => {
    const [excl, grant] = reasonPool;
    const conflicts = conflictsOf({
      ...cell,
      periods: [
        {
          from: "2026-01-01",
          answer: {
            decision: "conflict",
            certainty: "certain",
            reasons: [excl, grant] as Reason[],
          },
        },
      ],
    });
    const stored = storedConflictsOf(conflicts);
    expect(Object.keys(stored).sort()).toEqual(["deflated", "product", "provider", "segment"]);
    expect(keptConflicts(stored)).toEqual(conflicts);
    expect(keptConflicts(conflicts)).toEqual(conflicts);
    const mark = { ...cell, tooLarge: true as const };
    expect(storedConflictsOf(mark)).toEqual(mark);
    expect(keptConflicts(mark)).toBeUndefined();
  });
});
