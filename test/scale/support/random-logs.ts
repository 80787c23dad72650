import {
  type AgreementState,
  type Catalog,
  type CatalogKind,
  daysAfter,
  decideAppend,
  decideCatalogEvents,
  decideRecordAgreement,
  emptyCatalog,
  entriesOf,
  evolveCatalog,
  historyOf,
  initialAgreementState,
  type PendingEvent,
  type Precision,
  type StoredEvent,
  TermlineError,
  toFuzzy,
} from "@termline/core";
import fc from "fast-check";
import { defaultAgreement } from "../../../packages/core/src/testing/decider-spec.ts";
import {
  commit,
  referenceDocument,
} from "../../../packages/core/src/testing/in-memory-agreements.ts";
import {
  EPOCH,
  type Op,
  opArbitrary,
  PRODUCTS,
  SPAN_DAYS,
} from "../../../packages/core/src/testing/portfolio-arbitraries.ts";
import { eventOf } from "../../../packages/core/src/testing/portfolio-builder.ts";
import type { Json } from "../../api/support.ts";

/**
 * Random logs for the answers model's property tests: what the arbitraries generate (terms,
 * corrections, retractions, catalog changes), and how each becomes commits decided by the real
 * deciders.
 */

export const CATALOG_STREAM = "_catalog";
/** The log starts here; commits follow each other by minutes to days. */
export const FIRST_RECORDED = Date.parse("2026-06-01T00:00:00.000Z");

export const precision = fc.constantFrom<Precision>("day", "day", "day", "month", "year");

/** A correction of an earlier event: its date moved, and perhaps its end, at some precision. */
export const correction = fc.record({
  op: fc.constant("correct" as const),
  pick: fc.nat(),
  shift: fc.integer({ min: -300, max: 300 }),
  precision,
  until: fc.option(fc.record({ days: fc.integer({ min: 0, max: SPAN_DAYS }), precision }), {
    nil: undefined,
  }),
  /** Other products for a grant: a correction can take a product out of an agreement. */
  products: fc.option(
    fc.uniqueArray(fc.constantFrom(...PRODUCTS), { minLength: 1, maxLength: 2 }),
    {
      nil: undefined,
    },
  ),
});
export type Correction = typeof correction extends fc.Arbitrary<infer T> ? T : never;

/**
 * A retraction of one of the latest events (the ops' own retraction picks any, and most are
 * refused, as later events depend on them): what it takes away, even a product the agreement
 * no longer names, must leave the answers.
 */
export const withdrawal = fc.record({
  op: fc.constant("withdraw" as const),
  back: fc.nat({ max: 3 }),
});
export type Withdrawal = typeof withdrawal extends fc.Arbitrary<infer T> ? T : never;
export type Step = Op | Correction | Withdrawal;

/**
 * Changes to the catalog after the first commit: renames (names are in every reason),
 * retirements and their undoing, launch dates, and entries added later (a product of an
 * existing class, which class-wide terms then reach; a provider; a segment). A product's class
 * cannot change: the catalog's vocabulary fixes it once added.
 */
export const catalogChange = fc.oneof(
  fc.record({
    change: fc.constant("rename" as const),
    kind: fc.constantFrom<CatalogKind>("products", "providers", "product-classes", "segments"),
    pick: fc.nat(),
    name: fc.constantFrom("Renamed", "Known by another name"),
  }),
  fc.record({
    change: fc.constant("retire" as const),
    kind: fc.constantFrom<CatalogKind>(
      "products",
      "providers",
      "product-classes",
      "segments",
      "parties",
    ),
    pick: fc.nat(),
    retired: fc.boolean(),
  }),
  fc.record({
    change: fc.constant("launch" as const),
    pick: fc.nat(),
    days: fc.option(fc.integer({ min: -200, max: SPAN_DAYS }), { nil: null }),
    precision,
    bounded: fc.boolean(),
  }),
  fc.record({ change: fc.constant("add-product" as const), pick: fc.nat() }),
  fc.record({
    change: fc.constant("add-provider" as const),
    channel: fc.constantFrom("cloud", "reseller"),
  }),
  fc.constant({ change: "add-segment" as const }),
);
export type CatalogChange = typeof catalogChange extends fc.Arbitrary<infer T> ? T : never;

