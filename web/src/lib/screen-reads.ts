import type { InferResponseType } from "hono/client";
import { api, ok } from "../api/client.ts";
import { AXIS_END, AXIS_START } from "./dates.ts";
import { useResource } from "./resource.ts";

/** Reads for the home, conflicts, deadlines and availability views, each keyed by what it asks. */

export type Availability = InferResponseType<typeof api.entitlements.availability.$get, 200>;
export type AvailabilityWindow = Availability["windows"][number];
export type Conflicts = InferResponseType<typeof api.conflicts.$get, 200>;
export type ConflictPeriod = Conflicts["conflicts"][number];
export type Person = InferResponseType<typeof api.people.$get, 200>["people"][number];

/** The windows of one cell over the scrubber's whole range (2019–2034), or a range given. */
export const useAvailability = (
  cell: { product: string; provider: string; segment: string } | null,
  range: { from: string; to: string } = { from: AXIS_START, to: AXIS_END },
) =>
  useResource(
    cell
      ? `availability:${cell.product}:${cell.provider}:${cell.segment}:${range.from}:${range.to}`
      : null,
    () =>
      ok(
        api.entitlements.availability.$get({
          query: {
            product: cell?.product ?? "",
            provider: cell?.provider ?? "",
            segment: cell?.segment ?? "",
            ...range,
          },
        }),
      ),
  );

/** The conflicts over `from`..`to`; with `limit`, the first of them and whether there are more. */
export const useConflicts = (from: string, to: string, limit?: number) =>
  useResource(`conflicts:${from}:${to}:${limit ?? ""}`, () =>
    ok(
      api.conflicts.$get({
        query: { from, to, ...(limit === undefined ? {} : { limit: String(limit) }) },
      }),
    ),
  );

export const usePeople = (wanted = true) =>
  useResource(wanted ? "people" : null, () => ok(api.people.$get()));

export type Change = InferResponseType<typeof api.changes.$get, 200>["changes"][number];

/** The tenant's latest changes across agreements, newest first. */
export const useRecentChanges = (limit: number) =>
  useResource(`changes:${limit}`, () => ok(api.changes.$get({ query: { limit: String(limit) } })));
