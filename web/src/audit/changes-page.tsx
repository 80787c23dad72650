import { useEffect, useRef, useState } from "react";
import { ChangeItem, type ChangeView } from "../agreements/change-item.tsx";
import { correctionDiff, headlineOf, KIND_OF_GRANT } from "../agreements/history.ts";
import { type HistoryFilter, HistoryFilters } from "../agreements/history-filters.tsx";
import { termName } from "../agreements/term-name.ts";
import { attributeText, changedKeys } from "../agreements/values.ts";
import { api, ok } from "../api/client.ts";
import { useCatalog } from "../api/reads.ts";
import { todayUtc } from "../lib/dates.ts";
import { type Namer, namer } from "../lib/names.ts";
import { useResource } from "../lib/resource.ts";
import { setQuery, useQuery } from "../lib/router.tsx";
import { ErrorNote, Loading } from "../ui/status.tsx";
import {
  type Change,
  changesQuery,
  downloadChangesCsv,
  loadChanges,
  loadOriginals,
  type Original,
} from "./changes-api.ts";
import "../agreements/audit.css";

const FILTER_KEYS = ["agreement", "term", "type", "person", "from", "to"] as const;

function viewOf(
  change: Change,
  names: Namer,
  originalOf: (eventId: string) => Original | undefined,
): ChangeView {
  const kind = change.term?.kind ?? KIND_OF_GRANT[change.type];
  const before = change.term?.before?.attributes ?? {};
  const after = change.term?.after?.attributes ?? {};
  const termDiff =
    change.term?.before && change.term.after
      ? changedKeys(before, after).map((key) => ({
          key,
          before: attributeText(key, before[key], names, kind),
          after: attributeText(key, after[key], names, kind),
        }))
      : [];
  const original =
    change.type === "EventCorrected" && change.supersedes
      ? originalOf(change.supersedes.eventId)
      : undefined;
  // A correction the term does not show (a note, a question): the entry before and after.
  const diff =
    termDiff.length === 0 && original
      ? correctionDiff(original, change.data.replacement, names, kind)
      : termDiff;
  const term = change.term?.after ?? change.term?.before;
  const by = change.supersededBy;
  return {
    eventId: change.eventId,
    version: change.version,
    type: change.type,
    headline: headlineOf(change, kind, diff, change.term?.before ? before : undefined),
    termName: term ? termName(term) : undefined,
    effectiveOn: change.effectiveOn,
    precision: change.precision,
    recordedAt: change.recordedAt,
    recordedBy: change.recordedBy,
    sources: change.sources,
    diff,
    supersededBy: by ? { type: by.type, version: by.version } : undefined,
    agreement: { id: change.agreementId, title: change.agreementTitle },
  };
}

/** Every agreement's changes in one history, filtered by agreement, term, kind, person and period. */
export default function ChangesPage() {
  const query = useQuery();
  const filter: HistoryFilter = Object.fromEntries(
    FILTER_KEYS.flatMap((key) => (query.get(key) ? [[key, query.get(key) ?? undefined]] : [])),
  );
  const key = changesQuery(filter);
  const first = useResource(`changes:${key}`, () => loadChanges(filter));
  const [more, setMore] = useState<{ key: string; changes: Change[]; next?: string | undefined }>({
    key,
    changes: [],
  });
  const [exporting, setExporting] = useState<unknown>(null);
  const people = useRef(new Set<string>());
  // The agreements to filter by are those the changes read so far name, as the people are:
  // listing every agreement of the tenant would read them all. Each agreement's page links here.
  const agreements = useRef(new Map<string, string>());
  const today = todayUtc();
  const chosen = useResource(
    filter.agreement ? `agreement:${filter.agreement}:${today}:` : null,
    () =>
      ok(
        api.agreements[":id"].$get({ param: { id: filter.agreement ?? "" }, query: { at: today } }),
      ),
  );
  const names = namer(useCatalog().data);

  useEffect(() => {
    document.title = "Changes · Termline";
  }, []);
  const extra = more.key === key ? more : { changes: [], next: undefined };
  const changes = [...(first.data?.changes ?? []), ...extra.changes];
  const next = extra.changes.length > 0 ? extra.next : first.data?.next;
  for (const change of changes) {
    people.current.add(change.recordedBy);
    agreements.current.set(change.agreementId, change.agreementTitle);
  }
  if (filter.agreement && chosen.data) agreements.current.set(chosen.data.id, chosen.data.title);
  // A correction shows what it changed in its entry: the entries not on the page are read.
  const missing = changes.flatMap((change) =>
    change.type === "EventCorrected" &&
    change.supersedes &&
    !changes.some((other) => other.eventId === change.supersedes?.eventId)
      ? [{ agreementId: change.agreementId, ...change.supersedes }]
      : [],
  );
  const originals = useResource(
    missing.length > 0 ? `originals:${missing.map((item) => item.eventId).join(",")}` : null,
    () => loadOriginals(missing),
  );
  const originalOf = (eventId: string): Original | undefined =>
    originals.data?.get(eventId) ?? changes.find((change) => change.eventId === eventId);
  if (filter.person) people.current.add(filter.person);

  const loadMore = async () => {
    if (!next) return;
    const page = await loadChanges(filter, next);
    setMore({ key, changes: [...extra.changes, ...page.changes], next: page.next });
  };
  const exportCsv = () => {
    setExporting(true);
    downloadChangesCsv(filter).then(
      () => setExporting(null),
      (error: unknown) => setExporting(error),
    );
  };

  return (
    <>
      <h1>Changes across every agreement</h1>
      <p className="lede">
        Every change recorded in this workspace, newest first: what changed in words, who recorded
        it, when, and from what source.
      </p>
      <HistoryFilters
        filter={filter}
        onChange={(nextFilter) =>
          setQuery(Object.fromEntries(FILTER_KEYS.map((name) => [name, nextFilter[name]])))
        }
        agreements={[...agreements.current]
          .map(([value, label]) => ({ value, label }))
          .sort((a, b) => a.label.localeCompare(b.label))}
        terms={
          filter.agreement && chosen.data
            ? chosen.data.terms.map((term) => ({ value: term.id, label: termName(term) }))
            : []
        }
        people={[...people.current].sort()}
      />
      <p className="actions">
        <button type="button" onClick={exportCsv} disabled={exporting === true}>
          {exporting === true ? "Exporting…" : "Export these changes as CSV"}
        </button>
      </p>
      {exporting && exporting !== true ? (
        <ErrorNote error={exporting} what="the CSV export" />
      ) : null}
      {first.loading ? <Loading what="the changes" /> : null}
      {first.error ? (
        <ErrorNote error={first.error} what="the changes" retry={first.reload} />
      ) : null}
      {first.data ? (
        <p className="muted" role="status">
          {changes.length === 0
            ? "No change matches."
            : `${changes.length} change${changes.length === 1 ? "" : "s"}${next ? " so far" : ""}, newest first.`}
        </p>
      ) : null}
      <ol className="audit" data-testid="changes">
        {changes.map((change) => (
          <ChangeItem key={change.eventId} change={viewOf(change, names, originalOf)} />
        ))}
      </ol>
      {next ? (
        <button type="button" onClick={() => void loadMore()}>
          Show older changes
        </button>
      ) : null}
    </>
  );
}
