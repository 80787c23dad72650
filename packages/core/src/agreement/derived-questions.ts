import type { CalendarDate } from "../dates.ts";
import type { AgreementState, Term } from "./state.ts";
import { attributesAt } from "./term-timeline.ts";

/**
 * Questions the terms themselves raise: a window that exists but has no length, a cap that
 * exists but is undisclosed, conditions that exist but are undisclosed. Each has an id of its
 * own (`{termId}:window`), so a person can answer it with `OpenQuestionAnswered` (or record the
 * fact itself with `TermAmended`, after which the question no longer arises).
 */
export interface DerivedQuestion {
  id: string;
  termId: string;
  question: string;
}

function questionsOf(term: Term, at: CalendarDate): DerivedQuestion[] {
  const attributes = attributesAt(term, at);
  const found: DerivedQuestion[] = [];
  const ask = (topic: string, question: string) =>
    found.push({ id: `${term.id}:${topic}`, termId: term.id, question });
  if (term.kind === "first-ship-priority" && attributes.windowDays === null)
    ask("window", "How long is the first-ship window? The wording gives none.");
  const cap = attributes.cap as { disclosed?: boolean } | undefined;
  if (cap?.disclosed === false)
    ask("cap", "What is the cap? It exists, but its amount is undisclosed.");
  if (
    term.kind === "investment-tranche" &&
    attributes.contingent === true &&
    attributes.conditions === null
  )
    ask("conditions", "On what conditions does this tranche depend? They are undisclosed.");
  return found;
}

/**
 * The questions the terms granted by `at` raise: a term granted later raises none yet (asked in
 * 2019, a window first granted in 2026 is no question), one over still does (its facts are
 * still unknown).
 */
export function derivedQuestions(state: AgreementState, at: CalendarDate): DerivedQuestion[] {
  return Object.values(state.terms)
    .filter((term) => term.granted.on <= at)
    .flatMap((term) => questionsOf(term, at));
}
