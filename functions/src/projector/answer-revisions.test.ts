import { type Catalog, emptyCatalog } from "@termline/core";
import { describe, expect, it } from "vitest";
import { doubtedSpan, knowingOf, labelOf, nextHeadLabel } from "./answer-revisions.ts";

const T1 = "2026-06-01T10:00:00.000Z";
const T2 = "2026-06-01T10:00:05.000Z";
const T3 = "2026-06-01T10:00:09.000Z";

/** An agreement's instants, as its listing gives them. */
const recorded = (id: string, first: string | undefined, latest: string | undefined) => ({
  id,
  firstRecordedAt: first,
  latestRecordedAt: latest,
});

const catalogAt = (latest: string | undefined): Catalog => ({
  ...emptyCatalog(),
  ...(latest ? { latestRecordedAt: latest } : {}),
});

describe("the label of a refresh's revisions", () => {
  it("given agreements recorded at different instants, when labelled, then the latest of them all, reaching the cell or not", () => {
    // One that no longer reaches a product may have left it by a retraction: it still counts.
    const every = [recorded("reaches", T1, T2), recorded("left", T1, T3)];
    expect(labelOf(catalogAt(T1), every, undefined)).toBe(T3);
  });

  it("given the events refreshed recorded after every input, when labelled, then their instant", () => {
    const every = [recorded("a", T1, T1)];
    expect(labelOf(catalogAt(T1), every, { earliest: T2, latest: T3 })).toBe(T3);
  });

  it("given a catalog or an agreement that does not say when it was recorded, when labelled, then no label", () => {
    expect(labelOf(catalogAt(undefined), [], undefined)).toBeUndefined();
    expect(labelOf(catalogAt(T1), [recorded("a", T1, undefined)], undefined)).toBeUndefined();
  });

  it("given a rewritten past, when doubted, then from its agreement's first record, or from the start if it does not say", () => {
    const span = { earliest: T3, latest: T3, rewritten: ["corrected"] };
    const every = [
      recorded("corrected", T1, T3),
      recorded("other", "2026-01-01T00:00:00.000Z", T2),
    ];
    expect(doubtedSpan(span, every)?.earliest).toBe(T1);
    expect(doubtedSpan(span, [recorded("corrected", undefined, T3)])?.earliest).toBe("");
    expect(doubtedSpan({ earliest: T3, latest: T3 }, every)?.earliest).toBe(T3);
  });
});

describe("what a cell's refresh knows", () => {
  it("given the events it is for are the latest recorded, when known, then their instant and no doubt", () => {
    expect(knowingOf(T2, T1, { earliest: T2, latest: T2 })).toEqual({
      label: T2,
      doubtFrom: undefined,
    });
  });

  it("given an input recorded after the events it is for, when known, then the revisions from their instant are in doubt", () => {
    expect(knowingOf(T3, T1, { earliest: T2, latest: T2 })).toEqual({
      label: T3,
      doubtFrom: T2,
    });
  });

  it("given a head labelled later than its inputs, when known, then the label never goes back", () => {
    expect(knowingOf(T1, T3, undefined)).toEqual({ label: T3, doubtFrom: undefined });
    expect(nextHeadLabel({ label: T1, doubtFrom: undefined }, T3)).toBe(T3);
  });

  it("given no label, when known, then everything from the events' instant is in doubt, and a rebuild doubts nothing", () => {
    expect(knowingOf(undefined, T1, { earliest: T2, latest: T3 })).toEqual({
      label: undefined,
      doubtFrom: T2,
    });
    expect(knowingOf(T2, undefined, undefined)).toEqual({ label: T2, doubtFrom: undefined });
  });
});
