import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { deadlineIndexOf } from "../deadlines/deadline-index.ts";
import { TermlineError } from "../errors.ts";
import type { PendingEvent } from "../events/envelope.ts";
import { defaultAgreement, givenAgreement, type Spec } from "../testing/decider-spec.ts";
import { type Op, opArbitrary, portfolioOps } from "../testing/portfolio-arbitraries.ts";
import { applyOp, buildPortfolio } from "../testing/portfolio-builder.ts";
import { applyPending } from "../transfer/decide-import.ts";
import { namePlaceholders } from "../views/name-tokens.ts";
import { openMatterIndexOf } from "../views/open-matters.ts";
import { type AgreementState, initialAgreementState } from "./state.ts";
import { statesTheSame } from "./statements.ts";

const note = (text: string): PendingEvent => ({
  type: "NoteAdded",
  effectiveOn: "2026-11-01",
  precision: "day",
  data: { text },
  sources: [],
});

const later = (
  state: AgreementState,
  events: PendingEvent[],
  recordedAt = "2026-11-02T09:00:00.000Z",
) => applyPending(state, events, recordedAt, "test");
/** An instant before any the portfolios record: a note recorded then moves `firstRecordedAt` too. */
const EARLIEST = "2000-01-01T00:00:00.000Z";

/** A step of an agreement's history: an op of the portfolio generator, a note, or a deadline seen. */
type Step = { kind: "op"; op: Op } | { kind: "note" } | { kind: "acknowledge"; pick: number };
const stepArbitrary: fc.Arbitrary<Step> = fc.oneof(
  { weight: 4, arbitrary: opArbitrary().map((op): Step => ({ kind: "op", op })) },
  { weight: 2, arbitrary: fc.constant<Step>({ kind: "note" }) },
  { weight: 1, arbitrary: fc.nat().map((pick): Step => ({ kind: "acknowledge", pick })) },
);

/** The agreement after `step`, through the real decider; the same spec when it refuses. */
function taken(spec: Spec, step: Step): Spec {
  if (step.kind === "op") return applyOp(spec, step.op);
  if (step.kind === "note") return spec.and({ type: "NoteAdded", text: "seen" });
  const deadlines = deadlineIndexOf(spec.state, namePlaceholders);
  const deadline = deadlines[step.pick % Math.max(deadlines.length, 1)]?.deadline;
  if (!deadline) return spec;
  try {
    return spec.and({ type: "DeadlineAcknowledged", deadlineId: deadline.id });
  } catch (error) {
    if (error instanceof TermlineError) return spec;
    throw error;
  }
}

describe("states that state the same", () => {
  it("a note changes what was recorded, never what the indexes derive", () => {
    const property = fc.property(
      portfolioOps({ reference: false }),
      fc.nat({ max: 3 }),
      fc.boolean(),
      (ops, extra, early) => {
        for (const before of buildPortfolio(ops).agreements) {
          const notes = Array.from({ length: extra + 1 }, (_, i) => note(`n${i}`));
          const after = early ? later(before, notes, EARLIEST) : later(before, notes);
          expect(after.noteCount).toBeGreaterThan(before.noteCount);
          if (early) expect(after.firstRecordedAt).toBe(EARLIEST);
          else expect(after.latestRecordedAt).not.toBe(before.latestRecordedAt);
          expect(statesTheSame(before, after)).toBe(true);
          // What the shortcut skips: were these derived from what was recorded, they would differ.
          expect(deadlineIndexOf(after, namePlaceholders)).toEqual(
            deadlineIndexOf(before, namePlaceholders),
          );
          expect(openMatterIndexOf(after)).toEqual(openMatterIndexOf(before));
        }
      },
    );
    fc.assert(property, { numRuns: 40 });
  });

  it("two states said to state the same derive the same index entries, whatever the event", () => {
    const property = fc.property(
      fc.array(stepArbitrary, { minLength: 1, maxLength: 14 }),
      (steps) => {
        let spec = givenAgreement({ ...defaultAgreement, id: "h1" });
        for (const step of steps) {
          const before = spec.state;
          spec = taken(spec, step);
          const after = spec.state;
          if (after === before) continue;
          const same = statesTheSame(before, after);
          if (step.kind === "note") expect(same).toBe(true);
          if (!same) continue;
          expect(deadlineIndexOf(after, namePlaceholders)).toEqual(
            deadlineIndexOf(before, namePlaceholders),
          );
          expect(openMatterIndexOf(after)).toEqual(openMatterIndexOf(before));
        }
      },
    );
    fc.assert(property, { numRuns: 120 });
  });

  it("anything stated differs: a term, a question, or a state decoded afresh", () => {
    const before = later(initialAgreementState("t", "a"), [note("first")]);
    const asked = later(before, [
      {
        type: "OpenQuestionRaised",
        effectiveOn: "2026-11-01",
        precision: "day",
        data: { questionId: "q1", question: "Who may resell?" },
        sources: [],
      },
    ]);
    expect(Object.keys(asked.questions)).toEqual(["q1"]);
    expect(statesTheSame(before, asked)).toBe(false);
    expect(statesTheSame(before, structuredClone(before))).toBe(false);
    expect(statesTheSame(undefined, before)).toBe(false);
  });
});
