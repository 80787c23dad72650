import type { AgreementListing, AgreementState } from "@termline/core";
import { asView, type View } from "@termline/store";
import { AGREEMENT_VIEW_PREFIX, LISTING_PREFIX } from "../projector/agreement-keys.ts";
import { joinSnapshots } from "../projector/agreement-snapshots.ts";
import type { AsOf } from "./agreement-reads.ts";
import { encodeCursor, pageStart } from "./cursors.ts";
import type { Runtime } from "./runtime.ts";

type PageQuery = AsOf & { limit: number; cursor?: string | undefined };

/**
 * One page of the agreements list, in id order: one Query of `limit` + 1 listings from the
 * cursor on, whatever the number of agreements. Listings of deleted agreements are read and
 * left out, so a page may hold fewer and still have a `next`.
 */
export async function agreementPage(
  runtime: Runtime,
  tenant: string,
  query: PageQuery,
): Promise<{ agreements: AgreementListing[]; next?: string }> {
  const { views, next } = await viewPage(runtime, tenant, LISTING_PREFIX, "agreements", query);
  const agreements = views
    .map(({ body }) => body as AgreementListing)
    .filter(({ exists }) => exists);
  return next === undefined ? { agreements } : { agreements, next };
}

/**
 * One page of the agreements whole, as they stand, in id order: one Query of `limit` + 1
 * snapshots from the cursor on, and one BatchGetItem for the pages of those stored in pages.
 * What a screen drawing every agreement's terms reads, a page at a time, at a cost that
 * follows the page, not the tenant.
 */
export async function snapshotPage(
  runtime: Runtime,
  tenant: string,
  query: PageQuery,
): Promise<{ agreements: AgreementState[]; next?: string }> {
  const page = await viewPage(runtime, tenant, AGREEMENT_VIEW_PREFIX, "agreement details", query);
  const agreements = (await joinSnapshots(runtime.viewStore, tenant, page.views))
    .map(({ body }) => body as AgreementState)
    .filter(({ exists }) => exists);
  return page.next === undefined ? { agreements } : { agreements, next: page.next };
}

/**
 * The views under `prefix`, `limit` of them from the cursor on. One more is asked for, so the
 * last page says it is the last instead of leading to an empty one.
 */
async function viewPage(
  runtime: Runtime,
  tenant: string,
  prefix: string,
  what: string,
  query: PageQuery,
): Promise<{ views: View[]; next?: string }> {
  const cursor = pageStart(query, what, (sk) => sk.startsWith(prefix));
  const page = await runtime.viewStore.queryItems(
    tenant,
    { from: prefix, to: `${prefix}\uffff` },
    { limit: query.limit + 1, cursor, oldestFirst: true },
  );
  const read = page.items.slice(0, query.limit);
  const views = read.filter(({ itemType }) => itemType === "view").map(asView);
  const last = read.at(-1)?.sk;
  // DynamoDB gives a next key whenever it stopped before the range's end: at the `limit` + 1th
  // (so there are more than `limit`), or at 1 MB (with fewer, all of them kept).
  return page.next !== undefined && typeof last === "string"
    ? { views, next: encodeCursor(last) }
    : { views };
}
