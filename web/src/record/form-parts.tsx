import { type RefObject, useId } from "react";
import { COMMON_TYPES, eventTypes } from "./event-schemas.ts";
import { labelOf } from "./json-schema.ts";

export function TypePicker({ type, onChange }: { type: string; onChange: (next: string) => void }) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>Event type</label>
      <select id={id} value={type} onChange={(event) => onChange(event.target.value)}>
        <optgroup label="Common">
          {COMMON_TYPES.map((name) => (
            <option key={name}>{name}</option>
          ))}
        </optgroup>
        <optgroup label="All event types">
          {eventTypes
            .filter((name) => !COMMON_TYPES.includes(name as never))
            .map((name) => (
              <option key={name}>{name}</option>
            ))}
        </optgroup>
      </select>
      <p className="hint">Effective on, left empty, means the day it is recorded.</p>
    </div>
  );
}

/** "changes.until" → "Changes › Until"; "sources.0.publication" → "Sources 1 › Publication". */
const labelPath = (path: string) =>
  path
    .split(".")
    .map((part) => (/^\d+$/.test(part) ? String(Number(part) + 1) : labelOf(part)))
    .join(" › ")
    .replace(/ › (\d+)/g, " $1");

function focusField(form: HTMLFormElement | null, path: string) {
  const target =
    form?.querySelector<HTMLElement>(`[name="${CSS.escape(path)}"]`) ??
    form?.querySelector<HTMLElement>(
      `[aria-describedby$="${CSS.escape(path.replaceAll(".", "-"))}-error"]`,
    );
  target?.focus();
}

/** Lists each problem, each linked to its field (nothing is saved until the person saves). */
export function ErrorSummary({
  errors,
  general,
  form,
  labels,
}: {
  errors: [string, string][];
  general: string | null;
  form: RefObject<HTMLFormElement | null>;
  /** Words for the paths of a form that is not generated from the schema. */
  labels?: Record<string, string> | undefined;
}) {
  if (errors.length === 0 && !general) return null;
  return (
    <div className="form-errors status error" role="alert" tabIndex={-1}>
      <p>
        <strong>
          {errors.length === 0
            ? "This change cannot be recorded yet."
            : errors.length === 1
              ? "One field needs attention."
              : `${errors.length} fields need attention.`}
        </strong>
      </p>
      {general ? <p>{general}</p> : null}
      {errors.length > 0 ? (
        <ul>
          {errors.map(([path, message]) => (
            <li key={path}>
              <a
                href={`#${path}`}
                onClick={(event) => {
                  event.preventDefault();
                  focusField(form.current, path);
                }}
              >
                {path ? (labels?.[path] ?? labelPath(path)) : "The event"}
              </a>
              : {message}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
