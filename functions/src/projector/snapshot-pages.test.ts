import { type AgreementState, initialAgreementState, type Term } from "@termline/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  cutIntoPages,
  joinSnapshot,
  MissingSnapshotPageError,
  PAGE_BYTES,
  pageKeysOf,
  RECORD_PAGING_BYTES,
  type SnapshotHead,
  type SplitSnapshot,
  snapshotPageKey,
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

/** Records of any size, keyed as users key them: up to a few hundred kilobytes each. */
const record = (maxLength: number) =>
  fc.uniqueArray(fc.tuple(fc.string({ minLength: 1, maxLength: 12 }), text), {
    selector: ([key]) => key,
    maxLength,
  });

/** States whose disputes, questions, supersessions and terms grow past what a head keeps. */
const largeStates = fc
  .record({
    base: states,
    disputes: record(120),
    questions: record(120),
    supersessions: fc.array(fc.string({ maxLength: 400 }), { maxLength: 400 }),
    moreTerms: fc.uniqueArray(fc.tuple(fc.string({ minLength: 1, maxLength: 8 }), lists), {
      selector: ([id]) => id,
      maxLength: 25,
    }),
  })
  .map(
    ({ base, disputes, questions, supersessions, moreTerms }): AgreementState => ({
      ...base,
      disputes: Object.fromEntries(
        disputes.map(([id, about]) => [id, { id, about, raised: dated(2), sources: [] }]),
      ) as unknown as AgreementState["disputes"],
      questions: Object.fromEntries(
        questions.map(([id, question]) => [id, { id, question, raised: dated(3), sources: [] }]),
      ) as unknown as AgreementState["questions"],
      supersessions: Object.fromEntries(
        supersessions.map((reason, index) => [
          index + 2,
          { by: index + 3, kind: "corrected", reason },
        ]),
      ) as AgreementState["supersessions"],
      terms: {
        ...base.terms,
        ...Object.fromEntries(moreTerms.map(([id, each]) => [id, termOf(id, each)])),
      },
    }),
  );

const RECORD_NAMES = ["terms", "disputes", "questions", "supersessions"] as const;

/** The keys of the pages cut from lists, the records' aside. */
const listPageKeys = ({ head }: SplitSnapshot) =>
  Object.entries((head as SnapshotHead).paged ?? {})
    .filter(([path]) => !RECORD_NAMES.some((name) => path === JSON.stringify([name])))
    .flatMap(([, digests]) => digests.map((digest) => snapshotPageKey(head.id, digest)));

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

/** An agreement with `terms` small terms and `count` disputes and as many open questions. */
function manyEntries(terms: number, count: number): AgreementState {
  const ids = (prefix: string, length: number) =>
    Array.from({ length }, (_, index) => `${prefix}-${index + 1}`);
  return {
    ...initialAgreementState("acme", "sprawling"),
    exists: true,
    terms: Object.fromEntries(
      ids("term", terms).map((id) => [
        id,
        termOf(id, { changes: ["moved"], cited: ["minutes"], versions: 2, sources: ["minutes"] }),
      ]),
    ),
    disputes: Object.fromEntries(
      ids("dispute", count).map((id) => [
        id,
        { id, about: `Whether ${id} is owed`, raised: dated(2), sources: [] },
      ]),
    ) as unknown as AgreementState["disputes"],
    questions: Object.fromEntries(
      ids("question", count).map((id) => [
        id,
        { id, question: `What does clause ${id} mean?`, raised: dated(3), sources: [] },
      ]),
    ) as unknown as AgreementState["questions"],
  };
}

describe("an agreement's snapshot stored as a head and pages", () => {
  it("given any state, when split and joined again, then it is the same state", () => {
    fc.assert(
      fc.property(fc.oneof(states, largeStates), (state) => {
        const split = splitSnapshot(state);
        expect(joinSnapshot(split.head, pagesOf(split))).toEqual(state);
      }),
    );
  });

  it("given a joined state, when split again, then the same head and pages as a copy cut afresh: what a commit writes on a state it read", () => {
    fc.assert(
      fc.property(fc.oneof(states, largeStates), (state) => {
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
      fc.property(fc.oneof(states, largeStates), (state) => {
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
        // A term in a page of the terms is in a page that changes with it (the next test).
        const before = new Set(listPageKeys(splitSnapshot(state)));
        const after = new Set(listPageKeys(splitSnapshot(grown)));
        expect([...before].filter((key) => !after.has(key))).toEqual([]);
      }),
    );
  });

  it("given records of any size, when split, then the head keeps each whole below its threshold, or else only its open end", () => {
    fc.assert(
      fc.property(largeStates, (state) => {
        const { head } = splitSnapshot(state);
        for (const name of RECORD_NAMES) {
          const entries = Object.entries(head[name]);
          const kept = bytes(entries);
          const paged = JSON.stringify([name]) in ((head as SnapshotHead).paged ?? {});
          expect(
            paged ? entries.length <= 1 || kept <= PAGE_BYTES : kept <= RECORD_PAGING_BYTES + 2,
          ).toBe(true);
        }
      }),
      { numRuns: 50 },
    );
  });

  it("given an agreement of 600 terms, 2,000 disputes and 2,000 questions, when split, then its head is small and it joins back whole", () => {
    const state = manyEntries(600, 2_000);
    const split = splitSnapshot(state);
    // More than twice what one item holds.
    expect(bytes(state)).toBeGreaterThan(800_000);
    expect(bytes(split.head)).toBeLessThan(40_000);
    expect(Math.max(...split.pages.map(({ entries }) => bytes(entries)))).toBeLessThan(
      PAGE_BYTES + 3_000,
    );
    expect(joinSnapshot(split.head, pagesOf(split))).toEqual(state);
  });

  it("given a paged record, when an entry early in it changes, then one or two pages are new, not every page after it", () => {
    const state = manyEntries(600, 0);
    const term = state.terms["term-10"] as Term;
    // Amended: its end moved, and the change kept in its history.
    const amended: AgreementState = {
      ...state,
      terms: {
        ...state.terms,
        "term-10": {
          ...term,
          attributes: { ...term.attributes, until: "2031-12-31" },
          changes: [
            ...term.changes,
            { ...dated(9), changes: { until: "2031-12-31" }, summary: "Moved to 2031" },
          ] as Term["changes"],
        },
      },
    };
    const before = splitSnapshot(state);
    const known = new Set(before.pages.map(({ key }) => key));
    const fresh = splitSnapshot(amended).pages.filter(({ key }) => !known.has(key));
    expect(before.pages.length).toBeGreaterThan(50);
    expect(fresh.length).toBeGreaterThanOrEqual(1);
    expect(fresh.length).toBeLessThanOrEqual(2);
    expect(
      fresh.some(({ entries }) => entries.some((entry) => (entry as [string])[0] === "term-10")),
    ).toBe(true);
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
