import type { AgreementState } from "../agreement/state.ts";
import { dayBefore } from "../calendar-days.ts";
import type { Catalog } from "../catalog/catalog.ts";
import type { CalendarDate } from "../dates.ts";
import {
  cellTimeline,
  type DateRange,
  type EntitlementCell,
  type Stretch,
} from "../entitlements/cell-timeline.ts";
import type { Entitlement } from "../entitlements/evaluate.ts";
import type { ProductRef } from "../entitlements/terms-in-play.ts";
import type { CoverageValue } from "../events/vocabulary.ts";
import { type Names, namesIn } from "../views/names.ts";

/** Where a stored timeline starts: before any date a contract of ours can name. */
export const TIMELINE_START = "1000-01-01";
const TIMELINE_END = "9999-12-31";

/** An answer without the question: what a cell says from one day on. */
export type TimedAnswer = Pick<Entitlement, "decision" | "certainty" | "reasons">;

export interface AnswerPeriod {
  /** The first day of the period; it runs until the day before the next period's `from`. */
  from: CalendarDate;
  answer: TimedAnswer;
}

/**
 * A cell's answers on every day, as periods: what the read model stores per product ×
 * provider × segment, so that "may P serve X on D?" is one read and a pick of the period
 * holding D. Consecutive days with the same whole answer (decision, certainty, reasons) are
 * one period.
 */
export interface AnswerTimeline extends EntitlementCell {
  periods: readonly AnswerPeriod[];
}

const coverages = (term: AgreementState["terms"][string]): CoverageValue[] => [
  term.attributes as CoverageValue,
  ...term.changes.map(({ changes }) => changes as CoverageValue),
];

/** A dispute over the day changes took effect puts in doubt any cell that changes between the days. */
const disputesADay = (agreement: AgreementState) =>
  Object.values(agreement.disputes).some((dispute) => dispute.concerns?.effectiveOn !== undefined);

/**
 * What an agreement can bear on, as few bytes to keep beside its listing: every product (a
 * term covering "all", or a dispute over a day), or the products and classes its terms (at
 * any time of their history) and disputes name. Over-including costs time only; leaving one
 * out would change answers, so when in doubt an agreement reaches.
 */
export interface AgreementReach {
  everything: boolean;
  products: string[];
  classes: string[];
}

export function reachOf(agreement: AgreementState): AgreementReach {
  const named = [
    ...Object.values(agreement.terms).flatMap(coverages),
    ...Object.values(agreement.disputes).map(({ concerns }) => concerns as CoverageValue),
  ].filter((coverage): coverage is CoverageValue => coverage !== undefined);
  const everything = disputesADay(agreement) || named.some(({ products }) => products === "all");
  const products = new Set(
    named.flatMap(({ products }) => (Array.isArray(products) ? products : [])),
  );
  const classes = new Set(named.flatMap(({ classes }) => classes ?? []));
  return { everything, products: [...products].sort(), classes: [...classes].sort() };
}

export function reaches(reach: AgreementReach, product: ProductRef): boolean {
  if (reach.everything || reach.products.includes(product.id)) return true;
  return product.class !== undefined && reach.classes.includes(product.class);
}

/**
 * Whether two answers are the same whole answer, as their JSON would say. A timeline's equal
 * reasons are one object (`cellTimeline`), so a busy cell's periods, each hundreds of KB as
 * JSON, compare by identity; reasons read back from storage compare as JSON.
 */
const sameAnswer = (a: TimedAnswer, b: TimedAnswer) =>
  a.decision === b.decision &&
  a.certainty === b.certainty &&
  a.reasons.length === b.reasons.length &&
  a.reasons.every(
    (reason, index) =>
      reason === b.reasons[index] || JSON.stringify(reason) === JSON.stringify(b.reasons[index]),
  );

/**
 * The timeline of one cell, from the terms that can bear on it (see `bearingOn`); past
 * `maxReasons` reasons in all it throws `TimelineTooLargeError`.
 */
export function answerTimeline(
  agreements: AgreementState[],
  catalog: Catalog,
  cell: EntitlementCell,
  names: Names = namesIn(catalog),
  maxReasons?: number,
): AnswerTimeline {
  return timelineOf(agreements, catalog, cell, {
    names,
    ...(maxReasons === undefined ? {} : { maxReasons }),
  });
}

/**
 * The timeline of one cell, whole (`whole`) while it cites at most `maxReasons` reasons in all;
 * past them, every period's reasons are left out (each day's dropped once decided, so a product
 * with hundreds of grants in force is never held whole): its decisions and certainty alone,
 * what a matrix shows of a cell too large to keep. One evaluation either way.
 */
