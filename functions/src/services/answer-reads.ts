import {
  type AnswerPeriod,
  type AnswerTimeline,
  answerAt,
  availabilityOf,
  type CalendarDate,
  type Catalog,
  type DateRange,
  type Entitlement,
  type EntitlementCell,
  joinPeriods,
  stretchesWithin,
} from "@termline/core";
import type { View, ViewStore } from "@termline/store";
import { LRUCache } from "lru-cache";
import {
  latestStartingBy,
  periodKey,
  periodOfStored,
  periodsOf,
  type StoredPeriod,
  type StoredTimeline,
  timelineKey,
} from "../projector/answer-items.ts";
import {
  answerKept,
  bodyKeysOf,
  type KnownRevision,
  revisionKey,
  revisionsOf,
} from "../projector/answer-revisions.ts";
import { catalogNamer } from "./catalog-names.ts";
import { answersKeptIn, periodsKeptIn } from "./kept-timelines.ts";
import type { Runtime } from "./runtime.ts";

/**
 * One cell's reads answered from the read model (many cells at once: segment-answers.ts). An
 * answer is undefined when the model cannot give it (a tenant projected before it existed, a
 * period too large to store, a cell of no catalog entry): the caller then checks the ids
 * against the catalog and evaluates the portfolio, which is slower and gives the same answer.
 * A cell's items exist only for ids its catalog has held, and catalog entries are retired,
 * never removed, so an answer found needs no catalog read to vouch for its ids. Its reasons
 * cite entries by id, though: the catalog is read beside it, in parallel, for today's names
 * (so a rename rewrites no answer).
 */

/** An answer from the model, if it has one, and the catalog read beside it. */
export interface Named<T> {
  answer?: T;
  /** Today's: it names the answer's entries, or says which id of the question is unknown. */
  catalog: Catalog;
}

/**
 * What `answer` resolves to, its reasons in the catalog's names: the catalog this container
 * kept (catalog-names.ts), or one GetItem beside the answer. Without an answer the catalog is
 * read now, since the caller checks the question's ids against it.
 */
async function named<T>(
  runtime: Runtime,
  tenant: string,
  answer: Promise<T | undefined>,
): Promise<Named<T>> {
  const namer = catalogNamer(runtime, tenant);
  const found = await answer;
  if (found === undefined) return { catalog: await namer.fresh() };
  return { answer: await namer.name(found), catalog: await namer.catalog() };
}

/**
 * The answer on `at`: the cell's whole timeline (one GetItem), or, for a timeline too large to
 * keep whole, one Query for its latest period starting by then (sent with the GetItem once
 * this container knows the cell is large).
 */
export const readAnswerAt = (
  runtime: Runtime,
  tenant: string,
  cell: EntitlementCell,
  at: CalendarDate,
): Promise<Named<Entitlement>> =>
  named(runtime, tenant, answerOn(runtime.viewStore, tenant, cell, at));

async function answerOn(
  viewStore: ViewStore,
  tenant: string,
  cell: EntitlementCell,
  at: CalendarDate,
) {
  const { whole, periods } = await timelineOrPeriods(viewStore, tenant, cell, () =>
    latestPeriodBy(viewStore, tenant, cell, at),
  );
  return whole ? answerAt(whole, at) : answerFrom(cell, await periods(), at);
}

/**
 * Cells this container found too large to keep whole, by table, tenant and cell. Such a cell
 * seldom shrinks back, so for these the timeline item and the period items are read together:
 * one round trip rather than two, the same two calls. A timeline found whole still wins.
 */
const largeCells = new LRUCache<string, true>({ max: 10_000 });
const largeCellKey = (viewStore: ViewStore, tenant: string, cell: EntitlementCell) =>
  JSON.stringify([viewStore.tableName, tenant, timelineKey(cell)]);

/**
 * The cell's timeline item (answer-items.ts) when it is kept whole, or else its period items as
 * `readPeriods` reads them: a timeline item that is a mark, or none at all.
 */
