import {
  type AnswerPeriod,
  type AnswerTimeline,
  answerAt,
  availabilityOf,
  type CalendarDate,
  type Catalog,
  type DateRange,
  type DecisionMatrix,
  type Entitlement,
  type EntitlementCell,
  joinPeriods,
  type Matrix,
  namesIn,
  stretchesWithin,
  withNames,
} from "@termline/core";
import type { View, ViewStore } from "@termline/store";
import {
  type AnswerSummary,
  answerKey,
  answersOfSegment,
  gridKey,
  gridOf,
  latestStartingBy,
  periodKey,
  periodStartOn,
  periodsOf,
  readHead,
  runOn,
  type SegmentGrid,
  type StoredPeriod,
  type StoredTimeline,
  summariesOfSegment,
  summaryKey,
  timelineKey,
  timelinesOf,
} from "../projector/answer-items.ts";
import {
  bodyKey,
  type KnownRevision,
  revisionKey,
  revisionsOf,
} from "../projector/answer-revisions.ts";
import { catalogNamer } from "./catalog-names.ts";
import { loadCatalog } from "./catalog-reads.ts";
import { periodsKeptIn } from "./kept-timelines.ts";
import type { Runtime } from "./runtime.ts";

/**
 * Reads answered from the read model. An answer is undefined when the model cannot give it (a
 * tenant projected before it existed, a period too large to store, a cell of no catalog
 * entry): the caller then checks the ids against the catalog and evaluates the portfolio,
 * which is slower and gives the same answer. A cell's items exist only for ids its catalog
 * has held, and catalog entries are retired, never removed, so an answer found needs no
 * catalog read to vouch for its ids. Its reasons cite entries by id, though: the catalog is read
 * beside it, in parallel, for today's names (so a rename rewrites no answer).
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
 * keep whole, one Query for its latest period starting by then.
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
  const whole = await wholeTimeline(viewStore, tenant, cell);
  if (whole) return answerAt(whole, at);
  return answerFrom(cell, await latestPeriodBy(viewStore, tenant, cell, at), at);
}

/** The cell's timeline item (answer-items.ts), unless it is a mark or was never written. */
async function wholeTimeline(
  viewStore: ViewStore,
  tenant: string,
  cell: EntitlementCell,
): Promise<AnswerTimeline | undefined> {
  const stored = (await viewStore.getView(tenant, timelineKey(cell)))?.body as
    | StoredTimeline
    | undefined;
  const periods = stored && periodsKeptIn(stored);
  if (!periods) return undefined;
  const { product, provider, segment } = cell;
  return { product, provider, segment, periods };
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
  const whole = await wholeTimeline(viewStore, tenant, cell);
  if (whole) return availabilityOf(cell, stretchesWithin(whole, range));
  return availabilityFromPeriods(viewStore, tenant, cell, range);
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

/** The cell's revision labelled by `knownAt`; undefined for none, or a gap. */
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
  return body && "periods" in body ? body : undefined;
}

/** The answers of a revision's entries, in their order: those found. */
async function answersOf(
  viewStore: ViewStore,
  tenant: string,
  cell: EntitlementCell,
  revision: Exclude<KnownRevision, { gap: true }>,
  entries: [from: CalendarDate, digest: string][],
): Promise<AnswerPeriod[]> {
  const answers = revision.answers ?? (await storedAnswers(viewStore, tenant, cell, entries));
  return entries.flatMap(([from, digest]) => {
    const answer = answers[digest];
    return answer ? [{ from, answer }] : [];
  });
}

/** The answers stored under the entries' digests (one BatchGetItem), by digest. */
async function storedAnswers(
  viewStore: ViewStore,
  tenant: string,
  cell: EntitlementCell,
  entries: [from: CalendarDate, digest: string][],
): Promise<Record<string, AnswerPeriod["answer"]>> {
  const prefix = bodyKey(cell, "");
  const keys = [...new Set(entries.map(([, digest]) => bodyKey(cell, digest)))];
  const views = await viewStore.getViews(tenant, keys);
  return Object.fromEntries(
    views.map(({ key, body }) => [key.slice(prefix.length), body as AnswerPeriod["answer"]]),
  );
}