export function answerTimelineWithin(
  agreements: AgreementState[],
  catalog: Catalog,
  cell: EntitlementCell,
  names: Names,
  maxReasons: number,
): { timeline: AnswerTimeline; whole: boolean } {
  let whole = true;
  const timeline = timelineOf(agreements, catalog, cell, {
    names,
    maxReasons,
    onReasonsDropped: () => {
      whole = false;
    },
  });
  return { timeline, whole };
}

function timelineOf(
  agreements: AgreementState[],
  catalog: Catalog,
  cell: EntitlementCell,
  options: Parameters<typeof cellTimeline>[4],
): AnswerTimeline {
  const stretches = cellTimeline(
    agreements,
    catalog,
    cell,
    { from: TIMELINE_START, to: TIMELINE_END },
    options,
  );
  const periods = joinPeriods(
    stretches.map(({ from, answer: { decision, certainty, reasons } }) => ({
      from,
      answer: { decision, certainty, reasons },
    })),
  );
  return { ...cell, periods };
}

/**
 * Consecutive periods with the same whole answer, as one: a timeline stored one period per item
 * keeps a split where its answer once changed and changed back.
 */
export function joinPeriods(periods: AnswerPeriod[]): AnswerPeriod[] {
  const joined: AnswerPeriod[] = [];
  let previous: AnswerPeriod | undefined;
  for (const period of periods) {
    if (!previous || !sameAnswer(previous.answer, period.answer)) joined.push(period);
    previous = period;
  }
  return joined;
}

const laterOf = (a: CalendarDate, b: CalendarDate) => [a, b].sort()[1] ?? a;

/** The index of the period holding `at`, or -1 before the timeline starts. */
function periodIndex(timeline: AnswerTimeline, at: CalendarDate): number {
  let low = 0;
  let high = timeline.periods.length - 1;
  let found = -1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    if ((timeline.periods[middle]?.from ?? "") <= at) {
      found = middle;
      low = middle + 1;
    } else high = middle - 1;
  }
  return found;
}

/** The answer on `at`, as `evaluateEntitlement` gives it; undefined before the timeline starts. */
export function answerAt(timeline: AnswerTimeline, at: CalendarDate): Entitlement | undefined {
  const period = timeline.periods[periodIndex(timeline, at)];
  if (!period) return undefined;
  const { product, provider, segment } = timeline;
  return { product, provider, segment, at, ...period.answer };
}

/** The timeline cut to a range, as the stretches availability windows are built from. */
export function stretchesWithin(timeline: AnswerTimeline, range: DateRange): Stretch[] {
  if (range.to < range.from || range.from < TIMELINE_START) return [];
  const first = Math.max(periodIndex(timeline, range.from), 0);
  const { product, provider, segment } = timeline;
  const stretches: Stretch[] = [];
  for (let index = first; index < timeline.periods.length; index++) {
    const period = timeline.periods[index];
    if (!period || period.from > range.to) break;
    const next = timeline.periods[index + 1];
    const from = laterOf(period.from, range.from);
    const to = next && dayBefore(next.from) < range.to ? dayBefore(next.from) : range.to;
    stretches.push({
      from,
      to,
      answer: { product, provider, segment, at: from, ...period.answer },
    });
  }
  return stretches;
}

/** A stretch of days on which a cell's decision went from `before` to `after`; `to: null` runs on. */
export interface PeriodChange {
  from: CalendarDate;
  to: CalendarDate | null;
  before: Entitlement["decision"];
  after: Entitlement["decision"];
}

/**
 * Where two timelines of one cell decide differently, on any date: what `EntitlementChanged`
 * tells watchers. Reasons and certainty alone changing are not a change of decision.
 */
export function periodsChanged(before: AnswerTimeline, after: AnswerTimeline): PeriodChange[] {
  const starts = [...new Set([...before.periods, ...after.periods].map(({ from }) => from))].sort();
  const changes: PeriodChange[] = [];
  starts.forEach((from, index) => {
    const was = answerAt(before, from)?.decision;
    const is = answerAt(after, from)?.decision;
    if (!was || !is || was === is) return;
    const next = starts[index + 1];
    const to = next === undefined ? null : dayBefore(next);
    const last = changes.at(-1);
    if (last && last.before === was && last.after === is && last.to === dayBefore(from))
      last.to = to;
    else changes.push({ from, to, before: was, after: is });
  });
  return changes;
}
