import { useEffect, useId, useState } from "react";
import { describeDate, instantOf, isCalendarDate } from "../lib/dates.ts";

/**
 * A calendar date typed as YYYY-MM-DD, the same whatever the browser's locale (a native date
 * input shows 05/01/2026 in one browser and 01/05/2026 in another, beside "1 May 2026" text).
 * `onChange` hears only whole, real dates; what is typed meanwhile stays in the field.
 */
export function DateField({
  label,
  value,
  onChange,
  allowEmpty = false,
  className = "field",
}: {
  label: string;
  value: string;
  onChange: (date: string) => void;
  allowEmpty?: boolean;
  className?: string;
}) {
  const id = useId();
  const [draft, setDraft] = useState(value);
  useEffect(() => setDraft(value), [value]);
  const bad = draft !== "" && !isCalendarDate(draft);
  return (
    <div className={`${className} date-field`}>
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        inputMode="numeric"
        autoComplete="off"
        spellCheck={false}
        placeholder="YYYY-MM-DD"
        size={11}
        value={draft}
        aria-invalid={bad || undefined}
        aria-describedby={`${id}-hint`}
        onChange={(event) => {
          const next = event.target.value.trim();
          setDraft(next);
          if (isCalendarDate(next) || (allowEmpty && next === "")) onChange(next);
        }}
      />
      <span id={`${id}-hint`} className="hint">
        {bad
          ? "Write the date as YYYY-MM-DD, e.g. 2026-05-01."
          : isCalendarDate(draft)
            ? describeDate(draft)
            : "YYYY-MM-DD"}
      </span>
    </div>
  );
}

/**
 * An instant picked as a date and a time, both in UTC, said so in the label: "as known at"
 * asks what had been recorded by then, and records are stamped in UTC.
 */
export function InstantField({
  label,
  value,
  onChange,
}: {
  label: string;
  value: string | undefined;
  onChange: (instant: string | undefined) => void;
}) {
  const id = useId();
  const [date, setDate] = useState(value?.slice(0, 10) ?? "");
  const [time, setTime] = useState(value?.slice(11, 16) ?? "");
  useEffect(() => {
    setDate(value?.slice(0, 10) ?? "");
    setTime(value?.slice(11, 16) ?? "");
  }, [value]);
  const change = (nextDate: string, nextTime: string) => {
    setDate(nextDate);
    setTime(nextTime);
    if (nextDate === "" && nextTime === "") return onChange(undefined);
    const instant = instantOf(nextDate, nextTime || "23:59");
    if (instant) onChange(instant);
  };
  return (
    <fieldset className="instant-field">
      <legend>{label} (UTC)</legend>
      <div className="instant-parts">
        <label htmlFor={`${id}-date`}>Date (UTC)</label>
        <input
          id={`${id}-date`}
          inputMode="numeric"
          autoComplete="off"
          placeholder="YYYY-MM-DD"
          size={11}
          value={date}
          onChange={(event) => change(event.target.value.trim(), time)}
        />
        <label htmlFor={`${id}-time`}>Time (UTC)</label>
        <input
          id={`${id}-time`}
          inputMode="numeric"
          autoComplete="off"
          placeholder="HH:MM"
          size={6}
          value={time}
          onChange={(event) => change(date, event.target.value.trim())}
        />
      </div>
      <p className="hint">
        What had been recorded by this moment, in UTC (an empty time means the end of the day).
      </p>
    </fieldset>
  );
}
