import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Catalog } from "../catalog/catalog.ts";
import { emptyCatalog } from "../catalog/catalog.ts";
import { namePlaceholders, withNames, withNamesIfKnown } from "./name-tokens.ts";
import { type Names, namesIn } from "./names.ts";

const kinds = [
  "party",
  "provider",
  "product",
  "productClass",
  "productClassInText",
  "segment",
] as const;
/** The catalog list a kind of name reads from. */
const listOf = (kind: (typeof kinds)[number]) =>
  kind === "productClassInText" ? "productClass" : kind;

/** A catalog naming ids a-c of every kind, with names that are hard to substitute. */
const catalogNamed = (names: string[]): Catalog => {
  const entries = (prefix: string) =>
    ["a", "b", "c"].map((id, index) => ({ id: `${prefix}-${id}`, name: names[index] ?? id }));
  return {
    ...emptyCatalog(),
    parties: entries("party"),
    providers: entries("provider").map((entry) => ({
      ...entry,
      party: "party-a",
      channel: "cloud" as const,
    })),
    products: entries("product").map((entry) => ({ ...entry, class: "x", owner: "party-a" })),
    productClasses: entries("productClass"),
    segments: entries("segment"),
  };
};

/** A sentence of literal text and names, written with one set of names. */
type Piece = string | { kind: (typeof kinds)[number]; id: unknown };
const sentence = (pieces: Piece[], names: Names) =>
  pieces.map((piece) => (typeof piece === "string" ? piece : names[piece.kind](piece.id))).join("");

const piece: fc.Arbitrary<Piece> = fc.oneof(
  fc.string(),
  fc.record({
    kind: fc.constantFrom(...kinds),
    // Ids of the catalog, ids it lacks (they read as themselves), and ids that are not text.
    id: fc.oneof(
      fc.constantFrom("a", "b", "c", "z"),
      fc.constant(undefined),
      fc.integer(),
      fc.constant(""),
    ),
  }),
);

describe("names as placeholders", () => {
  it("given any sentence, when written with placeholders and read in a catalog's names, then it is the sentence written with those names", () => {
    fc.assert(
      fc.property(
        fc.array(piece, { maxLength: 8 }),
        fc.array(fc.constantFrom("AWS", "Azure ($&)", "Google (incl. Vertex)", '$1 \\ "q"'), {
          minLength: 3,
          maxLength: 3,
        }),
        (raw, names) => {
          const pieces = raw.map((p) =>
            typeof p === "string" || typeof p.id !== "string" || p.id === ""
              ? p
              : { ...p, id: `${listOf(p.kind)}-${p.id}` },
          );
          const named = namesIn(catalogNamed(names));
          const stored = { reasons: [{ summary: sentence(pieces, namePlaceholders), n: 1 }] };
          expect(withNames(stored, named)).toEqual({
            reasons: [{ summary: sentence(pieces, named), n: 1 }],
          });
        },
      ),
    );
  });

  it("given a stored reason, when the provider is renamed, then it reads in the new name", () => {
    const stored = `Exclusive to ${namePlaceholders.provider("provider-a")}`;
    expect(withNames(stored, namesIn(catalogNamed(["Azure"])))).toBe("Exclusive to Azure");
    expect(withNames(stored, namesIn(catalogNamed(["Azure Cloud"])))).toBe(
      "Exclusive to Azure Cloud",
    );
  });

  it("given any sentence, when named only if the catalog knows every entry it cites, then it is named exactly when none is missing", () => {
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 8 }), (raw) => {
        const pieces = raw.map((p) =>
          typeof p === "string" || typeof p.id !== "string" || p.id === ""
            ? p
            : { ...p, id: `${listOf(p.kind)}-${p.id}` },
        );
        const catalog = catalogNamed(["AWS", "Azure", "Google"]);
        const stored = { summary: sentence(pieces, namePlaceholders) };
        // Ids that are not text never become placeholders: they cite nothing.
        const citesMissing = pieces.some(
          (p) => typeof p !== "string" && typeof p.id === "string" && p.id.endsWith("-z"),
        );
        expect(withNamesIfKnown(stored, catalog)).toEqual(
          citesMissing ? undefined : withNames(stored, namesIn(catalog)),
        );
      }),
    );
  });

  it("given a reason citing a product added after the catalog was read, when named only if known, then it is not named", () => {
    const stored = `Licensed for ${namePlaceholders.product("product-d")}`;
    expect(withNamesIfKnown(stored, catalogNamed(["A", "B", "C"]))).toBeUndefined();
    expect(
      withNamesIfKnown(
        `Licensed for ${namePlaceholders.product("product-a")}`,
        catalogNamed(["A"]),
      ),
    ).toBe("Licensed for A");
  });

  it("given any JSON holding no placeholder, when named, then it is an equal copy and the original is untouched", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const before = JSON.stringify(value);
        const named = withNames(value, namesIn(catalogNamed(["AWS"])));
        expect(named).toEqual(value);
        expect(JSON.stringify(value)).toBe(before);
      }),
    );
  });

  it("given an answer repeating one reason and holding a __proto__ key, when named, then every copy is named and the key stays a key", () => {
    const summary = `Granted to ${namePlaceholders.provider("provider-b")}`;
    const stored = JSON.parse(
      JSON.stringify({ reasons: [{ summary }, { summary }], nested: [[summary]] }).replace(
        '"nested"',
        '"__proto__"',
      ),
    ) as Record<string, unknown>;
    const named = withNames(stored, namesIn(catalogNamed(["AWS", "Azure"])));
    expect(named.reasons).toEqual([
      { summary: "Granted to Azure" },
      { summary: "Granted to Azure" },
    ]);
    expect(Object.getPrototypeOf(named)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(named, "__proto__")?.value).toEqual([
      ["Granted to Azure"],
    ]);
    expect((stored.reasons as { summary: string }[])[0]?.summary).toBe(summary);
  });
});
