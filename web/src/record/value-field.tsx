import type { ReactNode } from "react";
import { attributeLabel } from "../agreements/values.ts";
import { FuzzyDateField } from "./fuzzy-date-field.tsx";
import type { Draft } from "./intents.ts";
import { MoneyField } from "./money-field.tsx";
import { attributeKind, SCOPES } from "./term-attributes.ts";

const UNIT: Record<string, string> = { days: "days", percent: "%" };

/** The new value of one attribute, with its current value beside it; the field fits the value. */
export function ValueField({
  id,
  attribute,
  draft,
  set,
  current,
  error,
}: {
  id: string;
  attribute: string;
  draft: Draft;
  set: (patch: Partial<Draft>) => void;
  current: string;
  error?: string | undefined;
}) {
  const kind = attributeKind(attribute);
  const label = `New ${attributeLabel(attribute).toLowerCase()}`;
  if (kind === "money" || kind === "cap")
    return (
      <MoneyField
        id={id}
        label={kind === "cap" ? "Cap amount" : label}
        draft={draft.money}
        onChange={(money) => set({ money })}
        current={current}
        error={error}
      />
    );
  if (kind === "date")
    return (
      <FuzzyDateField
        id={id}
        legend={label}
        draft={draft.date}
        onChange={(date) => set({ date })}
        current={current}
        error={error}
      />
    );
  const errorId = `${id}-error`;
  const describe = {
    "aria-describedby": `${id}-now${error ? ` ${errorId}` : ""}`,
    "aria-invalid": error ? true : undefined,
  };
  let input: ReactNode;
  if (kind === "boolean" || kind === "scope") {
    const options =
      kind === "scope"
        ? SCOPES
        : [
            { value: "yes", label: "yes" },
            { value: "no", label: "no" },
          ];
    input = (
      <select
        id={id}
        {...describe}
        value={kind === "scope" ? draft.text : draft.boolean}
        onChange={(event) =>
          kind === "scope"
            ? set({ text: event.target.value })
            : set({ boolean: event.target.value as Draft["boolean"] })
        }
      >
        <option value="">Choose…</option>
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    );
  } else if (kind === "text") {
    input = (
      <textarea
        id={id}
        rows={3}
        {...describe}
        value={draft.text}
        onChange={(event) => set({ text: event.target.value })}
      />
    );
  } else {
    input = (
      <span className="with-unit">
        <input
          id={id}
          inputMode="decimal"
          autoComplete="off"
          {...describe}
          value={draft.number}
          onChange={(event) => set({ number: event.target.value })}
        />{" "}
        {UNIT[kind] ?? ""}
      </span>
    );
  }
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <p id={`${id}-now`} className="now">
        Now: <strong>{current}</strong>
      </p>
      {input}
      {error ? (
        <p id={errorId} className="field-error">
          {error}
        </p>
      ) : null}
    </div>
  );
}
