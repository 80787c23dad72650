import type { AgreementState } from "../agreement/state.ts";
import { active, type Catalog, type Segment } from "../catalog/catalog.ts";
import type { Source } from "../events/envelope.ts";
import { type Names, namesIn } from "../views/names.ts";
import {
  cellTimeline,
  type DateRange,
  type EntitlementCell,
  runsOf,
  type Stretch,
} from "./cell-timeline.ts";
import type { ReasonCode } from "./evaluate.ts";

export interface ConflictingTerm {
  agreementId: string;
  termId: string;
  summary: string;
  sources: Source[];
}

export interface ConflictPeriod extends EntitlementCell, DateRange {
  terms: ConflictingTerm[];
}

/** The reasons that name the terms at odds: the contradicting grant or exclusivity, and the one it contradicts. */
const conflictCodes = new Set<ReasonCode>([
  "conflicting-exclusivity",
  "grant-contradicts-exclusivity",
  "exclusive-to-other",
]);

const sameSource = (a: Source, b: Source) => JSON.stringify(a) === JSON.stringify(b);

/**
 * The terms a conflict period rests on, over all its days rather than its first: another
 * grant may join the conflict part-way (a government grant a month after an exclusivity).
 * A term keeps the summary it is first cited with, and every source cited on any day.
 */
function termsOf(run: Stretch[]): ConflictingTerm[] {
  const terms = new Map<string, ConflictingTerm>();
  for (const { answer } of run)
    for (const { code, agreementId, termId, summary, sources } of answer.reasons) {
      if (!conflictCodes.has(code) || agreementId === null || termId === null) continue;
      const key = `${agreementId}/${termId}`;
      const known = terms.get(key);
      if (!known) terms.set(key, { agreementId, termId, summary, sources: [...sources] });
      else
        for (const source of sources)
          if (!known.sources.some((seen) => sameSource(seen, source))) known.sources.push(source);
    }
  return [...terms.values()];
}

/**
 * Every period in which terms contradict each other, over every active product × provider in
 * `segment` (or in every active segment): the cells' `conflict` windows with the terms at odds.
 * The tool surfaces these and never resolves them. Sorted by start, then as the catalog lists
 * segments, products and providers.
 */
export function conflictPeriods(
  agreements: AgreementState[],
  catalog: Catalog,
  query: DateRange & { segment?: Segment | undefined },
  names: Names = namesIn(catalog),
): ConflictPeriod[] {
  const { from, to } = query;
  const segments = query.segment ? [query.segment] : active(catalog.segments).map(({ id }) => id);
  const products = active(catalog.products).map(({ id }) => id);
  const providers = active(catalog.providers).map(({ id }) => id);
  const periods = segments.flatMap((segment) =>
    products.flatMap((product) =>
      providers.flatMap((provider) => {
        const cell = { product, provider, segment };
        const stretches = cellTimeline(agreements, catalog, cell, { from, to }, { names });
        return runsOf(stretches, (a, b) => a.answer.decision === b.answer.decision)
          .filter((run) => run[0]?.answer.decision === "conflict")
          .flatMap((run) => {
            const first = run[0];
            const last = run.at(-1);
            return first && last
              ? [{ ...cell, from: first.from, to: last.to, terms: termsOf(run) }]
              : [];
          });
      }),
    ),
  );
  // Array.prototype.sort is stable, so cells starting on the same day keep the catalog's order.
  return periods.sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0));
}