const timelineOf = ({ product, provider, segment }: EntitlementCell, periods: AnswerPeriod[]) => ({
  product,
  provider,
  segment,
  periods: joinPeriods(periods),
});

/**
 * A segment's grid and its cells' summaries: one Query, whatever the number of agreements.
 * Without a grid (written with the catalog's changes and rebuilds), the catalog is read too,
 * and a segment it does not hold has no grid.
 */
export async function readSegmentSummaries(
  runtime: Runtime,
  tenant: string,
  segment: string,
): Promise<{
  grid?: Pick<SegmentGrid, "products" | "providers">;
  summaries: Map<string, unknown>;
  catalog?: Catalog;
}> {
  const items = await runtime.viewStore.listViews(tenant, summariesOfSegment(segment));
  const summaries = new Map(items.map(({ key, body }) => [key, body]));
  const first = items[0];
  if (first?.key === gridKey(segment)) return { grid: first.body as SegmentGrid, summaries };
  const catalog = await loadCatalog(runtime, tenant);
  if (!catalog.segments.some(({ id }) => id === segment)) return { summaries, catalog };
  return { grid: gridOf(catalog), summaries, catalog };
}

/** A segment's matrix of decisions on `at`, from its summaries (`readSegmentSummaries`). */
export async function readDecisionMatrix(
  runtime: Runtime,
  tenant: string,
  segment: string,
  at: CalendarDate,
): Promise<{ catalog?: Catalog; matrix: DecisionMatrix | undefined }> {
  const { grid, summaries, catalog } = await readSegmentSummaries(runtime, tenant, segment);
  const matrix = grid && decisionsFrom(grid, segment, summaries, at);
  return catalog ? { catalog, matrix } : { matrix };
}

function decisionsFrom(
  grid: Pick<SegmentGrid, "products" | "providers">,
  segment: string,
  summaries: Map<string, unknown>,
  at: CalendarDate,
): DecisionMatrix | undefined {
  const { products, providers } = grid;
  const cells: DecisionMatrix["cells"] = [];
  for (const product of products)
    for (const provider of providers) {
      const summary = summaries.get(summaryKey({ product, provider, segment }));
      const run = summary ? runOn(summary as AnswerSummary, at) : undefined;
      if (!run) return undefined;
      cells.push({ product, provider, decision: run[1], certainty: run[2] });
    }
  return { at, segment, products, providers, cells };
}

/**
 * A segment's matrix with reasons: its cells' whole timelines and their heads (one Query each,
 * in parallel), then, for the cells whose timeline is too large to keep whole, the periods
 * holding `at`.
 */
export async function readMatrix(
  runtime: Runtime,
  tenant: string,
  segment: string,
  at: CalendarDate,
): Promise<{ catalog: Catalog; matrix: Matrix | undefined }> {
  const { viewStore } = runtime;
  const [kept, heads, catalog] = await Promise.all([
    wholeTimelinesUnder(viewStore, tenant, timelinesOf(segment)),
    viewStore.listViews(tenant, answersOfSegment(segment)),
    loadCatalog(runtime, tenant),
  ]);
  const { products, providers, cells } = cellsOf(catalog, segment);
  const answers = await answersOn(viewStore, tenant, { kept, heads }, cells, at);
  if (!answers) return { catalog, matrix: undefined };
  const matrix = {
    at,
    segment,
    products,
    providers,
    cells: answers.map(({ product, provider, decision, certainty, reasons }) => ({
      product,
      provider,
      decision,
      certainty,
      reasons,
    })),
  };
  return { catalog, matrix: withNames(matrix, namesIn(catalog)) };
}

/**
 * One product's answers on `at` on each of `providers` (every offered one if none is named),
 * as a workload asks them: the product's whole timelines and heads in the segment (one Query
 * each, beside the catalog's read), then, for cells whose timeline is too large to keep whole,
 * the periods holding `at` (one BatchGetItem), whatever the number of agreements.
 */
