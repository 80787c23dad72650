import type { StoredEvent } from "@termline/core";
import { describe, expect, it } from "vitest";
import { answerScopeOf } from "./answer-projection.ts";
import { catalogReachOf } from "./catalog-reach.ts";

const event = (agreementId: string, type: string, data: Record<string, unknown>): StoredEvent => ({
  tenant: "acme",
  agreementId,
  id: `${agreementId}-${type}`,
  version: 1,
  type,
  effectiveOn: "2026-06-01",
  precision: "day",
  recordedAt: "2026-06-01T00:00:00.000Z",
  recordedBy: "test",
  data,
  sources: [],
});
const catalogEvent = (type: string, data: Record<string, unknown>) => event("_catalog", type, data);
const changed = (data: Record<string, unknown>) => catalogEvent("CatalogEntryChanged", data);

describe("what a catalog event can change in the answers", () => {
  it("given a rename, a party or a class added, then no answer", () => {
    expect(catalogReachOf(changed({ kind: "providers", entry: "azure", name: "Azure" }))).toBe(
      "none",
    );
    expect(catalogReachOf(catalogEvent("PartyAdded", { party: "p", name: "P" }))).toBe("none");
    expect(catalogReachOf(catalogEvent("ProductClassAdded", { productClass: "c" }))).toBe("none");
  });

  it("given a product added, launched or unlaunched, then that product's cells", () => {
    expect(catalogReachOf(catalogEvent("ProductAdded", { product: "x", class: "c" }))).toEqual({
      product: "x",
    });
    for (const change of [
      { availableFrom: "2027-03" },
      { availableFrom: null },
      { availableBy: "2027-03-01" },
      { availableFrom: "2027-03", retired: true },
    ])
      expect(catalogReachOf(changed({ kind: "products", entry: "x", ...change }))).toEqual({
        product: "x",
      });
  });

  it("given a provider added, then that provider's cells", () => {
    expect(catalogReachOf(catalogEvent("ProviderAdded", { provider: "v" }))).toEqual({
      provider: "v",
    });
  });

  it("given a segment added, then that segment's cells", () => {
    expect(catalogReachOf(catalogEvent("SegmentAdded", { segment: "s" }))).toEqual({
      segment: "s",
    });
    expect(answerScopeOf([catalogEvent("SegmentAdded", { segment: "s" })])).toEqual({
      segments: new Set(["s"]),
    });
  });

  it("given a product or a provider retired or back, then the grids alone", () => {
    for (const kind of ["products", "providers"])
      for (const change of [{ retired: true }, { name: "X", retired: false }])
        expect(catalogReachOf(changed({ kind, entry: "x", ...change }))).toBe("grids");
  });

  it("given a party, a class or a segment retired, then no answer", () => {
    for (const kind of ["parties", "product-classes", "segments"])
      expect(catalogReachOf(changed({ kind, entry: "x", retired: true }))).toBe("none");
  });

  it("given another kind of catalog event, then every cell", () => {
    expect(catalogReachOf(catalogEvent("CatalogReordered", {}))).toBe("all");
    expect(catalogReachOf(changed({ kind: "providers", entry: "v", availableFrom: "2027" }))).toBe(
      "all",
    );
  });
});

describe("the answers a batch may change", () => {
  const grant = event("deal", "DistributionRightGranted", { termId: "t" });
  const launch = changed({ kind: "products", entry: "x", availableFrom: "2027" });

  it("given renames and notes alone, then none", () => {
    const rename = changed({ kind: "parties", entry: "p", name: "P" });
    expect(answerScopeOf([rename, event("deal", "NoteAdded", { text: "n" })])).toBeUndefined();
  });

  it("given product changes alone, then those products; beside an agreement's events, every cell", () => {
    const added = catalogEvent("ProductAdded", { product: "y" });
    expect(answerScopeOf([launch, added])).toEqual({ products: new Set(["x", "y"]) });
    expect(answerScopeOf([launch, grant])).toBe("all");
    expect(answerScopeOf([grant])).toEqual({ agreements: new Set(["deal"]) });
    const cloud = catalogEvent("ProviderAdded", { provider: "v" });
    expect(answerScopeOf([cloud])).toEqual({ providers: new Set(["v"]) });
    expect(answerScopeOf([cloud, launch])).toBe("all");
  });

  it("given retirements alone, then the grids; beside one kind of entry, that kind's cells; beside an agreement's events, every cell", () => {
    const retired = changed({ kind: "providers", entry: "v", retired: true });
    const back = changed({ kind: "products", entry: "x", retired: false });
    expect(answerScopeOf([retired, back])).toBe("grids");
    expect(answerScopeOf([retired, launch])).toEqual({ products: new Set(["x"]) });
    expect(answerScopeOf([retired, grant])).toBe("all");
    const segment = changed({ kind: "segments", entry: "s", retired: true });
    expect(answerScopeOf([segment])).toBeUndefined();
  });
});
