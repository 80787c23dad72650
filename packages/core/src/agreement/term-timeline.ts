import { dayBefore } from "../calendar-days.ts";
import {
  type CalendarDate,
  earliestDay,
  latestDay,
  type Precision,
  precisionOf,
  toFuzzy,
} from "../dates.ts";
import type { Source } from "../events/envelope.ts";
import { withoutRepeats } from "./evolve.ts";
import type { AgreementState, Term } from "./state.ts";

export type TermStatus =
  | "not-yet-effective"
  | "in-force"
  | "expired"
  | "ended"
  | "terminated"
  | "agreement-ended";

export interface Bound {
  date: CalendarDate;
  precision: Precision;
  /** For an open end: the condition that would end it (e.g. a declaration of AGI). */
  condition?: string | undefined;
}

/**
 * The last day something still held before an end dated `on`. One rule for every end: a date
 * known only to the month or year is taken at its latest day, as an `until` is, so "ended in
 * 2027" and "until 2027" both hold through 2027-12-31 (and are uncertain within 2027).
 */
export function lastDayBefore(end: { on: CalendarDate; precision: Precision }): CalendarDate {
  return end.precision === "day" ? dayBefore(end.on) : latestDay(toFuzzy(end.on, end.precision));
}

const byDateThenVersion = (
  a: { on: string; version: number },
  b: { on: string; version: number },
) => (a.on < b.on ? -1 : a.on > b.on ? 1 : a.version - b.version);

/** What a term said after its grant and after each change, with the day each took effect. */
export interface TermVersions {
  /** `from[i]` is the day `attributes[i]` took effect; the grant's is "". */
  from: string[];
  attributes: Readonly<Record<string, unknown>>[];
}

// Terms are never changed in place (evolve makes a new one), so their versions are worked out
// once: a timeline asks the same terms about hundreds of days.
const versionsByTerm = new WeakMap<Term, TermVersions>();

/** The term's versions in the order its changes took effect (by day, then by version). */
export function termVersions(term: Term): TermVersions {
  const known = versionsByTerm.get(term);
  if (known) return known;
  const versions: TermVersions = {
    from: [""],
    attributes: [Object.freeze({ ...term.attributes })],
  };
  let current = term.attributes;
  for (const change of [...term.changes].sort(byDateThenVersion)) {
    current = { ...current, ...change.changes };
    versions.from.push(change.on);
    versions.attributes.push(Object.freeze(current));
  }
  versionsByTerm.set(term, versions);
  return versions;
}

// Likewise the days on which what a term says or cites can change, worked out once per term.
const turnsByTerm = new WeakMap<Term, string[]>();

/** The days on which a change to the term takes effect or a citation of it begins, sorted, once each. */
function termTurns(term: Term): string[] {
  const known = turnsByTerm.get(term);
  if (known) return known;
  const days = [...termVersions(term).from.slice(1), ...(term.cited ?? []).map(({ on }) => on)];
  const turns = [...new Set(days)].sort();
  turnsByTerm.set(term, turns);
  return turns;
}

/**
 * Which stretch between the term's turns `at` falls in: on any two days of one stretch the term
 * has the same attributes (`attributesAt`) and the same citations (`citationsAt`), so what is
 * said of it on one day holds on the other.
 */
export function termEpoch(term: Term, at: CalendarDate): number {
  const turns = termTurns(term);
  let low = 0;
  let high = turns.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if ((turns[middle] ?? "") <= at) low = middle + 1;
    else high = middle;
  }
  return low;
}

/**
 * The term's attributes as the contract stood on `at`: the grant plus every change dated on or
 * before it. Changes apply in order of their days, so that is the latest version from on or
 * before `at`. Shared and frozen: read it, copy it to change it.
 */
export function attributesAt(term: Term, at: CalendarDate): Record<string, unknown> {
  const { from, attributes } = termVersions(term);
  let low = 0;
  let high = from.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if ((from[middle] ?? "") <= at) low = middle;
    else high = middle - 1;
  }
  return attributes[low] ?? term.attributes;
}

/** The attributes after every change recorded: what deadlines are planned from. */
export function latestAttributes(term: Term): Record<string, unknown> {
  return attributesAt(term, "9999-12-31");
}

