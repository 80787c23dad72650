import {
  active,
  byStart,
  type Catalog,
  type ConflictPeriod,
  type DateRange,
  type EntitlementCell,
  namesIn,
  withNames,
} from "@termline/core";
import type { View } from "@termline/store";
import { type CellConflicts, conflictsIn, conflictsKey } from "../projector/answer-conflicts.ts";
import {
  type AnswerSummary,
  gridOf,
  type SummaryRun,
  summariesOfSegment,
  summaryKey,
} from "../projector/answer-items.ts";
import type { Named } from "./answer-reads.ts";
import { loadCatalog } from "./catalog-reads.ts";
import type { Runtime } from "./runtime.ts";

/**
 * Every period in which terms contradict each other, from the read model: each segment's
 * summaries (one Query each, the decision matrix's) say which cells are in conflict on some
 * day of the range, and only those cells' conflicts are read (`CellConflicts`: their conflict
 * periods with the reasons naming terms at odds, in one BatchGetItem per hundred cells). The
 * cost follows the segments and the conflicts, not the agreements (evaluating the portfolio
 * read every snapshot: 8 s at 1,000 agreements). Undefined when the model cannot say (a cell
 * without a summary, conflicts not kept or too large to keep): the caller evaluates.
 */
export async function readConflicts(
  runtime: Runtime,
  tenant: string,
  query: DateRange & { segment?: string | undefined },
): Promise<Named<ConflictPeriod[]>> {
  const catalog = await loadCatalog(runtime, tenant);
  const segments = query.segment
    ? catalog.segments.filter(({ id }) => id === query.segment)
    : active(catalog.segments);
  if (query.segment !== undefined && segments.length === 0) return { catalog };
  const found = await Promise.all(
    segments.map(async ({ id }) =>
      cellsInConflict(
        catalog,
        id,
        await runtime.viewStore.listViews(tenant, summariesOfSegment(id)),
        query,
      ),
    ),
  );
  const cells = found.flatMap((each) => each ?? []);
  if (found.some((each) => each === undefined)) return { catalog };
  const stored = new Map(
    (await runtime.viewStore.getViews(tenant, cells.map(conflictsKey))).map(({ key, body }) => [
      key,
      body as CellConflicts,
    ]),
  );
  const periods: ConflictPeriod[] = [];
  for (const cell of cells) {
    const conflicts = stored.get(conflictsKey(cell));
    if (!conflicts || !("periods" in conflicts)) return { catalog };
    periods.push(...conflictsIn(conflicts, query));
  }
  return { answer: withNames(byStart(periods), namesIn(catalog)), catalog };
}

/**
 * The segment's cells in conflict on some day of the range, in the catalog's order; undefined
 * if a cell has no usable summary.
 */
function cellsInConflict(
  catalog: Catalog,
  segment: string,
  summaries: View[],
  range: DateRange,
): EntitlementCell[] | undefined {
  const byKey = new Map(summaries.map(({ key, body }) => [key, body as AnswerSummary]));
  const { products, providers } = gridOf(catalog);
  const cells: EntitlementCell[] = [];
  for (const product of products)
    for (const provider of providers) {
      const cell = { product, provider, segment };
      const summary = byKey.get(summaryKey(cell));
      if (!summary || !("runs" in summary)) return undefined;
      if (inConflictWithin(summary.runs, range)) cells.push(cell);
    }
  return cells;
}

/** Whether a run of `conflict` holds on some day of the range. */
const inConflictWithin = (runs: SummaryRun[], range: DateRange) =>
  runs.some(([from, decision], index) => {
    const next = runs[index + 1];
    return decision === "conflict" && from <= range.to && (!next || next[0] > range.from);
  });