export const logShape = fc.record({
  agreements: fc.array(
    fc.array(
      fc.oneof(
        { weight: 6, arbitrary: opArbitrary() as fc.Arbitrary<Step> },
        { weight: 1, arbitrary: correction as fc.Arbitrary<Step> },
        { weight: 1, arbitrary: withdrawal as fc.Arbitrary<Step> },
      ),
      { minLength: 2, maxLength: 9 },
    ),
    { minLength: 1, maxLength: 3 },
  ),
  /** Ids in an order of their own, so the agreements' key order is not the order recorded. */
  ids: fc.shuffledSubarray(["delta-deal", "alpha-deal", "kilo-deal", "bravo-deal"], {
    minLength: 3,
    maxLength: 3,
  }),
  /**
   * Whether the catalog starts with the government segment. Without it (half the runs, each
   * segment doubling the cells to refresh) grants for government are refused until a catalog
   * change adds it.
   */
  government: fc.boolean(),
  catalog: fc.array(catalogChange, { maxLength: 3 }),
  /** Which source commits next: an agreement or the catalog, each in its own order. */
  picks: fc.array(fc.nat(), { minLength: 30, maxLength: 30 }),
  /** Minutes between one commit and the next: distinct, increasing instants. */
  gaps: fc.array(fc.integer({ min: 1, max: 3 * 24 * 60 }), { minLength: 30, maxLength: 30 }),
});
export type LogShape = typeof logShape extends fc.Arbitrary<infer T> ? T : never;

/** The reference case's catalog, perhaps without its government segment. */
export const firstCatalog = (government: boolean) =>
  referenceDocument.catalog.filter(
    (event) => government || !(event.type === "SegmentAdded" && event.segment === "government"),
  );

export interface Commit {
  stream: string;
  events: PendingEvent[];
  recordedAt: string;
}

export const refused = (error: unknown) => {
  if (error instanceof TermlineError) return undefined;
  throw error;
};

/** The replacement of an earlier event, or nothing when there is none to correct. */
/** The events a correction or retraction may name: neither the record nor a supersession. */
export const supersedable = (state: AgreementState) =>
  historyOf(state, "a correction").filter(
    ({ type, version }) =>
      type !== "EventCorrected" &&
      type !== "EventRetracted" &&
      type !== "AgreementRecorded" &&
      state.supersessions[version]?.kind !== "retracted",
  );

export function withdrawalOf(step: Withdrawal, state: AgreementState) {
  const candidates = supersedable(state);
  const target = candidates[candidates.length - 1 - (step.back % Math.max(candidates.length, 1))];
  return target && { type: "EventRetracted", retractsVersion: target.version, reason: "withdrawn" };
}

export function correctionOf(step: Correction, state: AgreementState) {
  const candidates = supersedable(state);
  const original = candidates[step.pick % Math.max(candidates.length, 1)];
  if (!original) return undefined;
  const effectiveOn = toFuzzy(daysAfter(original.effectiveOn, step.shift), step.precision);
  const until = step.until
    ? { until: toFuzzy(daysAfter(original.effectiveOn, step.until.days), step.until.precision) }
    : {};
  const moved = "until" in original.data ? until : {};
  const products = step.products && "products" in original.data ? { products: step.products } : {};
  return {
    type: "EventCorrected",
    correctsVersion: original.version,
    reason: "misreported",
    replacement: { ...original.data, ...moved, ...products, effectiveOn },
  };
}

