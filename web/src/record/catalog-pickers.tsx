import type { Catalog } from "../api/types.ts";
import { type CatalogKind, type Entry, entriesOf, KIND_TEXT, offered } from "../lib/catalog.ts";
import { Link } from "../lib/router.tsx";
import { describedBy, ErrorText, type FieldProps, fieldId } from "./form-kit.tsx";
import { labelOf } from "./json-schema.ts";

/** Two entries with one name are told apart by their ids; otherwise people see names only. */
function labelsOf(entries: readonly Entry[]): Map<string, string> {
  const counts = new Map<string, number>();
  for (const entry of entries) counts.set(entry.name, (counts.get(entry.name) ?? 0) + 1);
  return new Map(
    entries.map((entry) => [
      entry.id,
      `${entry.name}${(counts.get(entry.name) ?? 0) > 1 ? ` (${entry.id})` : ""}${entry.retired ? " — retired" : ""}`,
    ]),
  );
}

function Missing({ kind }: { kind: CatalogKind }) {
  return (
    <p className="hint">
      The catalog has no {KIND_TEXT[kind].many.toLowerCase()} yet.{" "}
      <Link to="/catalog">Add one on the Catalog screen</Link>.
    </p>
  );
}

/** One catalog id, chosen by name; the value sent is the id. */
export function CatalogSelect({
  props,
  catalog,
  kind,
}: {
  props: FieldProps;
  catalog: Catalog;
  kind: CatalogKind;
}) {
  const { name, path, required, value, onChange, ctx } = props;
  const id = fieldId(ctx, path);
  const chosen = typeof value === "string" ? value : "";
  const entries = offered(entriesOf(catalog, kind), [chosen]);
  const labels = labelsOf(entries);
  return (
    <div className="field">
      <label htmlFor={id}>
        {labelOf(name)}
        {required ? "" : " (optional)"}
      </label>
      <select
        id={id}
        name={path}
        {...describedBy(ctx, path)}
        value={chosen}
        onChange={(event) => onChange(event.target.value || undefined)}
      >
        <option value="">{required ? `Choose a ${KIND_TEXT[kind].one}…` : "— not given —"}</option>
        {entries.map((entry) => (
          <option key={entry.id} value={entry.id} title={entry.id}>
            {labels.get(entry.id)}
          </option>
        ))}
      </select>
      {entries.length === 0 ? <Missing kind={kind} /> : null}
      <ErrorText ctx={ctx} path={path} />
    </div>
  );
}

/** Several catalog ids, ticked by name; each error the API reports at `path.N` shows under the list. */
export function CatalogChecks({
  props,
  catalog,
  kind,
  emptyMeans,
}: {
  props: FieldProps;
  catalog: Catalog;
  kind: CatalogKind;
  /** What leaving every box unticked means ("every segment"), when the field is optional. */
  emptyMeans?: string | undefined;
}) {
  const { name, path, required, value, onChange, ctx } = props;
  const chosen = Array.isArray(value) ? value.filter((item) => typeof item === "string") : [];
  const entries = offered(entriesOf(catalog, kind), chosen);
  const labels = labelsOf(entries);
  const itemErrors = chosen.map((_, index) => `${path}.${index}`).filter((at) => ctx.errors[at]);
  return (
    <fieldset className="checks" {...describedBy(ctx, path)}>
      <legend>
        {labelOf(name)}
        {required ? "" : ` (optional${emptyMeans ? `; none ticked: ${emptyMeans}` : ""})`}
      </legend>
      {entries.length === 0 ? <Missing kind={kind} /> : null}
      {entries.map((entry) => (
        <label key={entry.id} className="check" title={entry.id}>
          <input
            type="checkbox"
            name={path}
            value={entry.id}
            checked={chosen.includes(entry.id)}
            {...(chosen.includes(entry.id)
              ? describedBy(ctx, `${path}.${chosen.indexOf(entry.id)}`)
              : {})}
            onChange={(event) => {
              const next = event.target.checked
                ? [...chosen, entry.id]
                : chosen.filter((item) => item !== entry.id);
              onChange(next.length === 0 && !required ? undefined : next);
            }}
          />{" "}
          {labels.get(entry.id)}
        </label>
      ))}
      <ErrorText ctx={ctx} path={path} />
      {itemErrors.map((at) => (
        <ErrorText key={at} ctx={ctx} path={at} />
      ))}
    </fieldset>
  );
}
