import { type AgreementState, initialAgreementState, type Term } from "@termline/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  cutIntoPages,
  joinSnapshot,
  MissingSnapshotPageError,
  PAGE_BYTES,
  pageKeysOf,
  type SplitSnapshot,
  splitSnapshot,
} from "./snapshot-pages.ts";

/** Text of any length up to a few kilobytes, so that pages fill after a handful of entries. */
const text = fc.string({ maxLength: 3_000 });
const dated = (version: number) => ({ on: "2026-05-01", precision: "day" as const, version });

const lists = fc.record({
  changes: fc.array(text, { maxLength: 30 }),
  cited: fc.array(text, { maxLength: 30 }),
  versions: fc.integer({ min: 0, max: 3_000 }),
  sources: fc.array(text, { maxLength: 30 }),
});
type Lists = typeof lists extends fc.Arbitrary<infer L> ? L : never;

function termOf(id: string, { changes, cited, versions, sources }: Lists): Term {
  return {
    id,
    kind: "grant",
    grantedBy: "ProductGrantRecorded",
    granted: dated(1),
    attributes: { product: "p" },
    changes: changes.map((summary, index) => ({
      ...dated(index + 2),
      changes: { summary },
      summary,
    })),
    cited: cited.map((title, index) => ({
      ...dated(index + 1),
      sources: [{ publication: "Minutes", title }],
    })),
    versions: Array.from({ length: versions }, (_, index) => index + 1),
    sources: sources.map((title) => ({ publication: "Minutes", title })),
  } as unknown as Term;
}

const states = fc
  .record({
    amendments: fc.array(text, { maxLength: 30 }),
    terms: fc.dictionary(fc.constantFrom("capacity", "grant/1", "t\u0000x"), lists),
  })
  .map(({ amendments, terms }): AgreementState => {
    const base = initialAgreementState("acme", "busy");
    const { log: _log, ...snapshot } = base;
    return {
      ...snapshot,
      exists: true,
      amendments: amendments.map((summary, index) => ({
        ...dated(index + 1),
        summary,
        sources: [],
      })),
      terms: Object.fromEntries(Object.entries(terms).map(([id, each]) => [id, termOf(id, each)])),
    };
  });

const pagesOf = ({ pages }: SplitSnapshot) =>
  new Map(pages.map(({ key, entries }) => [key, entries]));
const bytes = (value: unknown) => Buffer.byteLength(JSON.stringify(value));
const openLists = ({ head }: SplitSnapshot) => [
  head.amendments,
  ...Object.values(head.terms).flatMap((term) => [
    term.changes,
    term.cited ?? [],
    term.versions,
    term.sources,
  ]),
];

describe("an agreement's snapshot stored as a head and pages", () => {
  it("given any state, when split and joined again, then it is the same state", () => {
    fc.assert(
      fc.property(states, (state) => {
        const split = splitSnapshot(state);
        expect(joinSnapshot(split.head, pagesOf(split))).toEqual(state);
      }),
    );
  });

  it("given a joined state, when split again, then the same head and pages as a copy cut afresh: what a commit writes on a state it read", () => {
    fc.assert(
      fc.property(states, (state) => {
        const split = splitSnapshot(state);
        const joined = joinSnapshot(split.head, pagesOf(split));
        // A copy shares no array with the joined state, so nothing of its cut is remembered.
        expect(splitSnapshot(joined)).toEqual(splitSnapshot(structuredClone(joined)));
        expect(splitSnapshot(joined)).toEqual(split);
      }),
    );
  });

  it("given any state, when split, then no page and no open list holds more than a page's bytes, unless it is one entry", () => {
    fc.assert(
      fc.property(states, (state) => {
        const split = splitSnapshot(state);
        for (const list of [...split.pages.map(({ entries }) => entries), ...openLists(split)]) {
          const sizes = list.map(bytes);
          const sum = sizes.reduce((total, size) => total + size, 0);
          expect(list.length <= 1 || sum <= PAGE_BYTES).toBe(true);
        }
        expect(pageKeysOf(split.head)).toEqual(split.pages.map(({ key }) => key));
      }),
    );
  });

  it("given a state whose lists then grow at their end, when split again, then every page it had is still a page: an append writes only new ones", () => {
    fc.assert(
      fc.property(states, fc.array(text, { minLength: 1, maxLength: 20 }), (state, more) => {
        const grown: AgreementState = {
          ...state,
          amendments: [
            ...state.amendments,
            ...more.map((summary, index) => ({ ...dated(1_000 + index), summary, sources: [] })),
          ],
          terms: Object.fromEntries(
            Object.entries(state.terms).map(([id, term]) => [
              id,
              {
                ...term,
                cited: [
                  ...(term.cited ?? []),
                  ...more.map((title) => ({
                    ...dated(9),
                    sources: [{ publication: "Minutes", title }],
                  })),
                ],
              },
            ]),
          ),
        };
        const before = new Set(splitSnapshot(state).pages.map(({ key }) => key));
        const after = new Set(splitSnapshot(grown).pages.map(({ key }) => key));
        expect([...before].filter((key) => !after.has(key))).toEqual([]);
      }),
    );
  });

  it("given a state small enough, when split, then it is its own head and has no pages", () => {
    const state = { ...initialAgreementState("acme", "small"), exists: true };
    expect(splitSnapshot(state)).toEqual({ head: state, pages: [] });
  });

  it("given a head whose page is gone, when joined, then it says which page rather than return a shorter history", () => {
    const long = Array.from({ length: 10 }, (_, index) => "x".repeat(2_000) + index);
    const state: AgreementState = {
      ...initialAgreementState("acme", "long"),
      amendments: long.map((summary, index) => ({ ...dated(index + 1), summary, sources: [] })),
    };
    const split = splitSnapshot(state);
    expect(split.pages.length).toBeGreaterThan(0);
    expect(() => joinSnapshot(split.head, new Map())).toThrow(MissingSnapshotPageError);
  });

  it("given entries of a known size, when cut, then pages close just before the entry that would overflow them", () => {
    // Each entry is its JSON string: 2 quotes + 3,998 characters = 4,000 bytes.
    const entry = "y".repeat(3_998);
    const { full, open } = cutIntoPages([entry, entry, entry, entry, entry]);
    expect(full.map((page) => page.length)).toEqual([2, 2]);
    expect(open).toHaveLength(1);
  });
});
