import * as z from "zod";
import { daysAfter } from "../calendar-days.ts";
import type { CalendarDate } from "../dates.ts";
import type { Deadline } from "./derive.ts";

/** How many days before each deadline to warn. */
export interface AlertPolicy {
  leadDays: number[];
}

export const defaultAlertPolicy: AlertPolicy = { leadDays: [365, 180, 90, 30, 7] };

/**
 * A tenant's policy as submitted. Duplicates are refused rather than silently merged, so what
 * the user sees saved is what they typed; the stored order is always longest lead first.
 */
export const AlertPolicySchema = z
  .object({
    leadDays: z
      .array(z.number().int().min(0).max(3650))
      .min(1)
      .max(20)
      .refine((days) => new Set(days).size === days.length, {
        message: "lead times must be distinct",
      })
      .transform((days) => [...days].sort((a, b) => b - a)),
  })
  .strict();

export interface DeadlineAlert {
  leadDays: number;
  on: CalendarDate;
}

export type DeadlineWithAlerts<D extends Deadline = Deadline> = D & { alerts: DeadlineAlert[] };

export interface DueAlert<D extends Deadline = Deadline> extends DeadlineAlert {
  deadline: D;
}

/** Code-unit order, not locale order, so the result is the same on every machine. */
const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Stepped in UTC days: a page of 20 deadlines computes 100 of these, and date-fns' parse and format were a tenth of it. */
const daysBefore = (date: CalendarDate, days: number): CalendarDate => daysAfter(date, -days);

/**
 * One alert per distinct lead time, earliest first. The deadline's date is already the latest
 * day an imprecise date could mean, so "year only" deadlines warn relative to 31 December.
 */
export function alertsFor(deadline: Pick<Deadline, "date">, policy: AlertPolicy): DeadlineAlert[] {
  // A policy built in code rather than through the schema may repeat a lead time.
  const leads = [...new Set(policy.leadDays)].sort((a, b) => b - a);
  return leads.map((leadDays) => ({ leadDays, on: daysBefore(deadline.date, leadDays) }));
}

export function withAlerts<D extends Deadline>(
  deadlines: D[],
  policy: AlertPolicy,
): DeadlineWithAlerts<D>[] {
  return deadlines.map((deadline) => ({ ...deadline, alerts: alertsFor(deadline, policy) }));
}

/**
 * The alerts whose day falls in (fromExclusive, toInclusive]. A daily job passes the last day
 * it ran and today, so a job that missed days catches them up, and consecutive runs never
 * send the same alert twice. Each (deadline, lead time) appears once even if a deadline is
 * listed twice.
 */
export function alertsDueBetween<D extends Deadline>(
  deadlines: D[],
  policy: AlertPolicy,
  fromExclusive: CalendarDate,
  toInclusive: CalendarDate,
): DueAlert<D>[] {
  const seen = new Set<string>();
  const due: DueAlert<D>[] = [];
  for (const deadline of deadlines) {
    for (const alert of alertsFor(deadline, policy)) {
      const key = `${deadline.id}|${alert.leadDays}`;
      if (alert.on <= fromExclusive || alert.on > toInclusive || seen.has(key)) continue;
      seen.add(key);
      due.push({ deadline, ...alert });
    }
  }
  return due.sort(
    (a, b) =>
      compare(a.on, b.on) ||
      compare(a.deadline.date, b.deadline.date) ||
      compare(a.deadline.id, b.deadline.id),
  );
}

/** Deadlines dated within [from, to]; either end may be left open. */
export function filterDeadlines<D extends Deadline>(
  deadlines: D[],
  range: { from?: CalendarDate | undefined; to?: CalendarDate | undefined },
): D[] {
  return deadlines.filter(
    (deadline) =>
      (range.from === undefined || deadline.date >= range.from) &&
      (range.to === undefined || deadline.date <= range.to),
  );
}
