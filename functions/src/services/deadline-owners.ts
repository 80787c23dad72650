import { NotFoundError, UnacceptableRequestError } from "@termline/core";
import { LRUCache } from "lru-cache";
import { type Caller, personKey } from "./people.ts";
import type { Runtime } from "./runtime.ts";

/**
 * Who must not miss each deadline: a record per deadline (`deadline-owner#{deadlineId}`), not
 * an event, since it names a person, whose erasure takes their ownerships with them. Keyed by
 * the deadline's id, stable across rebuilds and amendments that move its date.
 */
export interface DeadlineOwner {
  deadlineId: string;
  personId: string;
  assignedAt: string;
  assignedBy: string;
}

const OWNER = "deadline-owner#";

const toOwner = (item: Record<string, unknown>): DeadlineOwner => ({
  deadlineId: String(item.deadlineId),
  personId: String(item.personId),
  assignedAt: String(item.assignedAt),
  assignedBy: String(item.assignedBy),
});

/** Every owner of the tenant's deadlines: for the jobs that go through them all. */
export async function listOwners(runtime: Runtime, tenant: string): Promise<DeadlineOwner[]> {
  return (await runtime.viewStore.listItems(tenant, OWNER)).map(toOwner);
}

/** A batch of keys, as DynamoDB's BatchGetItem takes them. */
const BATCH = 100;
/** How many owners one Query reads before a list of deadlines reads its own by key instead. */
const FEW_OWNERS = 100;

/**
 * Tenants this container has found owning more than `FEW_OWNERS` deadlines, per runtime. A hint
 * alone: reading a page's owners by key is right whatever their number, so a hint gone stale
 * costs a round trip, never an owner.
 */
const MANY_OWNERS_HINT_MS = 60_000;
const manyOwnersByRuntime = new WeakMap<Runtime, LRUCache<string, true>>();
const manyOwners = (runtime: Runtime) => {
  let found = manyOwnersByRuntime.get(runtime);
  if (!found) {
    found = new LRUCache({ max: 10_000, ttl: MANY_OWNERS_HINT_MS });
    manyOwnersByRuntime.set(runtime, found);
  }
  return found;
};
/**
 * The owners of a list of deadlines, at a cost that does not follow the number of deadlines
 * people own: with few owners in the tenant, all of them in one Query begun beside the list's
 * own read; with more, the list's own by key (one BatchGetItem) once the list says which they
 * are, and for a minute after that without the Query. A list of more than a batch reads every
 * owner in one Query, as many items in fewer round trips.
 */
export async function ownersOf(
  runtime: Runtime,
  tenant: string,
  deadlineIds: Promise<readonly string[]>,
): Promise<DeadlineOwner[]> {
  if (manyOwners(runtime).has(tenant)) return ownersByKey(runtime, tenant, await deadlineIds);
  const range = { from: OWNER, to: `${OWNER}\uffff` };
  const first = runtime.viewStore.queryItems(tenant, range, {
    limit: FEW_OWNERS + 1,
    consistent: true,
  });
  const [{ items }, ids] = await Promise.all([first, deadlineIds]);
  if (items.length <= FEW_OWNERS) return items.map(toOwner);
  manyOwners(runtime).set(tenant, true);
  return ownersByKey(runtime, tenant, ids);
}

async function ownersByKey(runtime: Runtime, tenant: string, ids: readonly string[]) {
  if (ids.length > BATCH) return listOwners(runtime, tenant);
  if (ids.length === 0) return [];
  const keys = [...new Set(ids)].map((id) => `${OWNER}${id}`);
  const found = await runtime.viewStore.getItemsTogether(tenant, keys);
  return [...found.values()].map(toOwner);
}

/**
 * Names the person who must not miss a deadline. Keyed by the deadline's id, which is stable
 * across rebuilds and amendments that move its date, so the owner follows the deadline.
 */
export async function assignOwner(
  runtime: Runtime,
  caller: Caller,
  deadlineId: string,
  personId: string,
): Promise<DeadlineOwner> {
  const person = await runtime.viewStore.getItem(caller.tenant, personKey(personId));
  if (!person)
    throw new UnacceptableRequestError(
      `there is no person "${personId}" in this tenant; add them first`,
      {
        errors: [{ path: "personId", message: `no person "${personId}"` }],
      },
    );
  const owner: DeadlineOwner = {
    deadlineId,
    personId,
    assignedAt: runtime.clock().toISOString(),
    assignedBy: caller.name,
  };
  await runtime.viewStore.putItem(caller.tenant, `${OWNER}${deadlineId}`, {
    ...owner,
    itemType: "deadline-owner",
  });
  return owner;
}

export async function removeOwner(runtime: Runtime, tenant: string, deadlineId: string) {
  if (!(await runtime.viewStore.getItem(tenant, `${OWNER}${deadlineId}`)))
    throw new NotFoundError(`deadline "${deadlineId}" has no owner`);
  await runtime.viewStore.deleteItem(tenant, `${OWNER}${deadlineId}`);
}

/** Drops every ownership of a person being erased. */
export async function forgetOwnerships(runtime: Runtime, tenant: string, personId: string) {
  const owners = await listOwners(runtime, tenant);
  await Promise.all(
    owners
      .filter((owner) => owner.personId === personId)
      .map((owner) => runtime.viewStore.deleteItem(tenant, `${OWNER}${owner.deadlineId}`)),
  );
}
