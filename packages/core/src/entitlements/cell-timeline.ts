import type { AgreementState } from "../agreement/state.ts";
import { dayBefore } from "../calendar-days.ts";
import type { Catalog, ProductId, ProviderId, Segment } from "../catalog/catalog.ts";
import type { CalendarDate } from "../dates.ts";
import { type Names, namesIn } from "../views/names.ts";
import { bearingOn } from "./bearing-terms.ts";
import { cellMemo } from "./cell-memo.ts";
import { changeDates } from "./change-dates.ts";
import { answerOn, type Entitlement } from "./evaluate.ts";
import type { Reason } from "./reasons.ts";

/** One cell of the matrix in one segment: what an answer over time is about. */
export interface EntitlementCell {
  product: ProductId;
  provider: ProviderId;
  segment: Segment;
}

/** A range of calendar days, both ends included. */
export interface DateRange {
  from: CalendarDate;
  to: CalendarDate;
}

/** One stretch of days over which a cell's answer cannot change: it is the answer on `from`. */
export interface Stretch extends DateRange {
  answer: Entitlement;
}

/** The days on which the answer must be asked again: `from`, then each change date in (from, to]. */
export function stepDays(range: DateRange, dates: CalendarDate[]): CalendarDate[] {
  return [range.from, ...dates.filter((date) => date > range.from && date <= range.to)];
}

/**
 * The cell's answers over the range, one per stretch between change dates, unmerged: the
 * material that availability windows, conflict periods and what-if differences are cut from.
 * `dates` defaults to the cell's own change dates; a comparison passes the union of two.
 */
export function cellTimeline(
  portfolio: AgreementState[],
  catalog: Catalog,
  cell: EntitlementCell,
  range: DateRange,
  options: {
    dates?: CalendarDate[];
    names?: Names;
    maxReasons?: number;
    /**
     * Past `maxReasons`, keep going with every stretch's reasons left out (each day's dropped
     * once decided: a timeline of decisions, however many grants), calling this once, instead
     * of throwing `TimelineTooLargeError`.
     */
    onReasonsDropped?: () => void;
  } = {},
): Stretch[] {
  if (range.to < range.from) return [];
  const names = options.names ?? namesIn(catalog);
  const agreements = bearingOn(portfolio, catalog, cell);
  const days = stepDays(range, options.dates ?? changeDates(agreements, catalog));
  const memo = cellMemo();
  const maxReasons = options.maxReasons ?? Number.POSITIVE_INFINITY;
  const shared = sharedReasons();
  let reasons = 0;
  let dropping = false;
  const stretches: Stretch[] = [];
  for (const [index, from] of days.entries()) {
    const next = days[index + 1];
    const to = next === undefined ? range.to : dayBefore(next);
    const answer = answerOn(agreements, { ...cell, at: from }, catalog, names, memo);
    reasons += answer.reasons.length;
    if (!dropping && reasons > maxReasons) {
      if (!options.onReasonsDropped) throw new TimelineTooLargeError(cell, reasons);
      dropping = true;
      options.onReasonsDropped();
      for (const stretch of stretches) stretch.answer = { ...stretch.answer, reasons: [] };
    }
    const cited = dropping ? [] : answer.reasons.map(shared);
    stretches.push({ from, to, answer: { ...answer, reasons: cited } });
  }
  return stretches;
}

/**
 * One object for equal reasons: each period of a busy cell cites every grant in force, so its
 * stretches cite the same few thousand reasons hundreds of thousands of times, and a timeline
 * holding each once takes the memory of its distinct reasons (at 10,000 agreements, one cell's
 * 314,458 citations held 284 MB without this, 16 MB with it). Nothing alters a reason once
 * made. Compared field by field, sources by identity first (a term cites the same source
 * objects), rather than each written out whole: its sources are most of a reason's bytes.
 */
function sharedReasons(): (reason: Reason) => Reason {
  const seen = new Map<string, Reason[]>();
  // Reasons a cell's days already share (`termReason`'s) come back as the same object.
  const kept = new Set<Reason>();
  return (reason) => {
    if (kept.has(reason)) return reason;
    const key = `${reason.code} ${reason.agreementId} ${reason.termId}`;
    const candidates = seen.get(key);
    const found = candidates?.find(
      (candidate) => candidate === reason || sameReason(candidate, reason),
    );
    if (found) return found;
    if (candidates) candidates.push(reason);
    else seen.set(key, [reason]);
    kept.add(reason);
    return reason;
  };
}

/** Whether two reasons of the same code and term say the same in every other field. */
function sameReason(a: Reason, b: Reason): boolean {
  return (
    a.summary === b.summary &&
    a.evidence === b.evidence &&
    a.sources.length === b.sources.length &&
    a.sources.every((source, index) => sameJson(source, b.sources[index])) &&
    sameEffective(a.effective, b.effective) &&
    sameJson(a.later, b.later) &&
    Object.keys(a).length === Object.keys(b).length
  );
}

const sameEffective = (a: Reason["effective"], b: Reason["effective"]) =>
  a === b ||
  (a !== undefined &&
    b !== undefined &&
    a.from === b.from &&
    a.fromPrecision === b.fromPrecision &&
    a.to === b.to &&
    a.toPrecision === b.toPrecision &&
    a.endCondition === b.endCondition &&
    Object.keys(a).length === Object.keys(b).length);

const sameJson = (a: unknown, b: unknown) => a === b || JSON.stringify(a) === JSON.stringify(b);

/**
 * A timeline that cites more reasons in all than its caller can hold: thrown as soon as it
 * does, so a cell whose periods each cite hundreds of grants is never held whole in memory.
 */
export class TimelineTooLargeError extends Error {
  constructor(
    readonly cell: EntitlementCell,
    readonly reasons: number,
  ) {
    super(
      `the timeline of ${cell.product} × ${cell.provider} × ${cell.segment} cites over ${reasons} reasons`,
    );
    this.name = "TimelineTooLargeError";
  }
}

/** The days on which this cell's answer may change: those of the terms that bear on it. */
export const cellChangeDates = (
  agreements: AgreementState[],
  catalog: Catalog,
  cell: EntitlementCell,
): CalendarDate[] => changeDates(bearingOn(agreements, catalog, cell), catalog);

/** Consecutive items that `same` says belong together, as runs (at least one item each). */
export function runsOf<T>(items: T[], same: (a: T, b: T) => boolean): T[][] {
  const runs: T[][] = [];
  for (const item of items) {
    const run = runs.at(-1);
    const last = run?.at(-1);
    if (run && last !== undefined && same(last, item)) run.push(item);
    else runs.push([item]);
  }
  return runs;
}
