import {
  AlreadyExistsError,
  type Catalog,
  NotFoundError,
  ProductId,
  ProviderId,
  Segment,
} from "@termline/core";
import stableStringify from "fast-json-stable-stringify";
import * as z from "zod";
import { loadCatalog, requireKnownIds } from "./catalog-reads.ts";
import type { Runtime } from "./runtime.ts";

export const WorkloadInput = z
  .object({
    id: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]{0,79}$/, "use lowercase letters, digits and dashes")
      .optional(),
    name: z.string().trim().min(1).max(200),
    product: ProductId,
    providers: z.array(ProviderId).min(1).max(20).optional(),
    segment: Segment.optional(),
  })
  .strict();
export type WorkloadInput = z.infer<typeof WorkloadInput>;
export type Workload = WorkloadInput & { id: string };

const keyOf = (id: string) => `workload#${id}`;

/** A workload plans on the tenant's own catalog: a product, provider or segment it lacks is a 422. */
export function checkWorkloadIds(catalog: Catalog, input: WorkloadInput, prefix = ""): void {
  const at = (path: string) => (prefix ? `${prefix}.${path}` : path);
  requireKnownIds(
    catalog,
    [
      { path: at("product"), kind: "products", id: input.product },
      ...(input.providers ?? []).map((id, index) => ({
        path: at(`providers.${index}`),
        kind: "providers" as const,
        id,
      })),
      { path: at("segment"), kind: "segments", id: input.segment },
    ],
    true,
  );
}

async function checkAgainstCatalog(runtime: Runtime, tenant: string, input: WorkloadInput) {
  checkWorkloadIds(await loadCatalog(runtime, tenant), input);
}

const itemOf = (workload: Workload) => ({
  workload: JSON.stringify(workload),
  itemType: "workload",
});

export const sameWorkload = (a: Workload, b: Workload) => stableStringify(a) === stableStringify(b);

/** An imported workload replaces the one of the same id: the document is what the person chose to bring in. */
export async function putImportedWorkload(runtime: Runtime, tenant: string, workload: Workload) {
  await runtime.viewStore.putItem(tenant, keyOf(workload.id), itemOf(workload));
}

function toWorkload(item: Record<string, unknown>): Workload {
  return JSON.parse(String(item.workload)) as Workload;
}

export async function listWorkloads(runtime: Runtime, tenant: string): Promise<Workload[]> {
  const items = await runtime.viewStore.listItems(tenant, "workload#");
  return items.map(toWorkload).sort((a, b) => a.name.localeCompare(b.name));
}

export async function getWorkload(runtime: Runtime, tenant: string, id: string): Promise<Workload> {
  const item = await runtime.viewStore.getItem(tenant, keyOf(id));
  if (!item) throw new NotFoundError(`workload "${id}" does not exist`);
  return toWorkload(item);
}

export async function createWorkload(
  runtime: Runtime,
  tenant: string,
  input: WorkloadInput,
): Promise<Workload> {
  await checkAgainstCatalog(runtime, tenant, input);
  const workload = {
    ...input,
    id: input.id ?? `workload-${runtime.newId().slice(0, 8).toLowerCase()}`,
  };
  const created = await runtime.viewStore.putItem(tenant, keyOf(workload.id), itemOf(workload), {
    ifAbsent: true,
  });
  if (!created)
    throw new AlreadyExistsError(`workload "${workload.id}" already exists; PUT it to change it`);
  return workload;
}

export async function replaceWorkload(
  runtime: Runtime,
  tenant: string,
  id: string,
  input: WorkloadInput,
): Promise<Workload> {
  await getWorkload(runtime, tenant, id);
  await checkAgainstCatalog(runtime, tenant, input);
  const workload = { ...input, id };
  await runtime.viewStore.putItem(tenant, keyOf(id), itemOf(workload));
  return workload;
}

export async function deleteWorkload(runtime: Runtime, tenant: string, id: string): Promise<void> {
  await getWorkload(runtime, tenant, id);
  await runtime.viewStore.deleteItem(tenant, keyOf(id));
}
