import type { AgreementState } from "../agreement/state.ts";
import { active, type Catalog, type Segment } from "../catalog/catalog.ts";
import type { Source } from "../events/envelope.ts";
import { type Names, namesIn } from "../views/names.ts";
import { cellTimeline, type DateRange, type EntitlementCell, runsOf } from "./cell-timeline.ts";
import type { Decision, Reason, ReasonCode } from "./evaluate.ts";

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

/**
 * Two sources are the same when their JSON is. Worked out once per source object: a run's
 * stretches cite the same reason objects, so their sources are the same objects too.
 */
const sourceKeys = new WeakMap<Source, string>();
const sourceKey = (source: Source) => {
  let key = sourceKeys.get(source);
  if (key === undefined) {
    key = JSON.stringify(source);
    sourceKeys.set(source, key);
  }
  return key;
};

/**
 * What a conflict period is cut from: days and a decision, and of the reasons only those naming
 * terms at odds. A whole evaluation is one; so is what the read model keeps of one.
 */
export interface ConflictStretch extends DateRange {
  answer: { decision: Decision; reasons: CitedReason[] };
}

/** What a conflict period reads of a reason. */
export type CitedReason = Pick<Reason, "code" | "agreementId" | "termId" | "summary" | "sources">;

/** Of an answer's reasons, those that name terms at odds (what its conflict periods cite). */
export const reasonsAtOdds = (reasons: Reason[]): CitedReason[] =>
  reasons
    .filter(({ code }) => conflictCodes.has(code))
    .map(({ code, agreementId, termId, summary, sources }) => ({
      code,
      agreementId,
      termId,
      summary,
      sources,
    }));

/**
 * The terms a conflict period rests on, over all its days rather than its first: another
 * grant may join the conflict part-way (a government grant a month after an exclusivity).
 * A term keeps the summary it is first cited with, and every source cited on any day.
 */
function termsOf(run: ConflictStretch[]): ConflictingTerm[] {
  // Each source's text is worked out once and looked up, not compared with every source the
  // term has gathered: a run cites the same reasons on each of its stretches.
  const terms = new Map<string, { term: ConflictingTerm; seen: Set<string> }>();
  // A reason object met again (the stretches share them) has nothing more to give.
  const met = new Set<CitedReason>();
  for (const { answer } of run)
    for (const reason of answer.reasons) {
      if (met.has(reason)) continue;
      met.add(reason);
      const { code, agreementId, termId, summary, sources } = reason;
      if (!conflictCodes.has(code) || agreementId === null || termId === null) continue;
      const key = `${agreementId}/${termId}`;
      const known = terms.get(key);
      if (!known) {
        const term = { agreementId, termId, summary, sources: [...sources] };
        terms.set(key, { term, seen: new Set(sources.map(sourceKey)) });
        continue;
      }
      for (const source of sources) {
        const text = sourceKey(source);
        if (known.seen.has(text)) continue;
        known.seen.add(text);
        known.term.sources.push(source);
      }
    }
  return [...terms.values()].map(({ term }) => term);
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
        return conflictsWithin(
          cell,
          cellTimeline(agreements, catalog, cell, { from, to }, { names }),
        );
      }),
    ),
  );
  return byStart(periods);
}

/** A cell's `conflict` windows over its stretches, each with the terms at odds. */
export function conflictsWithin(
  cell: EntitlementCell,
  stretches: ConflictStretch[],
): ConflictPeriod[] {
  return runsOf(stretches, (a, b) => a.answer.decision === b.answer.decision)
    .filter((run) => run[0]?.answer.decision === "conflict")
    .flatMap((run) => {
      const first = run[0];
      const last = run.at(-1);
      return first && last ? [{ ...cell, from: first.from, to: last.to, terms: termsOf(run) }] : [];
    });
}

/**
 * Conflict periods by their first day. Array.prototype.sort is stable, so cells starting on the
 * same day keep the order they were listed in (the catalog's).
 */
export const byStart = (periods: ConflictPeriod[]): ConflictPeriod[] =>
  periods.sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0));
