import { type FormEvent, useEffect, useId, useRef, useState } from "react";
import { ApiError, api, ok } from "../api/client.ts";
import { useCatalog } from "../api/reads.ts";
import type { Catalog } from "../api/types.ts";
import { invalidateAll } from "../lib/resource.ts";
import { Link, navigate } from "../lib/router.tsx";
import { useSession } from "../lib/session.tsx";
import { fieldErrorsOf } from "../ui/field-errors.ts";
import { ErrorNote, Loading } from "../ui/status.tsx";
import { catalogPicker } from "./event-fields.tsx";
import { formSchemaOf, inputSchemaOf, validate } from "./event-schemas.ts";
import { ErrorText, type FieldProps, type FormContext, fieldId } from "./form-kit.tsx";
import { ErrorSummary } from "./form-parts.tsx";
import { ObjectFields } from "./schema-form.tsx";

type Obj = Record<string, unknown>;
type Body = Parameters<typeof api.agreements.$post>[0]["json"];

const TYPE = "AgreementRecorded";
const SLUG = /^[a-z0-9][a-z0-9-]{0,79}$/;
const ORDER = ["title", "kind", "parties", "effectiveOn", "endsOn", "summary", "sources"];
const order = (names: string[]) => [
  ...ORDER.filter((name) => names.includes(name)),
  ...names.filter((name) => !ORDER.includes(name)),
];

/**
 * Party rows left untouched at the end are dropped, so a one-party agreement needs no removing;
 * only trailing ones, so the API's `parties.N` paths still point at the rows on screen.
 */
function withoutEmptyTail(value: Obj): Obj {
  if (!Array.isArray(value.parties)) return value;
  const parties = [...value.parties];
  while (parties.length > 1 && Object.keys(parties.at(-1) ?? {}).length === 0) parties.pop();
  return { ...value, parties };
}

function IdField({
  ctx,
  value,
  onChange,
}: {
  ctx: FormContext;
  value: string;
  onChange: (next: string) => void;
}) {
  const id = fieldId(ctx, "id");
  const invalid = ctx.errors.id
    ? { "aria-invalid": true as const, "aria-describedby": `${id}-error` }
    : { "aria-describedby": `${id}-hint` };
  return (
    <div className="field">
      <label htmlFor={id}>Id (optional)</label>
      <input
        id={id}
        name="id"
        value={value}
        spellCheck={false}
        {...invalid}
        onChange={(event) => onChange(event.target.value)}
      />
      <p id={`${id}-hint`} className="hint">
        How links, imports and the API name it; it cannot change later. Lowercase letters, digits
        and dashes. Left empty, one is made up.
      </p>
      <ErrorText ctx={ctx} path="id" />
    </div>
  );
}

/** Records a new agreement (its first event): who is party to it, in which role, from when. */
function NewAgreementForm({ catalog }: { catalog: Catalog }) {
  // Two party rows to start with: most agreements are between two parties.
  const [draft, setDraft] = useState<Obj>({ parties: [{}, {}] });
  const [agreementId, setAgreementId] = useState("");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [general, setGeneral] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const sent = useRef<{ body: string; key: string } | null>(null);
  const form = useRef<HTMLFormElement>(null);
  const idPrefix = useId();
  const schema = formSchemaOf(TYPE);

  const show = (fields: Record<string, string>, text: string | null) => {
    setErrors(fields);
    setGeneral(text);
    requestAnimationFrame(() =>
      form.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus(),
    );
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const value = withoutEmptyTail(draft);
    const recorded = inputSchemaOf(TYPE);
    const issues = recorded ? validate(recorded, { type: TYPE, ...value }) : [];
    const fields = Object.fromEntries(issues.map((issue) => [issue.path, issue.message]));
    if (agreementId && !SLUG.test(agreementId))
      fields.id = "Use lowercase letters, digits and dashes (at most 80).";
    if (Object.keys(fields).length > 0) return show(fields, null);
    const body = { ...(agreementId ? { id: agreementId } : {}), ...value } as Body;
    const text = JSON.stringify(body);
    // A retry of the same body is safe under its first key; a changed body is a new request.
    if (sent.current?.body !== text) sent.current = { body: text, key: crypto.randomUUID() };
    setBusy(true);
    try {
      const created = await ok(
        api.agreements.$post({ header: { "idempotency-key": sent.current.key }, json: body }),
      );
      invalidateAll();
      navigate(`/agreements/${created.id}?recorded=${created.version}`);
    } catch (error) {
      if (error instanceof ApiError && error.status === 409)
        return show({ id: `${error.problem.detail}. Choose another id.` }, null);
      const mapped = fieldErrorsOf(error);
      show(mapped.fields, mapped.general);
    } finally {
      setBusy(false);
    }
  };

  if (!schema) return <p>The form for a new agreement could not be built.</p>;
  const custom = (props: FieldProps) =>
    props.path === "precision" ? null : catalogPicker(props, catalog, { type: TYPE });
  const ctx: FormContext = { idPrefix, errors, custom };
  return (
    <form
      ref={form}
      onSubmit={submit}
      noValidate
      aria-label="New agreement"
      className="record-form"
    >
      <ErrorSummary errors={Object.entries(errors)} general={general} form={form} />
      <IdField ctx={ctx} value={agreementId} onChange={setAgreementId} />
      <ObjectFields
        path=""
        schema={schema}
        value={draft}
        onChange={setDraft}
        ctx={ctx}
        order={order}
      />
      <div className="actions">
        <button type="submit" className="primary" disabled={busy}>
          {busy ? "Recording…" : "Record the agreement"}
        </button>
        <Link to="/agreements" className="button">
          Cancel
        </Link>
      </div>
    </form>
  );
}

export default function NewAgreementPage() {
  const { canEdit, me } = useSession();
  const catalog = useCatalog();
  useEffect(() => {
    document.title = "New agreement · Termline";
  }, []);
  return (
    <>
      <p className="crumbs">
        <Link to="/agreements">Agreements</Link> /
      </p>
      <h1>New agreement</h1>
      {!canEdit ? (
        <p className="status notice" role="status">
          Your role ({me.role}) can read agreements but not record them. Ask an editor.
        </p>
      ) : catalog.error ? (
        <ErrorNote error={catalog.error} what="the catalog" retry={catalog.reload} />
      ) : !catalog.data ? (
        <Loading what="the catalog" />
      ) : (
        <>
          <p className="lede">
            Who is party to it, in which role, and from when. Its terms (grants, exclusivities,
            payments…) are recorded next, one change at a time.
          </p>
          <NewAgreementForm catalog={catalog.data} />
        </>
      )}
    </>
  );
}