async function timelineOrPeriods<T>(
  viewStore: ViewStore,
  tenant: string,
  cell: EntitlementCell,
  readPeriods: () => Promise<T>,
): Promise<{ whole?: AnswerTimeline; periods: () => Promise<T> }> {
  const key = largeCellKey(viewStore, tenant, cell);
  const early = largeCells.has(key) ? readPeriods() : undefined;
  // Read early and not needed: its failure is not the caller's.
  early?.catch(() => undefined);
  const stored = (await viewStore.getView(tenant, timelineKey(cell)))?.body as
    | StoredTimeline
    | undefined;
  const kept = stored && periodsKeptIn(stored);
  // A cell never written (outside the model) is not large: its next read stays one call.
  if (stored && !kept) largeCells.set(key, true);
  else largeCells.delete(key);
  const { product, provider, segment } = cell;
  return {
    ...(kept ? { whole: { product, provider, segment, periods: kept } } : {}),
    periods: () => early ?? readPeriods(),
  };
}

/** The windows over a range, from the cell's timeline as `readAnswerAt` reads it. */
export const readAvailability = (
  runtime: Runtime,
  tenant: string,
  cell: EntitlementCell,
  range: DateRange,
) => named(runtime, tenant, availabilityFromModel(runtime.viewStore, tenant, cell, range));

/** The whole timeline's stretches (one GetItem), or, without it, the periods over the range. */
async function availabilityFromModel(
  viewStore: ViewStore,
  tenant: string,
  cell: EntitlementCell,
  range: DateRange,
) {
  const { whole, periods } = await timelineOrPeriods(viewStore, tenant, cell, () =>
    availabilityFromPeriods(viewStore, tenant, cell, range),
  );
  return whole ? availabilityOf(cell, stretchesWithin(whole, range)) : periods();
}

/** The period holding the range's first day and those starting within it: two Queries. */
async function availabilityFromPeriods(
  viewStore: ViewStore,
  tenant: string,
  cell: EntitlementCell,
  range: DateRange,
) {
  const [holding, within] = await Promise.all([
    latestPeriodBy(viewStore, tenant, cell, range.from),
    range.to > range.from
      ? viewStore.queryViews(tenant, {
          from: periodKey(cell, range.from),
          to: periodKey(cell, range.to),
        })
      : Promise.resolve([]),
  ]);
  const first = holding[0]?.key;
  const timeline = timelineFrom(cell, [...holding, ...within.filter(({ key }) => key !== first)]);
  return timeline && availabilityOf(cell, stretchesWithin(timeline, range));
}

/**
 * The answer on `at` as known at `knownAt`: the cell's revision by then (one Query), and the
 * answer of its period holding `at` (in the revision when small, else one BatchGetItem).
 * Undefined in a gap, before the first revision, or without the period's answer: the caller
 * evaluates the log as known then.
 */
export const readAnswerKnownAt = (
  runtime: Runtime,
  tenant: string,
  cell: EntitlementCell,
  at: CalendarDate,
  knownAt: string,
): Promise<Named<Entitlement>> =>
  named(runtime, tenant, answerKnownAt(runtime.viewStore, tenant, cell, at, knownAt));

async function answerKnownAt(
  viewStore: ViewStore,
  tenant: string,
  cell: EntitlementCell,
  at: CalendarDate,
  knownAt: string,
) {
  const revision = await revisionBy(viewStore, tenant, cell, knownAt);
  const entry = revision && latestStartingBy(revision.periods, at);
  if (!revision || !entry) return undefined;
  const [period] = await answersOf(viewStore, tenant, cell, revision, [entry]);
  return period && answerAt(timelineOf(cell, [period]), at);
}

/** The windows over a range as known at `knownAt`: the revision, then its periods' answers. */
export const readAvailabilityKnownAt = (
  runtime: Runtime,
  tenant: string,
  cell: EntitlementCell,
  range: DateRange,
  knownAt: string,
) => named(runtime, tenant, availabilityKnownAt(runtime.viewStore, tenant, cell, range, knownAt));

