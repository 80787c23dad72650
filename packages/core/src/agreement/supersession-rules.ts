import type { CalendarDate } from "../dates.ts";
import { inputSchemaOf } from "../events/catalog.ts";
import type { PendingEvent, StoredEvent } from "../events/envelope.ts";
import { termChangeShapes } from "../events/term-events.ts";
import { effectiveDate, toPending } from "./envelope.ts";
import { historyOf } from "./history.ts";
import { endsBeforeStart, type Violation, violationOf } from "./rules.ts";
import type { AgreementState } from "./state.ts";

const isSupersession = (type: string) => type === "EventCorrected" || type === "EventRetracted";
const referenceKeys = ["termId", "disputeId", "questionId"] as const;

function target(state: AgreementState, version: number, field: string): StoredEvent | Violation {
  const event = historyOf(state, "a correction or retraction").find(
    (candidate) => candidate.version === version,
  );
  if (!event)
    return {
      path: field,
      message: `agreement "${state.id}" has no version ${version} (it is at ${state.version})`,
    };
  if (isSupersession(event.type))
    return {
      path: field,
      message: `version ${version} is itself a ${event.type}; correct or retract the original event`,
    };
  if (state.supersessions[version]?.kind === "retracted")
    return { path: field, message: `version ${version} was already retracted` };
  return event;
}

/** Later events that point at what the retracted event created: retracting it would orphan them. */
function dependents(state: AgreementState, event: StoredEvent): number[] {
  const keys = referenceKeys.filter((key) => typeof event.data[key] === "string");
  return historyOf(state, "a retraction")
    .filter(
      (later) =>
        later.version > event.version && state.supersessions[later.version]?.kind !== "retracted",
    )
    .filter((later) => keys.some((key) => later.data[key] === event.data[key]))
    .map((later) => later.version);
}

export function checkRetraction(
  state: AgreementState,
  data: Record<string, unknown>,
): Violation | undefined {
  const event = target(state, Number(data.retractsVersion), "retractsVersion");
  if (!("type" in event)) return event;
  if (event.type === "AgreementRecorded")
    return {
      path: "retractsVersion",
      message:
        "the recording of an agreement cannot be retracted; terminate the agreement or correct it",
    };
  const later = dependents(state, event);
  if (later.length)
    return {
      path: "retractsVersion",
      message: `versions ${later.join(", ")} depend on version ${event.version}; retract them first`,
    };
  return undefined;
}

/**
 * A correction carries a whole replacement of the original event, checked against the
 * original's type; it must keep the ids other events point at, so nothing is orphaned.
 */
export function decideCorrection(
  state: AgreementState,
  data: Record<string, unknown>,
  today: CalendarDate,
):
  | { replacement: Pick<PendingEvent, "effectiveOn" | "precision" | "data" | "sources"> }
  | Violation {
  const original = target(state, Number(data.correctsVersion), "correctsVersion");
  if (!("type" in original)) return original;
  const schema = inputSchemaOf(original.type);
  const replacementInput = {
    ...(data.replacement as Record<string, unknown>),
    type: original.type,
  };
  const parsed = schema?.safeParse(replacementInput);
  if (!parsed?.success) {
    const issue = parsed?.error.issues[0];
    return {
      path: ["replacement", ...(issue?.path ?? [])].join("."),
      message: `${issue?.message ?? "invalid"} (the replacement must be a whole ${original.type})`,
    };
  }
  const input = parsed.data as {
    type: string;
    effectiveOn?: string;
    precision?: "day" | "month" | "year";
  };
  const changedKey = referenceKeys.find(
    (key) => original.data[key] !== (input as Record<string, unknown>)[key],
  );
  if (changedKey)
    return {
      path: `replacement.${changedKey}`,
      message: `a correction must keep ${changedKey} "${String(original.data[changedKey])}"`,
    };
  const dates = input.effectiveOn
    ? effectiveDate(input.effectiveOn, input.precision, today)
    : { effectiveOn: original.effectiveOn, precision: original.precision };
  if ("problem" in dates) return { path: "replacement.effectiveOn", message: dates.problem };
  const { type: _type, ...rest } = toPending(input, dates);
  const dateProblem = endsBeforeStart(rest.data, rest.effectiveOn);
  if (dateProblem) return { ...dateProblem, path: `replacement.${dateProblem.path}` };
  // A corrected change must still fit its term's kind; grants and ends would only collide with themselves.
  const changeProblem =
    original.type in termChangeShapes
      ? violationOf(state, { type: original.type, ...rest })
      : undefined;
  if (changeProblem)
    return {
      ...changeProblem,
      path: ["replacement", changeProblem.path].filter(Boolean).join("."),
    };
  return { replacement: rest };
}
