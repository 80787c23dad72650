import type { ReactNode } from "react";
import { describedBy, ErrorText, type FieldProps, fieldId } from "./form-kit.tsx";
import { FUZZY_DATE_FIELDS, type JsonSchema, labelOf } from "./json-schema.ts";

function hint(name: string, schema: JsonSchema): string | null {
  if (FUZZY_DATE_FIELDS.has(name))
    return "YYYY-MM-DD, or YYYY-MM / YYYY when only the month or year is known";
  if (schema.pattern === "^[a-z0-9][a-z0-9-]{0,79}$") return "lowercase letters, digits and dashes";
  return null;
}

export function Leaf({ name, path, schema, required, value, onChange, ctx }: FieldProps) {
  const id = fieldId(ctx, path);
  const label = `${labelOf(name)}${required ? "" : " (optional)"}`;
  const help = hint(name, schema);
  const common = { id, name: path, ...describedBy(ctx, path) };
  let control: ReactNode;
  if (schema.enum) {
    control = (
      <select
        {...common}
        value={value === undefined ? "" : String(value)}
        onChange={(event) => onChange(event.target.value === "" ? undefined : event.target.value)}
      >
        <option value="">{required ? "Choose…" : "— not given —"}</option>
        {schema.enum.map((option) => (
          <option key={String(option)} value={String(option)}>
            {String(option)}
          </option>
        ))}
      </select>
    );
  } else if (schema.type === "boolean") {
    control = required ? (
      <input
        {...common}
        type="checkbox"
        checked={value === true}
        onChange={(event) => onChange(event.target.checked)}
      />
    ) : (
      <select
        {...common}
        value={value === undefined ? "" : String(value)}
        onChange={(event) =>
          onChange(event.target.value === "" ? undefined : event.target.value === "true")
        }
      >
        <option value="">— not given —</option>
        <option value="true">yes</option>
        <option value="false">no</option>
      </select>
    );
  } else if (schema.type === "number" || schema.type === "integer") {
    control = (
      <input
        {...common}
        type="number"
        step={schema.type === "integer" ? 1 : "any"}
        value={typeof value === "number" ? value : ""}
        onChange={(event) =>
          onChange(event.target.value === "" ? undefined : Number(event.target.value))
        }
      />
    );
  } else {
    const text = typeof value === "string" ? value : "";
    const set = (next: string) => onChange(next === "" && !required ? undefined : next);
    control =
      (schema.maxLength ?? 0) > 300 ? (
        <textarea {...common} rows={3} value={text} onChange={(event) => set(event.target.value)} />
      ) : (
        <input
          {...common}
          type={schema.format === "uri" ? "url" : "text"}
          placeholder={FUZZY_DATE_FIELDS.has(name) ? "2026-04-27" : undefined}
          value={text}
          onChange={(event) => set(event.target.value)}
        />
      );
  }
  return (
    <div className={schema.type === "boolean" && required ? "field check" : "field"}>
      <label htmlFor={id}>{label}</label>
      {control}
      {help ? <p className="hint">{help}</p> : null}
      <ErrorText ctx={ctx} path={path} />
    </div>
  );
}

export function EnumList({ name, path, schema, required, value, onChange, ctx }: FieldProps) {
  const options = schema.items?.enum ?? [];
  const chosen = Array.isArray(value) ? value : [];
  return (
    <fieldset className="checks" {...describedBy(ctx, path)}>
      <legend>
        {labelOf(name)}
        {required ? "" : " (optional)"}
      </legend>
      {options.map((option) => (
        <label key={String(option)} className="check">
          <input
            type="checkbox"
            checked={chosen.includes(option)}
            onChange={(event) => {
              const next = event.target.checked
                ? [...chosen, option]
                : chosen.filter((item) => item !== option);
              onChange(next.length === 0 && !required ? undefined : next);
            }}
          />{" "}
          {String(option)}
        </label>
      ))}
      <ErrorText ctx={ctx} path={path} />
    </fieldset>
  );
}

export function StringList({ name, path, required, value, onChange, ctx }: FieldProps) {
  const id = fieldId(ctx, path);
  const text = Array.isArray(value) ? value.join(", ") : "";
  return (
    <div className="field">
      <label htmlFor={id}>
        {labelOf(name)} (comma-separated{required ? "" : ", optional"})
      </label>
      <input
        id={id}
        {...describedBy(ctx, path)}
        value={text}
        onChange={(event) => {
          const items = event.target.value
            .split(",")
            .map((item) => item.trim())
            .filter(Boolean);
          onChange(items.length === 0 && !required ? undefined : items);
        }}
      />
      <ErrorText ctx={ctx} path={path} />
    </div>
  );
}

export function RecordJson({ name, path, value, onChange, ctx }: FieldProps) {
  const id = fieldId(ctx, path);
  return (
    <div className="field">
      <label htmlFor={id}>{labelOf(name)} (JSON object)</label>
      <textarea
        id={id}
        rows={4}
        {...describedBy(ctx, path)}
        defaultValue={value === undefined ? "" : JSON.stringify(value, null, 2)}
        onBlur={(event) => {
          try {
            onChange(event.target.value.trim() ? JSON.parse(event.target.value) : undefined);
          } catch {
            onChange(event.target.value);
          }
        }}
      />
      <ErrorText ctx={ctx} path={path} />
    </div>
  );
}
