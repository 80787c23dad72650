import { useId } from "react";
import { DateField } from "../ui/date-field.tsx";
import { CHANGE_KINDS } from "./history.ts";

export interface HistoryFilter {
  agreement?: string | undefined;
  term?: string | undefined;
  /** Comma-separated event types (one of CHANGE_KINDS), as the changes API takes them. */
  type?: string | undefined;
  person?: string | undefined;
  /** Recorded on or after / on or before (YYYY-MM-DD). */
  from?: string | undefined;
  to?: string | undefined;
}

type Option = { value: string; label: string };

function Select({
  label,
  value,
  options,
  onChange,
  every,
}: {
  label: string;
  value: string | undefined;
  options: Option[];
  onChange: (next: string | undefined) => void;
  every: string;
}) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        value={value ?? ""}
        onChange={(event) => onChange(event.target.value || undefined)}
      >
        <option value="">{every}</option>
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </div>
  );
}

/** A recorded-period bound: a whole date or nothing. */
function RecordedDate({
  label,
  value,
  onChange,
}: {
  label: string;
  value: string | undefined;
  onChange: (next: string | undefined) => void;
}) {
  return (
    <DateField
      label={label}
      value={value ?? ""}
      allowEmpty
      onChange={(date) => onChange(date || undefined)}
    />
  );
}

/** Narrow the history: by agreement (tenant-wide only), term, kind of change, person and period. */
export function HistoryFilters({
  filter,
  onChange,
  agreements,
  terms,
  people,
}: {
  filter: HistoryFilter;
  onChange: (next: HistoryFilter) => void;
  agreements?: Option[] | undefined;
  terms: Option[];
  people: string[];
}) {
  const set = (key: keyof HistoryFilter) => (value: string | undefined) =>
    onChange({ ...filter, [key]: value, ...(key === "agreement" ? { term: undefined } : {}) });
  const active = Object.values(filter).some(Boolean);
  return (
    <fieldset className="controls history-filters">
      <legend>Filter the changes</legend>
      {agreements ? (
        <Select
          label="Agreement"
          value={filter.agreement}
          options={agreements}
          onChange={set("agreement")}
          every="Every agreement"
        />
      ) : null}
      <Select
        label="Term"
        value={filter.term}
        options={terms}
        onChange={set("term")}
        every="Every term"
      />
      <Select
        label="Kind of change"
        value={filter.type}
        options={CHANGE_KINDS.map((kind) => ({ value: kind.types.join(","), label: kind.label }))}
        onChange={set("type")}
        every="Every kind"
      />
      <Select
        label="Recorded by"
        value={filter.person}
        options={people.map((person) => ({ value: person, label: person }))}
        onChange={set("person")}
        every="Anyone"
      />
      <RecordedDate label="Recorded from" value={filter.from} onChange={set("from")} />
      <RecordedDate label="Recorded to" value={filter.to} onChange={set("to")} />
      {active ? (
        <button type="button" onClick={() => onChange({})}>
          Clear the filters
        </button>
      ) : null}
    </fieldset>
  );
}

/** Whether a change passes the filter (the agreement page filters what it already has). */
export function passes(
  filter: HistoryFilter,
  change: { type: string; termId?: string | undefined; recordedBy: string; recordedAt: string },
): boolean {
  const day = change.recordedAt.slice(0, 10);
  if (filter.term && change.termId !== filter.term) return false;
  if (filter.type && !filter.type.split(",").includes(change.type)) return false;
  if (filter.person && change.recordedBy !== filter.person) return false;
  if (filter.from && day < filter.from) return false;
  if (filter.to && day > filter.to) return false;
  return true;
}
