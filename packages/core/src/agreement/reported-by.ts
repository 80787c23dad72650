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