/** The catalog event a change stands for, in this catalog as it stands. */
export function catalogEventOf(change: CatalogChange, catalog: Catalog): Json {
  const pickOf = <T>(list: T[], pick: number) => list[pick % list.length];
  switch (change.change) {
    case "rename":
      return {
        type: "CatalogEntryChanged",
        kind: change.kind,
        entry: pickOf(entriesOf(catalog, change.kind), change.pick)?.id,
        name: change.name,
      };
    case "retire": {
      const entry = pickOf(entriesOf(catalog, change.kind), change.pick)?.id;
      return { type: "CatalogEntryChanged", kind: change.kind, entry, retired: change.retired };
    }
    case "launch": {
      const entry = pickOf(catalog.products, change.pick)?.id;
      const day = change.days === null ? null : daysAfter(EPOCH, change.days);
      const launch =
        day === null
          ? { availableFrom: null }
          : change.bounded
            ? { availableBy: day }
            : { availableFrom: toFuzzy(day, change.precision) };
      return { type: "CatalogEntryChanged", kind: "products", entry, ...launch };
    }
    case "add-product":
      return {
        type: "ProductAdded",
        product: "late-model",
        name: "A late model",
        class: pickOf(catalog.productClasses, change.pick)?.id,
        owner: "openai",
      };
    case "add-provider":
      return {
        type: "ProviderAdded",
        provider: "late-cloud",
        name: "A late cloud",
        party: "nvidia",
        channel: change.channel,
      };
    case "add-segment":
      // The reference catalog's second segment, when the log started without it.
      return { type: "SegmentAdded", segment: "government", name: "Government" };
  }
}

export const stored = (
  tenant: string,
  stream: string,
  version: number,
  event: PendingEvent,
  recordedAt: string,
): StoredEvent => ({
  ...event,
  tenant,
  agreementId: stream,
  id: `${stream}-${version}`,
  version,
  recordedAt,
  recordedBy: "loader",
});

/**
 * The commits a shape stands for, each decided by the real deciders on the agreement and the
 * catalog as the commits before it leave them (so the log is one the API could have written):
 * the reference catalog first, then the agreements' steps and the catalog's changes
 * interleaved. A step the decider refuses is left out.
 */
export function commitsOf(tenant: string, shape: LogShape): Commit[] {
  let clock = FIRST_RECORDED;
  let gap = 0;
  const nextInstant = () => {
    clock += (shape.gaps[gap++ % shape.gaps.length] ?? 1) * 60_000;
    return new Date(clock).toISOString();
  };
  const commits: Commit[] = [];
  let catalog = emptyCatalog();
  const addToCatalog = (events: PendingEvent[], recordedAt: string) => {
    for (const event of events)
      catalog = evolveCatalog(
        catalog,
        stored(tenant, CATALOG_STREAM, catalog.version + 1, event, recordedAt),
      );
    commits.push({ stream: CATALOG_STREAM, events, recordedAt });
  };
  const first = new Date(FIRST_RECORDED).toISOString();
  addToCatalog(
    decideCatalogEvents(catalog, firstCatalog(shape.government), { today: "2026-06-01" }),
    first,
  );

  type Source = { next: () => void; left: () => number };
  const sources: Source[] = shape.agreements.map((steps, index) => {
    const id = shape.ids[index] ?? `deal-${index}`;
    let state = initialAgreementState(tenant, id);
    let at = -1;
    return {
      left: () => steps.length - at,
      next() {
        const recordedAt = nextInstant();
        const context = { today: recordedAt.slice(0, 10), catalog };
        const step = at < 0 ? undefined : steps[at];
        at++;
        let events: PendingEvent[] | undefined;
        try {
          if (!step) events = decideRecordAgreement(state, { ...defaultAgreement, id }, context);
          else {
            const input =
              step.op === "correct"
                ? correctionOf(step, state)
                : step.op === "withdraw"
                  ? withdrawalOf(step, state)
                  : eventOf(step, state);
            if (input)
              events = decideAppend(
                state,
                { expectedVersion: state.version, events: [input] },
                context,
              );
          }
        } catch (error) {
          events = refused(error);
        }
        if (!events) return;
        state = commit(state, events, recordedAt);
        commits.push({ stream: id, events, recordedAt });
      },
    };
  });
  let change = 0;
  sources.push({
    left: () => shape.catalog.length - change,
    next() {
      const input = catalogEventOf(shape.catalog[change++] as CatalogChange, catalog);
      const recordedAt = nextInstant();
      try {
        addToCatalog(
          decideCatalogEvents(catalog, [input], { today: recordedAt.slice(0, 10) }),
          recordedAt,
        );
      } catch (error) {
        refused(error);
      }
    },
  });
  for (let pick = 0; ; pick++) {
    const open = sources.filter((source) => source.left() > 0);
    if (open.length === 0) break;
    open[(shape.picks[pick % shape.picks.length] ?? 0) % open.length]?.next();
  }
  return commits;
}