export async function readProductAnswers(
  runtime: Runtime,
  tenant: string,
  asked: { product: string; segment: string; providers?: string[] | undefined },
  at: CalendarDate,
): Promise<Named<Entitlement[]>> {
  const { product, segment } = asked;
  const { viewStore } = runtime;
  const [kept, heads, catalog] = await Promise.all([
    wholeTimelinesUnder(viewStore, tenant, timelinesOf(segment, product)),
    viewStore.listViews(tenant, `${answersOfSegment(segment)}${product}#`),
    loadCatalog(runtime, tenant),
  ]);
  const providers = asked.providers ?? gridOf(catalog).providers;
  const cells = providers.map((provider) => ({ product, provider, segment }));
  const answers = await answersOn(viewStore, tenant, { kept, heads }, cells, at);
  return answers ? { answer: withNames(answers, namesIn(catalog)), catalog } : { catalog };
}

/** The whole timelines kept under a prefix of their keys (marks left out), by key. */
async function wholeTimelinesUnder(
  viewStore: ViewStore,
  tenant: string,
  prefix: string,
): Promise<Map<string, readonly AnswerPeriod[]>> {
  const views = await viewStore.listViews(tenant, prefix);
  return new Map(
    views.flatMap(({ key, body }) => {
      const periods = periodsKeptIn(body as StoredTimeline);
      return periods ? [[key, periods] as const] : [];
    }),
  );
}

/**
 * The cells' answers on `at`: from their whole timelines where kept, else the periods holding
 * it, as the cells' heads list them (one BatchGetItem per hundred such cells); undefined if a
 * cell has neither its timeline nor its head and period.
 */
async function answersOn(
  viewStore: ViewStore,
  tenant: string,
  { kept, heads }: { kept: Map<string, readonly AnswerPeriod[]>; heads: View[] },
  cells: EntitlementCell[],
  at: CalendarDate,
): Promise<Entitlement[] | undefined> {
  const startOf = new Map<string, CalendarDate | undefined>();
  for (const view of heads) {
    const read = readHead(view);
    startOf.set(view.key, read.kind === "head" ? periodStartOn(read.head, at) : undefined);
  }
  const wanted = new Map<EntitlementCell, string>();
  for (const cell of cells) {
    if (kept.has(timelineKey(cell))) continue;
    const from = startOf.get(answerKey(cell));
    if (from === undefined) return undefined;
    wanted.set(cell, periodKey(cell, from));
  }
  const periods = new Map(
    wanted.size === 0
      ? []
      : (await viewStore.getViews(tenant, [...wanted.values()])).map((view) => [view.key, view]),
  );
  const answers: Entitlement[] = [];
  for (const cell of cells) {
    const whole = kept.get(timelineKey(cell));
    const view = periods.get(wanted.get(cell) ?? "");
    const answer = whole
      ? answerAt({ ...cell, periods: whole }, at)
      : answerFrom(cell, view ? [view] : [], at);
    if (!answer) return undefined;
    answers.push(answer);
  }
  return answers;
}

/** The catalog's offered products against its offered providers, as a matrix lists them. */
function cellsOf(catalog: Catalog, segment: string) {
  const { products, providers } = gridOf(catalog);
  const cells = products.flatMap((product) =>
    providers.map((provider) => ({ product, provider, segment })),
  );
  return { products, providers, cells };
}

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

function answerFrom(cell: EntitlementCell, periods: View[], at: CalendarDate) {
  const timeline = timelineFrom(cell, periods);
  return timeline && answerAt(timeline, at);
}

/** Period items in key order as a timeline; undefined if there are none or one is a mark. */
function timelineFrom(cell: EntitlementCell, views: View[]): AnswerTimeline | undefined {
  const stored = views.map(({ body }) => body as StoredPeriod);
  if (stored.length === 0) return undefined;
  const periods: AnswerPeriod[] = [];
  for (const period of stored) {
    if ("tooLarge" in period) return undefined;
    periods.push(period);
  }
  return timelineOf(cell, periods);
}
