import type { ReactNode } from "react";
import { valueText } from "../agreements/format.ts";
import { disputesOf, questionsOf } from "../api/extras.ts";
import type { Agreement, Catalog } from "../api/types.ts";
import { kindOfField } from "../lib/catalog-fields.ts";
import { CatalogChecks, CatalogSelect } from "./catalog-pickers.tsx";
import { attributeSchemaOf, existingTermKind, formSchemaOf } from "./event-schemas.ts";
import { labelOf } from "./json-schema.ts";
import {
  describedBy,
  ErrorText,
  type FieldProps,
  type FormContext,
  fieldId,
  ObjectFields,
} from "./schema-form.tsx";

type Obj = Record<string, unknown>;

function Picker({
  props,
  options,
  empty,
}: {
  props: FieldProps;
  options: { value: string; label: string }[];
  empty: string;
}) {
  const { name, path, value, onChange, ctx } = props;
  const id = fieldId(ctx, path);
  return (
    <div className="field">
      <label htmlFor={id}>{labelOf(name)}</label>
      <select
        id={id}
        name={path}
        {...describedBy(ctx, path)}
        value={typeof value === "string" ? value : ""}
        onChange={(event) => onChange(event.target.value || undefined)}
      >
        <option value="">{options.length === 0 ? empty : "Choose…"}</option>
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
      <ErrorText ctx={ctx} path={path} />
    </div>
  );
}

function TermChecks({ props, agreement }: { props: FieldProps; agreement: Agreement }) {
  const { name, path, value, onChange, ctx } = props;
  const chosen = Array.isArray(value) ? value : [];
  return (
    <fieldset className="checks" {...describedBy(ctx, path)}>
      <legend>{labelOf(name)} (optional)</legend>
      {agreement.terms.map((term) => (
        <label key={term.id} className="check">
          <input
            type="checkbox"
            checked={chosen.includes(term.id)}
            onChange={(event) => {
              const next = event.target.checked
                ? [...chosen, term.id]
                : chosen.filter((item) => item !== term.id);
              onChange(next.length === 0 ? undefined : next);
            }}
          />{" "}
          {term.id}
        </label>
      ))}
      <ErrorText ctx={ctx} path={path} />
    </fieldset>
  );
}

/** A TermAmended's changes: the chosen term's own attributes, each optional; fill only what changes. */
function AttributeChanges({
  props,
  agreement,
  termId,
}: {
  props: FieldProps;
  agreement: Agreement;
  termId: unknown;
}) {
  const term = agreement.terms.find((candidate) => candidate.id === termId);
  const attributes = term ? attributeSchemaOf(term.kind) : undefined;
  const { path, value, onChange, ctx } = props;
  return (
    <fieldset className="group" {...describedBy(ctx, path)}>
      <legend>Changes</legend>
      {!term || !attributes ? (
        <p className="hint">Choose the term first: its attributes appear here.</p>
      ) : (
        <>
          <p className="hint">
            Fill only what changes. Now:{" "}
            {Object.entries(term.attributes)
              .map(([key, current]) => `${key} ${valueText(current)}`)
              .join("; ") || "no attributes"}
            .
          </p>
          <ObjectFields
            path={path}
            schema={attributes.json}
            value={value}
            onChange={(next: Obj) => onChange(Object.keys(next).length === 0 ? undefined : next)}
            ctx={ctx}
          />
        </>
      )}
      <ErrorText ctx={ctx} path={path} />
    </fieldset>
  );
}

const first = ["effectiveOn"];
const last = ["sources"];
const order = (names: string[]) => [
  ...first.filter((name) => names.includes(name)),
  ...names.filter((name) => !first.includes(name) && !last.includes(name)),
  ...last.filter((name) => names.includes(name)),
];

/**
 * A field that names catalog entries (a holder, providers, products, classes, segments,
 * parties…) as a picker of the tenant's entries by name. A union ("all" or a list) is left to
 * the generic form, which comes back here for its list.
 */
export function catalogPicker(
  props: FieldProps,
  catalog: Catalog,
  context: { type?: string | undefined; termKind?: string | undefined },
): ReactNode | undefined {
  const kind = kindOfField(props.name, context);
  if (!kind) return undefined;
  if (props.schema.type === "string")
    return <CatalogSelect props={props} catalog={catalog} kind={kind} />;
  if (props.schema.type === "array")
    return (
      <CatalogChecks
        props={props}
        catalog={catalog}
        kind={kind}
        emptyMeans={kind === "segments" ? "every segment" : undefined}
      />
    );
  return undefined;
}

/** The generated form for one event type, with pickers where an event names what already exists. */
export function EventFields({
  type,
  value,
  onChange,
  agreement,
  catalog,
  errors,
  idPrefix,
}: {
  type: string;
  value: Obj;
  onChange: (next: Obj) => void;
  agreement: Agreement;
  catalog: Catalog;
  errors: Record<string, string>;
  idPrefix: string;
}) {
  const schema = formSchemaOf(type);
  if (!schema) return <p>No form for {type}.</p>;
  const termKind = existingTermKind(type);
  const amendedKind = agreement.terms.find((term) => term.id === value.termId)?.kind;
  const custom = (props: FieldProps): ReactNode | undefined => {
    if (props.path === "precision") return null;
    // An amendment's changes are the term's attributes: what `holder` names depends on its kind.
    const picker = catalogPicker(
      props,
      catalog,
      props.path.startsWith("changes.") ? { termKind: amendedKind } : { type },
    );
    if (picker !== undefined) return picker;
    if (props.path === "termId" && termKind !== undefined) {
      const terms = agreement.terms.filter((term) => termKind === null || term.kind === termKind);
      return (
        <Picker
          props={props}
          empty={`This agreement has no ${termKind ?? ""} term`}
          options={terms.map((term) => ({
            value: term.id,
            label: `${term.id} (${term.kind}, ${term.status})`,
          }))}
        />
      );
    }
    if (props.path === "changes" && type === "TermAmended")
      return <AttributeChanges props={props} agreement={agreement} termId={value.termId} />;
    if (props.path === "concerns.termIds")
      return <TermChecks props={props} agreement={agreement} />;
    if (props.path === "disputeId" && type === "DisputeResolved")
      return (
        <Picker
          props={props}
          empty="No open dispute"
          options={disputesOf(agreement)
            .filter((dispute) => dispute.status === "open")
            .map((dispute) => ({
              value: dispute.id,
              label: `${dispute.id}: ${dispute.claim.slice(0, 80)}`,
            }))}
        />
      );
    if (props.path === "questionId" && type === "OpenQuestionAnswered") {
      // Recorded questions and those the terms raise (`{termId}:window`…); one named by the link
      // that opened the form stays on offer even if it is not open on this date.
      const open = questionsOf(agreement).filter((question) => !question.answer);
      const options = open.map((question) => ({
        value: question.id,
        label: `${question.id}: ${question.question.slice(0, 80)}`,
      }));
      if (typeof props.value === "string" && !open.some(({ id }) => id === props.value))
        options.push({ value: props.value, label: props.value });
      return <Picker props={props} empty="No open question" options={options} />;
    }
    return undefined;
  };
  const ctx: FormContext = { idPrefix, errors, custom };
  return (
    <ObjectFields
      path=""
      schema={schema}
      value={value}
      onChange={onChange}
      ctx={ctx}
      order={order}
    />
  );
}
