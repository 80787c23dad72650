import { type FormEvent, useEffect, useId, useRef, useState } from "react";
import { changeAnchor } from "../agreements/change-item.tsx";
import { historyOf } from "../agreements/history.ts";
import { useAgreement, useCatalog, useEvents } from "../api/reads.ts";
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
import { replacementOf } from "./intent-details.tsx";
import {
  draftFromQuery,
  INTENT_LABELS,
  parseJsonEvent,
  placeIssues,
  termChangeOf,
} from "./intent-draft.ts";
import { IntentForm } from "./intent-form.tsx";
import { buildEvent, type Draft } from "./intents.ts";
import { JsonEditor } from "./json-editor.tsx";
import { type Mode, ModeSwitch, PreviewAside } from "./preview-aside.tsx";
import "./record.css";
import { conflictOf, dryRun, isConflict, type Previewed, save } from "./submit.ts";

type Obj = Record<string, unknown>;

/** The fields a link may fill in on the by-type form: `?type=…&termId=…` and the like. */
const PREFILLABLE = ["effectiveOn", "termId", "disputeId", "questionId"] as const;
const prefilled = (query: URLSearchParams): Obj =>
  Object.fromEntries(
    PREFILLABLE.flatMap((name) => (query.get(name) ? [[name, query.get(name)]] : [])),
  );
const issuesToFields = (issues: readonly Issue[]) =>
  Object.fromEntries(issues.map((issue) => [issue.path, issue.message]));
/** The event a preview was made for, to tell whether the form still says the same. */
const eventOf = (previewed: Previewed | null) =>
  previewed
    ? JSON.stringify((JSON.parse(previewed.body) as { events: unknown[] }).events[0])
    : null;
const AUTO_PREVIEW_MS = 450;

