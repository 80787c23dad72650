import { randomBytes } from "node:crypto";
import {
  type AnswerPeriod,
  type AnswerTimeline,
  answerAt,
  daysAfter,
  joinPeriods,
  TIMELINE_START,
  type TimedAnswer,
} from "@termline/core";
import { MAX_VIEW_BODY_BYTES } from "@termline/store";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { timelineCiting } from "./answer-fixtures.ts";
import {
  type AnswerHead,
  cellWrite,
  INLINE_JSON_CHARS,
  keptPeriods,
  latestStartingBy,
  nextHead,
  periodOfStored,
  type ReadHead,
  storedPeriodOf,
  storedTimelineOf,
  summaryOf,
  TIMELINE_INLINE_BYTES,
} from "./answer-items.ts";

const cell = { product: "widget", provider: "north", segment: "commercial" };
const EPOCH = "2026-01-01";

const answer: fc.Arbitrary<TimedAnswer> = fc.record({
  decision: fc.constantFrom("allowed", "denied", "conditional", "conflict"),
  certainty: fc.constantFrom("certain", "uncertain"),
  reasons: fc.constantFrom([], [{ code: "granted", summary: "Granted" }]) as fc.Arbitrary<
    TimedAnswer["reasons"]
  >,
});

/** A timeline as the model computes it: from the start of time, then periods on random days. */
const timeline: fc.Arbitrary<AnswerTimeline> = fc
  .tuple(answer, fc.array(fc.tuple(fc.nat({ max: 400 }), answer), { maxLength: 12 }))
  .map(([first, later]) => {
    const byDay = new Map(later.map(([days, a]) => [daysAfter(EPOCH, days), a]));
    const periods = [
      { from: TIMELINE_START, answer: first },
      ...[...byDay.entries()]
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([from, a]) => ({ from, answer: a })),
    ];
    return { ...cell, periods: joinPeriods(periods) };
  });

/** The store: period items by first day, never deleted, as DynamoDB keeps them. */
function applied(
  items: Map<string, TimedAnswer>,
  head: ReadHead | undefined,
  next: AnswerTimeline,
) {
  const plan = cellWrite(head, next);
  for (const { period } of plan.writes) items.set(period.from, period.answer);
  const written: AnswerHead = nextHead(next, plan.entries, 0, undefined);
  return { plan, head: { kind: "head", head: written, seq: 1 } satisfies ReadHead };
}

/** What a reader gets on `at`: the item with the latest first day by then. */
function readOn(items: Map<string, TimedAnswer>, at: string) {
  const from = [...items.keys()]
    .filter((day) => day <= at)
    .sort()
    .at(-1);
  return from === undefined ? undefined : items.get(from);
}

describe("the period items of a cell", () => {
  it("answer every day as the latest timeline does, whatever timelines were written before", () => {
    fc.assert(
      fc.property(
        fc.array(timeline, { minLength: 1, maxLength: 5 }),
        fc.array(fc.integer({ min: -30, max: 430 }), { minLength: 5, maxLength: 15 }),
        (timelines, offsets) => {
          const items = new Map<string, TimedAnswer>();
          let head: ReadHead | undefined;
          for (const next of timelines) head = applied(items, head, next).head;
          const latest = timelines.at(-1) as AnswerTimeline;
          const days = [
            ...offsets.map((n) => daysAfter(EPOCH, n)),
            ...latest.periods.map((p) => p.from),
          ];
          for (const at of days) {
            const { decision, certainty, reasons } = answerAt(latest, at) ?? {};
            expect(readOn(items, at), at).toEqual({ decision, certainty, reasons });
          }
          // Every item is one the head lists, so the next writer knows to keep it right.
          expect(head?.kind === "head" && head.head.periods.map(([from]) => from)).toEqual(
            [...items.keys()].sort(),
          );
        },
      ),
      { numRuns: 300 },
    );
  });

  it("are left alone when the timeline is the same, and rewritten whole when asked", () => {
    fc.assert(
      fc.property(timeline, (same) => {
        const items = new Map<string, TimedAnswer>();
        const { head } = applied(items, undefined, same);
        expect(cellWrite(head, same).unchanged).toBe(true);
        expect(cellWrite(head, same).writes).toEqual([]);
        expect(cellWrite(head, same, { rewrite: true }).writes).toHaveLength(items.size);
      }),
      { numRuns: 100 },
    );
  });

  it("rewrite only the periods whose answers changed", () => {
    const before: AnswerTimeline = {
      ...cell,
      periods: [
        { from: TIMELINE_START, answer: { decision: "denied", certainty: "certain", reasons: [] } },
        { from: "2026-03-01", answer: { decision: "allowed", certainty: "certain", reasons: [] } },
        { from: "2027-01-01", answer: { decision: "denied", certainty: "certain", reasons: [] } },
      ],
    };
    const { head } = applied(new Map(), undefined, before);
    // The grant now ends a year later: the period from 2027 goes, 2028 comes.
    const after: AnswerTimeline = {
      ...cell,
      periods: [
        before.periods[0],
        before.periods[1],
        { ...before.periods[2], from: "2028-01-01" },
      ].filter((period): period is AnswerTimeline["periods"][number] => period !== undefined),
    };
    const plan = cellWrite(head, after);
    // 2027-01-01 keeps its item, now saying what is in force from then: allowed.
    expect(plan.writes.map(({ period }) => [period.from, period.answer.decision])).toEqual([
      ["2027-01-01", "allowed"],
      ["2028-01-01", "denied"],
    ]);
  });
});

