import { derivedQuestions } from "../agreement/derived-questions.ts";
import { withoutRepeats } from "../agreement/evolve.ts";
import type { AgreementState, Dispute, Term } from "../agreement/state.ts";
import {
  attributesAt,
  citationsAt,
  effectiveOf,
  termStatusAt,
} from "../agreement/term-timeline.ts";
import type { CalendarDate } from "../dates.ts";
import { type AgreementReach, reachOf } from "../read-model/answer-timelines.ts";
import { describeTerm } from "./describe-term.ts";
import type { Names } from "./names.ts";

export type AgreementStatus = "active" | "not-yet-effective" | "terminated";

/**
 * What the agreements list needs of an agreement, kept as an item of its own (a few hundred
 * bytes), so listing a thousand agreements reads a thousand small items, not their states.
 */
export type AgreementListing = Pick<
  AgreementState,
  | "id"
  | "title"
  | "kind"
  | "parties"
  | "version"
  | "exists"
  | "started"
  | "terminated"
  | "firstRecordedAt"
  | "latestRecordedAt"
> & {
  /** What it can bear on, so a refresh of answers reads only the snapshots that matter. */
  reach?: AgreementReach;
};

export const listingOf = (state: AgreementState): AgreementListing => {
  const { id, title, kind, parties, version, exists, started, terminated } = state;
  const { firstRecordedAt, latestRecordedAt } = state;
  return {
    id,
    title,
    kind,
    parties,
    version,
    exists,
    started,
    terminated,
    firstRecordedAt,
    latestRecordedAt,
    reach: reachOf(state),
  };
};

export function agreementStatusAt(
  state: Pick<AgreementState, "started" | "terminated">,
  at: CalendarDate,
): AgreementStatus {
  if (state.terminated && at >= state.terminated.on) return "terminated";
  if (state.started && at < state.started.on) return "not-yet-effective";
  return "active";
}

/** What a list shows of an agreement; its parties by id and by name (in `names`). */
export function agreementSummary(state: AgreementListing, at: CalendarDate, names: Names) {
  return {
    id: state.id,
    title: state.title,
    kind: state.kind,
    parties: state.parties.map(({ party, role }) => ({ party, role, name: names.party(party) })),
    status: agreementStatusAt(state, at),
    version: state.version,
  };
}

/** A term as of `at`, as the agreement view shows it. */
export function termView(state: AgreementState, term: Term, at: CalendarDate, names: Names) {
  return {
    id: term.id,
    kind: term.kind,
    summary: describeTerm(term, at, names),
    status: termStatusAt(state, term, at),
    effective: effectiveOf(state, term, at),
    attributes: attributesAt(term, at),
    changes: term.changes.map(({ on, precision, version, summary }) => ({
      on,
      precision,
      version,
      summary: summary ?? null,
    })),
    ended: term.ended
      ? {
          on: term.ended.on,
          precision: term.ended.precision,
          reason: term.ended.reason ?? null,
          version: term.ended.version,
        }
      : null,
    // What was cited for the term by `at`: a later amendment's source is not cited for it.
    sources: citationsAt(term, at).sources,
    versions: term.versions,
  };
}

export function disputeView(dispute: Dispute, at: CalendarDate) {
  const resolved = dispute.resolved && dispute.resolved.on <= at ? dispute.resolved : undefined;
  return {
    id: dispute.id,
    kind: dispute.kind,
    claim: dispute.claim,
    claimedBy: dispute.claimedBy ?? null,
    concerns: dispute.concerns ?? null,
    status: (dispute.raised.on > at ? "not-yet-raised" : resolved ? "resolved" : "open") as
      | "resolved"
      | "open"
      | "not-yet-raised",
    raisedOn: dispute.raised.on,
    resolvedOn: resolved?.on ?? null,
    resolution: resolved?.resolution ?? null,
    // What was cited by `at`: nothing before the dispute is raised, its resolution's sources
    // from the day that takes effect.
    sources:
      dispute.raised.on > at
        ? []
        : resolved?.sources
          ? withoutRepeats([...dispute.sources, ...resolved.sources])
          : dispute.sources,
  };
}

/** Unknowns the terms themselves admit to: they are questions, not answers, and are shown as such. */
/** The questions the terms raise, each with the answer a person recorded by `at`, if any. */
function termQuestions(state: AgreementState, at: CalendarDate) {
  return derivedQuestions(state, at).map(({ id, termId, question }) => {
    const answered = state.questions[id]?.answered;
    const term = state.terms[termId];
    return {
      id,
      question,
      termId,
      origin: "derived" as const,
      answer: answered && answered.on <= at ? answered.answer : null,
      sources: [
        ...(term ? citationsAt(term, at).sources : []),
        ...(state.questions[id]?.sources ?? []),
      ],
    };
  });
}

/**
 * Every question about the agreement raised by `at`, recorded or raised by its terms, answered
 * by then or not: a question raised later is not one yet.
 */
export function questionsAt(state: AgreementState, at: CalendarDate) {
  const derived = termQuestions(state, at);
  const recorded = Object.values(state.questions)
    .filter(({ id }) => !derived.some((question) => question.id === id) && !id.includes(":"))
    .filter(({ raised }) => raised.on <= at)
    .map((question) => ({
      id: question.id,
      question: question.question,
      termId: null,
      origin: "recorded" as const,
      answer: question.answered && question.answered.on <= at ? question.answered.answer : null,
      sources: question.sources,
    }));
  return [...recorded, ...derived];
}

/** The agreement as of `at`: its terms with their intervals and status, disputes and open questions. */
export function agreementAt(state: AgreementState, at: CalendarDate, names: Names) {
  const questions = questionsAt(state, at);
  return {
    ...agreementSummary(state, at, names),
    at,
    summary: state.summary ?? null,
    started: state.started ? { on: state.started.on, precision: state.started.precision } : null,
    endsOn: state.endsOn ?? null,
    terminated: state.terminated
      ? { on: state.terminated.on, reason: state.terminated.reason }
      : null,
    terms: Object.values(state.terms).map((term) => termView(state, term, at, names)),
    disputes: Object.values(state.disputes).map((dispute) => disputeView(dispute, at)),
    openQuestions: questions.filter(({ answer }) => answer === null),
    answeredQuestions: questions.filter(({ answer }) => answer !== null),
    amendments: state.amendments,
    notes: state.notes,
    noteCount: state.noteCount ?? state.notes.length,
    corrections: Object.entries(state.supersessions).map(([version, supersession]) => ({
      version: Number(version),
      ...supersession,
    })),
    sources: state.sources,
  };
}

export type AgreementView = ReturnType<typeof agreementAt>;
