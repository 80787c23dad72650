import { AlreadyExistsError, NotFoundError, ProductId, ProviderId, Segment } from "@termline/core";
import { z } from "zod";
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
  const workload = {
    ...input,
    id: input.id ?? `workload-${runtime.newId().slice(0, 8).toLowerCase()}`,
  };
  const created = await runtime.viewStore.putItem(
    tenant,
    keyOf(workload.id),
    { workload: JSON.stringify(workload), itemType: "workload" },
    { ifAbsent: true },
  );
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
  const workload = { ...input, id };
  await runtime.viewStore.putItem(tenant, keyOf(id), {
    workload: JSON.stringify(workload),
    itemType: "workload",
  });
  return workload;
}

export async function deleteWorkload(runtime: Runtime, tenant: string, id: string): Promise<void> {
  await getWorkload(runtime, tenant, id);
  await runtime.viewStore.deleteItem(tenant, keyOf(id));
}
