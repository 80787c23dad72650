import type { AgreementState } from "../agreement/state.ts";
import type { Catalog } from "../catalog/catalog.ts";
import type { Names } from "../views/names.ts";
import {
  cellTimeline,
  type DateRange,
  type EntitlementCell,
  runsOf,
  type Stretch,
} from "./cell-timeline.ts";
import type { Certainty, Decision, Reason } from "./evaluate.ts";

export interface AvailabilityWindow extends DateRange {
  decision: Decision;
  /** `uncertain` if the answer is uncertain on any day of the window. */
  certainty: Certainty;
  /** The reasons on the window's first day; later days may cite other terms for the same decision. */
  reasons: Reason[];
  /** Where in an uncertain window the uncertainty lies; only on uncertain windows. */
  uncertainPeriods?: DateRange[];
}

export interface Availability extends EntitlementCell {
  windows: AvailabilityWindow[];
}

export type AvailabilityQuery = EntitlementCell & DateRange;

/** The uncertain stretches of a window, adjacent ones joined. */
function uncertainPeriods(stretches: Stretch[]): DateRange[] {
  const uncertain = (stretch: Stretch) => stretch.answer.certainty === "uncertain";
  return runsOf(stretches, (a, b) => uncertain(a) === uncertain(b))
    .filter((run) => run[0] !== undefined && uncertain(run[0]))
    .flatMap((run) => {
      const first = run[0];
      const last = run.at(-1);
      return first && last ? [{ from: first.from, to: last.to }] : [];
    });
}

function windowOf(run: Stretch[]): AvailabilityWindow[] {
  const first = run[0];
  const last = run.at(-1);
  if (!first || !last) return [];
  const periods = uncertainPeriods(run);
  const window: AvailabilityWindow = {
    from: first.from,
    to: last.to,
    decision: first.answer.decision,
    certainty: periods.length > 0 ? "uncertain" : "certain",
    reasons: first.answer.reasons,
  };
  return [periods.length > 0 ? { ...window, uncertainPeriods: periods } : window];
}

/**
 * From when may the provider serve the product, and until when: the cell's decision over
 * `from`..`to` (both included) as windows, consecutive days with the same decision in one.
 * The windows tile the range exactly. Only the change dates are evaluated, never each day.
 */
export function availabilityWindows(
  agreements: AgreementState[],
  catalog: Catalog,
  query: AvailabilityQuery,
  names?: Names,
): Availability {
  const { product, provider, segment, from, to } = query;
  const cell = { product, provider, segment };
  const stretches = cellTimeline(agreements, catalog, cell, { from, to }, names ? { names } : {});
  return availabilityOf(cell, stretches);
}

/** Windows from a cell's stretches, however they were obtained (evaluated, or read from a timeline). */
export function availabilityOf(cell: EntitlementCell, stretches: Stretch[]): Availability {
  const runs = runsOf(stretches, (a, b) => a.answer.decision === b.answer.decision);
  return { ...cell, windows: runs.flatMap(windowOf) };
}
