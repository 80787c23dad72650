import type { AgreementState } from "./state.ts";

/**
 * The fields of a state that say what was recorded about an agreement, not what it states: a
 * note, how many events and when. No term, deadline or open matter on a date is derived from
 * them (a property test walks random histories to check it for the indexes), so two states
 * that differ in nothing else state the same things on every date. What was known when does
 * read the instants: nothing a `knownAt` question reads may be skipped on the strength of this.
 */
const RECORD_KEEPING = new Set<string>([
  "version",
  "notes",
  "noteCount",
  "firstRecordedAt",
  "latestRecordedAt",
  "log",
]);

/**
 * Whether `after` states what `before` did: every other field the very same value, as `evolve`
 * leaves the fields an event does not touch. Cheap, and conservative: a state decoded or
 * refolded afresh shares nothing, and is then said to differ.
 */
export function statesTheSame(before: AgreementState | undefined, after: AgreementState): boolean {
  if (before === undefined) return false;
  const fields = new Set([...Object.keys(before), ...Object.keys(after)]);
  for (const field of fields) {
    if (RECORD_KEEPING.has(field)) continue;
    if (before[field as keyof AgreementState] !== after[field as keyof AgreementState])
      return false;
  }
  return true;
}
