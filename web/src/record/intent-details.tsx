import { attributeLabel, attributeText } from "../agreements/values.ts";
import type { StoredEvent } from "../api/types.ts";
import { describeDate } from "../lib/dates.ts";
import type { IntentContext } from "./intent-form.tsx";
import { openDisputesOf, openQuestionsOf } from "./intent-form.tsx";
import { type Draft, questionTopic } from "./intents.ts";
import { MoneyField } from "./money-field.tsx";
import { AMOUNTS, EDITABLE } from "./term-attributes.ts";
import { ValueField } from "./value-field.tsx";

type Option = { value: string; label: string };

function Choice({
  id,
  label,
  value,
  options,
  onChange,
  error,
  empty = "Choose…",
}: {
  id: string;
  label: string;
  value: string;
  options: Option[];
  onChange: (value: string) => void;
  error?: string | undefined;
  empty?: string;
}) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        value={value}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        onChange={(event) => onChange(event.target.value)}
      >
        <option value="">{options.length === 0 ? "None on this agreement" : empty}</option>
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
      {error ? (
        <p id={`${id}-error`} className="field-error">
          {error}
        </p>
      ) : null}
    </div>
  );
}

function Text({
  id,
  label,
  value,
  onChange,
  error,
  rows = 3,
}: {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  error?: string | undefined;
  rows?: number;
}) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <textarea
        id={id}
        rows={rows}
        value={value}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        onChange={(event) => onChange(event.target.value)}
      />
      {error ? (
        <p id={`${id}-error`} className="field-error">
          {error}
        </p>
      ) : null}
    </div>
  );
}

/** An entry's own fields as a correction starts from them: its date at its precision, its sources. */
export function replacementOf(event: StoredEvent): Record<string, unknown> {
  const length = { year: 4, month: 7, day: 10 }[event.precision];
  return {
    effectiveOn: event.effectiveOn.slice(0, length),
    ...event.data,
    ...(event.sources.length > 0 ? { sources: event.sources } : {}),
  };
}

const NOT_CORRECTABLE = new Set(["EventCorrected", "EventRetracted", "DeadlineAcknowledged"]);

