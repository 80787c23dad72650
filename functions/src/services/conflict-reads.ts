import {
  active,
  type Catalog,
  type ConflictPeriod,
  type DateRange,
  type EntitlementCell,
  namesIn,
  withNames,
} from "@termline/core";
import { conflictsIn, conflictsKey, type StoredConflicts } from "../projector/answer-conflicts.ts";
import { gridOf, type SummaryRun } from "../projector/answer-items.ts";
import type { Named } from "./answer-reads.ts";
import { loadCatalog } from "./catalog-reads.ts";
import { conflictsKeptIn } from "./kept-timelines.ts";
import type { Runtime } from "./runtime.ts";
import { readSegmentRuns, type SegmentRuns } from "./segment-answers.ts";

/**
 * Every period in which terms contradict each other, from the read model: each segment's
 * runs (one GetItem each, the decision matrix's: `readSegmentRuns`) say which cells are in conflict on some
 * day of the range, and only those cells' conflicts are read (`CellConflicts`: their conflict
 * periods with the reasons naming terms at odds, in one BatchGetItem per hundred cells). The
 * cost follows the segments and the conflicts, not the agreements (evaluating the portfolio
 * read every snapshot: 8 s at 1,000 agreements). Undefined when the model cannot say (a cell
 * without a summary, conflicts not kept or too large to keep): the caller evaluates.
 */
export async function readConflicts(
  runtime: Runtime,
  tenant: string,
  query: DateRange & { segment?: string | undefined; limit?: number | undefined },
): Promise<Named<ConflictPeriods>> {
  const catalog = await loadCatalog(runtime, tenant);
  const segments = query.segment
    ? catalog.segments.filter(({ id }) => id === query.segment)
    : active(catalog.segments);
  if (query.segment !== undefined && segments.length === 0) return { catalog };
  const found = await Promise.all(
    segments.map(async ({ id }) =>
      cellsInConflict(catalog, id, await readSegmentRuns(runtime, tenant, id), query),
    ),
  );
  if (found.some((each) => each === undefined)) return { catalog };
  const cells = found.flatMap((each) => each ?? []);
  const read = readFirst(cells, query.limit);
  const stored = new Map(
    (
      await runtime.viewStore.getViews(
        tenant,
        read.map(({ cell }) => conflictsKey(cell)),
      )
    ).map(({ key, body }) => [key, body as StoredConflicts]),
  );
  const periods: (ConflictPeriod & { rank: number })[] = [];
  for (const { cell, rank } of read) {
    const conflicts = conflictsKeptIn(stored.get(conflictsKey(cell)));
    if (!conflicts) return { catalog };
    // The cell asked, not the one in the stored text: they are the same, and the key says so.
    const named = { ...conflicts, ...cell };
    periods.push(...conflictsIn(named, query).map((period) => ({ ...period, rank })));
  }
  // The whole list's order: by start, then in the cells' order (`byStart` is a stable sort of
  // the cells' periods in that order), then each cell's own order.
  const ordered = periods
    .sort(byDayThenRank(({ from }) => from))
    .map(({ rank: _rank, ...period }) => period);
  const kept = query.limit === undefined ? ordered : ordered.slice(0, query.limit);
  const more = kept.length < ordered.length || read.length < cells.length;
  return { answer: { periods: withNames(kept, namesIn(catalog)), more }, catalog };
}

/** Conflict periods from the model, and whether `limit` left some out. */
export interface ConflictPeriods {
  periods: ConflictPeriod[];
  more: boolean;
}

/**
 * The cells whose conflicts hold the list's first `limit` periods, each with its place in the
 * whole list's order: those whose first conflict in the range starts earliest (a cell gives at
 * least one period from that day, so no later cell can hold one of the first `limit`).
 */
function readFirst(cells: CellInConflict[], limit: number | undefined) {
  const ranked = cells.map((each, rank) => ({ ...each, rank }));
  if (limit === undefined) return ranked;
  return ranked.sort(byDayThenRank(({ first }) => first)).slice(0, limit);
}

/** By a day (YYYY-MM-DD, so code-unit order), then by place in the whole list. */
const byDayThenRank =
  <T extends { rank: number }>(day: (item: T) => string) =>
  (a: T, b: T) =>
    day(a) < day(b) ? -1 : day(a) > day(b) ? 1 : a.rank - b.rank;

interface CellInConflict {
  cell: EntitlementCell;
  /** The first day of the range on which it is in conflict. */
  first: string;
}

/**
 * The segment's cells in conflict on some day of the range, in the catalog's order, with the
 * first such day; undefined if a cell has no usable summary.
 */
function cellsInConflict(
  catalog: Catalog,
  segment: string,
  { runsOf }: SegmentRuns,
  range: DateRange,
): CellInConflict[] | undefined {
  const { products, providers } = gridOf(catalog);
  const cells: CellInConflict[] = [];
  for (const product of products)
    for (const provider of providers) {
      const cell = { product, provider, segment };
      const runs = runsOf(product, provider);
      if (!runs) return undefined;
      const first = firstConflictWithin(runs, range);
      if (first !== undefined) cells.push({ cell, first });
    }
  return cells;
}

/** The first day of the range on which a run of `conflict` holds, if any. */
function firstConflictWithin(runs: readonly SummaryRun[], range: DateRange): string | undefined {
  const index = runs.findIndex(([from, decision], at) => {
    const next = runs[at + 1];
    return decision === "conflict" && from <= range.to && (!next || next[0] > range.from);
  });
  const run = runs[index];
  // The run may start before the range: the range's first day is the first asked about.
  return run && [run[0], range.from].sort()[1];
}
