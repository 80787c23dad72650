import { type AgreementState, snapshotOf } from "@termline/core";
import type { View, ViewStore } from "@termline/store";
import { LRUCache } from "lru-cache";
import { AGREEMENT_VIEW_PREFIX, agreementViewKey } from "./agreement-keys.ts";
import {
  joinSnapshot,
  pageKeysOf,
  type SnapshotHead,
  type SnapshotPage,
  splitSnapshot,
} from "./snapshot-pages.ts";

/** For each whole state read or written here, the pages its stored head names. */
const storedPages = new WeakMap<AgreementState, Set<string>>();

/** About 32 MB of pages as JSON at `PAGE_BYTES` each: a bound on a container's memory. */
const MAX_KEPT_PAGES = 4_000;

/**
 * Pages read or written, kept per container. A page is named by the digest of its entries, so
 * what a key holds never changes: a long agreement's every commit read the same pages again, a
 * second round trip before deciding. Kept by table and tenant as well as key, so that nothing
 * read for one tenant is ever served to another.
 */
const keptPages = new LRUCache<string, unknown[]>({ max: MAX_KEPT_PAGES });
const keptKey = (viewStore: Pick<ViewStore, "tableName">, tenant: string, key: string) =>
  JSON.stringify([viewStore.tableName, tenant, key]);

/**
 * Snapshots as readers want them, whole, from heads and pages as they are stored (see
 * snapshot-pages.ts). A tenant whose snapshots are all small pays nothing for it: pages are
 * read only for the heads that name some, in one BatchGetItem for all of those this container
 * has not kept.
 */
export async function joinSnapshots(
  viewStore: Pick<ViewStore, "getViews" | "tableName">,
  tenant: string,
  heads: View[],
): Promise<View[]> {
  const keys = [...new Set(heads.flatMap(({ body }) => pageKeysOf(body as SnapshotHead)))];
  const pages = new Map<string, unknown[]>();
  const unread: string[] = [];
  for (const key of keys) {
    const kept = keptPages.get(keptKey(viewStore, tenant, key));
    if (kept) pages.set(key, kept);
    else unread.push(key);
  }
  if (unread.length > 0)
    for (const { key, body } of await viewStore.getViews(tenant, unread)) {
      pages.set(key, body as unknown[]);
      keptPages.set(keptKey(viewStore, tenant, key), body as unknown[]);
    }
  return heads.map((view) => {
    const head = view.body as SnapshotHead;
    const state = head.paged ? joinSnapshot(head, pages) : head;
    storedPages.set(state, new Set(pageKeysOf(head)));
    return { ...view, body: state };
  });
}

/** Every snapshot of a tenant, whole, in key order. */
export async function listSnapshots(
  viewStore: Pick<ViewStore, "listViews" | "getViews" | "tableName">,
  tenant: string,
): Promise<View[]> {
  return joinSnapshots(viewStore, tenant, await viewStore.listViews(tenant, AGREEMENT_VIEW_PREFIX));
}

/** The snapshots of `agreementIds` the tenant has, whole, by key: one BatchGetItem of heads. */
export async function readSnapshots(
  viewStore: Pick<ViewStore, "getViews" | "tableName">,
  tenant: string,
  agreementIds: string[],
): Promise<View[]> {
  const heads = await viewStore.getViews(tenant, agreementIds.map(agreementViewKey));
  return joinSnapshots(viewStore, tenant, heads);
}

export async function readSnapshot(
  viewStore: Pick<ViewStore, "getView" | "getViews" | "tableName">,
  tenant: string,
  agreementId: string,
): Promise<View | undefined> {
  const head = await viewStore.getView(tenant, agreementViewKey(agreementId));
  return head && (await joinSnapshots(viewStore, tenant, [head]))[0];
}

/**
 * What to store of a state: its head, and the pages it needs that the snapshot `stored` was
 * read from (or written as) does not name; a state folded from the log writes them all. Pages
 * are named by their content, so they are written before the head, unconditionally: a writer
 * that then loses the race for the version leaves a page no head names, never a wrong one.
 */
export function snapshotToStore(next: AgreementState, stored?: AgreementState) {
  const { head, pages } = splitSnapshot(snapshotOf(next));
  const written = (stored && storedPages.get(stored)) ?? new Set<string>();
  storedPages.set(next, new Set(pageKeysOf(head)));
  return { head, pages: pages.filter(({ key }) => !written.has(key)) };
}

/**
 * How a projector keeping a copy of each agreement's state stores it: as a head and pages.
 * Both copies (the snapshot and the history projection's) share pages, named by content.
 */
export function pagedStateCodec(viewStore: ViewStore) {
  return {
    decode: async (body: unknown, tenant: string) =>
      (await joinSnapshots(viewStore, tenant, [{ key: "", version: 0, body }]))[0]
        ?.body as AgreementState,
    // Pages first: a head is written only once every page it names is.
    encode: async (
      state: AgreementState,
      { tenant, stored }: { tenant: string; stored?: AgreementState | undefined },
    ) => {
      const { head, pages } = snapshotToStore(state, stored);
      await writePages(viewStore, tenant, pages);
      return head;
    },
  };
}

export async function writePages(
  viewStore: Pick<ViewStore, "viewPut" | "putViewsUnconditionally" | "tableName">,
  tenant: string,
  pages: SnapshotPage[],
) {
  if (pages.length === 0) return;
  await viewStore.putViewsUnconditionally(
    pages.map(({ key, entries }) => viewStore.viewPut(tenant, key, 0, entries)),
  );
  // The next commit of this agreement, most likely in this container, reads them.
  for (const { key, entries } of pages) keptPages.set(keptKey(viewStore, tenant, key), entries);
}
