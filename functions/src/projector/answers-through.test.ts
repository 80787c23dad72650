import type { StoredEvent } from "@termline/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { marksAfter, owedBy } from "./answers-through.ts";

const eventOf = (agreementId: string, version: number) =>
  ({ agreementId, version, type: "NoteAdded" }) as StoredEvent;

describe("answers marks", () => {
  it("given a mark at 4, when a refresh covered 5 and 6 (and 4 again), then the mark moves to 6", () => {
    const events = [eventOf("a", 4), eventOf("a", 5), eventOf("a", 6)];
    expect(marksAfter(events, new Map([["a", 4]]))).toEqual(new Map([["a", 6]]));
  });

  it("given a mark at 4, when a refresh covered 6 but not 5, then the mark stays", () => {
    expect(marksAfter([eventOf("a", 6)], new Map([["a", 4]]))).toEqual(new Map());
  });

  it("given no mark, when a refresh covered an agreement's first events, then it is marked", () => {
    expect(marksAfter([eventOf("a", 1), eventOf("a", 2)], new Map())).toEqual(new Map([["a", 2]]));
  });

  it("marks the catalog like an agreement, and never an answer stream: its events are always owed", () => {
    const answer = eventOf("_answer.commercial.x.y", 1);
    expect(marksAfter([eventOf("_catalog", 1), answer], new Map())).toEqual(
      new Map([["_catalog", 1]]),
    );
    expect(owedBy([answer], new Map([["_answer.commercial.x.y", 5]]))).toEqual([answer]);
  });

  it("a mark moves only over versions a refresh covered, without a gap, and owes the rest", () => {
    fc.assert(
      fc.property(
        fc.nat({ max: 20 }),
        fc.uniqueArray(fc.integer({ min: 1, max: 30 }), { maxLength: 15 }),
        (mark, versions) => {
          const through = new Map([["a", mark]]);
          const events = versions.map((version) => eventOf("a", version));
          const moved = marksAfter(events, through).get("a");
          const covered = new Set(versions);
          if (moved === undefined) expect(covered.has(mark + 1)).toBe(false);
          else {
            expect(moved).toBeGreaterThan(mark);
            for (let version = mark + 1; version <= moved; version++)
              expect(covered.has(version)).toBe(true);
            expect(covered.has(moved + 1)).toBe(false);
          }
          expect(owedBy(events, through).map(({ version }) => version)).toEqual(
            versions.filter((version) => version > mark),
          );
        },
      ),
    );
  });
});
