import type { AgreementState } from "../agreement/state.ts";
import type { CalendarDate } from "../dates.ts";
import { agreementDates } from "../entitlements/change-dates.ts";
import { TIMELINE_START } from "../read-model/answer-timelines.ts";
import { holdsOn, stretchesOf } from "../read-model/stretches.ts";
import type { Names } from "../views/names.ts";
import { type Deadline, deriveDeadlines } from "./derive.ts";

/**
 * A deadline as an agreement states it over a stretch of business dates: what `deriveDeadlines`
 * gives for any `at` from `validFrom` up to, not including, `validTo` (null: from then on).
 * Stored keyed by the deadline's date, these let "the deadlines from D1 to D2 as of `at`" be
 * one range read, whatever the number of agreements.
 */
export interface IndexedDeadline {
  deadline: Deadline;
  validFrom: CalendarDate;
  validTo: CalendarDate | null;
}

/**
 * Every deadline of one agreement with the stretch of `at` dates it holds for. Deadlines change
 * only on the agreement's own dates (grants, changes, ends, `until`s), so evaluating on each of
 * those is exact between them.
 */
export function deadlineIndexOf(state: AgreementState, names: Names): IndexedDeadline[] {
  const dates = [TIMELINE_START, ...agreementDates(state)];
  const deadlinesAt = (at: CalendarDate) =>
    new Map(deriveDeadlines([state], at, names).map((deadline) => [deadline.id, deadline]));
  return stretchesOf(dates, deadlinesAt).map(({ value, validFrom, validTo }) => ({
    deadline: value,
    validFrom,
    validTo,
  }));
}

/** The deadlines among `indexed` that hold on `at`, by date then id, as `deriveDeadlines` orders them. */
export function deadlinesHolding(indexed: IndexedDeadline[], at: CalendarDate): Deadline[] {
  return indexed
    .filter(holdsOn(at))
    .map(({ deadline }) => deadline)
    .sort((a, b) => compare(a.date, b.date) || compare(a.id, b.id));
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
