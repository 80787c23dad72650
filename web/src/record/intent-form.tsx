import type { HistoryEntry } from "../agreements/history.ts";
import { termName } from "../agreements/term-name.ts";
import { attributeLabel, attributeText } from "../agreements/values.ts";
import { disputesOf, questionsOf } from "../api/extras.ts";
import type { Agreement, Catalog } from "../api/types.ts";
import type { Namer } from "../lib/names.ts";
import { EventFields } from "./event-fields.tsx";
import { FuzzyDateField } from "./fuzzy-date-field.tsx";
import { IntentDetails } from "./intent-details.tsx";
import {
  type Draft,
  type Errors,
  INTENTS,
  type IntentId,
  questionTopic,
  termsFor,
} from "./intents.ts";
import { SourcesList } from "./sources-list.tsx";
import { AMOUNTS, EDITABLE, unknownAmountOf } from "./term-attributes.ts";

export interface IntentContext {
  agreement: Agreement;
  catalog: Catalog;
  names: Namer;
  history: HistoryEntry[];
  idPrefix: string;
  errors: Errors;
}

/** What a draft becomes when the person picks an intent or a term: the likely attribute chosen. */
export function withTerm(draft: Draft, termId: string, agreement: Agreement): Draft {
  const term = agreement.terms.find((candidate) => candidate.id === termId);
  if (!term) return { ...draft, termId, attribute: "" };
  const choices =
    draft.intent === "amount" ? (AMOUNTS[term.kind] ?? []) : (EDITABLE[term.kind] ?? []);
  const unknown = unknownAmountOf(term);
  const attribute =
    draft.intent === "amount" && unknown
      ? unknown.attribute
      : choices.length === 1
        ? (choices[0] ?? "")
        : "";
  return { ...draft, termId, attribute };
}

/** Picking an intent: when only one term fits (or one has an unknown amount), it is chosen too. */
export function withIntent(draft: Draft, intent: IntentId, agreement: Agreement): Draft {
  const next: Draft = { ...draft, intent, termId: "", attribute: "" };
  const terms = termsFor(intent, agreement);
  const unknowns =
    intent === "amount" ? terms.filter((term) => unknownAmountOf(term)?.unknown) : [];
  const only = unknowns.length === 1 ? unknowns[0] : terms.length === 1 ? terms[0] : undefined;
  return only &&
    intent !== "note" &&
    intent !== "dispute" &&
    intent !== "answered" &&
    intent !== "correct"
    ? withTerm(next, only.id, agreement)
    : next;
}

function ErrorLine({ id, error }: { id: string; error?: string | undefined }) {
  return error ? (
    <p id={id} className="field-error">
      {error}
    </p>
  ) : null;
}

export function TermPicker({
  draft,
  set,
  ctx,
}: {
  draft: Draft;
  set: (next: Draft) => void;
  ctx: IntentContext;
}) {
  const id = `${ctx.idPrefix}-term`;
  const terms = termsFor(draft.intent, ctx.agreement);
  const chosen = ctx.agreement.terms.find((term) => term.id === draft.termId);
  return (
    <div className="field">
      <label htmlFor={id}>Term it concerns</label>
      <select
        id={id}
        value={draft.termId}
        aria-invalid={ctx.errors.term ? true : undefined}
        aria-describedby={ctx.errors.term ? `${id}-error` : chosen ? `${id}-now` : undefined}
        onChange={(event) => set(withTerm(draft, event.target.value, ctx.agreement))}
      >
        <option value="">
          {terms.length === 0 ? "No term of this agreement fits" : "Choose…"}
        </option>
        {terms.map((term) => (
          <option key={term.id} value={term.id} title={term.id}>
            {termName(term)}
          </option>
        ))}
      </select>
      {chosen ? (
        <div id={`${id}-now`} className="now term-now">
          <p>{chosen.summary}</p>
          <p className="muted small">
            {Object.entries(chosen.attributes)
              .filter(([key]) => (EDITABLE[chosen.kind] ?? []).includes(key))
              .map(
                ([key, value]) =>
                  `${attributeLabel(key)}: ${attributeText(key, value, ctx.names, chosen.kind)}`,
              )
              .join(" · ")}
          </p>
        </div>
      ) : null}
      <ErrorLine id={`${id}-error`} error={ctx.errors.term} />
    </div>
  );
}

