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

/** The term an event is about (a grant, an amendment, an end), if any. */
const termOf = (event: { data?: unknown }): string | undefined => {
  const termId = (event.data as { termId?: unknown } | null | undefined)?.termId;
  return typeof termId === "string" ? termId : undefined;
};

/**
 * The events of one agreement's log that the public record held by `date`, in log order. A
 * report of any of its terms is a report that the agreement exists, so its record counts from
 * the first day any of its events was reported: an agreement recorded from undated reports
 * (Microsoft–OpenAI's, "CNBC, Reuters") is still known by Microsoft's dated statement of its
 * exclusivity, instead of taking that statement with it. Likewise a report of a change to a
 * term is a report that the term exists: its grant counts from the first day any of the term's
 * events was reported. The Microsoft Blog's post of 2026-04-27 that OpenAI pays 20 % "through
 * 2030" keeps the revenue share it amends, recorded from undated reports of 2022, rather than
 * being dropped for want of it.
 */
export function reportedIn<
  E extends Pick<StoredEvent, "type" | "sources" | "recordedAt"> & { data?: unknown },
>(log: readonly E[], date: CalendarDate): E[] {
  const held = reportedBy(date);
  const kept = log.filter(held);
  if (kept.length === 0) return kept;
  const reportedTerms = new Set(kept.flatMap((event) => termOf(event) ?? []));
  // A term's first event in the log is its grant (the decider refuses a change to no term).
  const grants = new Set<E>();
  for (const event of log) {
    const term = termOf(event);
    if (term === undefined || !reportedTerms.has(term)) continue;
    grants.add(event);
    reportedTerms.delete(term);
  }
  return log.filter(
    (event) => event.type === "AgreementRecorded" || held(event) || grants.has(event),
  );
}
