import type { StoredEvent } from "../events/envelope.ts";
import type { AgreementState } from "./state.ts";

/**
 * A correction or retraction was to be decided or applied on a snapshot, which keeps no log.
 * It is a programming error, not a person's: callers fold from the log when a command needs it.
 */
export class HistoryNeededError extends Error {
  constructor(agreementId: string, what: string) {
    super(`${what} on agreement "${agreementId}" needs its log; fold the state from the log`);
    this.name = "HistoryNeededError";
  }
}

/** The agreement's events so far, from a state folded from the log. */
export function historyOf(state: AgreementState, what: string): StoredEvent[] {
  if (!state.log) throw new HistoryNeededError(state.id, what);
  return state.log;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null;

/**
 * Whether deciding this command reads earlier events, not only the state: a correction or a
 * retraction (which event, what depends on it) and a dispute over a day (did anything take
 * effect then). Everything else is decided on the agreement's snapshot.
 */
export function commandNeedsHistory(command: unknown): boolean {
  const events = isRecord(command) && Array.isArray(command.events) ? command.events : [];
  return events.some(
    (event) =>
      !isRecord(event) ||
      event.type === "EventCorrected" ||
      event.type === "EventRetracted" ||
      (event.type === "DisputeRaised" &&
        isRecord(event.concerns) &&
        event.concerns.effectiveOn !== undefined),
  );
}
