import type { AgreementState, Dated } from "../agreement/state.ts";
import { dayAfter, daysAfter } from "../calendar-days.ts";
import type { Catalog } from "../catalog/catalog.ts";
import { type CalendarDate, earliestDay, type FuzzyDate, latestDay, toFuzzy } from "../dates.ts";

/**
 * A date that takes effect on its day. Known only to the month or year, the answer may turn
 * uncertain on the first day of its span and certain again the day after its last.
 */
function takingEffect(dated: Pick<Dated, "on" | "precision">): CalendarDate[] {
  const first = earliestDay(dated.on);
  if (dated.precision === "day") return [first];
  return [first, dayAfter(latestDay(toFuzzy(first, dated.precision)))];
}

/**
 * An inclusive end written as a fuzzy date (`until`, `endsOn`): the answer changes the day
 * after its latest day, and may turn uncertain from its earliest.
 */
function lastHolding(until: unknown): CalendarDate[] {
  if (typeof until !== "string" || until.length === 0) return [];
  const after = dayAfter(latestDay(until as FuzzyDate));
  return until.length === 10 ? [after] : [earliestDay(until), after];
}

/** The dates on which anything the agreement says starts or stops holding. */
export function agreementDates(agreement: AgreementState): CalendarDate[] {
  const dates: CalendarDate[] = [];
  for (const term of Object.values(agreement.terms)) {
    dates.push(...takingEffect(term.granted), ...lastHolding(term.attributes.until));
    for (const change of term.changes)
      dates.push(...takingEffect(change), ...lastHolding(change.changes.until));
    if (term.ended) dates.push(...takingEffect(term.ended));
  }
  if (agreement.terminated) dates.push(...takingEffect(agreement.terminated));
  dates.push(...lastHolding(agreement.endsOn));
  for (const dispute of Object.values(agreement.disputes)) {
    dates.push(...takingEffect(dispute.raised));
    if (dispute.resolved) dates.push(...takingEffect(dispute.resolved));
    // Between two reported days the answer is in doubt: it changes on each.
    const disputed = dispute.concerns?.effectiveOn;
    if (disputed) dates.push(earliestDay(disputed.date), earliestDay(disputed.alternative));
  }
  return dates;
}

/** Launch dates, retired products included: a retired product is still asked about by id. */
function catalogDates(catalog: Catalog): CalendarDate[] {
  return catalog.products.flatMap(({ availableFrom }) => {
    if (!availableFrom) return [];
    const first = earliestDay(availableFrom);
    return availableFrom.length === 10 ? [first] : [first, dayAfter(latestDay(availableFrom))];
  });
}

/** Every `windowDays` a term has said, at its grant or in a later change. */
function windowsOf(agreements: AgreementState[]): number[] {
  return agreements.flatMap((agreement) =>
    Object.values(agreement.terms).flatMap((term) =>
      [term.attributes, ...term.changes.map(({ changes }) => changes)]
        .map(({ windowDays }) => windowDays)
        .filter((days): days is number => typeof days === "number"),
    ),
  );
}

/**
 * A first-ship priority with a known window stops binding once the window has run from the
 * latest day the product could have launched. Every window is paired with every launch
 * rather than only with the products its term covers: one extra date is cheaper than
 * following coverage through every change.
 */
function windowEnds(agreements: AgreementState[], catalog: Catalog): CalendarDate[] {
  const windows = [...new Set(windowsOf(agreements))];
  return catalog.products.flatMap(({ availableFrom, availableBy }) => {
    const launched = availableFrom ? latestDay(availableFrom) : availableBy;
    return launched ? windows.map((days) => daysAfter(launched, days)) : [];
  });
}

/**
 * Every date on which some cell's answer (decision, certainty, reasons) may change, sorted and
 * unique. Between two consecutive dates every answer stays as it is on the first, which is
 * what lets availability and what-if answers evaluate a handful of dates rather than each day.
 * Over-including a date costs one evaluation; missing one would hide a change, so when in
 * doubt a date is in.
 */
export function changeDates(agreements: AgreementState[], catalog: Catalog): CalendarDate[] {
  const dates = new Set([
    ...agreements.flatMap(agreementDates),
    ...catalogDates(catalog),
    ...windowEnds(agreements, catalog),
  ]);
  return [...dates].sort();
}
