import { AXIS_END, AXIS_START } from "../lib/dates.ts";
import { useResource } from "../lib/resource.ts";
import { api, ok } from "./client.ts";
import type { StoredEvent } from "./types.ts";

/** Every read the screens make, each with the cache key that names it. */

export const useCatalog = () => useResource("catalog", () => ok(api.catalog.$get({ query: {} })));

/** The catalog's own audit trail (who added, renamed or retired what). */
export const useCatalogEvents = () =>
  useResource("catalog-events", () => ok(api.catalog.events.$get()));

/** What a request may name of agreements by id. */
const IDS_A_REQUEST = 100;

/** Each of `ids` once, sorted, in the chunks a request may name, each read by `load`, in parallel. */
async function byIds<T extends { id: string }>(
  ids: readonly string[],
  load: (chunk: string) => Promise<{ agreements: T[] }>,
): Promise<Map<string, T>> {
  const chunks: string[][] = [];
  for (let start = 0; start < ids.length; start += IDS_A_REQUEST)
    chunks.push(ids.slice(start, start + IDS_A_REQUEST));
  const pages = await Promise.all(chunks.map((chunk) => load(chunk.join(","))));
  return new Map(pages.flatMap(({ agreements }) => agreements.map((item) => [item.id, item])));
}

const wantedOf = (ids: readonly string[]) => [...new Set(ids)].sort();

/**
 * The agreements a screen names, read by id, not the tenant's whole list: a lookup giving each
 * one's summary, undefined while it loads and for an id the tenant lacks.
 */
export function useAgreementsNamed(ids: readonly string[]) {
  const wanted = wantedOf(ids);
  const read = useResource(wanted.length === 0 ? null : `agreements-named:${wanted}`, () =>
    byIds(wanted, (chunk) => ok(api.agreements.$get({ query: { ids: chunk } }))),
  );
  return (id: string) => read.data?.get(id);
}

/** The agreements `ids` names, whole, as of `at` as known at `knownAt`: what reasons cite. */
export function useAgreementDetailsNamed(ids: readonly string[], at: string, knownAt?: string) {
  const wanted = wantedOf(ids);
  return useResource(
    wanted.length === 0 ? null : `agreement-details-named:${at}:${knownAt ?? ""}:${wanted}`,
    () =>
      byIds(wanted, (chunk) =>
        ok(
          api["agreement-details"].$get({
            query: { at, ids: chunk, ...(knownAt ? { knownAt } : {}) },
          }),
        ),
      ),
  );
}

/** Each agreement's title by id, the id itself until it is known. */
export function useAgreementTitles(ids: readonly string[]) {
  const named = useAgreementsNamed(ids);
  return (id: string) => named(id)?.title ?? id;
}

export const useAgreement = (id: string, at: string, knownAt?: string) =>
  useResource(`agreement:${id}:${at}:${knownAt ?? ""}`, () =>
    ok(
      api.agreements[":id"].$get({ param: { id }, query: { at, ...(knownAt ? { knownAt } : {}) } }),
    ),
  );

/** The most events a request returns (the API's limit). */
const EVENTS_A_PAGE = 500;
/** Pages of a long log read at once, after the first shows it is long. */
const PAGES_AT_ONCE = 4;

/**
 * An agreement's log after `after` (all of it by default), oldest first. A short log is one
 * request; a long one reads its further pages a few at a time rather than one after another,
 * so a 10,000-event agreement takes six rounds, not twenty-one. A page is the 500 events after
 * a version, and each event has the next version, so pages read side by side neither overlap
 * nor leave a gap; the log ends at the first page that is not full, and pages after it (events
 * recorded meanwhile) wait for the next read.
 */
export async function loadEvents(id: string, after = 0): Promise<StoredEvent[]> {
  const pageAfter = async (version: number) =>
    (
      await ok(
        api.agreements[":id"].events.$get({
          param: { id },
          query: {
            limit: String(EVENTS_A_PAGE),
            ...(version === 0 ? {} : { after: String(version) }),
          },
        }),
      )
    ).events;
  const events = await pageAfter(after);
  let full = events.length === EVENTS_A_PAGE;
  while (full) {
    const next = events.at(-1)?.version ?? after;
    const pages = await Promise.all(
      Array.from({ length: PAGES_AT_ONCE }, (_, n) => pageAfter(next + n * EVENTS_A_PAGE)),
    );
    for (const page of pages) {
      events.push(...page);
      full = page.length === EVENTS_A_PAGE;
      if (!full) break;
    }
  }
  return events;
}

export const useEvents = (id: string | null) =>
  useResource(id === null ? null : `events:${id}`, () => loadEvents(id ?? ""));

/** How many agreements the timeline draws at a time: its read follows the page, not the tenant. */
export const TIMELINE_ROWS = 25;

