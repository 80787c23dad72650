import { useId, useState } from "react";
import type { Catalog } from "../api/types.ts";
import { type CatalogKind, type Entry, entriesOf, KIND_TEXT } from "../lib/catalog.ts";
import { namer } from "../lib/names.ts";
import { invalidateAll } from "../lib/resource.ts";
import { AnswersUpdating, describeError } from "../ui/status.tsx";
import { AddEntryForm } from "./add-entry-form.tsx";
import { ChangeEntryForm } from "./change-entry-form.tsx";
import { columnsOf } from "./columns.tsx";
import { EntryTable } from "./entry-table.tsx";
import { answersUpdating, changeEntry, type Saved } from "./mutations.ts";

/** What each kind is for, in a line under its heading. */
const ABOUT: Record<CatalogKind, string> = {
  parties: "The companies your agreements are between.",
  providers:
    "The channels a product can be served through, each run by a party: clouds, the owner's own channel, resellers.",
  "product-classes": "Groups of products that terms can cover as a whole.",
  products: "What terms grant, restrict or reserve, each owned by a party.",
  segments: "Kinds of customers that terms can be limited to. Every tenant starts with Commercial.",
};

/** One kind of entry: the ones in use, the retired ones apart, and (for editors) adding and changing. */
export function KindSection({
  kind,
  catalog,
  canEdit,
}: {
  kind: CatalogKind;
  catalog: Catalog;
  canEdit: boolean;
}) {
  const [adding, setAdding] = useState(false);
  const [changing, setChanging] = useState<Entry | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  // A saved change's message, or a failure's (whose answers never move).
  const [message, setMessage] = useState<(Saved & { error: boolean }) | null>(null);
  const headingId = useId();
  const names = namer(catalog);
  const text = KIND_TEXT[kind];
  const entries = entriesOf(catalog, kind);
  const inUse = entries.filter((entry) => !entry.retired);
  const retired = entries.filter((entry) => entry.retired);
  const columns = columnsOf(kind, catalog, names);

  const retire = async (entry: Entry, next: boolean) => {
    setBusy(entry.id);
    try {
      const written = await changeEntry(kind, entry.id, { retired: next });
      invalidateAll();
      setMessage({
        text: next
          ? `Retired “${entry.name}”: it is kept for history, and leaves the pickers and the matrix.`
          : `“${entry.name}” is in use again.`,
        error: false,
        updating: answersUpdating(written),
      });
    } catch (failure) {
      setMessage({ text: describeError(failure).detail, error: true, updating: false });
    } finally {
      setBusy(null);
    }
  };

  const table = {
    kind,
    columns,
    canEdit,
    busy,
    onRetire: (entry: Entry, next: boolean) => void retire(entry, next),
    onChange: (entry: Entry) => {
      setAdding(false);
      setChanging(entry);
    },
  };
  return (
    <section className="catalog-kind" aria-labelledby={headingId} data-testid={`catalog-${kind}`}>
      <h2 id={headingId}>
        {text.many} <span className="muted">({inUse.length})</span>
      </h2>
      <p className="hint">{ABOUT[kind]}</p>
      {inUse.length === 0 ? (
        <p>No {text.many.toLowerCase()} in use yet.</p>
      ) : (
        <EntryTable {...table} entries={inUse} caption={`${text.many} in use`} />
      )}
      {retired.length > 0 ? (
        <EntryTable
          {...table}
          entries={retired}
          caption={`Retired ${text.many.toLowerCase()}: kept for history, out of the pickers and the matrix`}
        />
      ) : null}
      <p
        className={message ? `status ${message.error ? "error" : "success"}` : undefined}
        role="status"
        aria-live="polite"
      >
        {message?.text}
        {message?.updating ? (
          <>
            {" "}
            <AnswersUpdating change="change" testId="catalog-answers-updating" />
          </>
        ) : null}
      </p>
      {canEdit && changing ? (
        <ChangeEntryForm
          key={changing.id}
          kind={kind}
          entry={changing}
          onDone={(done) => {
            setChanging(null);
            if (done) setMessage({ ...done, error: false });
          }}
        />
      ) : null}
      {canEdit && adding ? (
        <AddEntryForm
          kind={kind}
          catalog={catalog}
          onAdded={(name, updating) => {
            setAdding(false);
            setMessage({ text: `Added the ${text.one} “${name}”.`, error: false, updating });
          }}
          onCancel={() => setAdding(false)}
        />
      ) : null}
      {canEdit && !adding ? (
        <button
          type="button"
          onClick={() => {
            setChanging(null);
            setMessage(null);
            setAdding(true);
          }}
        >
          Add a {text.one}
        </button>
      ) : null}
    </section>
  );
}
