import { type FormEvent, useEffect, useId, useRef, useState } from "react";
import { useAgreement, useCatalog } from "../api/reads.ts";
import { todayUtc } from "../lib/dates.ts";
import { namer } from "../lib/names.ts";
import { invalidateAll } from "../lib/resource.ts";
import { Link, navigate, useQuery } from "../lib/router.tsx";
import { useSession } from "../lib/session.tsx";
import { useViewState } from "../lib/view-state.ts";
import { fieldErrorsOf } from "../ui/field-errors.ts";
import { ErrorNote, Loading } from "../ui/status.tsx";
import { type Conflict, ConflictPanel } from "./conflict.tsx";
import { EventFields } from "./event-fields.tsx";
import { EventInput, eventTypes, type Issue, validate, validateEvent } from "./event-schemas.ts";
import { ErrorSummary, TypePicker } from "./form-parts.tsx";
import { JsonEditor } from "./json-editor.tsx";
import { Preview } from "./preview.tsx";
import { conflictOf, dryRun, isConflict, type Previewed, save } from "./submit.ts";

type Obj = Record<string, unknown>;
type Mode = "form" | "json";

/** The fields a link may fill in: `?questionId=…&effectiveOn=…` and the like. */
const PREFILLABLE = ["effectiveOn", "termId", "disputeId", "questionId"] as const;

function prefilled(query: URLSearchParams): Obj {
  return Object.fromEntries(
    PREFILLABLE.flatMap((name) => {
      const given = query.get(name);
      return given ? [[name, given]] : [];
    }),
  );
}

const issuesToFields = (issues: readonly Issue[]) =>
  Object.fromEntries(issues.map((issue) => [issue.path, issue.message]));

