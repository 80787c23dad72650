import { type CalendarDate, describeDate, earliestDay, latestDay } from "../dates.ts";
import type { PendingEvent } from "../events/envelope.ts";
import {
  type TermChangeType,
  type TermEndType,
  type TermGrantType,
  termAttributeSchemas,
  termChangeShapes,
  termEndShapes,
  termGrantShapes,
  termKindOfChange,
  termKindOfEnd,
} from "../events/term-events.ts";
import { derivedQuestions } from "./derived-questions.ts";
import { historyOf } from "./history.ts";
import type { AgreementState, Term } from "./state.ts";
import { termStatusAt } from "./term-timeline.ts";
import { checkFunding } from "./tranche-funding.ts";

/** A rule broken by one event, said so that the person can fix it. `path` is within the event. */
export interface Violation {
  message: string;
  path?: string;
}

type Data = Record<string, unknown>;
const isIn = <T extends object>(shapes: T, type: string): type is Extract<keyof T, string> =>
  type in shapes;
const str = (value: unknown) => (typeof value === "string" ? value : undefined);

/** After termination an agreement takes only commentary and fixes to its record. */
const allowedAfterTermination = new Set([
  "NoteAdded",
  "DisputeRaised",
  "DisputeResolved",
  "OpenQuestionRaised",
  "OpenQuestionAnswered",
  "EventCorrected",
  "EventRetracted",
]);

export function endsBeforeStart(data: Data, on: CalendarDate): Violation | undefined {
  for (const field of ["until", "dueBy"]) {
    const value = str(data[field]);
    if (value && latestDay(value) < on) {
      return {
        path: field,
        message: `${field} ${describeDate(value)} is before the event takes effect (${on}): an end cannot come before its start`,
      };
    }
  }
  return undefined;
}

function existingTerm(state: AgreementState, termId: string): Term | Violation {
  const term = state.terms[termId];
  if (term) return term;
  const known = Object.keys(state.terms);
  return {
    path: "termId",
    message: `agreement "${state.id}" has no term "${termId}"${known.length ? `; its terms are: ${known.join(", ")}` : ""}`,
  };
}

function checkGrant(state: AgreementState, data: Data, on: CalendarDate): Violation | undefined {
  const termId = String(data.termId);
  if (state.terms[termId]) {
    return {
      path: "termId",
      message: `term "${termId}" already exists in "${state.id}"; amend it (TermAmended) or pick another termId`,
    };
  }
  return endsBeforeStart(data, on);
}

function checkLiveTerm(
  state: AgreementState,
  term: Term,
  on: CalendarDate,
  verb: string,
): Violation | undefined {
  if (on < term.granted.on) {
    return {
      path: "effectiveOn",
      message: `cannot ${verb} term "${term.id}" on ${on}, before it starts (${term.granted.on})`,
    };
  }
  const status = termStatusAt(state, term, on);
  if (status === "ended" || status === "expired") {
    const when = status === "ended" ? term.ended?.on : "its until date";
    return {
      message: `cannot ${verb} term "${term.id}": it is not in force on ${on} (${status}, ${when})`,
    };
  }
  return undefined;
}

function checkEnd(
  state: AgreementState,
  type: TermEndType,
  data: Data,
  on: CalendarDate,
): Violation | undefined {
  const term = existingTerm(state, String(data.termId));
  if (!("kind" in term)) return term;
  if (term.kind !== termKindOfEnd[type]) {
    return {
      path: "type",
      message: `term "${term.id}" is a ${term.kind}, not a ${termKindOfEnd[type]}: end it with the event for its kind`,
    };
  }
  if (term.ended) return { message: `term "${term.id}" already ended on ${term.ended.on}` };
  return checkLiveTerm(state, term, on, "end");
}

function checkChange(
  state: AgreementState,
  type: TermChangeType,
  data: Data,
  on: CalendarDate,
): Violation | undefined {
  const term = existingTerm(state, String(data.termId));
  if (!("kind" in term)) return term;
  const kind = termKindOfChange[type];
  if (kind && term.kind !== kind) {
    return {
      path: "type",
      message: `term "${term.id}" is a ${term.kind}; ${type} applies only to a ${kind}`,
    };
  }
  if (type === "TermAmended") {
    const parsed = termAttributeSchemas[term.kind].safeParse(data.changes);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return {
        path: ["changes", ...(issue?.path ?? [])].join("."),
        message: `${issue?.message ?? "invalid"} (for a ${term.kind})`,
      };
    }
    const dates = endsBeforeStart(parsed.data, term.granted.on);
    if (dates) return { ...dates, path: `changes.${dates.path}` };
  }
  if (type === "InvestmentTrancheFunded") {
    const funding = checkFunding(term, data);
    if (funding) return funding;
  }
  return checkLiveTerm(state, term, on, "change") ?? endsBeforeStart(data, term.granted.on);
}

