import type { AgreementState, Dispute, Term } from "../agreement/state.ts";
import { attributesAt, effectiveOf, termStatusAt } from "../agreement/term-timeline.ts";
import type { CalendarDate } from "../dates.ts";
import { describeTerm } from "./describe-term.ts";
import type { Names } from "./names.ts";

export type AgreementStatus = "active" | "not-yet-effective" | "terminated";

export function agreementStatusAt(state: AgreementState, at: CalendarDate): AgreementStatus {
  if (state.terminated && at >= state.terminated.on) return "terminated";
  if (state.started && at < state.started.on) return "not-yet-effective";
  return "active";
}

export function agreementSummary(state: AgreementState, at: CalendarDate) {
  return {
    id: state.id,
    title: state.title,
    kind: state.kind,
    parties: state.parties,
    status: agreementStatusAt(state, at),
    version: state.version,
  };
}

function termView(state: AgreementState, term: Term, at: CalendarDate, names: Names) {
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
    sources: term.sources,
    versions: term.versions,
  };
}

function disputeView(dispute: Dispute, at: CalendarDate) {
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
    sources: dispute.sources,
  };
}

/** Unknowns the terms themselves admit to: they are questions, not answers, and are shown as such. */
function derivedQuestions(state: AgreementState, at: CalendarDate) {
  return Object.values(state.terms).flatMap((term) => {
    const attributes = attributesAt(term, at);
    const questions: string[] = [];
    if (term.kind === "first-ship-priority" && attributes.windowDays === null)
      questions.push("How long is the first-ship window? The wording gives none.");
    const cap = attributes.cap as { disclosed?: boolean } | undefined;
    if (cap?.disclosed === false)
      questions.push("What is the cap? It exists, but its amount is undisclosed.");
    if (
      term.kind === "investment-tranche" &&
      attributes.contingent === true &&
      attributes.conditions === null
    )
      questions.push("On what conditions does this tranche depend? They are undisclosed.");
    return questions.map((question) => ({
      id: `${term.id}:unknown`,
      question,
      termId: term.id,
      origin: "derived" as const,
      answer: null,
      sources: term.sources,
    }));
  });
}

/** The agreement as of `at`: its terms with their intervals and status, disputes and open questions. */
export function agreementAt(state: AgreementState, at: CalendarDate, names: Names) {
  const recorded = Object.values(state.questions).map((question) => ({
    id: question.id,
    question: question.question,
    termId: null,
    origin: "recorded" as const,
    answer: question.answered && question.answered.on <= at ? question.answered.answer : null,
    sources: question.sources,
  }));
  return {
    ...agreementSummary(state, at),
    at,
    summary: state.summary ?? null,
    started: state.started ? { on: state.started.on, precision: state.started.precision } : null,
    endsOn: state.endsOn ?? null,
    terminated: state.terminated
      ? { on: state.terminated.on, reason: state.terminated.reason }
      : null,
    terms: Object.values(state.terms).map((term) => termView(state, term, at, names)),
    disputes: Object.values(state.disputes).map((dispute) => disputeView(dispute, at)),
    openQuestions: [
      ...recorded.filter(({ answer }) => answer === null),
      ...derivedQuestions(state, at),
    ],
    amendments: state.amendments,
    notes: state.notes,
    corrections: Object.entries(state.supersessions).map(([version, supersession]) => ({
      version: Number(version),
      ...supersession,
    })),
    sources: state.sources,
  };
}

export type AgreementView = ReturnType<typeof agreementAt>;