const stringOrUndefined = (value: unknown) => (typeof value === "string" ? value : undefined);

/**
 * The agreement's own end, if the term ends with it: a term ends with its agreement unless it
 * was recorded to run longer (an `until` after the agreement's end).
 */
function agreementEndOf(state: AgreementState, term: Term, at: CalendarDate): Bound | undefined {
  if (!state.endsOn) return undefined;
  const end = { date: latestDay(state.endsOn), precision: precisionOf(state.endsOn) };
  const until = stringOrUndefined(attributesAt(term, at).until);
  return until && latestDay(until) > end.date ? undefined : end;
}

/**
 * The last day the term holds, as known for `at`: its `until` date (inclusive, taken at the
 * latest day a year or month could mean), the day before it was ended, or the day before the
 * agreement was terminated, whichever comes first. Inclusive, like `until`.
 */
export function termEnd(state: AgreementState, term: Term, at: CalendarDate): Bound | undefined {
  const attributes = attributesAt(term, at);
  const candidates: Bound[] = [];
  const until = stringOrUndefined(attributes.until);
  if (until) candidates.push({ date: latestDay(until), precision: precisionOf(until) });
  // An end or a termination takes effect on its date, so the term last held the day before.
  for (const end of [term.ended, state.terminated])
    if (end) candidates.push({ date: lastDayBefore(end), precision: end.precision });
  const withAgreement = agreementEndOf(state, term, at);
  if (withAgreement) candidates.push(withAgreement);
  const first = candidates.sort((a, b) => a.date.localeCompare(b.date))[0];
  if (first) return first;
  const condition = stringOrUndefined(attributes.untilCondition);
  return condition ? { date: "9999-12-31", precision: "day", condition } : undefined;
}

export function termStart(term: Term): Bound {
  return { date: earliestDay(term.granted.on), precision: term.granted.precision };
}

/** Whether the term holds on `at`. An end by event or termination takes effect on its own date. */
export function termStatusAt(state: AgreementState, term: Term, at: CalendarDate): TermStatus {
  if (at < term.granted.on) return "not-yet-effective";
  if (state.terminated && at > lastDayBefore(state.terminated)) return "terminated";
  if (term.ended && at > lastDayBefore(term.ended)) return "ended";
  const until = stringOrUndefined(attributesAt(term, at).until);
  if (until && at > latestDay(until)) return "expired";
  const withAgreement = agreementEndOf(state, term, at);
  if (withAgreement && at > withAgreement.date) return "agreement-ended";
  return "in-force";
}

export function isInForce(state: AgreementState, term: Term, at: CalendarDate): boolean {
  return termStatusAt(state, term, at) === "in-force";
}

/** When a term holds, as a person reads it: a start and an end, each at the precision it is known. */
export interface TermEffective {
  from: CalendarDate;
  fromPrecision: Precision;
  to: CalendarDate | null;
  toPrecision: Precision | null;
  endCondition: string | null;
}

export function effectiveOf(state: AgreementState, term: Term, at: CalendarDate): TermEffective {
  const start = termStart(term);
  const end = termEnd(state, term, at);
  const open = end?.condition !== undefined;
  return {
    from: start.date,
    fromPrecision: start.precision,
    to: end && !open ? end.date : null,
    toPrecision: end && !open ? end.precision : null,
    endCondition: end?.condition ?? null,
  };
}

/**
 * What a term cites as of `at`: the sources of its events in force on that date (the grant,
 * changes and end dated on or before it), each once; and the dates of changes still to come,
 * which a reason marks as later rather than cites. Views folded before citations were kept
 * fall back to every source of the term.
 */
export function citationsAt(
  term: Term,
  at: CalendarDate,
): { sources: Source[]; later: { on: CalendarDate; precision: Precision }[] } {
  if (!term.cited) return { sources: term.sources, later: [] };
  const sources = withoutRepeats(
    term.cited.filter(({ on }) => on <= at).flatMap((citation) => citation.sources),
  );
  // A term amended several times for one later day is later on that day once.
  const later = new Map<string, { on: CalendarDate; precision: Precision }>();
  for (const { on, precision } of term.cited) {
    const day = `${on}/${precision}`;
    if (on > at && !later.has(day)) later.set(day, { on, precision });
  }
  return { sources, later: [...later.values()] };
}
