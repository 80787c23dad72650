import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { AlreadyExistsError, RuleViolationError, ValidationError } from "../errors.ts";
import type { StoredEvent } from "../events/envelope.ts";
import { type Catalog, emptyCatalog } from "./catalog.ts";
import { catalogEventsNotYetApplied, decideCatalogEvents } from "./decide-catalog.ts";
import { evolveCatalog } from "./evolve-catalog.ts";

const today = "2026-12-01";
type Input = Record<string, unknown>;

/** Given a catalog built from these events, when more are decided: the decided events folded in. */
function given(...inputs: Input[]): Catalog {
  return apply(emptyCatalog(), inputs);
}
function apply(catalog: Catalog, inputs: Input[]): Catalog {
  return decideCatalogEvents(catalog, inputs, { today }).reduce(
    (current, event) =>
      evolveCatalog(current, {
        ...event,
        tenant: "t",
        agreementId: "_catalog",
        id: `e${current.version + 1}`,
        version: current.version + 1,
        recordedAt: `${today}T00:00:00Z`,
        recordedBy: "test",
      } satisfies StoredEvent),
    catalog,
  );
}
function thenThrows(
  catalog: Catalog,
  input: Input,
  kind: new (...a: never[]) => Error,
  path: string,
) {
  let caught: unknown;
  try {
    decideCatalogEvents(catalog, [input], { today });
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(kind);
  expect((caught as { errors?: { path: string }[] }).errors?.map((e) => e.path)).toEqual([path]);
}

const party = (id: string, name = id.toUpperCase()) => ({ type: "PartyAdded", party: id, name });
const kind = (id: string) => ({ type: "ProductClassAdded", productClass: id, name: id });
const product = (id: string, more: Input = {}) => ({
  type: "ProductAdded",
  product: id,
  name: id,
  class: "models",
  owner: "maker",
  ...more,
});
const change = (fields: Input) => ({ type: "CatalogEntryChanged", ...fields });

describe("a tenant's catalog", () => {
  it("starts with the commercial segment only", () => {
    expect(emptyCatalog()).toMatchObject({
      parties: [],
      providers: [],
      products: [],
      segments: [{ id: "commercial", name: "Commercial" }],
    });
  });

  it("adds entries that name entries added before them", () => {
    const catalog = given(
      party("maker"),
      party("cloudco"),
      kind("models"),
      {
        type: "ProviderAdded",
        provider: "cloud",
        name: "Cloud",
        party: "cloudco",
        channel: "cloud",
      },
      product("big", { availableFrom: "2027-03" }),
    );
    expect(catalog.providers).toEqual([
      { id: "cloud", name: "Cloud", party: "cloudco", channel: "cloud" },
    ]);
    expect(catalog.products).toEqual([
      { id: "big", name: "big", class: "models", owner: "maker", availableFrom: "2027-03" },
    ]);
    expect(catalog.version).toBe(5);
  });

  it("refuses an id taken within its kind (409), but the same id in another kind is fine", () => {
    const catalog = given(party("maker"));
    thenThrows(catalog, party("maker", "Other"), AlreadyExistsError, "0.party");
    expect(
      given(party("maker"), { type: "SegmentAdded", segment: "maker", name: "M" }).segments,
    ).toHaveLength(2);
  });

  it("refuses a reference to an entry that is not there (422), at the field", () => {
    thenThrows(given(kind("models")), product("big"), RuleViolationError, "0.owner");
    thenThrows(given(party("maker")), product("big"), RuleViolationError, "0.class");
    const provider = {
      type: "ProviderAdded",
      provider: "c",
      name: "C",
      party: "nobody",
      channel: "cloud",
    };
    thenThrows(emptyCatalog(), provider, RuleViolationError, "0.party");
  });

  it("refuses a malformed entry (400): an id that is not a slug, an unknown channel", () => {
    thenThrows(emptyCatalog(), party("Not A Slug"), ValidationError, "0.party");
    const provider = {
      type: "ProviderAdded",
      provider: "c",
      name: "C",
      party: "p",
      channel: "satellite",
    };
    thenThrows(given(party("p")), provider, ValidationError, "0.channel");
  });

  it("renames, dates and retires entries, never deleting them", () => {
    const catalog = given(
      party("maker"),
      kind("models"),
      product("big", { availableFrom: "2027" }),
      change({ kind: "products", entry: "big", name: "Big One", availableFrom: null }),
      change({ kind: "parties", entry: "maker", retired: true }),
    );
    expect(catalog.products).toEqual([
      { id: "big", name: "Big One", class: "models", owner: "maker" },
    ]);
    expect(catalog.parties).toEqual([{ id: "maker", name: "MAKER", retired: true }]);
    const back = apply(catalog, [change({ kind: "parties", entry: "maker", retired: false })]);
    expect(back.parties).toEqual([{ id: "maker", name: "MAKER" }]);
  });

  it("refuses a change to an entry that does not exist, or a launch date on a party", () => {
    thenThrows(
      emptyCatalog(),
      change({ kind: "parties", entry: "ghost", name: "G" }),
      RuleViolationError,
      "0.entry",
    );
    const withParty = given(party("maker"));
    thenThrows(
      withParty,
      change({ kind: "parties", entry: "maker", availableFrom: "2027" }),
      RuleViolationError,
      "0.availableFrom",
    );
    thenThrows(withParty, change({ kind: "parties", entry: "maker" }), ValidationError, "0.name");
  });
});

/** Random catalogs: parties, a class, products of them, then renames and retirements. */
const catalogHistory = fc
  .tuple(
    fc.uniqueArray(fc.constantFrom("a", "b", "c", "d", "e"), { minLength: 1 }),
    fc.uniqueArray(fc.constantFrom("p1", "p2", "p3"), { maxLength: 3 }),
    fc.array(
      fc.record({
        entry: fc.nat(10),
        name: fc.option(fc.constantFrom("X", "Y", "Z"), { nil: undefined }),
        retired: fc.option(fc.boolean(), { nil: undefined }),
      }),
      { maxLength: 6 },
    ),
  )
  .map(([parties, products, changes]) => {
    const owner = parties[0] as string;
    const inputs: Input[] = [...parties.map((id) => party(id)), kind("models")];
    inputs.push(...products.map((id) => product(id, { owner })));
    for (const { entry, name, retired } of changes) {
      if (name === undefined && retired === undefined) continue;
      const id = parties[entry % parties.length] as string;
      inputs.push(
        change({
          kind: "parties",
          entry: id,
          ...(name ? { name } : {}),
          ...(retired !== undefined ? { retired } : {}),
        }),
      );
    }
    return inputs;
  });

describe("importing catalog events", () => {
  it("writes nothing the second time, whatever renames and retirements the document holds", () => {
    fc.assert(
      fc.property(catalogHistory, (inputs) => {
        const imported = apply(emptyCatalog(), catalogEventsNotYetApplied(emptyCatalog(), inputs));
        expect(catalogEventsNotYetApplied(imported, inputs)).toEqual([]);
      }),
    );
  });

  it("ends where the whole document ends when part of it was already imported", () => {
    fc.assert(
      fc.property(catalogHistory, fc.nat(), (inputs, cut) => {
        const whole = given(...inputs);
        const part = given(...inputs.slice(0, cut % (inputs.length + 1)));
        const resumed = apply(part, catalogEventsNotYetApplied(part, inputs));
        const { version: _v1, ...expected } = whole;
        const { version: _v2, ...actual } = resumed;
        expect(actual).toEqual(expected);
      }),
    );
  });
});
