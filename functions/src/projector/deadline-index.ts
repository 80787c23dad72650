import { isDeepStrictEqual } from "node:util";
import {
  type AgreementState,
  type Deadline,
  deadlineIndexOf,
  deadlinesHolding,
  type IndexedDeadline,
  namePlaceholders,
} from "@termline/core";
import type { ViewStore } from "@termline/store";
import { listSnapshots } from "./agreement-snapshots.ts";

/**
 * Deadlines by date: one item per deadline and stretch of business dates it holds for, keyed
 * by its date, so "from D1 to D2, as of `at`" is one range Query whatever the number of
 * agreements. Replaces the `byDate` index, which nothing wrote. Summaries cite catalog entries
 * by placeholder, read in the catalog's names when served (services/deadlines.ts), so no
 * catalog change re-indexes a deadline.
 */
export const DEADLINE_PREFIX = "deadline#";
const FOREVER = "9999-12-31";

const keyOf = ({ deadline, validFrom }: IndexedDeadline) =>
  `${DEADLINE_PREFIX}${deadline.date}#${deadline.agreementId}#${deadline.id}#${validFrom}`;

const fieldsOf = (entry: IndexedDeadline) => ({
  itemType: "deadline",
  agreementId: entry.deadline.agreementId,
  validFrom: entry.validFrom,
  validTo: entry.validTo ?? FOREVER,
  deadline: entry.deadline,
});

/**
 * Moves one agreement's entries from what `before` said to what `after` says: new and changed
 * entries are written, vanished ones deleted. Idempotent, so the request and the stream may both do it.
 */
export async function reindexDeadlines(
  viewStore: ViewStore,
  tenant: string,
  change: { before: AgreementState | undefined; after: AgreementState },
): Promise<void> {
  const entriesOf = (state: AgreementState | undefined) =>
    new Map(
      (state?.exists ? deadlineIndexOf(state, namePlaceholders) : []).map((entry) => [
        keyOf(entry),
        { entry, json: JSON.stringify(entry) },
      ]),
    );
  const [old, next] = [entriesOf(change.before), entriesOf(change.after)];
  const written = [...next].filter(([key, { json }]) => old.get(key)?.json !== json);
  const gone = [...old.keys()].filter((key) => !next.has(key));
  if (written.length > 0)
    await viewStore.putItems(
      tenant,
      written.map(([sk, { entry }]) => ({ sk, fields: fieldsOf(entry) })),
    );
  if (gone.length > 0) await viewStore.deleteItems(tenant, gone);
}

/**
 * The whole tenant's index from its snapshots, stale entries removed: for rebuilds and imports.
 * Only entries that differ from the stored ones are written.
 */
export async function reindexAllDeadlines(viewStore: ViewStore, tenant: string): Promise<void> {
  const [stored, snapshots] = await Promise.all([
    viewStore.listItems(tenant, DEADLINE_PREFIX),
    listSnapshots(viewStore, tenant),
  ]);
  const entries = snapshots
    .map(({ body }) => body as AgreementState)
    .filter(({ exists }) => exists)
    .flatMap((state) => deadlineIndexOf(state, namePlaceholders));
  const keep = new Set(entries.map(keyOf));
  const before = new Map(stored.map((item) => [String(item.sk), item]));
  const changed = entries
    .map((entry) => ({ sk: keyOf(entry), fields: fieldsOf(entry) }))
    .filter(({ sk, fields }) => !holds(before.get(sk), fields));
  await viewStore.putItems(tenant, changed);
  await viewStore.deleteItems(
    tenant,
    [...before.keys()].filter((sk) => !keep.has(sk)),
  );
}

/**
 * Whether a stored item already holds these fields: key order aside (DynamoDB returns maps in
 * its own), and undefined fields as absent (they are not stored).
 */
const holds = (item: Record<string, unknown> | undefined, fields: Record<string, unknown>) =>
  item !== undefined &&
  isDeepStrictEqual(
    Object.fromEntries(Object.keys(fields).map((name) => [name, item[name]])),
    JSON.parse(JSON.stringify(fields)),
  );

interface DeadlineQuery {
  at: string;
  from?: string | undefined;
  to?: string | undefined;
}

const rangeOf = (query: DeadlineQuery) => ({
  from: `${DEADLINE_PREFIX}${query.from ?? ""}`,
  to: `${DEADLINE_PREFIX}${query.to ?? FOREVER}#\uffff`,
});

/** Only the stretch of each deadline that holds on `at`, filtered by DynamoDB as it reads. */
const holdingOn = (at: string) => ({
  expression: "#from <= :at AND #to > :at",
  names: { "#from": "validFrom", "#to": "validTo" },
  values: { ":at": at },
});

const entryOf = (item: Record<string, unknown>): IndexedDeadline => ({
  deadline: item.deadline as Deadline,
  validFrom: String(item.validFrom),
  validTo: item.validTo === FOREVER ? null : String(item.validTo),
});

/** The deadlines dated `from`..`to` (both included) as the agreements state them on `at`. */
export async function readDeadlines(
  viewStore: ViewStore,
  tenant: string,
  query: DeadlineQuery,
): Promise<Deadline[]> {
  const entries: IndexedDeadline[] = [];
  let cursor: string | undefined;
  do {
    const page = await viewStore.queryItems(tenant, rangeOf(query), {
      limit: 1000,
      cursor,
      filter: holdingOn(query.at),
    });
    entries.push(...page.items.map(entryOf));
    cursor = page.next;
  } while (cursor !== undefined);
  return deadlinesHolding(entries, query.at);
}

/** Whether a cursor is one this index hands out, inside the range asked for. */
export const isDeadlineCursor = (cursor: string, query: DeadlineQuery) => {
  const { from, to } = rangeOf(query);
  return cursor.startsWith(DEADLINE_PREFIX) && cursor >= from && cursor <= to;
};

/**
 * The first `limit` deadlines after `cursor`, in date order (then agreement, then id: the
 * index's own order, so pages never overlap or skip), with the cursor of the next page if
 * there may be one. Reads about as many items as it returns, whatever the number of agreements.
 */
export async function readDeadlinePage(
  viewStore: ViewStore,
  tenant: string,
  query: DeadlineQuery & { limit: number; cursor?: string | undefined },
): Promise<{ deadlines: Deadline[]; next?: string }> {
  const taken: Deadline[] = [];
  let cursor = query.cursor;
  // A few more than needed, the filter dropping stretches that do not hold on `at`; twice as
  // many each time the filter left too few, so a page takes one or two Queries, rarely more.
  let reading = query.limit * 2 + 10;
  do {
    const page = await viewStore.queryItems(tenant, rangeOf(query), {
      limit: Math.min(1000, reading),
      cursor,
      filter: holdingOn(query.at),
      oldestFirst: true,
    });
    for (const item of page.items) {
      taken.push(entryOf(item).deadline);
      if (taken.length === query.limit) {
        const last = String(item.sk);
        const more = page.items.at(-1) !== item || page.next !== undefined;
        return more ? { deadlines: taken, next: last } : { deadlines: taken };
      }
    }
    cursor = page.next;
    reading *= 2;
  } while (cursor !== undefined);
  return { deadlines: taken };
}
