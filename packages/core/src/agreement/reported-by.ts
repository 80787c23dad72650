import { type CalendarDate, FuzzyDate, latestDay } from "../dates.ts";
import type { StoredEvent } from "../events/envelope.ts";

/**
 * The day the public record first held an event: the earliest day any of its sources had
 * surely been published (a source dated only to a month or year counts from its last day), or,
 * with no dated source, the day it was recorded here.
 */
export function reportedOn(event: Pick<StoredEvent, "sources" | "recordedAt">): CalendarDate {
  const published = event.sources
    .map(({ date }) => (date && FuzzyDate.safeParse(date).success ? latestDay(date) : undefined))
    .filter((day): day is CalendarDate => day !== undefined)
    .sort();
  return published[0] ?? event.recordedAt.slice(0, 10);
}

/** Keeps only the events the public record held by `date`: "what did the reports say on 2026-03-15?" */
export const reportedBy =
  (date: CalendarDate) =>
  (event: Pick<StoredEvent, "sources" | "recordedAt">): boolean =>
    reportedOn(event) <= date;

/**
 * The events of one agreement's log that the public record held by `date`, in log order. A
 * report of any of its terms is a report that the agreement exists, so its record counts from
 * the first day any of its events was reported: an agreement recorded from undated reports
 * (Microsoft–OpenAI's, "CNBC, Reuters") is still known by Microsoft's dated statement of its
 * exclusivity, instead of taking that statement with it.
 */
export function reportedIn<E extends Pick<StoredEvent, "type" | "sources" | "recordedAt">>(
  log: readonly E[],
  date: CalendarDate,
): E[] {
  const held = reportedBy(date);
  const kept = log.filter(held);
  if (kept.length === 0 || kept.some(({ type }) => type === "AgreementRecorded")) return kept;
  return log.filter((event) => event.type === "AgreementRecorded" || held(event));
}