/** A disputed date names a day on which some of the agreement's events take effect, and another. */
function checkDisputedDate(
  state: AgreementState,
  disputed: { date: string; alternative: string } | undefined,
): Violation | undefined {
  if (!disputed) return undefined;
  const day = earliestDay(disputed.date);
  if (!historyOf(state, "a dispute over a date").some(({ effectiveOn }) => effectiveOn === day))
    return {
      path: "concerns.effectiveOn.date",
      message: `no event of "${state.id}" takes effect on ${disputed.date}`,
    };
  if (earliestDay(disputed.alternative) === day)
    return {
      path: "concerns.effectiveOn.alternative",
      message: "the alternative is the same date",
    };
  return undefined;
}

function checkDispute(
  state: AgreementState,
  type: string,
  data: Data,
  on: CalendarDate,
): Violation | undefined {
  const id = String(data.disputeId);
  const dispute = state.disputes[id];
  if (type === "DisputeRaised") {
    if (dispute) return { path: "disputeId", message: `dispute "${id}" already exists` };
    const concerns = data.concerns as
      | { termIds?: string[]; effectiveOn?: { date: string; alternative: string } }
      | undefined;
    const missing = (concerns?.termIds ?? []).filter((termId) => !state.terms[termId]);
    if (missing.length)
      return {
        path: "concerns.termIds",
        message: `no such terms in "${state.id}": ${missing.join(", ")}`,
      };
    return checkDisputedDate(state, concerns?.effectiveOn);
  }
  if (!dispute)
    return { path: "disputeId", message: `agreement "${state.id}" has no dispute "${id}"` };
  if (dispute.resolved)
    return {
      path: "disputeId",
      message: `dispute "${id}" was already resolved on ${dispute.resolved.on}`,
    };
  if (on < dispute.raised.on)
    return {
      path: "effectiveOn",
      message: `a dispute cannot be resolved (${on}) before it was raised (${dispute.raised.on})`,
    };
  return undefined;
}

function checkQuestion(
  state: AgreementState,
  type: string,
  data: Data,
  on: CalendarDate,
): Violation | undefined {
  const id = String(data.questionId);
  const question = state.questions[id];
  if (type === "OpenQuestionRaised")
    return question || id.includes(":")
      ? { path: "questionId", message: `question "${id}" already exists` }
      : undefined;
  const raisedByTerms = derivedQuestions(state, on).some((derived) => derived.id === id);
  if (!question && !raisedByTerms) {
    const open = [
      ...Object.values(state.questions)
        .filter(({ answered }) => !answered)
        .map(({ id }) => id),
      ...derivedQuestions(state, on).map(({ id }) => id),
    ];
    return {
      path: "questionId",
      message: `agreement "${state.id}" has no open question "${id}" on ${on}${open.length ? `; its open questions are: ${open.join(", ")}` : ""}`,
    };
  }
  return question?.answered
    ? { path: "questionId", message: `question "${id}" was already answered` }
    : undefined;
}

function checkAgreement(
  state: AgreementState,
  type: string,
  data: Data,
  on: CalendarDate,
): Violation | undefined {
  if (type === "AgreementRecorded")
    return {
      path: "type",
      message: `agreement "${state.id}" is already recorded; use AgreementAmended`,
    };
  if (type === "AgreementTerminated" && state.started && on < state.started.on) {
    return {
      path: "effectiveOn",
      message: `cannot terminate on ${on}, before the agreement took effect (${state.started.on})`,
    };
  }
  const endsOn = str(data.endsOn);
  if (endsOn && state.started && latestDay(endsOn) < earliestDay(state.started.on)) {
    return {
      path: "endsOn",
      message: `endsOn ${describeDate(endsOn)} is before the agreement took effect (${state.started.on})`,
    };
  }
  return undefined;
}

/** What cannot be true of this agreement if the event were appended to it, or nothing. */
export function violationOf(state: AgreementState, event: PendingEvent): Violation | undefined {
  const { type, data, effectiveOn: on } = event;
  if (state.terminated && !allowedAfterTermination.has(type)) {
    return {
      message: `agreement "${state.id}" was terminated on ${state.terminated.on}; a ${type} cannot be added to it`,
    };
  }
  if (isIn(termGrantShapes, type)) return checkGrant(state, data, on);
  if (isIn(termEndShapes, type)) return checkEnd(state, type, data, on);
  if (isIn(termChangeShapes, type)) return checkChange(state, type, data, on);
  if (type.startsWith("Dispute")) return checkDispute(state, type, data, on);
  if (type.startsWith("OpenQuestion")) return checkQuestion(state, type, data, on);
  if (type.startsWith("Agreement")) {
    if (type === "AgreementTerminated" && state.terminated)
      return { message: `agreement "${state.id}" is already terminated` };
    return checkAgreement(state, type, data, on);
  }
  return undefined;
}

export type { TermGrantType };
