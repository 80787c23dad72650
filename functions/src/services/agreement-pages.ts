import type { AgreementListing } from "@termline/core";
import { LISTING_PREFIX } from "../projector/agreement-keys.ts";
import type { AsOf } from "./agreement-reads.ts";
import { encodeCursor, pageStart } from "./cursors.ts";
import type { Runtime } from "./runtime.ts";

/**
 * One page of the agreements list, in id order: one Query of `limit` + 1 listings from the
 * cursor on, whatever the number of agreements. Listings of deleted agreements are read and
 * left out, so a page may hold fewer and still have a `next`.
 */
export async function agreementPage(
  runtime: Runtime,
  tenant: string,
  query: AsOf & { limit: number; cursor?: string | undefined },
): Promise<{ agreements: AgreementListing[]; next?: string }> {
  const cursor = pageStart(query, "agreements", (sk) => sk.startsWith(LISTING_PREFIX));
  // One more than asked, so the last page says it is the last instead of leading to an empty one.
  const page = await runtime.viewStore.queryItems(
    tenant,
    { from: LISTING_PREFIX, to: `${LISTING_PREFIX}\uffff` },
    { limit: query.limit + 1, cursor, oldestFirst: true },
  );
  const read = page.items.slice(0, query.limit);
  const agreements = read
    .filter(({ itemType, body }) => itemType === "view" && typeof body === "string")
    .map(({ body }) => JSON.parse(body as string) as AgreementListing)
    .filter(({ exists }) => exists);
  const last = read.at(-1)?.sk;
  return page.items.length > query.limit && typeof last === "string"
    ? { agreements, next: encodeCursor(last) }
    : { agreements };
}
