import {
  type Deadline,
  deadlineIndexOf,
  deadlinesHolding,
  type IndexedDeadline,
  namePlaceholders,
} from "@termline/core";
import type { ViewStore } from "@termline/store";
import { FOREVER, readHolding, readHoldingPage, type StretchIndex } from "./stretch-index.ts";

/**
 * Deadlines by date: one item per deadline and stretch of business dates it holds for, keyed
 * by its date, so "from D1 to D2, as of `at`" is one range Query whatever the number of
 * agreements. Replaces the `byDate` index, which nothing wrote. Summaries cite catalog entries
 * by placeholder, read in the catalog's names when served (services/deadlines.ts), so no
 * catalog change re-indexes a deadline.
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

/** The deadlines dated `from`..`to` (both included) as the agreements state them on `at`. */
export async function readDeadlines(
  viewStore: ViewStore,
  tenant: string,
  query: DeadlineQuery,
): Promise<Deadline[]> {
  const items = await readHolding(viewStore, tenant, rangeOf(query), query.at);
  return deadlinesHolding(items.map(entryOf), query.at);
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
  const page = await readHoldingPage(viewStore, tenant, rangeOf(query), query);
  const deadlines = page.items.map((item) => entryOf(item).deadline);
  return page.next === undefined ? { deadlines } : { deadlines, next: page.next };
}
