import { type AgreementState, type Catalog, emptyCatalog } from "@termline/core";
import { describe, expect, it } from "vitest";
import { knowingOf, labelsOf, nextHeadLabel } from "./answer-revisions.ts";

const T1 = "2026-06-01T10:00:00.000Z";
const T2 = "2026-06-01T10:00:05.000Z";
const T3 = "2026-06-01T10:00:09.000Z";

/** An agreement whose one term covers `products`, last recorded into at `latest`. */
function agreement(id: string, products: string[], latest: string | undefined): AgreementState {
  return {
    id,
    exists: true,
    terms: { t: { attributes: { products }, changes: [] } },
    disputes: {},
    latestRecordedAt: latest,
  } as unknown as AgreementState;
}

const catalogAt = (latest: string | undefined): Catalog => ({
  ...emptyCatalog(),
  ...(latest ? { latestRecordedAt: latest } : {}),
});

describe("the label of a product's revisions", () => {
  it("given agreements that do and do not reach the product, when labelled, then only those reaching it count", () => {
    const label = labelsOf(
      catalogAt(T1),
      [agreement("reaches", ["codex"], T2), agreement("elsewhere", ["other"], T3)],
      undefined,
    );
    expect(label({ id: "codex" })).toBe(T2);
    expect(label({ id: "other" })).toBe(T3);
  });

  it("given the events refreshed recorded after every input, when labelled, then their instant", () => {
    const label = labelsOf(catalogAt(T1), [agreement("a", ["codex"], T1)], {
      earliest: T2,
      latest: T3,
    });
    expect(label({ id: "codex" })).toBe(T3);
  });

  it("given a catalog or a reaching agreement that does not say when it was recorded, when labelled, then no label", () => {
    expect(labelsOf(catalogAt(undefined), [], undefined)({ id: "codex" })).toBeUndefined();
    const unknown = labelsOf(catalogAt(T1), [agreement("a", ["codex"], undefined)], undefined);
    expect(unknown({ id: "codex" })).toBeUndefined();
    expect(unknown({ id: "other" })).toBe(T1);
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
