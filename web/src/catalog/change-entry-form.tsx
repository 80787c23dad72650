import { type FormEvent, useEffect, useId, useRef, useState } from "react";
import { type CatalogKind, type Entry, KIND_TEXT } from "../lib/catalog.ts";
import { invalidateAll } from "../lib/resource.ts";
import { type FieldErrors, fieldErrorsOf, noErrors } from "../ui/field-errors.ts";
import { inlineErrors } from "../ui/form-errors.tsx";
import { LaunchDateField } from "./launch-date.tsx";
import { answersUpdating, changeEntry, type EntryChange, type Saved } from "./mutations.ts";

/** Renames an entry or, for a product, moves or removes its launch date. Its id never changes. */
export function ChangeEntryForm({
  kind,
  entry,
  onDone,
}: {
  kind: CatalogKind;
  entry: Entry & { availableFrom?: string | undefined };
  onDone: (saved: Saved | null) => void;
}) {
  const [name, setName] = useState(entry.name);
  const [launch, setLaunch] = useState(entry.availableFrom ?? "");
  const [errors, setErrors] = useState<FieldErrors>(noErrors);
  const [busy, setBusy] = useState(false);
  const prefix = useId();
  const nameRef = useRef<HTMLInputElement>(null);
  const { error, described, errorIdOf, general } = inlineErrors(errors, prefix);

  // The form opens below the table: the keyboard goes straight to what it changes.
  useEffect(() => nameRef.current?.focus(), []);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const change: EntryChange = {};
    if (name.trim() !== entry.name) change.name = name.trim();
    if (kind === "products" && launch !== (entry.availableFrom ?? ""))
      change.availableFrom = launch === "" ? null : launch;
    if (Object.keys(change).length === 0) return onDone(null);
    setBusy(true);
    try {
      const written = await changeEntry(kind, entry.id, change);
      invalidateAll();
      onDone({
        text: `Saved the changes to “${change.name ?? entry.name}”.`,
        updating: answersUpdating(written),
      });
    } catch (failure) {
      setErrors(fieldErrorsOf(failure));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="panel" onSubmit={submit} noValidate aria-label={`Change ${entry.name}`}>
      <h3>
        Change the {KIND_TEXT[kind].one} “{entry.name}” <span className="id">{entry.id}</span>
      </h3>
      {general}
      <div className="field">
        <label htmlFor={`${prefix}-name`}>Name</label>
        <input
          ref={nameRef}
          id={`${prefix}-name`}
          value={name}
          onChange={(event) => setName(event.target.value)}
          {...described("name")}
        />
        {error("name")}
      </div>
      {kind === "products" ? (
        <LaunchDateField
          idPrefix={prefix}
          value={launch}
          onChange={setLaunch}
          errorId={errorIdOf("availableFrom")}
          error={error("availableFrom")}
        />
      ) : null}
      <div className="actions">
        <button type="submit" className="primary" disabled={busy}>
          {busy ? "Saving…" : "Save the changes"}
        </button>
        <button type="button" onClick={() => onDone(null)}>
          Cancel
        </button>
      </div>
    </form>
  );
}
