import type { Precision } from "../lib/dates.ts";
import type { Agreement, Term } from "./types.ts";

/**
 * The agreement view carries more than its schema names (`.loose()` in the API): a term's dated
 * changes and end, an agreement's start, a dispute's dates. These read them without trusting them.
 */
export interface Dated {
  on: string;
  precision: Precision;
  text: string;
  version?: number;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

const isPrecision = (value: unknown): value is Precision =>
  value === "day" || value === "month" || value === "year";

function dated(value: unknown, textKey: string): Dated | null {
  if (!isRecord(value) || typeof value.on !== "string") return null;
  const text = value[textKey];
  return {
    on: value.on,
    precision: isPrecision(value.precision) ? value.precision : "day",
    text: typeof text === "string" ? text : "",
    ...(typeof value.version === "number" ? { version: value.version } : {}),
  };
}

export const termChanges = (term: Term): Dated[] =>
  Array.isArray(term.changes)
    ? term.changes.flatMap((change) => dated(change, "summary") ?? [])
    : [];

export const termEnded = (term: Term): Dated | null => dated(term.ended, "reason");

/** The version that granted the term: the first of those that made or changed it. */
export const termGrantedIn = (term: Term): number | undefined =>
  Array.isArray(term.versions) && typeof term.versions[0] === "number"
    ? term.versions[0]
    : undefined;

const agreementStarted = (agreement: Agreement): Dated | null =>
  dated(agreement.started, "summary");

/** How long the agreement runs: its start, and its end (`endsOn` may be `2034-02`) or termination. */
export function agreementSpan(agreement: Agreement): { start: Dated | null; end: Dated | null } {
  const terminated = dated(agreement.terminated, "reason");
  const endsOn = typeof agreement.endsOn === "string" ? agreement.endsOn : null;
  const precision: Precision =
    endsOn?.length === 4 ? "year" : endsOn?.length === 7 ? "month" : "day";
  const end =
    terminated ??
    (endsOn
      ? {
          on:
            endsOn.length === 4 ? `${endsOn}-01-01` : endsOn.length === 7 ? `${endsOn}-01` : endsOn,
          precision,
          text: "ends",
        }
      : null);
  return { start: agreementStarted(agreement), end };
}

export interface DisputeView {
  id: string;
  kind: string;
  claim: string;
  status: string;
  raisedOn: string | null;
  resolvedOn: string | null;
  resolution: string | null;
  claimedBy: string | null;
  sources: { publication: string; title?: string; date?: string; url?: string }[];
}

const text = (value: unknown): string | null => (typeof value === "string" ? value : null);

function sourcesOf(value: unknown): DisputeView["sources"] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((source) =>
    isRecord(source) && typeof source.publication === "string"
      ? [
          {
            publication: source.publication,
            ...(typeof source.title === "string" ? { title: source.title } : {}),
            ...(typeof source.date === "string" ? { date: source.date } : {}),
            ...(typeof source.url === "string" ? { url: source.url } : {}),
          },
        ]
      : [],
  );
}

export const disputesOf = (agreement: Agreement): DisputeView[] =>
  agreement.disputes.map((dispute) => ({
    id: dispute.id,
    kind: dispute.kind,
    claim: dispute.claim,
    status: dispute.status,
    raisedOn: text(dispute.raisedOn),
    resolvedOn: text(dispute.resolvedOn),
    resolution: text(dispute.resolution),
    claimedBy: text(dispute.claimedBy),
    sources: sourcesOf(dispute.sources),
  }));

export interface QuestionView {
  id: string;
  question: string;
  origin: string;
  termId: string | null;
  answer: string | null;
  sources: DisputeView["sources"];
}

const questionView = (question: Agreement["openQuestions"][number]): QuestionView => ({
  id: question.id,
  question: question.question,
  origin: question.origin,
  termId: text(question.termId),
  answer: text(question.answer),
  sources: sourcesOf(question.sources),
});

/** The questions still open on `at`: recorded ones, and those the terms raise (`{termId}:window`…). */
export const questionsOf = (agreement: Agreement): QuestionView[] =>
  agreement.openQuestions.map(questionView);

/** The questions answered by `at` (an older API without the list: none). */
export const answeredQuestionsOf = (agreement: Agreement): QuestionView[] =>
  (Array.isArray(agreement.answeredQuestions) ? agreement.answeredQuestions : []).map(questionView);

export const isPrecisionValue = isPrecision;