/** A page of agreements as of a date, with their deadlines: what the timeline draws. */
export const useAgreementDetailsPage = (at: string, cursor: string | undefined) =>
  useResource(`agreement-details:${at}:${cursor ?? ""}`, () =>
    ok(
      api["agreement-details"].$get({
        query: {
          at,
          limit: String(TIMELINE_ROWS),
          include: "deadlines",
          ...(cursor === undefined ? {} : { cursor }),
        },
      }),
    ),
  );

/** What the home page lists of what is open: a first page, said to be one when there is more. */
export const OPEN_MATTERS_SHOWN = 50;

export const useOpenDisputes = (at: string) =>
  useResource(`open-disputes:${at}`, () =>
    ok(api["open-disputes"].$get({ query: { at, limit: String(OPEN_MATTERS_SHOWN) } })),
  );

export const useOpenQuestions = (at: string) =>
  useResource(`open-questions:${at}`, () =>
    ok(api["open-questions"].$get({ query: { at, limit: String(OPEN_MATTERS_SHOWN) } })),
  );

/** The days a segment's matrix changes across the scrubber's years, as known at `knownAt`. */
export const useMatrixChanges = (segment: string, knownAt?: string) =>
  useResource(`matrix-changes:${segment}:${knownAt ?? ""}`, () =>
    ok(
      api.entitlements.changes.$get({
        query: { segment, from: AXIS_START, to: AXIS_END, ...(knownAt ? { knownAt } : {}) },
      }),
    ),
  );

export const useMatrix = (at: string, segment: string, knownAt?: string) =>
  useResource(`matrix:${at}:${segment}:${knownAt ?? ""}`, () =>
    ok(
      api.entitlements.matrix.$get({
        query: {
          at,
          segment,
          ...(knownAt ? { knownAt } : {}),
        },
      }),
    ),
  );

/** One cell's answer with its reasons, asked when the cell is opened (the matrix has none). */
export const useEntitlement = (
  cell: { product: string; provider: string; segment: string },
  at: string,
  knownAt?: string,
) =>
  useResource(
    `entitlement:${cell.product}:${cell.provider}:${cell.segment}:${at}:${knownAt ?? ""}`,
    () => ok(api.entitlements.$get({ query: { ...cell, at, ...(knownAt ? { knownAt } : {}) } })),
  );

/** The deadlines from `from` on, `limit` of them after `cursor`, with the cursor of the rest. */
export const loadDeadlinePage = (from: string, limit: number, cursor?: string) =>
  ok(
    api.deadlines.$get({
      query: { from, limit: String(limit), ...(cursor === undefined ? {} : { cursor }) },
    }),
  );

/** How many deadlines the deadlines page adds at a time. */
export const DEADLINES_A_PAGE = 50;

/** The first `pages` pages of deadlines from `from` on, `DEADLINES_A_PAGE` each. */
export const useDeadlinePages = (from: string, pages: number) =>
  usePages(`deadline-pages:${from}`, pages, async (cursor) => {
    const page = await loadDeadlinePage(from, DEADLINES_A_PAGE, cursor);
    return { items: page.deadlines, next: page.next };
  });

/** How many agreements the agreements page adds at a time. */
export const AGREEMENTS_A_PAGE = 50;

/** The first `pages` pages of the agreements list, in id order. */
export const useAgreementPages = (pages: number) =>
  usePages("agreement-pages", pages, async (cursor) => {
    const query = { limit: String(AGREEMENTS_A_PAGE), ...(cursor ? { cursor } : {}) };
    const page = await ok(api.agreements.$get({ query }));
    return { items: page.agreements, next: page.next };
  });

/**
 * The first `pages` pages of a listing, one request each, as one resource: a write reads every
 * page shown again (so an acknowledgement on the third page shows), not only the first.
 */
function usePages<T>(
  key: string,
  pages: number,
  load: (cursor: string | undefined) => Promise<{ items: T[]; next?: string | undefined }>,
) {
  return useResource(`${key}:${pages}`, async () => {
    const items: T[] = [];
    let next: string | undefined;
    for (let read = 0; read < pages; read++) {
      const page = await load(next);
      items.push(...page.items);
      next = page.next;
      if (next === undefined) break;
    }
    return { items, next };
  });
}

/** The first `limit` deadlines from `from` on: a list's first page, whatever the tenant holds. */
export const useFirstDeadlines = (from: string, limit: number) =>
  useResource(`deadlines:${from}:${limit}`, () => loadDeadlinePage(from, limit));

export const useAlertPolicy = () =>
  useResource("alert-policy", () => ok(api.settings["alert-policy"].$get()));

export const useWorkloads = () => useResource("workloads", () => ok(api.workloads.$get()));

export const useWorkloadEntitlements = (id: string | null, at: string) =>
  useResource(id === null ? null : `workload:${id}:${at}`, () =>
    ok(api.workloads[":id"].entitlements.$get({ param: { id: id ?? "" }, query: { at } })),
  );
