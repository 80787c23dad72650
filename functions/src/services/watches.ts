import { DEFAULT_SEGMENT, NotFoundError, ProductId, ProviderId, Segment } from "@termline/core";
import * as z from "zod";
import { loadCatalog, requireKnownIds } from "./catalog-reads.ts";
import { assertMayManage, type Caller, getPerson, listPersonRecords } from "./people.ts";
import type { Runtime } from "./runtime.ts";
import { getWorkload, listWorkloads, type Workload } from "./workloads.ts";

/**
 * A watch asks to be told when an answer changes: for a workload (its product on its
 * providers, in its segment) or for one cell (product × provider × segment). Records in the
 * views table beside the person they belong to.
 */
export const WatchInput = z
  .discriminatedUnion("on", [
    z.object({ on: z.literal("workload"), workloadId: z.string().min(1).max(80) }).strict(),
    z
      .object({
        on: z.literal("cell"),
        product: ProductId,
        provider: ProviderId,
        segment: Segment.default(DEFAULT_SEGMENT),
      })
      .strict(),
  ])
  .meta({ description: "What to watch: a workload, or one product × provider × segment." });
export type WatchInput = z.input<typeof WatchInput>;
export type Watch = z.output<typeof WatchInput> & {
  id: string;
  personId: string;
  createdAt: string;
};

const PREFIX = "watch#";

function toWatch(item: Record<string, unknown>): Watch | undefined {
  const parsed = WatchInput.safeParse(item.target);
  if (!parsed.success) return undefined;
  return {
    ...parsed.data,
    id: String(item.id),
    personId: String(item.personId),
    createdAt: String(item.createdAt),
  };
}

export async function listWatches(runtime: Runtime, tenant: string, personId?: string) {
  return listPersonRecords(runtime, tenant, PREFIX, toWatch, personId);
}

export async function addWatch(
  runtime: Runtime,
  caller: Caller,
  personId: string,
  input: WatchInput,
): Promise<Watch> {
  const target = WatchInput.parse(input);
  const person = await getPerson(runtime, caller.tenant, personId);
  assertMayManage(caller, person);
  if (target.on === "workload") await getWorkload(runtime, caller.tenant, target.workloadId);
  else
    requireKnownIds(
      await loadCatalog(runtime, caller.tenant),
      [
        { path: "product", kind: "products", id: target.product },
        { path: "provider", kind: "providers", id: target.provider },
        { path: "segment", kind: "segments", id: target.segment },
      ],
      true,
    );
  const watch: Watch = {
    ...target,
    id: `watch-${runtime.newId()}`,
    personId,
    createdAt: runtime.clock().toISOString(),
  };
  await runtime.viewStore.putItem(
    caller.tenant,
    `${PREFIX}${watch.id}`,
    { id: watch.id, personId, target, createdAt: watch.createdAt, itemType: "watch" },
    { ifAbsent: true },
  );
  return watch;
}

export async function removeWatch(runtime: Runtime, caller: Caller, personId: string, id: string) {
  const person = await getPerson(runtime, caller.tenant, personId);
  assertMayManage(caller, person);
  const item = await runtime.viewStore.getItem(caller.tenant, `${PREFIX}${id}`);
  if (!item || item.personId !== personId)
    throw new NotFoundError(`${person.name} has no watch "${id}"`);
  await runtime.viewStore.deleteItem(caller.tenant, `${PREFIX}${id}`);
}

/** Whether a watch covers a cell: a workload's product on any of its providers (all, if it names none). */
export function watchCovers(
  watch: Watch,
  workloads: Workload[],
  cell: { product: string; provider: string; segment: string },
): Workload | true | undefined {
  if (watch.on === "cell")
    return watch.product === cell.product &&
      watch.provider === cell.provider &&
      watch.segment === cell.segment
      ? true
      : undefined;
  const workload = workloads.find(({ id }) => id === watch.workloadId);
  if (!workload || workload.product !== cell.product) return undefined;
  if ((workload.segment ?? DEFAULT_SEGMENT) !== cell.segment) return undefined;
  if (workload.providers && !workload.providers.includes(cell.provider)) return undefined;
  return workload;
}

export { listWorkloads };