/** The fields one intent needs, and no others. */
export function IntentDetails({
  draft,
  patch,
  set,
  ctx,
}: {
  draft: Draft;
  patch: (change: Partial<Draft>) => void;
  set: (next: Draft) => void;
  ctx: IntentContext;
}) {
  const { agreement, names, idPrefix, errors } = ctx;
  const id = (name: string) => `${idPrefix}-${name}`;
  const term = agreement.terms.find((candidate) => candidate.id === draft.termId);
  const current = (termId: string, attribute: string) => {
    const owner = agreement.terms.find((candidate) => candidate.id === termId);
    return owner
      ? attributeText(attribute, owner.attributes[attribute], names, owner.kind)
      : "unknown";
  };
  const summary = (
    <Text
      id={id("summary")}
      label="In a sentence, for the audit trail (optional)"
      value={draft.note}
      onChange={(note) => patch({ note })}
      rows={2}
    />
  );
  switch (draft.intent) {
    case "amended":
    case "amount": {
      if (!term) return null;
      const choices = (draft.intent === "amount" ? AMOUNTS : EDITABLE)[term.kind] ?? [];
      return (
        <>
          {choices.length > 1 ? (
            <Choice
              id={id("attribute")}
              label={draft.intent === "amount" ? "Which amount" : "What changed"}
              value={draft.attribute}
              options={choices.map((key) => ({
                value: key,
                label: `${attributeLabel(key)} (now ${current(term.id, key)})`,
              }))}
              onChange={(attribute) => patch({ attribute })}
              error={errors.attribute}
            />
          ) : null}
          {draft.attribute ? (
            <ValueField
              id={id("value")}
              attribute={draft.attribute}
              draft={draft}
              set={patch}
              current={current(term.id, draft.attribute)}
              error={errors.value}
            />
          ) : null}
          {summary}
        </>
      );
    }
    case "ended":
      return (
        <Text
          id={id("reason")}
          label="Why it ended (optional)"
          value={draft.note}
          onChange={(note) => patch({ note })}
        />
      );
    case "funded":
      return term ? (
        <>
          <MoneyField
            id={id("value")}
            label="Amount funded (optional)"
            draft={draft.money}
            onChange={(money) => patch({ money })}
            current={current(term.id, "amount")}
            error={errors.value}
          />
          {summary}
        </>
      ) : null;
    case "note":
      return (
        <Text
          id={id("text")}
          label="Note"
          value={draft.text}
          onChange={(text) => patch({ text })}
          error={errors.text}
          rows={4}
        />
      );
    case "answered": {
      const questions = openQuestionsOf(agreement, draft.questionId);
      const topic = questionTopic(draft.questionId);
      return (
        <>
          <Choice
            id={id("question")}
            label="Question"
            value={draft.questionId}
            options={questions.map((question) => ({
              value: question.id,
              label: question.question,
            }))}
            onChange={(questionId) => {
              const next = questionTopic(questionId);
              set({
                ...draft,
                questionId,
                termId: next?.termId ?? "",
                attribute: next?.attribute ?? "",
                inWords: false,
              });
            }}
            error={errors.question}
          />
          {topic ? (
            <div className="field check">
              <label>
                <input
                  type="checkbox"
                  checked={draft.inWords}
                  onChange={(event) => patch({ inWords: event.target.checked })}
                />{" "}
                Answer in words instead (the {attributeLabel(topic.attribute).toLowerCase()} stays
                unknown to the terms)
              </label>
            </div>
          ) : null}
          {topic && !draft.inWords ? (
            <>
              <ValueField
                id={id("value")}
                attribute={topic.attribute}
                draft={draft}
                set={patch}
                current={current(topic.termId, topic.attribute)}
                error={errors.value}
              />
              {summary}
            </>
          ) : draft.questionId ? (
            <Text
              id={id("answer")}
              label="Answer"
              value={draft.text}
              onChange={(text) => patch({ text })}
              error={errors.text}
            />
          ) : null}
        </>
      );
    }
    case "dispute": {
      const disputes = openDisputesOf(agreement);
      return (
        <>
          <fieldset className="segmented-choice">
            <legend>Raised or settled?</legend>
            {(["raise", "settle"] as const).map((action) => (
              <label key={action}>
                <input
                  type="radio"
                  name={id("dispute-action")}
                  checked={draft.disputeAction === action}
                  onChange={() => patch({ disputeAction: action })}
                />{" "}
                {action === "raise" ? "A dispute was raised" : "A dispute was settled"}
              </label>
            ))}
          </fieldset>
          {draft.disputeAction === "settle" ? (
            <>
              <Choice
                id={id("dispute")}
                label="Dispute"
                value={draft.disputeId}
                options={disputes.map((dispute) => ({
                  value: dispute.id,
                  label: dispute.claim.slice(0, 100),
                }))}
                onChange={(disputeId) => patch({ disputeId })}
                error={errors.dispute}
              />
              <Text
                id={id("resolution")}
                label="How it was settled"
                value={draft.text}
                onChange={(text) => patch({ text })}
                error={errors.text}
              />
            </>
          ) : (
            <>
              <Choice
                id={id("dispute-kind")}
                label="What kind"
                value={draft.disputeKind}
                options={[
                  { value: "party-claim", label: "A party claims something" },
                  { value: "conflicting-reports", label: "Reports disagree" },
                  { value: "uncertain-fact", label: "A fact is uncertain" },
                ]}
                onChange={(kind) =>
                  patch({ disputeKind: (kind || "party-claim") as Draft["disputeKind"] })
                }
              />
              <Text
                id={id("claim")}
                label="The claim"
                value={draft.text}
                onChange={(text) => patch({ text })}
                error={errors.text}
              />
              <Choice
                id={id("claimed-by")}
                label="Claimed by (optional)"
                value={draft.claimedBy}
                options={agreement.parties.map((party) => ({
                  value: party.party,
                  label: names.party(party.party),
                }))}
                onChange={(claimedBy) => patch({ claimedBy })}
                empty="Nobody in particular"
              />
              <fieldset className="checks">
                <legend>Terms it puts in doubt (optional)</legend>
                {agreement.terms.map((candidate) => (
                  <label key={candidate.id} className="check" title={candidate.id}>
                    <input
                      type="checkbox"
                      checked={draft.concerns.includes(candidate.id)}
                      onChange={(event) =>
                        patch({
                          concerns: event.target.checked
                            ? [...draft.concerns, candidate.id]
                            : draft.concerns.filter((termId) => termId !== candidate.id),
                        })
                      }
                    />{" "}
                    {candidate.summary}
                  </label>
                ))}
              </fieldset>
            </>
          )}
        </>
      );
    }
    case "correct": {
      const entries = [...ctx.history]
        .reverse()
        .filter(
          (entry) =>
            !NOT_CORRECTABLE.has(entry.event.type) && entry.supersededBy?.type !== "EventRetracted",
        );
      return (
        <>
          <Choice
            id={id("entry")}
            label="Entry to correct"
            value={draft.correctsVersion}
            options={entries.map((entry) => ({
              value: String(entry.event.version),
              label: `v${entry.event.version} · ${entry.headline.slice(0, 90)} (effective ${describeDate(entry.event.effectiveOn, entry.event.precision)})`,
            }))}
            onChange={(version) => {
              const entry = entries.find(
                (candidate) => String(candidate.event.version) === version,
              );
              set({
                ...draft,
                correctsVersion: version,
                replacement: entry ? replacementOf(entry.event) : {},
              });
            }}
            error={errors.entry}
          />
          <Text
            id={id("reason")}
            label="What was wrong"
            value={draft.note}
            onChange={(note) => patch({ note })}
            error={errors.reason}
            rows={2}
          />
        </>
      );
    }
    default:
      return null;
  }
}
