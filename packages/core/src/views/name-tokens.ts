import type { Catalog } from "../catalog/catalog.ts";
import { type Names, namesIn, text } from "./names.ts";

/**
 * Names as placeholders, for text that is stored and read later. A rename is then a change to
 * the catalog alone: stored answers cite entries by id and read in the names of the day, instead
 * of every answer that mentions the entry being written again (at 1,000 agreements, renaming a
 * cloud rewrote 300 MB of answers and took most of a minute).
 *
 * A placeholder is `U+E000 kind U+E001 id U+E002`: private-use characters, which no name, id or
 * source text the API accepts is expected to hold, and which JSON keeps as they are. Text that
 * holds one must not be transformed (a name in lower case is a kind of its own, for that).
 */
const OPEN = "\uE000";
const SPLIT = "\uE001";
const CLOSE = "\uE002";
const PLACEHOLDER =
  /\uE000(party|provider|product|productClass|productClassInText|segment)\uE001([^\uE002]*)\uE002/g;

type NameKind = keyof Names;

const fallbacks: Record<NameKind, string> = {
  party: "an unnamed party",
  provider: "an unnamed provider",
  product: "an unnamed product",
  productClass: "an unnamed class",
  productClassInText: "an unnamed class",
  segment: "an unnamed segment",
};

/** An id that is not text reads as `namesIn` reads it; every other id becomes a placeholder. */
const placeholder = (kind: NameKind) => (id: unknown) => {
  const known = text(id);
  return known === undefined ? fallbacks[kind] : `${OPEN}${kind}${SPLIT}${known}${CLOSE}`;
};

/** Names that stand for ids until `withNames` reads them in a catalog's names. */
export const namePlaceholders: Names = {
  party: placeholder("party"),
  provider: placeholder("provider"),
  product: placeholder("product"),
  productClass: placeholder("productClass"),
  productClassInText: placeholder("productClassInText"),
  segment: placeholder("segment"),
};

/** Every placeholder in `value`'s strings (at any depth) read in `names`; the rest as it is. */
export function withNames<T>(value: T, names: Names): T {
  return rename(value, renamer(names)) as T;
}

/** The catalog list each kind of placeholder names an entry of. */
const listOf = {
  party: "parties",
  provider: "providers",
  product: "products",
  productClass: "productClasses",
  productClassInText: "productClasses",
  segment: "segments",
} as const satisfies Record<NameKind, keyof Catalog>;

/**
 * `withNames` in `catalog`'s names, or undefined when `value` cites an entry `catalog` lacks:
 * a catalog kept from an earlier read can name what it knows, and says when it is too old to.
 */
export function withNamesIfKnown<T>(value: T, catalog: Catalog): T | undefined {
  const names = namesIn(catalog);
  const known = idsOf(catalog);
  let unknown = false;
  const check = (kind: NameKind) => (id: unknown) => {
    if (!known[listOf[kind]].has(id)) unknown = true;
    return names[kind](id);
  };
  const checked: Names = {
    party: check("party"),
    provider: check("provider"),
    product: check("product"),
    productClass: check("productClass"),
    productClassInText: check("productClassInText"),
    segment: check("segment"),
  };
  const named = withNames(value, checked);
  return unknown ? undefined : named;
}

type NamedList = (typeof listOf)[NameKind];

/** Each list's ids, once per catalog object: a kept catalog names many answers. */
const catalogIds = new WeakMap<Catalog, Record<NamedList, Set<unknown>>>();

function idsOf(catalog: Catalog): Record<NamedList, Set<unknown>> {
  const kept = catalogIds.get(catalog);
  if (kept) return kept;
  const ids = (list: NamedList) => new Set<unknown>(catalog[list].map(({ id }) => id));
  const made = {
    parties: ids("parties"),
    providers: ids("providers"),
    products: ids("products"),
    productClasses: ids("productClasses"),
    segments: ids("segments"),
  };
  catalogIds.set(catalog, made);
  return made;
}

/**
 * A string's placeholders read in `names`, each distinct string once: an answer citing hundreds
 * of grants repeats the same few texts, and its renaming was a fifth of a large read's time.
 */
function renamer(names: Names): (text: string) => string {
  const done = new Map<string, string>();
  return (text) => {
    const known = done.get(text);
    if (known !== undefined) return known;
    const named = text.replace(PLACEHOLDER, (_, kind: NameKind, id: string) => names[kind](id));
    done.set(text, named);
    return named;
  };
}

/** A copy of `value` with its strings renamed; loops, not entries, as answers run to megabytes. */
function rename(value: unknown, renamed: (text: string) => string): unknown {
  if (typeof value === "string") return value.includes(OPEN) ? renamed(value) : value;
  if (typeof value !== "object" || value === null) return value;
  if (Array.isArray(value)) {
    const copy: unknown[] = new Array(value.length);
    for (let index = 0; index < value.length; index++) copy[index] = rename(value[index], renamed);
    return copy;
  }
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const item = rename((value as Record<string, unknown>)[key], renamed);
    // Assigning "__proto__" would set the copy's prototype instead of copying the key.
    if (key === "__proto__")
      Object.defineProperty(copy, key, {
        value: item,
        enumerable: true,
        writable: true,
        configurable: true,
      });
    else copy[key] = item;
  }
  return copy;
}
