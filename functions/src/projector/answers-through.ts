import type { StoredEvent } from "@termline/core";
import type { TransactPut, ViewStore } from "@termline/store";
import { LISTING_PREFIX } from "./agreement-keys.ts";
import { isAnswerStream } from "./answer-writes.ts";
import { CATALOG_STREAM, CATALOG_VIEW_KEY } from "./catalog-projection.ts";

/**
 * How far each agreement's answers are known to be refreshed: `answers-through#{agreement}`
 * holds the version through which every event had its refresh, with its own recorded span,
 * finish. The API refreshes right after a commit and the stream projector again, for the same
 * events: without this mark the second refresh, finding later revisions than the events'
 * recorded instant, would take those revisions for ones computed without them and turn them
 * into gaps (questions as known then go back to the log), and would rewrite every cell in
 * scope. A refresh owes nothing for events at or below the mark.
 *
 * A mark only moves when the events a refresh covered start right after it, so it never claims
 * an event no refresh covered: a refresh that failed, an event delivered out of order, or an
 * agreement with no mark (written before marks, or by the log alone) is refreshed as before.
 * A mark may move back (two writers racing): that only costs a refresh, never skips one.
 */
const THROUGH_PREFIX = "answers-through#";

export const answersThroughKey = (agreementId: string) => `${THROUGH_PREFIX}${agreementId}`;

/** The mark an item holds: 0 when there is none. */
export const throughIn = (item: Record<string, unknown> | undefined) =>
  typeof item?.through === "number" ? item.through : 0;

/**
 * Every agreement and the catalog have a mark (`answers-through#_catalog`: a catalog change
 * other than a rename refreshes every answer); the answers' own streams have none.
 */
const marked = (streamId: string) => !isAnswerStream(streamId);

/** The marks of the agreements the events belong to, in one BatchGetItem per 100. */
export async function readThrough(
  viewStore: ViewStore,
  tenant: string,
  events: readonly StoredEvent[],
): Promise<Map<string, number>> {
  const streams = [...new Set(events.map(({ agreementId }) => agreementId))].filter(marked);
  const through = new Map<string, number>();
  for (let start = 0; start < streams.length; start += 100) {
    const batch = streams.slice(start, start + 100);
    const items = await viewStore.getItemsTogether(tenant, batch.map(answersThroughKey));
    for (const stream of batch)
      through.set(stream, throughIn(items.get(answersThroughKey(stream))));
  }
  return through;
}

/** The events a refresh still owes: those past their agreement's mark. */
export const owedBy = (events: readonly StoredEvent[], through: ReadonlyMap<string, number>) =>
  events.filter(
    ({ agreementId, version }) => !marked(agreementId) || version > (through.get(agreementId) ?? 0),
  );

/**
 * The marks once a refresh covered `events`: an agreement's moves over the versions there that
 * follow it without a gap. Only the marks that move.
 */
export function marksAfter(
  events: readonly StoredEvent[],
  through: ReadonlyMap<string, number>,
): Map<string, number> {
  const versions = new Map<string, Set<number>>();
  for (const { agreementId, version } of events) {
    if (!marked(agreementId)) continue;
    versions.set(agreementId, (versions.get(agreementId) ?? new Set()).add(version));
  }
  const moved = new Map<string, number>();
  for (const [stream, covered] of versions) {
    const mark = through.get(stream) ?? 0;
    let last = mark;
    while (covered.has(last + 1)) last++;
    if (last > mark) moved.set(stream, last);
  }
  return moved;
}

/** A mark as a put for a transaction: a commit that changes no answer marks itself covered. */
export const markPut = (
  tableName: string,
  tenant: string,
  agreementId: string,
  through: number,
): TransactPut => ({
  TableName: tableName,
  Item: { pk: tenant, sk: answersThroughKey(agreementId), itemType: "answers-through", through },
});

/**
 * Writes marks. A mark not written only costs a refresh the stream projector then does again,
 * so a failure is logged, not its caller's.
 */
export async function writeThrough(
  viewStore: ViewStore,
  tenant: string,
  marks: ReadonlyMap<string, number>,
): Promise<void> {
  if (marks.size === 0) return;
  const items = [...marks].map(([stream, through]) => ({
    sk: answersThroughKey(stream),
    fields: { itemType: "answers-through", through },
  }));
  await viewStore
    .putItems(tenant, items)
    .catch((error: unknown) => console.warn("answers marks not written", error));
}

/**
 * Every agreement's version as its listing has it, and the catalog's: read before a refresh of
 * everything, these are the versions the refresh surely covers (it reads them afterwards).
 */
export async function versionsBefore(viewStore: ViewStore, tenant: string) {
  const [listings, catalog] = await Promise.all([
    viewStore.listViews(tenant, LISTING_PREFIX),
    viewStore.getView(tenant, CATALOG_VIEW_KEY),
  ]);
  const versions = new Map(
    listings.map(({ key, version }) => [key.slice(LISTING_PREFIX.length), version]),
  );
  if (catalog) versions.set(CATALOG_STREAM, catalog.version);
  return versions;
}
