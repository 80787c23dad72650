import { historyOf } from "../agreements/history.ts";
import { termName } from "../agreements/term-name.ts";
import { attributeText, changedKeys } from "../agreements/values.ts";
import type { Agreement } from "../api/types.ts";
import type { Namer } from "../lib/names.ts";
import { withIntent, withTerm } from "./intent-form.tsx";
import { type Built, type Draft, isIntent, newDraft, questionTopic } from "./intents.ts";

/** A draft from a link: `?intent=answered&question=…`, `?intent=amount&term=…`, `?intent=dispute&dispute=…`. */
export function draftFromQuery(query: URLSearchParams, agreement: Agreement): Draft {
  const draft = newDraft(query.get("effectiveOn") ?? "");
  const intent = query.get("intent");
  if (!isIntent(intent)) return draft;
  let next = withIntent(draft, intent, agreement);
  const term = query.get("term");
  if (term) next = withTerm(next, term, agreement);
  const question = query.get("question");
  if (intent === "answered" && question) {
    const topic = questionTopic(question);
    next = {
      ...next,
      questionId: question,
      termId: topic?.termId ?? "",
      attribute: topic?.attribute ?? "",
    };
  }
  const version = query.get("version");
  // The entry's own fields are filled in once the log has loaded (see the record page).
  if (intent === "correct" && version) next = { ...next, correctsVersion: version };
  const dispute = query.get("dispute");
  if (intent === "dispute" && dispute)
    next = { ...next, disputeAction: "settle", disputeId: dispute };
  return next;
}

/** An issue's path (the API's or the schema's) as the guided form's field that shows it. */
export function intentPath(path: string, draft: Draft): string | null {
  if (path === "effectiveOn" || path.startsWith("sources.") || path.startsWith("replacement."))
    return path;
  const direct: Record<string, string> = {
    questionId: "question",
    disputeId: "dispute",
    termId: "term",
    answer: "text",
    claim: "text",
    resolution: "text",
    text: "text",
    reason: draft.intent === "correct" ? "reason" : "",
    correctsVersion: "entry",
  };
  if (path in direct) return direct[path] || null;
  return draft.attribute ? "value" : null;
}

export const INTENT_LABELS: Record<string, string> = {
  intent: "What happened",
  term: "Term it concerns",
  attribute: "What changed",
  value: "New value",
  text: "Text",
  question: "Question",
  dispute: "Dispute",
  entry: "Entry to correct",
  reason: "What was wrong",
  effectiveOn: "Effective",
};

/** The term before and after the change, in words, for the preview. */
export function termChangeOf(built: Built, agreement: Agreement, names: Namer) {
  const change = built.termChange;
  const term = change
    ? agreement.terms.find((candidate) => candidate.id === change.termId)
    : undefined;
  if (!change || !term) return undefined;
  const before = term.attributes;
  const after = { ...before, [change.attribute]: change.after };
  return {
    name: termName(term),
    diff: changedKeys(before, after).map((key) => ({
      key,
      before: attributeText(key, before[key], names, term.kind),
      after: attributeText(key, after[key], names, term.kind),
    })),
  };
}

export { historyOf };

/** Issues at the guided form's fields; those it has no field for, as sentences. */
export function placeIssues(
  issues: readonly { path: string; message: string }[],
  draft: Draft,
): { fields: Record<string, string>; loose: string[] } {
  const fields: Record<string, string> = {};
  const loose: string[] = [];
  for (const issue of issues) {
    const path = intentPath(issue.path, draft);
    if (path) fields[path] = issue.message;
    else loose.push(`${issue.path}: ${issue.message}`);
  }
  return { fields, loose };
}

/** The JSON editor's text as one event, or why it is not one. */
export function parseJsonEvent(
  json: string,
): { event: Record<string, unknown> } | { issues: { path: string; message: string }[] } {
  try {
    const parsed: unknown = JSON.parse(json);
    if (typeof parsed === "object" && parsed !== null && !Array.isArray(parsed))
      return { event: parsed as Record<string, unknown> };
    return { issues: [{ path: "", message: "The JSON must be one object: the event." }] };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { issues: [{ path: "", message: `Not valid JSON: ${message}` }] };
  }
}
