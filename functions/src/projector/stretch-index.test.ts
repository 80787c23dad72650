import { applyPending, initialAgreementState, type PendingEvent } from "@termline/core";
import type { ViewStore } from "@termline/store";
import { describe, expect, it } from "vitest";
import { reindexAgreement, type StretchIndex } from "./stretch-index.ts";

const event = (type: string, data: Record<string, unknown>): PendingEvent => ({
  type,
  effectiveOn: "2026-11-01",
  precision: "day",
  data,
  sources: [],
});

/** An index that counts the states it derives entries from, and derives none. */
function countingIndex() {
  const derived: unknown[] = [];
  const index: StretchIndex<never> = {
    prefixes: ["counted#"],
    entriesOf: (state) => {
      derived.push(state);
      return [];
    },
    keyOf: () => "counted#",
    fieldsOf: () => ({}),
  };
  return { index, derived };
}

/** A store no call may reach: both commits below move no entry. */
const untouchable = new Proxy({} as ViewStore, {
  get: (_, name) => {
    throw new Error(`the view store was asked for ${String(name)}`);
  },
});

describe("reindexing one agreement after a commit", () => {
  const before = applyPending(
    initialAgreementState("t", "a"),
    [event("AgreementRecorded", { title: "A", kind: "other", parties: [] })],
    "2026-11-01T09:00:00.000Z",
  );

  it("given a note, derives no entry at all", async () => {
    const after = applyPending(
      before,
      [event("NoteAdded", { text: "seen" })],
      "2026-11-02T09:00:00.000Z",
    );
    const { index, derived } = countingIndex();
    await reindexAgreement(untouchable, "t", index, { before, after });
    expect(derived).toEqual([]);
  });

  it("given a question raised, derives the entries before and after it", async () => {
    const raised = event("OpenQuestionRaised", { questionId: "q1", question: "Who may resell?" });
    const after = applyPending(before, [raised], "2026-11-02T09:00:00.000Z");
    const { index, derived } = countingIndex();
    await reindexAgreement(untouchable, "t", index, { before, after });
    expect(derived).toEqual([before, after]);
  });
});
