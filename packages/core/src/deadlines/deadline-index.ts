import type { AgreementState } from "../agreement/state.ts";
import type { CalendarDate } from "../dates.ts";
import { agreementDates } from "../entitlements/change-dates.ts";
import { TIMELINE_START } from "../read-model/answer-timelines.ts";
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
  const dates = [...new Set([TIMELINE_START, ...agreementDates(state)])].sort();
  const open = new Map<string, { deadline: Deadline; json: string; from: CalendarDate }>();
  const closed: IndexedDeadline[] = [];
  for (const at of dates) {
    const now = new Map(
      deriveDeadlines([state], at, names).map((deadline) => [deadline.id, deadline]),
    );
    for (const [id, held] of open) {
      const current = now.get(id);
      if (current && JSON.stringify(current) === held.json) continue;
      closed.push({ deadline: held.deadline, validFrom: held.from, validTo: at });
      open.delete(id);
    }
    for (const [id, deadline] of now)
      if (!open.has(id)) open.set(id, { deadline, json: JSON.stringify(deadline), from: at });
  }
  const stillHeld = [...open.values()].map(({ deadline, from }) => ({
    deadline,
    validFrom: from,
    validTo: null,
  }));
  return [...closed, ...stillHeld];
}

/** The deadlines among `indexed` that hold on `at`, by date then id, as `deriveDeadlines` orders them. */
export function deadlinesHolding(indexed: IndexedDeadline[], at: CalendarDate): Deadline[] {
  return indexed
    .filter(({ validFrom, validTo }) => validFrom <= at && (validTo === null || at < validTo))
    .map(({ deadline }) => deadline)
    .sort((a, b) => compare(a.date, b.date) || compare(a.id, b.id));
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
