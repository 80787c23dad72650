import {
  type AgreementState,
  type ChangeLine,
  changeLineOf,
  changesThePast,
  fold,
  initialAgreementState,
  namePlaceholders,
  type StoredEvent,
  supersededVersionOf,
} from "@termline/core";
import {
  createProjector,
  type EventStore,
  type TransactPut,
  type Transition,
  type ViewStore,
} from "@termline/store";
import { evolveAgreement } from "./agreement-evolution.ts";
import { reindexAgreementIndexes } from "./agreement-indexes.ts";
import { pagedStateCodec } from "./agreement-snapshots.ts";
import { isAnswerStream } from "./answer-projection.ts";
import { isCatalogStream } from "./catalog-projection.ts";

/**
 * The tenant's history: one line per recorded change, across agreements, keyed by the instant
 * it was recorded so that the newest are one Query away. The projection keeps its own copy of
 * each agreement's state (`history#…`), since a line needs the state just before its event and
 * the snapshot the API writes is already past it. From the same before and after it keeps the
 * indexes by date (deadlines, open matters), which the API also updates right after a commit.
 */
export const CHANGE_PREFIX = "change#";
export const changeKey = (event: Pick<StoredEvent, "recordedAt" | "agreementId" | "version">) =>
  `${CHANGE_PREFIX}${event.recordedAt}#${event.agreementId}#${String(event.version).padStart(10, "0")}`;
export const historyViewKey = (agreementId: string) => `history#${agreementId}`;
export const HISTORY_VIEW_PREFIX = "history#";

export function createHistoryProjector(stores: { eventStore: EventStore; viewStore: ViewStore }) {
  const { viewStore } = stores;
  return createProjector<AgreementState>({
    ...stores,
    viewKey: historyViewKey,
    accepts: (streamId) => !isCatalogStream(streamId) && !isAnswerStream(streamId),
    initialState: () => initialAgreementState("", ""),
    evolve: evolveAgreement,
    needsLog: changesThePast,
    foldLog: (events) => fold(events[0]?.tenant ?? "", events[0]?.agreementId ?? "", events),
    ...pagedStateCodec(viewStore),
    onTransitions: async (tenant, _agreementId, transitions, log) => {
      await writeLines(viewStore, tenant, transitions, log);
      const [first, last] = [transitions[0], transitions.at(-1)];
      if (first && last)
        await reindexAgreementIndexes(viewStore, tenant, {
          before: first.before,
          after: last.after,
        });
    },
  });
}

/**
 * Writes one history line per transition (idempotent: the request and the stream both may).
 * A line cites catalog entries by placeholder, read in the catalog's names when listed
 * (services/changes.ts), so a rename reads in every line, old or new, as on the agreement's
 * own page.
 */
export async function writeLines(
  viewStore: ViewStore,
  tenant: string,
  transitions: Transition<AgreementState>[],
  log: StoredEvent[] | undefined,
) {
  const byVersion = new Map((log ?? []).map((event) => [event.version, event]));
  const lines = linesOf(transitions, byVersion);
  await viewStore.putItems(
    tenant,
    lines.map((line) => ({ sk: changeKey(line), fields: lineFields(line) })),
  );
  await markSuperseded(viewStore, tenant, lines, byVersion);
}

function linesOf(
  transitions: Transition<AgreementState>[],
  byVersion: Map<number, StoredEvent>,
): ChangeLine[] {
  return transitions.map(({ event, before, after }) => {
    const supersedes = supersededVersionOf(event);
    const target = supersedes === undefined ? undefined : byVersion.get(supersedes);
    return changeLineOf({ before, after, event, target, names: namePlaceholders });
  });
}

const lineFields = (line: ChangeLine) => ({ itemType: "change", ...line });

/** Lines small enough to ride in a commit's transaction, and few enough. */
const LINES_IN_A_COMMIT = 10;
const LINE_BYTES_IN_A_COMMIT = 32_000;

/**
 * A commit's history lines as puts for its own transaction, so an ordinary append is one write:
 * undefined when they are better written after it (a correction or retraction, which marks the
 * entry it supersedes; a large commit; a large line).
 */
export function linePutsFor(
  tableName: string,
  tenant: string,
  transitions: Transition<AgreementState>[],
): TransactPut[] | undefined {
  if (transitions.length > LINES_IN_A_COMMIT) return undefined;
  if (transitions.some(({ event }) => changesThePast(event))) return undefined;
  const items = linesOf(transitions, new Map()).map((line) => ({
    pk: tenant,
    sk: changeKey(line),
    ...lineFields(line),
  }));
  if (items.some((item) => JSON.stringify(item).length > LINE_BYTES_IN_A_COMMIT)) return undefined;
  return items.map((Item) => ({ TableName: tableName, Item }));
}

/** The entry a correction or retraction supersedes says so, from the stream that recorded it. */
async function markSuperseded(
  viewStore: ViewStore,
  tenant: string,
  lines: ChangeLine[],
  byVersion: Map<number, StoredEvent>,
) {
  for (const line of lines) {
    const target = line.supersedes && byVersion.get(line.supersedes.version);
    if (!target) continue;
    const key = changeKey(target);
    const entry = await viewStore.getItem(tenant, key);
    if (!entry) continue;
    const supersededBy = { version: line.version, eventId: line.eventId, type: line.type };
    await viewStore.putItem(tenant, key, { ...entry, supersededBy });
  }
}
