import type { CatalogKind, Entry } from "../lib/catalog.ts";
import type { Column } from "./columns.tsx";

/** One kind's entries: names first, ids secondary, and, for editors, what can be done to each. */
export function EntryTable({
  kind,
  entries,
  columns,
  caption,
  canEdit,
  onChange,
  onRetire,
  busy,
}: {
  kind: CatalogKind;
  entries: readonly Entry[];
  columns: readonly Column[];
  caption: string;
  canEdit: boolean;
  onChange: (entry: Entry) => void;
  onRetire: (entry: Entry, retired: boolean) => void;
  busy: string | null;
}) {
  return (
    <div className="table-scroll">
      <table className="catalog-table" data-kind={kind}>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            {columns.map((column) => (
              <th key={column.header} scope="col">
                {column.header}
              </th>
            ))}
            <th scope="col">Id</th>
            {canEdit ? (
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            ) : null}
          </tr>
        </thead>
        <tbody>
          {entries.map((entry) => (
            <tr
              key={entry.id}
              data-entry={entry.id}
              data-retired={entry.retired ? "true" : undefined}
            >
              <th scope="row">
                {entry.name}
                {entry.retired ? <span className="tag retired-tag"> Retired</span> : null}
              </th>
              {columns.map((column) => (
                <td key={column.header}>{column.cell(entry)}</td>
              ))}
              <td>
                <code className="id">{entry.id}</code>
              </td>
              {canEdit ? (
                <td className="row-actions">
                  <button type="button" onClick={() => onChange(entry)}>
                    Change<span className="visually-hidden"> {entry.name}</span>
                  </button>
                  <button
                    type="button"
                    className={entry.retired ? undefined : "danger"}
                    disabled={busy === entry.id}
                    onClick={() => onRetire(entry, !entry.retired)}
                  >
                    {entry.retired ? "Unretire" : "Retire"}
                    <span className="visually-hidden"> {entry.name}</span>
                  </button>
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
