import { type FormEvent, type ReactNode, useEffect, useId, useRef, useState } from "react";
import type { Catalog } from "../api/types.ts";
import {
  type CatalogKind,
  CHANNELS,
  type Channel,
  type Entry,
  KIND_TEXT,
  offered,
  slugOf,
} from "../lib/catalog.ts";
import { invalidateAll } from "../lib/resource.ts";
import { type FieldErrors, fieldErrorsOf, noErrors } from "../ui/field-errors.ts";
import { inlineErrors } from "../ui/form-errors.tsx";
import { LaunchDateField } from "./launch-date.tsx";
import { addEntry, answersUpdating, type NewEntry } from "./mutations.ts";

const EMPTY: NewEntry = {
  id: "",
  name: "",
  party: "",
  channel: "",
  class: "",
  owner: "",
  availableFrom: "",
};

/** Pickers for an entry's references: by name, the value an id. */
function EntryPicker({
  id,
  label,
  entries,
  value,
  onChange,
  described,
  error,
  missing,
}: {
  id: string;
  label: string;
  entries: readonly Entry[];
  value: string;
  onChange: (next: string) => void;
  described: Record<string, unknown>;
  error: ReactNode;
  missing: string;
}) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        value={value}
        onChange={(event) => onChange(event.target.value)}
        {...described}
      >
        <option value="">{entries.length === 0 ? missing : "Choose…"}</option>
        {entries.map((entry) => (
          <option key={entry.id} value={entry.id} title={entry.id}>
            {entry.name}
          </option>
        ))}
      </select>
      {error}
    </div>
  );
}

/** What a person must give before anything is sent; the API checks the rest and says where. */
function missingFields(kind: CatalogKind, entry: NewEntry): FieldErrors {
  const fields: Record<string, string> = {};
  if (!entry.name.trim()) fields.name = "Give it a name.";
  if (!entry.id) fields.id = "Give it an id (lowercase letters, digits and dashes).";
  if (kind === "providers" && !entry.party) fields.party = "Choose the party that runs it.";
  if (kind === "providers" && !entry.channel) fields.channel = "Choose what kind of channel it is.";
  if (kind === "products" && !entry.class) fields.class = "Choose its product class.";
  if (kind === "products" && !entry.owner) fields.owner = "Choose the party that owns it.";
  return { fields, general: null };
}

/** Adds one entry of a kind. The id follows the name until the person types one of their own. */
export function AddEntryForm({
  kind,
  catalog,
  onAdded,
  onCancel,
}: {
  kind: CatalogKind;
  catalog: Catalog;
  onAdded: (name: string, updating: boolean) => void;
  onCancel: () => void;
}) {
  const [entry, setEntry] = useState<NewEntry>(EMPTY);
  const [idTouched, setIdTouched] = useState(false);
  const [errors, setErrors] = useState<FieldErrors>(noErrors);
  const [busy, setBusy] = useState(false);
  const prefix = useId();
  const form = useRef<HTMLFormElement>(null);
  const { error, described, errorIdOf, general } = inlineErrors(errors, prefix);
  const noun = KIND_TEXT[kind].one;
  const set = (change: Partial<NewEntry>) => setEntry((current) => ({ ...current, ...change }));
  const nameRef = useRef<HTMLInputElement>(null);

  // The form opens on a button press: the keyboard goes to its first field.
  useEffect(() => nameRef.current?.focus(), []);

  const showErrors = (next: FieldErrors) => {
    setErrors(next);
    requestAnimationFrame(() =>
      form.current?.querySelector<HTMLElement>('[aria-invalid="true"], .status.error')?.focus(),
    );
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const missing = missingFields(kind, entry);
    if (Object.keys(missing.fields).length > 0) return showErrors(missing);
    setBusy(true);
    try {
      const written = await addEntry(kind, { ...entry, name: entry.name.trim() });
      invalidateAll();
      onAdded(entry.name.trim(), answersUpdating(written));
    } catch (failure) {
      showErrors(fieldErrorsOf(failure));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form ref={form} className="panel" onSubmit={submit} noValidate aria-label={`Add a ${noun}`}>
      <h3>Add a {noun}</h3>
      {general}
      <div className="field">
        <label htmlFor={`${prefix}-name`}>Name</label>
        <input
          ref={nameRef}
          id={`${prefix}-name`}
          value={entry.name}
          autoComplete="off"
          onChange={(event) =>
            set({
              name: event.target.value,
              ...(idTouched ? {} : { id: slugOf(event.target.value) }),
            })
          }
          {...described("name")}
        />
        {error("name")}
      </div>
      <div className="field">
        <label htmlFor={`${prefix}-id`}>Id</label>
        <input
          id={`${prefix}-id`}
          value={entry.id}
          autoComplete="off"
          spellCheck={false}
          aria-describedby={errorIdOf("id") ?? `${prefix}-id-hint`}
          {...(errorIdOf("id") ? { "aria-invalid": true as const } : {})}
          onChange={(event) => {
            setIdTouched(true);
            set({ id: event.target.value });
          }}
        />
        <p id={`${prefix}-id-hint`} className="hint">
          How terms, imports and the API name it; it cannot change later. Lowercase letters, digits
          and dashes.
        </p>
        {error("id")}
      </div>
      {kind === "providers" ? (
        <>
          <EntryPicker
            id={`${prefix}-party`}
            label="Party (who runs it)"
            entries={offered(catalog.parties)}
            value={entry.party}
            onChange={(party) => set({ party })}
            described={described("party")}
            error={error("party")}
            missing="Add a party first"
          />
          <fieldset className="choices" {...described("channel")}>
            <legend>Channel</legend>
            {(Object.keys(CHANNELS) as Channel[]).map((channel) => (
              <label key={channel} className="choice">
                <input
                  type="radio"
                  name={`${prefix}-channel`}
                  value={channel}
                  checked={entry.channel === channel}
                  onChange={() => set({ channel })}
                />
                <span>
                  <strong>{CHANNELS[channel].label}</strong>: {CHANNELS[channel].meaning}
                </span>
              </label>
            ))}
            {error("channel")}
          </fieldset>
        </>
      ) : null}
      {kind === "products" ? (
        <>
          <EntryPicker
            id={`${prefix}-class`}
            label="Product class"
            entries={offered(catalog.productClasses)}
            value={entry.class}
            onChange={(value) => set({ class: value })}
            described={described("class")}
            error={error("class")}
            missing="Add a product class first"
          />
          <EntryPicker
            id={`${prefix}-owner`}
            label="Owner (the party whose product it is)"
            entries={offered(catalog.parties)}
            value={entry.owner}
            onChange={(owner) => set({ owner })}
            described={described("owner")}
            error={error("owner")}
            missing="Add a party first"
          />
          <LaunchDateField
            idPrefix={prefix}
            value={entry.availableFrom}
            onChange={(availableFrom) => set({ availableFrom })}
            errorId={errorIdOf("availableFrom")}
            error={error("availableFrom")}
          />
        </>
      ) : null}
      <div className="actions">
        <button type="submit" className="primary" disabled={busy}>
          {busy ? "Adding…" : `Add the ${noun}`}
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
