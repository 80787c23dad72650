import { useState } from "react";
import type { StoredEvent, Term } from "../api/types.ts";
import { type Namer, namedValue } from "../lib/names.ts";
import { ChangeItem, type ChangeView } from "./change-item.tsx";
import { fieldText } from "./format.ts";
import { type HistoryEntry, historyOf } from "./history.ts";
import { type HistoryFilter, HistoryFilters, passes } from "./history-filters.tsx";
import { termName } from "./term-name.ts";
import { attributeText } from "./values.ts";

/** Changes drawn at a time, not all at once: an agreement with years of notes has thousands. */
const TRAIL_PAGE = 100;

function viewOf(
  entry: HistoryEntry,
  names: Namer,
  nameOf: (termId: string) => string | undefined,
  knownAt: string | undefined,
): ChangeView {
  const { event } = entry;
  return {
    eventId: event.id,
    version: event.version,
    type: event.type,
    headline: entry.headline,
    termName: entry.termId ? nameOf(entry.termId) : undefined,
    effectiveOn: event.effectiveOn,
    precision: event.precision,
    recordedAt: event.recordedAt,
    recordedBy: event.recordedBy,
    sources: event.sources,
    diff: entry.diff,
    supersededBy: entry.supersededBy,
    later: knownAt !== undefined && event.recordedAt > knownAt,
    fields: Object.entries(event.data).map(([key, value]) => {
      const context = { type: event.type, termKind: entry.termKind };
      const named = key === "termId" ? nameOf(String(value)) : undefined;
      // Ids the catalog names, changes and concerns read as before; sums, caps and dates in words.
      const plain =
        namedValue(names, key, value, context) !== undefined ||
        key === "changes" ||
        key === "concerns";
      const text = plain
        ? fieldText(names, key, value, context)
        : attributeText(key, value, names, entry.termKind);
      return [key === "termId" ? "term" : key, named ?? text] as const;
    }),
  };
}

/** The agreement's history, newest first, in words, with filters by term, kind, person and period. */
export function AuditTrail({
  events,
  knownAt,
  names,
  terms,
  recorded,
  focus,
  correctLink,
}: {
  events: readonly StoredEvent[];
  knownAt?: string | undefined;
  names: Namer;
  terms: readonly Term[];
  /** The version just saved, marked. */
  recorded?: number | undefined;
  /** A version a link points at (`#change-v12`): drawn, however old. */
  focus?: number | undefined;
  /** Editors: where to correct an entry. */
  correctLink?: ((version: number) => string) | undefined;
}) {
  const [filter, setFilter] = useState<HistoryFilter>({});
  const [drawn, setDrawn] = useState(TRAIL_PAGE);
  const history = historyOf(events, names);
  const nameOf = (termId: string) => {
    const term = terms.find((candidate) => candidate.id === termId);
    return term ? termName(term) : undefined;
  };
  const people = [...new Set(events.map((event) => event.recordedBy))].sort();
  const shown = history
    .filter((entry) => passes(filter, { ...entry.event, termId: entry.termId }))
    .reverse();
  const focused = shown.findIndex(({ event }) => event.version === focus);
  const visible = shown.slice(0, Math.max(drawn, focused + 1));
  const older = shown.length - visible.length;
  return (
    <>
      <HistoryFilters
        filter={filter}
        onChange={setFilter}
        terms={terms.map((term) => ({ value: term.id, label: termName(term) }))}
        people={people}
      />
      <p className="muted" role="status">
        {shown.length === history.length
          ? `${history.length} changes, newest first.`
          : `${shown.length} of ${history.length} changes match.`}
      </p>
      <ol className="audit" data-testid="audit-trail">
        {visible.map((entry) => (
          <ChangeItem
            key={entry.event.id}
            change={viewOf(entry, names, nameOf, knownAt)}
            highlight={entry.event.version === recorded}
            correctLink={
              correctLink &&
              !entry.supersededBy &&
              !["EventCorrected", "EventRetracted", "DeadlineAcknowledged"].includes(
                entry.event.type,
              )
                ? correctLink(entry.event.version)
                : undefined
            }
          />
        ))}
      </ol>
      {older > 0 ? (
        <p>
          <button type="button" onClick={() => setDrawn(visible.length + TRAIL_PAGE)}>
            Show {Math.min(older, TRAIL_PAGE)} older {older === 1 ? "change" : "changes"} ({older}{" "}
            not shown)
          </button>
        </p>
      ) : null}
    </>
  );
}
