import {
  type Deadline,
  deadlineIndexOf,
  deadlinesHolding,
  type IndexedDeadline,
  namePlaceholders,
} from "@termline/core";
import type { ViewStore } from "@termline/store";
import { ownerMarks, ownerNamedBy } from "./deadline-owner-marks.ts";
import { FOREVER, readHolding, readHoldingPage, type StretchIndex } from "./stretch-index.ts";

/**
 * Deadlines by date: one item per deadline and stretch of business dates it holds for, keyed
 * by its date, so "from D1 to D2, as of `at`" is one range Query whatever the number of
 * agreements. Replaces the `byDate` index, which nothing wrote. Summaries cite catalog entries
 * by placeholder, read in the catalog's names when served (services/deadlines.ts), so no
 * catalog change re-indexes a deadline. Each item also names the deadline's owner
 * (deadline-owner-marks.ts), so a page names its owners in the same Query.
 */
export const DEADLINE_PREFIX = "deadline#";

export const deadlineIndex: StretchIndex<IndexedDeadline> = {
  prefixes: [DEADLINE_PREFIX],
  entriesOf: (state) => deadlineIndexOf(state, namePlaceholders),
  keyOf: ({ deadline, validFrom }) =>
    `${DEADLINE_PREFIX}${deadline.date}#${deadline.agreementId}#${deadline.id}#${validFrom}`,
  fieldsOf: (entry) => ({
    itemType: "deadline",
    agreementId: entry.deadline.agreementId,
    validFrom: entry.validFrom,
    validTo: entry.validTo ?? FOREVER,
    deadline: entry.deadline,
  }),
  beside: ownerMarks,
};

interface DeadlineQuery {
  at: string;
  from?: string | undefined;
  to?: string | undefined;
}

const rangeOf = (query: DeadlineQuery) => ({
  from: `${DEADLINE_PREFIX}${query.from ?? ""}`,
  to: `${DEADLINE_PREFIX}${query.to ?? FOREVER}#\uffff`,
});

const entryOf = (item: Record<string, unknown>): IndexedDeadline => ({
  deadline: item.deadline as Deadline,
  validFrom: String(item.validFrom),
  validTo: item.validTo === FOREVER ? null : String(item.validTo),
});

/**
 * The index is read consistently: an owner given, or a date moved, shows in the next list, as
 * it did when the owners were read from their own records (consistently).
 */
const CONSISTENT = true;

/** Who owns each deadline, by its id, as the items read name them. */
export type OwnersNamed = Map<string, string | undefined>;

/**
 * The owners the items name, or undefined if one of them was written before items named their
 * owners: the caller then reads the owners' records.
 */
function ownersNamedBy(items: Record<string, unknown>[]): OwnersNamed | undefined {
  const owners: OwnersNamed = new Map();
  for (const item of items) {
    const named = ownerNamedBy(item);
    if (!named) return undefined;
    owners.set(entryOf(item).deadline.id, named.ownerId);
  }
  return owners;
}

/**
 * The deadlines dated `from`..`to` (both included) as the agreements state them on `at`, and
 * their owners if every item read names them.
 */
export async function readDeadlines(
  viewStore: ViewStore,
  tenant: string,
  query: DeadlineQuery,
): Promise<{ deadlines: Deadline[]; owners?: OwnersNamed }> {
  const items = await readHolding(viewStore, tenant, rangeOf(query), query.at, CONSISTENT);
  const deadlines = deadlinesHolding(items.map(entryOf), query.at);
  const owners = ownersNamedBy(items);
  return owners ? { deadlines, owners } : { deadlines };
}

/** Whether a cursor is one this index hands out, inside the range asked for. */
export const isDeadlineCursor = (cursor: string, query: DeadlineQuery) => {
  const { from, to } = rangeOf(query);
  return cursor.startsWith(DEADLINE_PREFIX) && cursor >= from && cursor <= to;
};

/**
 * The first `limit` deadlines after `cursor`, in date order (then agreement, then id: the
 * index's own order, so pages never overlap or skip), with the cursor of the next page if
 * there may be one, and their owners if every item names them. Reads about as many items as it
 * returns, whatever the number of agreements.
 */
export async function readDeadlinePage(
  viewStore: ViewStore,
  tenant: string,
  query: DeadlineQuery & { limit: number; cursor?: string | undefined },
): Promise<{ deadlines: Deadline[]; owners?: OwnersNamed; next?: string }> {
  const page = await readHoldingPage(viewStore, tenant, rangeOf(query), {
    ...query,
    consistent: CONSISTENT,
  });
  const deadlines = page.items.map((item) => entryOf(item).deadline);
  const owners = ownersNamedBy(page.items);
  return {
    deadlines,
    ...(owners ? { owners } : {}),
    ...(page.next === undefined ? {} : { next: page.next }),
  };
}
