import type { Precision } from "../lib/dates.ts";

/** A date known to the day, the month or the year, as the person chose it. */
export interface FuzzyDraft {
  precision: Precision;
  value: string;
}

const LENGTH: Record<Precision, number> = { year: 4, month: 7, day: 10 };
const PATTERN: Record<Precision, RegExp> = {
  year: /^\d{4}$/,
  month: /^\d{4}-(0[1-9]|1[0-2])$/,
  day: /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/,
};

/** `2030`, `2030-06` or `2030-06-15`; "" when empty; null when not a date at its precision. */
export function fuzzyValue(draft: FuzzyDraft): string | null {
  const value = draft.value.trim();
  if (!value) return "";
  if (!PATTERN[draft.precision].test(value)) return null;
  if (draft.precision === "day") {
    const time = Date.parse(`${value}T00:00:00Z`);
    if (Number.isNaN(time) || new Date(time).toISOString().slice(0, 10) !== value) return null;
  }
  return value;
}

export const fuzzyDraftOf = (value: string): FuzzyDraft => ({
  precision: value.length === 4 ? "year" : value.length === 7 ? "month" : "day",
  value,
});

const INPUT_LABEL: Record<Precision, string> = { day: "date", month: "month", year: "year" };

/**
 * A date with its precision as a clear choice: day, month or year. A coarser choice keeps what
 * is known (2026-05-01 → 2026-05); a finer one keeps the field empty rather than invent a day.
 */
export function FuzzyDateField({
  id,
  legend,
  draft,
  onChange,
  hint,
  current,
  error,
}: {
  id: string;
  legend: string;
  draft: FuzzyDraft;
  onChange: (next: FuzzyDraft) => void;
  hint?: string | undefined;
  current?: string | undefined;
  error?: string | undefined;
}) {
  const choose = (precision: Precision) =>
    onChange({
      precision,
      value: LENGTH[precision] <= draft.value.length ? draft.value.slice(0, LENGTH[precision]) : "",
    });
  const described = [hint ? `${id}-hint` : "", error ? `${id}-error` : ""]
    .filter(Boolean)
    .join(" ");
  return (
    <fieldset className="fuzzy-date" aria-invalid={error ? true : undefined}>
      <legend>{legend}</legend>
      {current !== undefined ? (
        <p className="now">
          Now: <strong>{current}</strong>
        </p>
      ) : null}
      <div className="precision-choice">
        <span className="precision-label" id={`${id}-precision`}>
          Known to the
        </span>
        <div role="radiogroup" aria-labelledby={`${id}-precision`} className="segmented">
          {(["day", "month", "year"] as const).map((precision) => (
            <label key={precision} className={draft.precision === precision ? "chosen" : ""}>
              <input
                type="radio"
                name={`${id}-precision`}
                checked={draft.precision === precision}
                onChange={() => choose(precision)}
              />{" "}
              {precision}
            </label>
          ))}
        </div>
      </div>
      <div className="field">
        <label htmlFor={id}>{`${legend}: ${INPUT_LABEL[draft.precision]}`}</label>
        {draft.precision === "year" ? (
          <input
            id={id}
            type="number"
            inputMode="numeric"
            min={1900}
            max={2200}
            placeholder="2030"
            value={draft.value}
            aria-describedby={described || undefined}
            aria-invalid={error ? true : undefined}
            onChange={(event) => onChange({ ...draft, value: event.target.value.slice(0, 4) })}
          />
        ) : (
          <input
            id={id}
            type={draft.precision === "month" ? "month" : "date"}
            value={draft.value.length === LENGTH[draft.precision] ? draft.value : ""}
            aria-describedby={described || undefined}
            aria-invalid={error ? true : undefined}
            onChange={(event) => onChange({ ...draft, value: event.target.value })}
          />
        )}
      </div>
      {hint ? (
        <p id={`${id}-hint`} className="hint">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={`${id}-error`} className="field-error">
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}
