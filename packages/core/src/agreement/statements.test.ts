import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { deadlineIndexOf } from "../deadlines/deadline-index.ts";
import type { PendingEvent } from "../events/envelope.ts";
import { portfolioOps } from "../testing/portfolio-arbitraries.ts";
import { buildPortfolio } from "../testing/portfolio-builder.ts";
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