async function availabilityKnownAt(
  viewStore: ViewStore,
  tenant: string,
  cell: EntitlementCell,
  range: DateRange,
  knownAt: string,
) {
  const revision = await revisionBy(viewStore, tenant, cell, knownAt);
  const first = revision && latestStartingBy(revision.periods, range.from);
  if (!revision || !first) return undefined;
  const within = revision.periods.filter(([from]) => from > first[0] && from <= range.to);
  const periods = await answersOf(viewStore, tenant, cell, revision, [first, ...within]);
  if (periods.length !== within.length + 1) return undefined;
  return availabilityOf(cell, stretchesWithin(timelineOf(cell, periods), range));
}

/**
 * The cell's revision labelled by `knownAt`; undefined for none, a gap, or one whose history
 * stopped before the revision that follows it by `knownAt` was written (answer-history.ts).
 */
async function revisionBy(
  viewStore: ViewStore,
  tenant: string,
  cell: EntitlementCell,
  knownAt: string,
) {
  const [revision] = await viewStore.queryViews(
    tenant,
    { from: revisionsOf(cell), to: revisionKey(cell, knownAt) },
    { limit: 1, newestFirst: true },
  );
  const body = revision?.body as KnownRevision | undefined;
  if (!body || !("periods" in body)) return undefined;
  return body.until !== undefined && body.until <= knownAt ? undefined : body;
}

/** The answers of a revision's entries, in their order: those found. */
async function answersOf(
  viewStore: ViewStore,
  tenant: string,
  cell: EntitlementCell,
  revision: Exclude<KnownRevision, { gap: true }>,
  entries: [from: CalendarDate, digest: string][],
): Promise<AnswerPeriod[]> {
  // A revision carries the answers of the periods nearest its instant, all when they fit: the
  // others are read by digest.
  const kept = answersKeptIn(revision) ?? {};
  const missing = entries.filter(([, digest]) => kept[digest] === undefined);
  const answers =
    missing.length === 0
      ? kept
      : { ...kept, ...(await storedAnswers(viewStore, tenant, cell, missing)) };
  return entries.flatMap(([from, digest]) => {
    const answer = answers[digest];
    return answer ? [{ from, answer }] : [];
  });
}

/** The answers stored under the entries' digests, whole or deflated (one BatchGetItem), by digest. */
async function storedAnswers(
  viewStore: ViewStore,
  tenant: string,
  cell: EntitlementCell,
  entries: [from: CalendarDate, digest: string][],
): Promise<Record<string, AnswerPeriod["answer"]>> {
  const keys = [...new Set(entries.flatMap(([, digest]) => bodyKeysOf(cell, digest)))];
  const views = await viewStore.getViews(tenant, keys);
  return Object.fromEntries(views.map((view) => answerKept(cell, view)));
}

const timelineOf = ({ product, provider, segment }: EntitlementCell, periods: AnswerPeriod[]) => ({
  product,
  provider,
  segment,
  periods: joinPeriods(periods),
});

const latestPeriodBy = (
  viewStore: ViewStore,
  tenant: string,
  cell: EntitlementCell,
  at: CalendarDate,
) =>
  viewStore.queryViews(
    tenant,
    { from: periodsOf(cell), to: periodKey(cell, at) },
    { limit: 1, newestFirst: true },
  );

/** The answer on `at` of a cell's period items, in key order; undefined if one is a mark. */
export function answerFrom(cell: EntitlementCell, periods: View[], at: CalendarDate) {
  const timeline = timelineFrom(cell, periods);
  return timeline && answerAt(timeline, at);
}

/** Period items in key order as a timeline; undefined if there are none or one is a mark. */
function timelineFrom(cell: EntitlementCell, views: View[]): AnswerTimeline | undefined {
  if (views.length === 0) return undefined;
  const periods: AnswerPeriod[] = [];
  for (const { body } of views) {
    const period = periodOfStored(body as StoredPeriod);
    if (!period) return undefined;
    periods.push(period);
  }
  return timelineOf(cell, periods);
}
