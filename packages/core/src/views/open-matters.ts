import type { AgreementState } from "../agreement/state.ts";
import type { CalendarDate } from "../dates.ts";
import { agreementDates } from "../entitlements/change-dates.ts";
import { TIMELINE_START } from "../read-model/answer-timelines.ts";
import { type HeldStretch, holdsOn, stretchesOf } from "../read-model/stretches.ts";
import { disputeView, questionsAt } from "./agreement-view.ts";

/** Which agreement a matter belongs to, so a list across agreements can say and link it. */
interface OfAgreement {
  agreementId: string;
  agreementTitle: string;
}

/** A dispute raised by `at` and not resolved by then. */
export type OpenDispute = ReturnType<typeof disputeView> & OfAgreement;
/** A question recorded or raised by the terms, with no answer recorded by `at`. */
export type UnansweredQuestion = ReturnType<typeof questionsAt>[number] & OfAgreement;

/** What is unsettled in an agreement on a date: what a Monday-morning page lists. */
export interface OpenMatters {
  disputes: OpenDispute[];
  questions: UnansweredQuestion[];
}

/** The disputes and questions open on `at`, as the agreement's page shows them. */
export function openMattersAt(state: AgreementState, at: CalendarDate): OpenMatters {
  if (!state.exists) return { disputes: [], questions: [] };
  const of = { agreementId: state.id, agreementTitle: state.title };
  return {
    disputes: Object.values(state.disputes)
      .map((dispute) => disputeView(dispute, at))
      .filter(({ status }) => status === "open")
      .map((dispute) => ({ ...dispute, ...of })),
    questions: questionsAt(state, at)
      .filter(({ answer }) => answer === null)
      .map((question) => ({ ...question, ...of })),
  };
}

/** An open matter over the stretch of dates it stays open and unchanged. */
export type OpenMatterStretch =
  | (HeldStretch<OpenDispute> & { kind: "dispute" })
  | (HeldStretch<UnansweredQuestion> & { kind: "question" });

/**
 * Every open matter of one agreement with the stretch of `at` dates it holds for: disputes
 * open and close on their own dates, questions the terms raise on the terms' dates, recorded
 * questions on theirs, and answers arrive on theirs, so evaluating on each of those is exact
 * between them.
 */
export function openMatterIndexOf(state: AgreementState): OpenMatterStretch[] {
  const raisedAndAnswered = Object.values(state.questions).flatMap(({ raised, answered }) =>
    answered ? [raised.on, answered.on] : [raised.on],
  );
  const dates = [TIMELINE_START, ...agreementDates(state), ...raisedAndAnswered];
  const disputes = stretchesOf(
    dates,
    (at) => new Map(openMattersAt(state, at).disputes.map((dispute) => [dispute.id, dispute])),
  );
  const questions = stretchesOf(
    dates,
    (at) => new Map(openMattersAt(state, at).questions.map((question) => [question.id, question])),
  );
  return [
    ...disputes.map((stretch) => ({ ...stretch, kind: "dispute" as const })),
    ...questions.map((stretch) => ({ ...stretch, kind: "question" as const })),
  ];
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
/** The order of a whole list of open matters: by agreement, then id. */
export const byAgreementThenId = (
  a: OfAgreement & { id: string },
  b: OfAgreement & { id: string },
) => compare(a.agreementId, b.agreementId) || compare(a.id, b.id);

/** The matters among `stretches` open on `at`, by agreement then id. */
export function openMattersHolding(
  stretches: readonly OpenMatterStretch[],
  at: CalendarDate,
): OpenMatters {
  const holding = stretches.filter(holdsOn(at));
  return {
    disputes: holding
      .flatMap((stretch) => (stretch.kind === "dispute" ? [stretch.value] : []))
      .sort(byAgreementThenId),
    questions: holding
      .flatMap((stretch) => (stretch.kind === "question" ? [stretch.value] : []))
      .sort(byAgreementThenId),
  };
}

/** Every agreement's open matters on `at`, by agreement then id: what the index must equal. */
export function openMattersIn(
  agreements: readonly AgreementState[],
  at: CalendarDate,
): OpenMatters {
  const each = agreements.map((state) => openMattersAt(state, at));
  return {
    disputes: each.flatMap(({ disputes }) => disputes).sort(byAgreementThenId),
    questions: each.flatMap(({ questions }) => questions).sort(byAgreementThenId),
  };
}