export default function RecordPage({ id }: { id: string }) {
  const { canEdit, me } = useSession();
  const { at } = useViewState();
  const agreement = useAgreement(id, at);
  // The forms' pickers offer the tenant's own parties, providers, products, classes and segments.
  const catalog = useCatalog();
  const query = useQuery();
  const initialType = query.get("type") ?? "NoteAdded";
  const [type, setType] = useState(
    eventTypes.includes(initialType as never) ? initialType : "NoteAdded",
  );
  const [mode, setMode] = useState<Mode>("form");
  // `?type=OpenQuestionAnswered&questionId=…` (the agreement page's Answer button) fills them in.
  const [value, setValue] = useState<Obj>(() => ({ type, ...prefilled(query) }));
  const [json, setJson] = useState(() =>
    JSON.stringify({ type, effectiveOn: todayUtc(), ...prefilled(query) }, null, 2),
  );
  const [baseVersion, setBaseVersion] = useState<number | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [general, setGeneral] = useState<string | null>(null);
  const [jsonIssues, setJsonIssues] = useState<Issue[]>([]);
  const [previewed, setPreviewed] = useState<Previewed | null>(null);
  const [conflict, setConflict] = useState<Conflict | null>(null);
  const [busy, setBusy] = useState<"preview" | "save" | null>(null);
  const form = useRef<HTMLFormElement>(null);
  const idPrefix = useId();

  useEffect(() => {
    document.title = `Record a change · ${id} · Termline`;
  }, [id]);
  useEffect(() => {
    if (baseVersion === null && agreement.data) setBaseVersion(agreement.data.version);
  }, [agreement.data, baseVersion]);

  if (!canEdit)
    return (
      <>
        <h1>Record a change</h1>
        <p className="status notice" role="status">
          Your role ({me.role}) can read agreements but not record changes. Ask an editor.
        </p>
        <Link to={`/agreements/${id}`}>Back to the agreement</Link>
      </>
    );
  if (agreement.error)
    return <ErrorNote error={agreement.error} what={`agreement ${id}`} retry={agreement.reload} />;
  if (catalog.error)
    return <ErrorNote error={catalog.error} what="the catalog" retry={catalog.reload} />;
  if (!agreement.data || baseVersion === null) return <Loading what={`agreement ${id}`} />;
  if (!catalog.data) return <Loading what="the catalog" />;
  const data = agreement.data;
  const catalogData = catalog.data;

  const changed = () => {
    setPreviewed(null);
    setGeneral(null);
  };
  const termKind = data.terms.find((term) => term.id === value.termId)?.kind;

  const currentEvent = (): Obj | null => {
    if (mode === "form") return value;
    try {
      const parsed: unknown = JSON.parse(json);
      if (typeof parsed === "object" && parsed !== null && !Array.isArray(parsed))
        return parsed as Obj;
      setJsonIssues([{ path: "", message: "The JSON must be one object: the event." }]);
    } catch (error) {
      setJsonIssues([
        {
          path: "",
          message: `Not valid JSON: ${error instanceof Error ? error.message : String(error)}`,
        },
      ]);
    }
    return null;
  };

  const showIssues = (issues: Issue[], generalText: string | null = null) => {
    if (mode === "form") setErrors(issuesToFields(issues));
    else setJsonIssues(issues);
    setGeneral(generalText);
    requestAnimationFrame(() => {
      const target =
        form.current?.querySelector<HTMLElement>('[aria-invalid="true"]') ??
        form.current?.querySelector<HTMLElement>(".form-errors");
      target?.focus();
    });
  };

  const fail = async (error: unknown, expected: number) => {
    if (isConflict(error)) {
      setConflict(await conflictOf(id, expected, error));
      return;
    }
    const mapped = fieldErrorsOf(error, "events.0.");
    const issues = Object.entries(mapped.fields).map(([path, message]) => ({ path, message }));
    showIssues(issues, mapped.general);
  };

  const preview = async (expected = baseVersion) => {
    const event = currentEvent();
    if (!event) return;
    const issues = mode === "form" ? validateEvent(event, termKind) : validate(EventInput, event);
    showIssues(issues);
    if (issues.length > 0) return;
    setBusy("preview");
    try {
      setPreviewed(await dryRun(id, expected, event as { type: string } & Obj));
      requestAnimationFrame(() => document.getElementById("preview-heading")?.focus());
    } catch (error) {
      await fail(error, expected);
    } finally {
      setBusy(null);
    }
  };

  const commit = async () => {
    if (!previewed) return;
    setBusy("save");
    try {
      const version = await save(id, previewed);
      invalidateAll();
      navigate(`/agreements/${id}?at=${at}&recorded=${version}`);
    } catch (error) {
      setPreviewed(null);
      await fail(error, baseVersion);
    } finally {
      setBusy(null);
    }
  };

  const retry = () => {
    if (!conflict) return;
    setBaseVersion(conflict.current);
    setConflict(null);
    invalidateAll();
    void preview(conflict.current);
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void preview();
  };

  const errorList = mode === "form" ? Object.entries(errors) : [];
  return (
    <>
      <p className="crumbs">
        <Link to={`/agreements/${id}?at=${at}`}>{data.title}</Link> /
      </p>
      <h1>Record a change</h1>
      <p className="lede">
        To {data.title}, starting from version {baseVersion}. Preview what the change does to
        entitlements and deadlines, then save it.
      </p>
      {conflict ? (
        <ConflictPanel
          conflict={conflict}
          onRetry={retry}
          onDiscard={() => navigate(`/agreements/${id}?at=${at}`)}
          names={namer(catalogData)}
        />
      ) : null}
      <form
        ref={form}
        onSubmit={submit}
        noValidate
        aria-label="Record a change"
        className="record-form"
        data-base-version={baseVersion}
      >
        <fieldset className="mode-switch">
          <legend className="visually-hidden">How to enter the change</legend>
          <button
            type="button"
            aria-pressed={mode === "form"}
            onClick={() => {
              setMode("form");
              changed();
            }}
          >
            Form
          </button>
          <button
            type="button"
            aria-pressed={mode === "json"}
            onClick={() => {
              setJson(JSON.stringify(value, null, 2));
              setMode("json");
              changed();
            }}
          >
            JSON (any event type)
          </button>
        </fieldset>
        {mode === "form" ? (
          <TypePicker
            type={type}
            onChange={(next) => {
              setType(next);
              setValue({ type: next });
              setErrors({});
              changed();
            }}
          />
        ) : null}
        <ErrorSummary errors={errorList} general={general} form={form} />
        {mode === "form" ? (
          <EventFields
            type={type}
            value={value}
            onChange={(next) => {
              setValue(next);
              changed();
            }}
            agreement={data}
            catalog={catalogData}
            errors={errors}
            idPrefix={idPrefix}
          />
        ) : (
          <JsonEditor
            text={json}
            issues={jsonIssues}
            onChange={(next) => {
              setJson(next);
              setJsonIssues([]);
              changed();
            }}
          />
        )}
        <div className="actions">
          <button type="submit" disabled={busy !== null || conflict !== null}>
            {busy === "preview" ? "Previewing…" : "Preview the change"}
          </button>
          <button
            type="button"
            className="primary"
            disabled={!previewed || busy !== null}
            onClick={() => void commit()}
          >
            {busy === "save" ? "Saving…" : "Save the change"}
          </button>
        </div>
        {!previewed ? (
          <p className="hint">Saving is possible once the preview shows what the change does.</p>
        ) : null}
      </form>
      {previewed ? (
        <Preview
          effects={previewed.effects}
          version={previewed.version}
          names={namer(catalogData)}
        />
      ) : null}
    </>
  );
}
