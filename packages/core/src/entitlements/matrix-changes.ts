import type { AgreementState } from "../agreement/state.ts";
import { dayBefore } from "../calendar-days.ts";
import {
  active,
  type Catalog,
  type ProductId,
  type ProviderId,
  type Segment,
} from "../catalog/catalog.ts";
import type { CalendarDate } from "../dates.ts";
import { type Names, namesIn } from "../views/names.ts";
import { cellTimeline, type DateRange, runsOf, type Stretch } from "./cell-timeline.ts";
import type { Certainty, Decision } from "./evaluate.ts";

/** From its first day on, until the next run's: a cell's decision and certainty. */
export type DecisionRun = [from: CalendarDate, decision: Decision, certainty: Certainty];

/** One cell's decisions over time, as runs of one decision and certainty. */
export interface CellRuns {
  product: ProductId;
  provider: ProviderId;
  runs: readonly DecisionRun[];
}

/** A cell whose decision or certainty on a day differs from the day before's. */
export interface CellChange {
  product: ProductId;
  provider: ProviderId;
  decision: Decision;
  certainty: Certainty;
  was: { decision: Decision; certainty: Certainty };
}

/** A day on which the matrix changes, and the cells that change on it. */
export interface MatrixChange {
  date: CalendarDate;
  cells: CellChange[];
}

/**
 * The days of `range` on which any cell's decision or certainty changes, in date order, each
 * with its cells in the order given: what a matrix's date control snaps to. A run's start is a
 * change when a run came before it; the first run of a cell says only where its record begins.
 */
export function matrixChanges(cells: readonly CellRuns[], range: DateRange): MatrixChange[] {
  const byDate = new Map<CalendarDate, CellChange[]>();
  for (const { product, provider, runs } of cells)
    for (const [index, [from, decision, certainty]] of runs.entries()) {
      const before = runs[index - 1];
      if (!before || from < range.from || from > range.to) continue;
      const was = { decision: before[1], certainty: before[2] };
      const changes = byDate.get(from) ?? [];
      changes.push({ product, provider, decision, certainty, was });
      byDate.set(from, changes);
    }
  return [...byDate]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([date, changed]) => ({ date, cells: changed }));
}

/**
 * An evaluated timeline's runs, for `matrixChanges`: evaluated from the day before the range,
 * so that a change on its first day shows.
 */
export const runsOfStretches = (stretches: readonly Stretch[]): DecisionRun[] =>
  runsOf(
    [...stretches],
    (a, b) => a.answer.decision === b.answer.decision && a.answer.certainty === b.answer.certainty,
  ).flatMap((run) => {
    const [first] = run;
    return first
      ? [[first.from, first.answer.decision, first.answer.certainty] as DecisionRun]
      : [];
  });

/** The range to evaluate for `matrixChanges` over `range`: one day earlier. */
export const rangeForChanges = (range: DateRange): DateRange => ({
  from: dayBefore(range.from),
  to: range.to,
});

/**
 * The days a segment's matrix changes over `range`, evaluated from the agreements: every
 * active product × provider's timeline from the day before the range.
 */
export function matrixChangesOf(
  agreements: AgreementState[],
  catalog: Catalog,
  segment: Segment,
  range: DateRange,
  names: Names = namesIn(catalog),
): MatrixChange[] {
  const evaluated = rangeForChanges(range);
  const cells = active(catalog.products).flatMap(({ id: product }) =>
    active(catalog.providers).map(({ id: provider }) => {
      const cell = { product, provider, segment };
      const stretches = cellTimeline(agreements, catalog, cell, evaluated, { names });
      return { product, provider, runs: runsOfStretches(stretches) };
    }),
  );
  return matrixChanges(cells, range);
}
