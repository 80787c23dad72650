import { type KeyboardEvent, useId } from "react";
import { AXIS_END, AXIS_START, addDays, daysBetween, describeDate } from "../lib/dates.ts";
import { DateField } from "../ui/date-field.tsx";
import { type ChangeDate, indexAt } from "./change-dates.ts";

const SPAN = daysBetween(AXIS_START, AXIS_END);
const YEARS = Array.from({ length: 16 }, (_, index) => 2019 + index);
const percent = (date: string) => `${(daysBetween(AXIS_START, date) / SPAN) * 100}%`;

function nearest(dates: readonly ChangeDate[], date: string): string {
  let best = dates[0]?.date ?? date;
  for (const change of dates)
    if (Math.abs(daysBetween(change.date, date)) < Math.abs(daysBetween(best, date)))
      best = change.date;
  return best;
}

/**
 * A slider across 2019–2034 that snaps to the dates on which the matrix changes. The arrow keys step
 * from one change to the next; the date field takes any exact date.
 */
export function Scrubber({
  at,
  dates,
  onChange,
}: {
  at: string;
  dates: readonly ChangeDate[];
  onChange: (date: string) => void;
}) {
  const rangeId = useId();
  const helpId = useId();
  const index = indexAt(dates, at);
  const here = dates[index];
  const exact = here?.date === at;
  const previous = exact ? dates[index - 1] : here;
  const next = dates.find((change) => change.date > at);

  const step = (event: KeyboardEvent<HTMLInputElement>) => {
    const moves: Record<string, ChangeDate | undefined> = {
      ArrowRight: next,
      ArrowUp: next,
      ArrowLeft: previous,
      ArrowDown: previous,
      Home: dates[0],
      End: dates.at(-1),
    };
    if (!(event.key in moves)) return;
    event.preventDefault();
    const target = moves[event.key];
    if (target) onChange(target.date);
  };

  return (
    <fieldset className="scrubber">
      <legend>Date</legend>
      <div className="scrubber-row">
        <DateField label="Exact date" value={at} onChange={onChange} className="scrubber-date" />
        <button
          type="button"
          disabled={!previous}
          onClick={() => previous && onChange(previous.date)}
        >
          <span aria-hidden="true">◀ </span>Previous change
        </button>
        <button type="button" disabled={!next} onClick={() => next && onChange(next.date)}>
          Next change<span aria-hidden="true"> ▶</span>
        </button>
      </div>
      <label htmlFor={rangeId} className="scrubber-label">
        Scrub 2019–2034 (snaps to the {dates.length} dates on which the matrix changes)
      </label>
      <div className="scrubber-track">
        <input
          id={rangeId}
          type="range"
          min={0}
          max={SPAN}
          step={1}
          value={Math.min(Math.max(daysBetween(AXIS_START, at), 0), SPAN)}
          aria-valuetext={describeDate(at)}
          aria-describedby={helpId}
          onKeyDown={step}
          onChange={(event) =>
            onChange(nearest(dates, addDays(AXIS_START, Number(event.target.value))))
          }
        />
        <div className="scrubber-ticks" aria-hidden="true">
          {dates.map((change) => (
            <span
              key={change.date}
              className={change.date === at ? "tick current" : "tick"}
              style={{ left: percent(change.date) }}
            />
          ))}
        </div>
        <div className="scrubber-years" aria-hidden="true">
          {YEARS.map((year) => (
            <span key={year} style={{ left: percent(`${year}-01-01`) }}>
              {year % 2 === 1 ? year : ""}
            </span>
          ))}
        </div>
      </div>
      <p id={helpId} className="hint" aria-live="polite">
        {exact && here
          ? `On ${describeDate(at)}: ${here.what.slice(0, 4).join("; ")}${here.what.length > 4 ? ` and ${here.what.length - 4} more` : ""}.`
          : here
            ? `Last change before ${describeDate(at)}: ${describeDate(here.date)}.`
            : ""}
      </p>
    </fieldset>
  );
}
