import { AXIS_END, AXIS_START } from "../lib/dates.ts";
import { useResource } from "../lib/resource.ts";
import { api, ok } from "./client.ts";
import type { StoredEvent } from "./types.ts";

/** Every read the screens make, each with the cache key that names it. */

export const useCatalog = () => useResource("catalog", () => ok(api.catalog.$get({ query: {} })));

/** The catalog's own audit trail (who added, renamed or retired what). */
export const useCatalogEvents = () =>
  useResource("catalog-events", () => ok(api.catalog.events.$get()));

export const useAgreements = () =>
  useResource("agreements", () => ok(api.agreements.$get({ query: {} })));

export const useAgreement = (id: string, at: string, knownAt?: string) =>
  useResource(`agreement:${id}:${at}:${knownAt ?? ""}`, () =>
    ok(
      api.agreements[":id"].$get({ param: { id }, query: { at, ...(knownAt ? { knownAt } : {}) } }),
    ),
  );

export async function loadEvents(id: string): Promise<StoredEvent[]> {
  const events: StoredEvent[] = [];
  for (;;) {
    const after = events.at(-1)?.version;
    const page = await ok(
      api.agreements[":id"].events.$get({
        param: { id },
        query: { limit: "500", ...(after === undefined ? {} : { after: String(after) }) },
      }),
    );
    events.push(...page.events);
    if (page.events.length < 500) return events;
  }
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

export const useDeadlines = (from: string) =>
  useResource(`deadlines:${from}`, () => ok(api.deadlines.$get({ query: { from } })));

export const useAlertPolicy = () =>
  useResource("alert-policy", () => ok(api.settings["alert-policy"].$get()));

export const useWorkloads = () => useResource("workloads", () => ok(api.workloads.$get()));

export const useWorkloadEntitlements = (id: string | null, at: string) =>
  useResource(id === null ? null : `workload:${id}:${at}`, () =>
    ok(api.workloads[":id"].entitlements.$get({ param: { id: id ?? "" }, query: { at } })),
  );
