import { emptyCatalog } from "../catalog/catalog.ts";
import { deriveDeadlines } from "../deadlines/derive.ts";
import type { PendingEvent } from "../events/envelope.ts";
import { namesIn } from "../views/names.ts";
import type { Violation } from "./rules.ts";
import type { AgreementState } from "./state.ts";

/** Only the deadlines' ids and dates matter here, so their wording needs no catalog. */
const idsAsNames = namesIn(emptyCatalog());

/**
 * An acknowledgement names one of the agreement's deadlines as it stands when recorded, and
 * keeps that deadline's date: if an amendment later moves the date, reminders start again.
 */
export function decideAcknowledgement(
  state: AgreementState,
  event: PendingEvent,
): PendingEvent | Violation {
  const deadlineId = String(event.data.deadlineId);
  const deadlines = deriveDeadlines([state], event.effectiveOn, idsAsNames);
  const deadline = deadlines.find(({ id }) => id === deadlineId);
  if (!deadline) {
    const known = deadlines.map(({ id }) => id);
    return {
      path: "deadlineId",
      message: `agreement "${state.id}" has no deadline "${deadlineId}" on ${event.effectiveOn}${known.length ? `; its deadlines are: ${known.join(", ")}` : ""}`,
    };
  }
  const previous = state.acknowledgements[deadlineId];
  if (previous && previous.deadlineDate === deadline.date) {
    return {
      path: "deadlineId",
      message: `deadline "${deadlineId}" (${deadline.date}) was already acknowledged on ${previous.on}`,
    };
  }
  return { ...event, data: { ...event.data, deadlineDate: deadline.date } };
}
