/**
 * Reads of many cells at once from the read model: a segment's matrix (of decisions, from its
 * summaries, or with reasons) and a product's answers on several clouds, each a Query or two
 * whatever the number of agreements. One cell's reads are in answer-reads.ts.
 */
import {
  type AnswerPeriod,
  answerAt,
  type CalendarDate,
  type Catalog,
  type DecisionMatrix,
  type Entitlement,
  type EntitlementCell,
  type Matrix,
  namesIn,
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
  readHead,
  type SegmentGrid,
  type StoredTimeline,
  type SummaryRun,
  summariesOfSegment,
  summaryKey,
  timelineKey,
  timelinesOf,
} from "../projector/answer-items.ts";
import { matrixCellKey, matrixKey, type SegmentMatrix } from "../projector/answer-matrix.ts";
import { answerFrom, type Named } from "./answer-reads.ts";
import { loadCatalog } from "./catalog-reads.ts";
import { matrixKeptIn, periodsKeptIn } from "./kept-timelines.ts";
import type { Runtime } from "./runtime.ts";

/** A segment's grid and each of its cells' runs of decision and certainty. */
export interface SegmentRuns {
  grid?: Pick<SegmentGrid, "products" | "providers">;
  /** A cell's runs; undefined when the model has none (not written, or too large). */
  runsOf: (product: string, provider: string) => readonly SummaryRun[] | undefined;
  catalog?: Catalog;
}

/**
 * A segment's grid and its cells' runs: one GetItem of its matrix item (answer-matrix.ts),
 * whatever the number of agreements. Without one, or when it lacks a cell of its grid, from
 * the grid and summaries (`readSegmentSummaries`).
 */
export async function readSegmentRuns(
  runtime: Runtime,
  tenant: string,
  segment: string,
): Promise<SegmentRuns> {
  const kept = matrixKeptIn(await runtime.viewStore.getItem(tenant, matrixKey(segment)));
  const whole = kept && wholeRunsOf(kept);
  if (whole) return whole;
  const { grid, summaries, catalog } = await readSegmentSummaries(runtime, tenant, segment);
  const runsOf = (product: string, provider: string) => {
    const summary = summaries.get(summaryKey({ product, provider, segment })) as
      | AnswerSummary
      | undefined;
    return summary && "runs" in summary ? summary.runs : undefined;
  };
  return { ...(grid ? { grid } : {}), runsOf, ...(catalog ? { catalog } : {}) };
}

/** What a kept matrix answers, worked out once per parsed item (it is shared and frozen). */
const wholeRuns = new WeakMap<Readonly<SegmentMatrix>, SegmentRuns | null>();

/** A matrix's grid and runs if it has runs for every cell of its grid, else null. */
function wholeRunsOf(matrix: Readonly<SegmentMatrix>): SegmentRuns | null {
  const known = wholeRuns.get(matrix);
  if (known !== undefined) return known;
  const cells = new Map(matrix.cells.map(([cell, , runs]) => [cell, runs ?? undefined]));
  const runsOf = (product: string, provider: string) => cells.get(matrixCellKey(product, provider));
  const grid = matrix.grid;
  const whole =
    grid?.products.every((product) => grid.providers.every((p) => runsOf(product, p))) === true
      ? { grid, runsOf }
      : null;
  wholeRuns.set(matrix, whole);
  return whole;
}

/**
 * A segment's grid and its cells' summaries: one Query, whatever the number of agreements.
 * Without a grid (written with the catalog's changes and rebuilds), the catalog is read too,
 * and a segment it does not hold has no grid.
 */
async function readSegmentSummaries(
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

/** A segment's matrix of decisions on `at`, from its runs (`readSegmentRuns`). */
export async function readDecisionMatrix(
  runtime: Runtime,
  tenant: string,
  segment: string,
  at: CalendarDate,
): Promise<{ catalog?: Catalog; matrix: DecisionMatrix | undefined }> {
  const { grid, runsOf, catalog } = await readSegmentRuns(runtime, tenant, segment);
  const matrix = grid && decisionsFrom(grid, segment, at, runsOf);
  return catalog ? { catalog, matrix } : { matrix };
}

/** The grid's cells on `at`, each its run then; undefined if one has none holding `at`. */
function decisionsFrom(
  grid: Pick<SegmentGrid, "products" | "providers">,
  segment: string,
  at: CalendarDate,
  runsOf: SegmentRuns["runsOf"],
): DecisionMatrix | undefined {
  const { products, providers } = grid;
  const cells: DecisionMatrix["cells"] = [];
  for (const product of products)
    for (const provider of providers) {
      const runs = runsOf(product, provider);
      const run = runs && latestStartingBy(runs, at);
      if (!run) return undefined;
      cells.push({ product, provider, decision: run[1], certainty: run[2] });
    }
  return { at, segment, products: [...products], providers: [...providers], cells };
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

/**
 * The whole timelines kept under a prefix of their keys, by key: marks are read (a few bytes
 * each) and skipped.
 */
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
