import { attributeLabel, attributeText } from "../agreements/values.ts";
import type { StoredEvent } from "../api/types.ts";
import { describeDate } from "../lib/dates.ts";
import { DisputeFields } from "./dispute-fields.tsx";
import type { IntentContext } from "./intent-form.tsx";
import { openQuestionsOf } from "./intent-form.tsx";
import { Choice, Text } from "./intent-inputs.tsx";
import { type Draft, questionTopic } from "./intents.ts";
import { MoneyField } from "./money-field.tsx";
import { AMOUNTS, EDITABLE } from "./term-attributes.ts";
import { ValueField } from "./value-field.tsx";
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
    case "dispute":
      return <DisputeFields draft={draft} patch={patch} ctx={ctx} />;
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
