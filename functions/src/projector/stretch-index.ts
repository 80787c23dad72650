import { isDeepStrictEqual } from "node:util";
import { type AgreementState, statesTheSame } from "@termline/core";
import type { ItemFilter, ViewStore } from "@termline/store";
import { listSnapshots } from "./agreement-snapshots.ts";

/**
 * A read model of one item per entry an agreement states over a stretch of business dates
 * (deadlines, open disputes and questions), keyed so that "as of `at`" is one range Query,
 * whatever the number of agreements. Kept by diffing an agreement's entries before and after
 * a commit; rebuilt whole from the snapshots.
 */
export interface StretchIndex<E> {
  /** Every key of the index starts with one of these. */
  prefixes: readonly string[];
  entriesOf: (state: AgreementState) => E[];
  keyOf: (entry: E) => string;
  fieldsOf: (entry: E) => Record<string, unknown>;
  /** Fields each entry carries from records the agreement does not hold (a deadline's owner). */
  beside?: SideFields<E>;
}

/**
 * Fields kept on an index's items from records of their own, which change without the
 * agreement: the index's writers read them before writing and again after, and set what
 * changed meanwhile on what they wrote (`set` refuses to go back to an older value), so a
 * record's change is never lost under an entry rewritten beside it.
 */
export interface SideFields<E> {
  /** The fields of each entry as the records say now: one agreement's, or the whole tenant's. */
  read: (
    viewStore: ViewStore,
    tenant: string,
    agreementId?: string,
  ) => Promise<(entry: E) => Record<string, unknown>>;
  /** Sets them on a stored item, unless it is gone or holds newer ones. */
  set: (
    viewStore: ViewStore,
    tenant: string,
    sk: string,
    fields: Record<string, unknown>,
  ) => Promise<unknown>;
}

const NOTHING_BESIDE = async () => () => ({});

/** After writing `written` with `before`'s side fields: sets those the records changed since. */
async function catchUp<E>(
  viewStore: ViewStore,
  tenant: string,
  index: StretchIndex<E>,
  written: { sk: string; entry: E }[],
  before: (entry: E) => Record<string, unknown>,
  agreementId?: string,
) {
  if (!index.beside || written.length === 0) return;
  const { set } = index.beside;
  const after = await index.beside.read(viewStore, tenant, agreementId);
  const moved = written.filter(({ entry }) => !isDeepStrictEqual(before(entry), after(entry)));
  await Promise.all(moved.map(({ sk, entry }) => set(viewStore, tenant, sk, after(entry))));
}

/** The end of a stretch that holds from then on, as stored: after every date. */
export const FOREVER = "9999-12-31";

/**
 * Moves one agreement's entries from what `before` said to what `after` says: new and changed
 * entries are written, vanished ones deleted. Idempotent, so the request and the stream may both do it.
 * A commit that states nothing new (a note) moves none, and is not derived twice to say so: on a
 * 5,000-event agreement that was most of an append's own time.
 */
export async function reindexAgreement<E>(
  viewStore: ViewStore,
  tenant: string,
  index: StretchIndex<E>,
  change: { before: AgreementState | undefined; after: AgreementState },
): Promise<void> {
  if (statesTheSame(change.before, change.after)) return;
  const entriesOf = (state: AgreementState | undefined) =>
    new Map(
      (state?.exists ? index.entriesOf(state) : []).map((entry) => [
        index.keyOf(entry),
        { entry, json: JSON.stringify(entry) },
      ]),
    );
  const [old, next] = [entriesOf(change.before), entriesOf(change.after)];
  const written = [...next]
    .filter(([key, { json }]) => old.get(key)?.json !== json)
    .map(([sk, { entry }]) => ({ sk, entry }));
  const gone = [...old.keys()].filter((key) => !next.has(key));
  if (written.length > 0) {
    const agreementId = change.after.id;
    const beside = await (index.beside?.read ?? NOTHING_BESIDE)(viewStore, tenant, agreementId);
    await viewStore.putItems(
      tenant,
      written.map(({ sk, entry }) => ({
        sk,
        fields: { ...index.fieldsOf(entry), ...beside(entry) },
      })),
    );
    await catchUp(viewStore, tenant, index, written, beside, agreementId);
  }
  if (gone.length > 0) await viewStore.deleteItems(tenant, gone);
}

/**
 * Each index whole from the tenant's snapshots (read once for all), stale entries removed: for
 * rebuilds and imports. Only entries that differ from the stored ones are written.
 */