export default function RecordPage({ id }: { id: string }) {
  const { canEdit, me } = useSession();
  const { at } = useViewState();
  const agreement = useAgreement(id, at);
  const events = useEvents(id);
  const catalog = useCatalog();
  const query = useQuery();
  const initialType = query.get("type");
  const [mode, setMode] = useState<Mode>(initialType ? "form" : "intent");
  const [type, setType] = useState(
    initialType && eventTypes.includes(initialType as never) ? initialType : "NoteAdded",
  );
  const [value, setValue] = useState<Obj>(() => ({ type, ...prefilled(query) }));
  const [json, setJson] = useState(() =>
    JSON.stringify({ type, effectiveOn: todayUtc(), ...prefilled(query) }, null, 2),
  );
  const [draft, setDraft] = useState<Draft | null>(null);
  const [baseVersion, setBaseVersion] = useState<number | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [general, setGeneral] = useState<string | null>(null);
  const [jsonIssues, setJsonIssues] = useState<Issue[]>([]);
  const [previewed, setPreviewed] = useState<Previewed | null>(null);
  const [conflict, setConflict] = useState<Conflict | null>(null);
  const [busy, setBusy] = useState<"preview" | "save" | null>(null);
  const form = useRef<HTMLFormElement>(null);
  const latest = useRef<string | null>(null);
  const idPrefix = useId();

  useEffect(() => {
    document.title = `Record a change · ${agreement.data?.title ?? id} · Termline`;
  }, [agreement.data?.title, id]);
  useEffect(() => {
    if (baseVersion === null && agreement.data) setBaseVersion(agreement.data.version);
    if (draft === null && agreement.data) setDraft(draftFromQuery(query, agreement.data));
  }, [agreement.data, baseVersion, draft, query]);

  // A link to correct one entry (`?intent=correct&version=…`) starts from that entry's fields.
  useEffect(() => {
    if (draft?.intent !== "correct" || !draft.correctsVersion) return;
    if (Object.keys(draft.replacement).length > 0) return;
    const original = events.data?.find((event) => String(event.version) === draft.correctsVersion);
    if (original) setDraft({ ...draft, replacement: replacementOf(original) });
  }, [draft, events.data]);

  const data = agreement.data;
  const names = namer(catalog.data);
  const built = mode === "intent" && draft && data ? buildEvent(draft, data) : null;
  const intentBody = built?.event ? JSON.stringify(built.event) : null;
  latest.current = mode === "intent" ? intentBody : latest.current;

  const currentEvent = (): Obj | null => {
    if (mode === "intent") return built?.event ?? null;
    if (mode === "form") return value;
    const parsed = parseJsonEvent(json);
    if ("issues" in parsed) setJsonIssues(parsed.issues);
    return "event" in parsed ? parsed.event : null;
  };

  const showIssues = (issues: Issue[], generalText: string | null = null, focus = true) => {
    if (mode === "json") setJsonIssues(issues);
    else if (mode === "form") setErrors(issuesToFields(issues));
    else if (draft) {
      const placed = placeIssues(issues, draft);
      setErrors(placed.fields);
      generalText = [generalText, ...placed.loose].filter(Boolean).join("; ") || null;
    }
    setGeneral(generalText);
    if (!focus) return;
    requestAnimationFrame(() => {
      const target =
        form.current?.querySelector<HTMLElement>('[aria-invalid="true"]') ??
        form.current?.querySelector<HTMLElement>(".form-errors");
      target?.focus();
    });
  };

  const fail = async (error: unknown, expected: number, focus: boolean) => {
    if (isConflict(error)) {
      setConflict(await conflictOf(id, expected, error));
      return;
    }
    const mapped = fieldErrorsOf(error, "events.0.");
    const issues = Object.entries(mapped.fields).map(([path, message]) => ({ path, message }));
    showIssues(issues, mapped.general, focus);
  };

  /** A dry run. `quiet`: the automatic one as the person types, which never moves their focus. */
  const preview = async (expected = baseVersion, quiet = false) => {
    if (expected === null || !data) return;
    const termKind = data.terms.find((term) => term.id === value.termId)?.kind;
    if (mode === "intent" && built && !built.event) {
      if (!quiet)
        showIssues(Object.entries(built.errors).map(([path, message]) => ({ path, message })));
      return;
    }
    const event = currentEvent();
    if (!event) return;
    const issues =
      mode === "json"
        ? validate(EventInput, event)
        : validateEvent(event, mode === "form" ? termKind : undefined);
    if (issues.length > 0 || !quiet) showIssues(issues, null, !quiet && issues.length > 0);
    if (issues.length > 0) return;
    const sent = JSON.stringify(event);
    setBusy("preview");
    try {
      const result = await dryRun(id, expected, event as { type: string } & Obj);
      if (mode !== "intent" || latest.current === sent) setPreviewed(result);
    } catch (error) {
      await fail(error, expected, !quiet);
    } finally {
      setBusy(null);
    }
  };

  // The guided form previews by itself once what it says is complete, and again on each change.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs when the event itself changes
  useEffect(() => {
    if (mode !== "intent" || !intentBody || conflict) return;
    const timer = setTimeout(() => void preview(baseVersion, true), AUTO_PREVIEW_MS);
    return () => clearTimeout(timer);
  }, [intentBody, mode, conflict]);

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
  if (!data || baseVersion === null || !draft) return <Loading what={`agreement ${id}`} />;
  if (!catalog.data) return <Loading what="the catalog" />;
  const catalogData = catalog.data;

  const changed = () => {
    setPreviewed(null);
    setGeneral(null);
  };
  const upToDate = previewed !== null && (mode !== "intent" || eventOf(previewed) === intentBody);

  const commit = async () => {
    if (!previewed || !upToDate) return;
    setBusy("save");
    try {
      const { version, answersUpdating } = await save(id, previewed);
      invalidateAll();
      const updating = answersUpdating ? "&updating=1" : "";
      navigate(
        `/agreements/${id}?at=${at}&recorded=${version}${updating}#${changeAnchor(version)}`,
      );
    } catch (error) {
      setPreviewed(null);
      await fail(error, baseVersion, true);
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

  const switchTo = (next: Mode) => {
    if (next === "json")
      setJson(JSON.stringify(mode === "intent" && built?.event ? built.event : value, null, 2));
    setMode(next);
    setErrors({});
    changed();
  };
  const errorList = mode === "json" ? [] : Object.entries(errors);
  return (
    <>
      <p className="crumbs">
        <Link to={`/agreements/${id}?at=${at}`}>{data.title}</Link> /
      </p>
      <h1>Record a change</h1>
      <p className="lede">
        To {data.title}, starting from version {baseVersion}. The preview beside the form says what
        the change does; nothing is recorded until you save it.
      </p>
      {conflict ? (
        <ConflictPanel
          conflict={conflict}
          onRetry={retry}
          onDiscard={() => navigate(`/agreements/${id}?at=${at}`)}
          names={names}
        />
      ) : null}
      <div className="record-layout">
        <form
          ref={form}
          onSubmit={submit}
          noValidate
          aria-label="Record a change"
          className="record-form"
          data-base-version={baseVersion}
        >
          <ModeSwitch mode={mode} onChange={switchTo} />
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
          <ErrorSummary
            errors={errorList}
            general={general}
            form={form}
            labels={mode === "intent" ? INTENT_LABELS : undefined}
          />
          {mode === "intent" ? (
            <IntentForm
              draft={draft}
              set={(next) => {
                setDraft(next);
                setErrors({});
                setGeneral(null);
              }}
              ctx={{
                agreement: data,
                catalog: catalogData,
                names,
                history: historyOf(events.data ?? [], names),
                idPrefix,
                errors,
              }}
            />
          ) : mode === "form" ? (
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
          </div>
        </form>
        <PreviewAside
          previewed={upToDate ? previewed : null}
          busy={busy}
          names={names}
          termChange={built ? termChangeOf(built, data, names) : undefined}
          onSave={() => void commit()}
        />
      </div>
    </>
  );
}