export function IntentPicker({
  draft,
  set,
  ctx,
}: {
  draft: Draft;
  set: (next: Draft) => void;
  ctx: IntentContext;
}) {
  return (
    <fieldset className="intents" aria-invalid={ctx.errors.intent ? true : undefined}>
      <legend>What happened?</legend>
      <div className="intent-choices">
        {INTENTS.map((intent) => (
          <label
            key={intent.id}
            className={draft.intent === intent.id ? "intent chosen" : "intent"}
          >
            <input
              type="radio"
              name={`${ctx.idPrefix}-intent`}
              value={intent.id}
              checked={draft.intent === intent.id}
              onChange={() => set(withIntent(draft, intent.id, ctx.agreement))}
            />
            <span>
              <strong>{intent.label}</strong>
              <span className="muted small"> — {intent.hint}</span>
            </span>
          </label>
        ))}
      </div>
      <p className="hint">
        A new term (a grant, a license, a share)? Record it <strong>By event type</strong>.
      </p>
      <ErrorLine id={`${ctx.idPrefix}-intent-error`} error={ctx.errors.intent} />
    </fieldset>
  );
}

/** The whole guided form: what happened, the term, only the fields that needs, when, and sources. */
export function IntentForm({
  draft,
  set,
  ctx,
}: {
  draft: Draft;
  set: (next: Draft) => void;
  ctx: IntentContext;
}) {
  const patch = (change: Partial<Draft>) => set({ ...draft, ...change });
  const needsTerm = ["amended", "ended", "amount", "funded"].includes(draft.intent);
  const correcting = ctx.history.find(
    (entry) => String(entry.event.version) === draft.correctsVersion,
  );
  return (
    <>
      <IntentPicker draft={draft} set={set} ctx={ctx} />
      {draft.intent ? (
        <div className="intent-fields">
          {needsTerm ? <TermPicker draft={draft} set={set} ctx={ctx} /> : null}
          <IntentDetails draft={draft} patch={patch} set={set} ctx={ctx} />
          {draft.intent === "correct" && correcting ? (
            <fieldset className="group replacement">
              <legend>The entry as it should have been</legend>
              <EventFields
                type={correcting.event.type}
                value={{ type: correcting.event.type, ...draft.replacement }}
                onChange={(replacement) => patch({ replacement })}
                agreement={ctx.agreement}
                catalog={ctx.catalog}
                errors={Object.fromEntries(
                  Object.entries(ctx.errors).flatMap(([path, message]) =>
                    path.startsWith("replacement.") ? [[path.slice(12), message]] : [],
                  ),
                )}
                idPrefix={`${ctx.idPrefix}-replacement`}
              />
            </fieldset>
          ) : null}
          {draft.intent !== "correct" ? (
            <FuzzyDateField
              id={`${ctx.idPrefix}-effective`}
              legend="Effective"
              draft={draft.effective}
              onChange={(effective) => patch({ effective })}
              hint="When it holds in the contract; empty means today."
              error={ctx.errors.effectiveOn}
            />
          ) : null}
          <SourcesList
            idPrefix={ctx.idPrefix}
            sources={draft.sources}
            onChange={(sources) => patch({ sources })}
            errors={ctx.errors}
          />
        </div>
      ) : null}
    </>
  );
}

/** The open questions on offer: those still open, and the one a link named. */
export function openQuestionsOf(agreement: Agreement, named: string) {
  const open = questionsOf(agreement).filter((question) => !question.answer);
  if (named && !open.some((question) => question.id === named))
    open.push({
      id: named,
      question: named,
      origin: "recorded",
      termId: questionTopic(named)?.termId ?? null,
      answer: null,
      sources: [],
    });
  return open;
}

export const openDisputesOf = (agreement: Agreement) =>
  disputesOf(agreement).filter((dispute) => dispute.status === "open");
