import { type ReactNode, useState } from "react";
import { describeDate, type Precision } from "../lib/dates.ts";

/** A launch date as the API takes it: `2028`, `2028-06` or `2028-06-15`, never more precise than known. */
export const precisionOfFuzzy = (value: string): Precision =>
  value.length === 4 ? "year" : value.length === 7 ? "month" : "day";

/** "Jun 2028", "2028 (year only)", "15 Jun 2028". */
export function describeFuzzy(value: string): string {
  const precision = precisionOfFuzzy(value);
  const day =
    precision === "year" ? `${value}-01-01` : precision === "month" ? `${value}-01` : value;
  return describeDate(day, precision);
}

const LENGTH: Record<Precision, number> = { year: 4, month: 7, day: 10 };
const INPUT_LABEL: Record<Precision, string> = {
  day: "Launch date",
  month: "Launch month",
  year: "Launch year",
};

/**
 * A launch date known to the day, the month or the year. Choosing a coarser precision keeps
 * what is known (2028-06-15 → 2028-06); a finer one clears the date rather than invent a day.
 */
export function LaunchDateField({
  idPrefix,
  value,
  onChange,
  errorId,
  error,
}: {
  idPrefix: string;
  value: string;
  onChange: (next: string) => void;
  /** The id of the API's message about the date, when there is one. */
  errorId: string | undefined;
  error: ReactNode;
}) {
  const [precision, setPrecision] = useState<Precision>(value ? precisionOfFuzzy(value) : "day");
  const inputId = `${idPrefix}-launch`;
  const hintId = `${idPrefix}-launch-hint`;
  const described = {
    "aria-describedby": errorId ? `${hintId} ${errorId}` : hintId,
    ...(errorId ? { "aria-invalid": true as const } : {}),
  };
  const choose = (next: Precision) => {
    setPrecision(next);
    onChange(LENGTH[next] <= value.length ? value.slice(0, LENGTH[next]) : "");
  };
  return (
    <fieldset className="launch-date">
      <legend>Launch date (optional)</legend>
      <div className="field">
        <label htmlFor={`${idPrefix}-precision`}>Known to the</label>
        <select
          id={`${idPrefix}-precision`}
          value={precision}
          onChange={(event) => choose(event.target.value as Precision)}
        >
          <option value="day">day</option>
          <option value="month">month only</option>
          <option value="year">year only</option>
        </select>
      </div>
      <div className="field">
        <label htmlFor={inputId}>{INPUT_LABEL[precision]}</label>
        {precision === "year" ? (
          <input
            id={inputId}
            type="number"
            inputMode="numeric"
            min={1900}
            max={2200}
            placeholder="2028"
            value={value}
            {...described}
            onChange={(event) => onChange(event.target.value.slice(0, 4))}
          />
        ) : (
          <input
            id={inputId}
            type={precision === "month" ? "month" : "date"}
            value={value.length === LENGTH[precision] ? value : ""}
            {...described}
            onChange={(event) => onChange(event.target.value)}
          />
        )}
        {error}
      </div>
      <p id={hintId} className="hint">
        Before it, nobody may serve the product, whatever the terms say. Leave it empty when the
        product is already available.
      </p>
    </fieldset>
  );
}