export async function reindexTenant(
  viewStore: ViewStore,
  tenant: string,
  indexes: readonly StretchIndex<unknown>[],
): Promise<void> {
  const states = (await listSnapshots(viewStore, tenant))
    .map(({ body }) => body as AgreementState)
    .filter(({ exists }) => exists);
  for (const index of indexes) {
    const stored = (
      await Promise.all(index.prefixes.map((prefix) => viewStore.listItems(tenant, prefix)))
    ).flat();
    const entries = states.flatMap(index.entriesOf);
    const keep = new Set(entries.map(index.keyOf));
    const before = new Map(stored.map((item) => [String(item.sk), item]));
    const beside = await (index.beside?.read ?? NOTHING_BESIDE)(viewStore, tenant);
    const changed = entries
      .map((entry) => ({
        sk: index.keyOf(entry),
        entry,
        fields: { ...index.fieldsOf(entry), ...beside(entry) },
      }))
      .filter(({ sk, fields }) => !holds(before.get(sk), fields));
    await viewStore.putItems(tenant, changed);
    await catchUp(viewStore, tenant, index, changed, beside);
    await viewStore.deleteItems(
      tenant,
      [...before.keys()].filter((sk) => !keep.has(sk)),
    );
  }
}

/**
 * Whether a stored item already holds these fields: key order aside (DynamoDB returns maps in
 * its own), and undefined fields as absent (they are not stored).
 */
const holds = (item: Record<string, unknown> | undefined, fields: Record<string, unknown>) =>
  item !== undefined &&
  isDeepStrictEqual(
    Object.fromEntries(
      Object.keys(fields).flatMap((name) => (item[name] === undefined ? [] : [[name, item[name]]])),
    ),
    JSON.parse(JSON.stringify(fields)),
  );

/** Only the stretches that hold on `at`, filtered by DynamoDB as it reads. */
export const holdingOn = (at: string) => ({
  expression: "#from <= :at AND #to > :at",
  names: { "#from": "validFrom", "#to": "validTo" },
  values: { ":at": at },
});

/**
 * Every stored stretch in a key range that holds on `at`, in key order; `consistent`: with
 * every write made before (twice the read units), for an index whose items a person changes.
 */
export async function readHolding(
  viewStore: ViewStore,
  tenant: string,
  range: { from: string; to: string },
  at: string,
  consistent = false,
): Promise<Record<string, unknown>[]> {
  return readMatching(viewStore, tenant, range, holdingOn(at), consistent);
}

/** Every stored item in a key range that meets `filter`, in key order, page after page. */
export async function readMatching(
  viewStore: ViewStore,
  tenant: string,
  range: { from: string; to: string },
  filter: ItemFilter,
  consistent = false,
): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let cursor: string | undefined;
  do {
    const page = await viewStore.queryItems(tenant, range, {
      limit: 1000,
      cursor,
      filter,
      oldestFirst: true,
      consistent,
    });
    items.push(...page.items);
    cursor = page.next;
  } while (cursor !== undefined);
  return items;
}

/**
 * The first `limit` stretches after `cursor` in a key range that hold on `at`, in key order (so
 * pages never overlap or skip), with the key to resume after if there may be more. Reads about
 * as many items as it returns, whatever the number of agreements.
 */
export async function readHoldingPage(
  viewStore: ViewStore,
  tenant: string,
  range: { from: string; to: string },
  query: { at: string; limit: number; cursor?: string | undefined; consistent?: boolean },
): Promise<{ items: Record<string, unknown>[]; next?: string }> {
  const taken: Record<string, unknown>[] = [];
  let cursor = query.cursor;
  // A few more than needed, the filter dropping stretches that do not hold on `at`; twice as
  // many each time the filter left too few, so a page takes one or two Queries, rarely more.
  let reading = query.limit * 2 + 10;
  do {
    const page = await viewStore.queryItems(tenant, range, {
      limit: Math.min(1000, reading),
      cursor,
      filter: holdingOn(query.at),
      oldestFirst: true,
      consistent: query.consistent === true,
    });
    for (const item of page.items) {
      taken.push(item);
      if (taken.length === query.limit) {
        const more = page.items.at(-1) !== item || page.next !== undefined;
        return more ? { items: taken, next: String(item.sk) } : { items: taken };
      }
    }
    cursor = page.next;
    reading *= 2;
  } while (cursor !== undefined);
  return { items: taken };
}
