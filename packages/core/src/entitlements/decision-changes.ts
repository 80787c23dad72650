import type { AgreementState } from "../agreement/state.ts";
import { active, type Catalog, type Segment } from "../catalog/catalog.ts";
import { type Names, namesIn } from "../views/names.ts";
import {
  cellChangeDates,
  cellTimeline,
  type DateRange,
  type EntitlementCell,
  runsOf,
} from "./cell-timeline.ts";
import type { Decision } from "./evaluate.ts";

export interface DecisionChange extends EntitlementCell, DateRange {
  before: Decision;
  after: Decision;
}

interface Compared extends DateRange {
  before: Decision;
  after: Decision;
}

/**
 * Every cell whose decision differs between two portfolios on some day of the range: what a
 * change to the record would do, on every date rather than one. Both portfolios are asked on
 * the union of their change dates, so the stretches line up one for one; consecutive days
 * with the same before and after are one entry. Listed cell by cell in the catalog's order
 * (segments, products, providers), each cell's periods in date order.
 */
export function decisionChanges(
  before: AgreementState[],
  after: AgreementState[],
  catalog: Catalog,
  range: DateRange & { segment?: Segment | undefined },
  names: Names = namesIn(catalog),
): DecisionChange[] {
  const { from, to } = range;
  const segments = range.segment ? [range.segment] : active(catalog.segments).map(({ id }) => id);
  const products = active(catalog.products).map(({ id }) => id);
  const providers = active(catalog.providers).map(({ id }) => id);
  return segments.flatMap((segment) =>
    products.flatMap((product) =>
      providers.flatMap((provider) => {
        const cell = { product, provider, segment };
        const dates = [
          ...new Set([
            ...cellChangeDates(before, catalog, cell),
            ...cellChangeDates(after, catalog, cell),
          ]),
        ].sort();
        const options = { dates, names };
        const was = cellTimeline(before, catalog, cell, { from, to }, options);
        const will = cellTimeline(after, catalog, cell, { from, to }, options);
        const compared = will.flatMap((stretch, index): Compared[] => {
          const previous = was[index];
          if (!previous) return [];
          const { from: start, to: end } = stretch;
          return [
            {
              from: start,
              to: end,
              before: previous.answer.decision,
              after: stretch.answer.decision,
            },
          ];
        });
        return runsOf(compared, (a, b) => a.before === b.before && a.after === b.after)
          .filter((run) => run[0] !== undefined && run[0].before !== run[0].after)
          .flatMap((run) => {
            const first = run[0];
            const last = run.at(-1);
            return first && last
              ? [
                  {
                    ...cell,
                    from: first.from,
                    to: last.to,
                    before: first.before,
                    after: first.after,
                  },
                ]
              : [];
          });
      }),
    ),
  );
}