describe("a cell's summary", () => {
  it("gives every day the decision and certainty of the timeline, in a run per change of either", () => {
    fc.assert(
      fc.property(
        timeline,
        fc.array(fc.integer({ min: -30, max: 430 }), { maxLength: 15 }),
        (whole, offsets) => {
          const summary = summaryOf(whole);
          if (!("runs" in summary)) throw new Error("a summary this small is stored whole");
          const days = [
            ...offsets.map((n) => daysAfter(EPOCH, n)),
            ...whole.periods.flatMap(({ from }) => [from, daysAfter(from, -1)]),
          ];
          for (const at of days) {
            const answer = answerAt(whole, at);
            const run = latestStartingBy(summary.runs, at);
            expect(run && [run[1], run[2]], at).toEqual(
              answer && [answer.decision, answer.certainty],
            );
          }
          // Periods that differ only in reasons share a run: no two runs in a row say the same.
          for (const [index, run] of summary.runs.slice(1).entries()) {
            const previous = summary.runs[index];
            expect([run[1], run[2]]).not.toEqual(previous && [previous[1], previous[2]]);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe("a cell's whole timeline", () => {
  it("is kept whole, answering every day as the timeline does, while it fits", () => {
    fc.assert(
      fc.property(
        timeline,
        fc.array(fc.integer({ min: -30, max: 430 }), { maxLength: 15 }),
        (whole, offsets) => {
          const periods = keptPeriods(storedTimelineOf(whole));
          if (!periods) throw new Error("a timeline this small is kept whole");
          expect(periods).toEqual(whole.periods);
          const kept = { ...cell, periods };
          for (const at of offsets.map((n) => daysAfter(EPOCH, n)))
            expect(answerAt(kept, at), at).toEqual(answerAt(whole, at));
        },
      ),
      { numRuns: 200 },
    );
  });

  it("is a mark once its periods and reasons, deflated, outgrow two read units", () => {
    // Text that does not deflate: as long as the limit, it is over it.
    const noise = randomBytes(TIMELINE_INLINE_BYTES).toString("base64");
    expect(storedTimelineOf(timelineCiting(noise))).toEqual({ tooLarge: true });
    // Text that repeats, as reasons do: far longer than the limit, it is kept.
    const repeated = "Granted on any cloud. ".repeat(2_000);
    expect(keptPeriods(storedTimelineOf(timelineCiting(repeated)))).toEqual(
      timelineCiting(repeated).periods,
    );
  });

  it("is a mark, found without deflating it, once its JSON is far past what could deflate to fit", () => {
    const repeated = "Granted on any cloud. ".repeat(INLINE_JSON_CHARS / 20);
    expect(storedTimelineOf(timelineCiting(repeated))).toEqual({ tooLarge: true });
  });
});

describe("a period item", () => {
  const period = (summary: string) => timelineCiting(summary).periods[0] as AnswerPeriod;

  it("holds its answer as JSON while it fits in one read unit", () => {
    const small = period("Granted");
    expect(storedPeriodOf(small)).toEqual(small);
    expect(periodOfStored(storedPeriodOf(small))).toEqual(small);
  });

  it("holds a busy answer past an item as JSON deflated, in a mark, and reads it back whole", () => {
    // As the reasons of a busy cell's period: hundreds of grants in the same words.
    const busy = period("Granted to a reseller on any cloud, as reported. ".repeat(20_000));
    expect(JSON.stringify(busy).length).toBeGreaterThan(MAX_VIEW_BODY_BYTES);
    const stored = storedPeriodOf(busy);
    // A release before this one, reading beside it, takes it for a mark and evaluates.
    expect("tooLarge" in stored && stored.tooLarge).toBe(true);
    expect(JSON.stringify(stored).length).toBeLessThan(MAX_VIEW_BODY_BYTES / 10);
    expect(periodOfStored(stored)).toEqual(busy);
  });

  it("reads a mark without its answer as none", () => {
    expect(periodOfStored({ from: TIMELINE_START, tooLarge: true })).toBeUndefined();
  });
});
