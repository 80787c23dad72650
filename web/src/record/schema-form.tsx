import type { ReactNode } from "react";
import {
  describedBy,
  ErrorText,
  type FieldProps,
  type FormContext,
  fieldId,
  isObj,
  type Obj,
} from "./form-kit.tsx";
import {
  initialOf,
  isNull,
  type JsonSchema,
  labelOf,
  variantIndex,
  variantLabel,
  variantsOf,
} from "./json-schema.ts";
import { EnumList, Leaf, RecordJson, StringList } from "./leaf-fields.tsx";

export type { FieldProps, FormContext };
export { describedBy, ErrorText, fieldId };

function ObjectList({ name, path, schema, value, onChange, ctx }: FieldProps) {
  const rows = Array.isArray(value) ? value : [];
  const item = schema.items ?? {};
  const set = (next: unknown[]) => onChange(next.length === 0 ? undefined : next);
  return (
    <fieldset className="list" {...describedBy(ctx, path)}>
      <legend>{labelOf(name)}</legend>
      {rows.map((row, index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: rows are edited in place by position
        <div key={index} className="list-row">
          <ObjectFields
            path={`${path}.${index}`}
            schema={item}
            value={row}
            onChange={(next) => set(rows.map((old, at) => (at === index ? next : old)))}
            ctx={ctx}
          />
          <button
            type="button"
            className="danger"
            onClick={() => set(rows.filter((_, at) => at !== index))}
          >
            Remove {labelOf(name).toLowerCase()} {index + 1}
          </button>
        </div>
      ))}
      <button type="button" onClick={() => set([...rows, {}])}>
        Add {labelOf(name).toLowerCase().replace(/s$/, "")}
      </button>
      <ErrorText ctx={ctx} path={path} />
    </fieldset>
  );
}

/** What `null` means for a field: for most, "known to exist but undisclosed". */
const NULL_MEANING: Record<string, string> = {
  untilCondition: "none (the condition is struck out)",
  until: "none (no end date)",
};

function Union(props: FieldProps) {
  const { name, path, schema, required, value, onChange, ctx } = props;
  const variants = variantsOf(schema);
  const nullable = variants.some(isNull);
  const others = variants.filter((variant) => !isNull(variant));
  const only = others.length === 1 ? others[0] : undefined;
  if (nullable && only) {
    return (
      <div className="nullable">
        {value === null ? null : <Field {...props} schema={only} />}
        <label className="check">
          <input
            type="checkbox"
            checked={value === null}
            onChange={(event) => onChange(event.target.checked ? null : undefined)}
          />{" "}
          {labelOf(name)}: {NULL_MEANING[name] ?? "unknown (exists, but not disclosed)"}
        </label>
      </div>
    );
  }
  const id = fieldId(ctx, path);
  const index = variantIndex(others, value);
  const current = others[index];
  return (
    <fieldset className="union">
      <legend>
        {labelOf(name)}
        {required ? "" : " (optional)"}
      </legend>
      <label htmlFor={id}>Which form</label>
      <select
        id={id}
        {...describedBy(ctx, path)}
        value={index < 0 ? "" : String(index)}
        onChange={(event) => {
          const picked = others[Number(event.target.value)];
          onChange(event.target.value === "" || !picked ? undefined : initialOf(picked));
        }}
      >
        <option value="">{required ? "Choose…" : "— not given —"}</option>
        {others.map((variant, at) => (
          <option key={variantLabel(variant)} value={at}>
            {variantLabel(variant)}
          </option>
        ))}
      </select>
      {current && current.const === undefined ? (
        <Field {...props} schema={current} required />
      ) : null}
      {nullable ? (
        <label className="check">
          <input
            type="checkbox"
            checked={value === null}
            onChange={(event) => onChange(event.target.checked ? null : undefined)}
          />{" "}
          unknown (not disclosed)
        </label>
      ) : null}
      {current ? null : <ErrorText ctx={ctx} path={path} />}
    </fieldset>
  );
}

/** One field of any shape, chosen from its JSON Schema. */
export function Field(props: FieldProps): ReactNode {
  const custom = props.ctx.custom?.(props);
  if (custom !== undefined) return custom;
  const { schema, name, path, required, value, onChange, ctx } = props;
  if (schema.const !== undefined) return null;
  if (variantsOf(schema).length > 0) return <Union {...props} />;
  if (schema.type === "array") {
    if (schema.items?.enum) return <EnumList {...props} />;
    if (schema.items?.type === "object") return <ObjectList {...props} />;
    return <StringList {...props} />;
  }
  if (schema.type === "object") {
    if (!schema.properties) return <RecordJson {...props} />;
    if (required)
      return (
        <fieldset className="group">
          <legend>{labelOf(name)}</legend>
          <ObjectFields path={path} schema={schema} value={value} onChange={onChange} ctx={ctx} />
        </fieldset>
      );
    return (
      <fieldset className="group">
        <legend>{labelOf(name)} (optional)</legend>
        <label className="check">
          <input
            type="checkbox"
            checked={isObj(value)}
            onChange={(event) => onChange(event.target.checked ? {} : undefined)}
          />{" "}
          Give {labelOf(name).toLowerCase()}
        </label>
        {isObj(value) ? (
          <ObjectFields path={path} schema={schema} value={value} onChange={onChange} ctx={ctx} />
        ) : null}
        <ErrorText ctx={ctx} path={path} />
      </fieldset>
    );
  }
  return <Leaf {...props} />;
}

/** The fields of an object schema, in order, each writing its own key. */
export function ObjectFields({
  path,
  schema,
  value,
  onChange,
  ctx,
  skip = [],
  order,
}: {
  path: string;
  schema: JsonSchema;
  value: unknown;
  onChange: (next: Obj) => void;
  ctx: FormContext;
  skip?: readonly string[];
  order?: (names: string[]) => string[];
}) {
  const current = isObj(value) ? value : {};
  const names = Object.keys(schema.properties ?? {}).filter((name) => !skip.includes(name));
  return (
    <>
      {(order ? order(names) : names).map((name) => {
        const property = schema.properties?.[name];
        if (!property) return null;
        return (
          <Field
            key={name}
            name={name}
            path={path ? `${path}.${name}` : name}
            schema={property}
            required={schema.required?.includes(name) ?? false}
            value={current[name]}
            onChange={(next) => {
              const copy = { ...current };
              if (next === undefined) delete copy[name];
              else copy[name] = next;
              onChange(copy);
            }}
            ctx={ctx}
          />
        );
      })}
    </>
  );
}
