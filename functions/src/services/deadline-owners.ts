import {
  type AgreementState,
  NotFoundError,
  ServiceUnavailableError,
  UnacceptableRequestError,
} from "@termline/core";
import { LRUCache } from "lru-cache";
import { readSnapshot } from "../projector/agreement-snapshots.ts";
import { DEADLINE_PREFIX, deadlineIndex } from "../projector/deadline-index.ts";
import {
  markOf,
  OWNER_PREFIX,
  type OwnerMark,
  ownerKey,
  setOwnerMark,
} from "../projector/deadline-owner-marks.ts";
import { readMatching } from "../projector/stretch-index.ts";
import { type Caller, personKey } from "./people.ts";
import type { Runtime } from "./runtime.ts";

/**
 * Who must not miss each deadline: a record per deadline (`deadline-owner#{deadlineId}`), not
 * an event, since it names a person, whose erasure takes their ownerships with them. Keyed by
 * the deadline's id, stable across rebuilds and amendments that move its date. A record counts
 * its changes (`revision`); removing an owner keeps the record without its person, so the
 * count never restarts and the deadline's index items can tell a newer owner from an older
 * (deadline-owner-marks.ts).
 */
export interface DeadlineOwner {
  deadlineId: string;
  personId: string;
  assignedAt: string;
  assignedBy: string;
}

/** The owners among records, removed ones left out. */
const ownersIn = (items: Iterable<Record<string, unknown>>): DeadlineOwner[] =>
  [...items].flatMap((item) =>
    typeof item.personId === "string"
      ? [
          {
            deadlineId: String(item.deadlineId),
            personId: item.personId,
            assignedAt: String(item.assignedAt),
            assignedBy: String(item.assignedBy),
          },
        ]
      : [],
  );

/** Every owner of the tenant's deadlines: for the jobs that go through them all. */
export async function listOwners(runtime: Runtime, tenant: string): Promise<DeadlineOwner[]> {
  return ownersIn(await runtime.viewStore.listItems(tenant, OWNER_PREFIX));
}

/** A batch of keys, as DynamoDB's BatchGetItem takes them. */
const BATCH = 100;
/**
 * How many owner records (removed owners' included: they keep the count of changes) one Query
 * reads before a list of deadlines reads its own by key instead.
 */
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
  const range = { from: OWNER_PREFIX, to: `${OWNER_PREFIX}\uffff` };
  const first = runtime.viewStore.queryItems(tenant, range, {
    limit: FEW_OWNERS + 1,
    consistent: true,
  });
  const [{ items }, ids] = await Promise.all([first, deadlineIds]);
  if (items.length <= FEW_OWNERS) return ownersIn(items);
  manyOwners(runtime).set(tenant, true);
  return ownersByKey(runtime, tenant, ids);
}

async function ownersByKey(runtime: Runtime, tenant: string, ids: readonly string[]) {
  if (ids.length > BATCH) return listOwners(runtime, tenant);
  if (ids.length === 0) return [];
  const keys = [...new Set(ids)].map(ownerKey);
  const found = await runtime.viewStore.getItemsTogether(tenant, keys);
  return ownersIn(found.values());
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
  await reviseOwner(runtime, caller.tenant, deadlineId, { ...owner });
  return owner;
}

export async function removeOwner(runtime: Runtime, tenant: string, deadlineId: string) {
  const removal = { deadlineId, removedAt: runtime.clock().toISOString() };
  if (!(await reviseOwner(runtime, tenant, deadlineId, removal, isOwned)))
    throw new NotFoundError(`deadline "${deadlineId}" has no owner`);
}

const isOwned = (stored: Record<string, unknown> | undefined) =>
  typeof stored?.personId === "string";

/**
 * Drops every ownership of a person being erased, then has any index item that still names
 * them name the owner its record says: an erasure that failed after its records were revised
 * and before its marks were set leaves none behind once it is run again. That pass reads the
 * whole index by date, as an erasure may.
 */
export async function forgetOwnerships(runtime: Runtime, tenant: string, personId: string) {
  const owners = await listOwners(runtime, tenant);
  const removal = { removedAt: runtime.clock().toISOString() };
  const ownedByThem = (stored: Record<string, unknown> | undefined) =>
    stored?.personId === personId;
  await Promise.all(
    owners
      .filter((owner) => owner.personId === personId)
      .map(({ deadlineId }) =>
        reviseOwner(runtime, tenant, deadlineId, { ...removal, deadlineId }, ownedByThem),
      ),
  );
  for (const { sk, deadlineId } of await itemsNaming(runtime, tenant, personId)) {
    const record = await runtime.viewStore.getItem(tenant, ownerKey(deadlineId));
    await setOwnerMark(runtime.viewStore, tenant, sk, markOf(record));
  }
}

/** The index items that name a person as owner, with their deadline's id. */
async function itemsNaming(runtime: Runtime, tenant: string, personId: string) {
  const filter = {
    expression: "#fowner = :fowner",
    names: { "#fowner": "ownerId" },
    values: { ":fowner": personId },
  };
  const range = { from: DEADLINE_PREFIX, to: `${DEADLINE_PREFIX}\uffff` };
  const items = await readMatching(runtime.viewStore, tenant, range, filter, true);
  return items.map((item) => ({
    sk: String(item.sk),
    deadlineId: String((item.deadline as { id: string }).id),
  }));
}

/** How many times a record's revision is retried when others change it meanwhile. */
const REVISION_ATTEMPTS = 8;

/**
 * Replaces a deadline's owner record with `fields` at the next revision, if the record as
 * stored still calls for it (`applies`): guarded, so two people changing the same deadline at
 * once both land, one after the other, each judged on what the other left. Then marks the
 * deadline's index items with what the record now says, also when it did not apply, so that
 * a change retried after its marks failed sets them. Whether it applied.
 */
async function reviseOwner(
  runtime: Runtime,
  tenant: string,
  deadlineId: string,
  fields: Record<string, unknown>,
  applies: (stored: Record<string, unknown> | undefined) => boolean = () => true,
): Promise<boolean> {
  const key = ownerKey(deadlineId);
  for (let attempt = 0; attempt < REVISION_ATTEMPTS; attempt++) {
    const stored = await runtime.viewStore.getItem(tenant, key);
    if (!applies(stored)) {
      await markIndexItems(runtime, tenant, deadlineId, markOf(stored));
      return false;
    }
    const revision = markOf(stored).ownerRevision + 1;
    const record = { ...fields, revision, itemType: "deadline-owner" };
    const guard = stored
      ? {
          ifUnchanged: {
            deadlineId,
            revision: typeof stored.revision === "number" ? stored.revision : null,
          },
        }
      : { ifAbsent: true };
    if (await runtime.viewStore.putItem(tenant, key, record, guard)) {
      await markIndexItems(runtime, tenant, deadlineId, markOf(record));
      return true;
    }
  }
  throw new ServiceUnavailableError(
    `the owner of deadline "${deadlineId}" kept changing while this was saved; nothing was changed, try again`,
  );
}

/**
 * Marks the deadline's items in the index by date, as its agreement's snapshot says they are.
 * Items the projector has yet to write are marked by it: it reads the records after writing.
 */
async function markIndexItems(
  runtime: Runtime,
  tenant: string,
  deadlineId: string,
  mark: OwnerMark,
): Promise<void> {
  const agreementId = deadlineId.split(":")[0] ?? "";
  const snapshot = await readSnapshot(runtime.viewStore, tenant, agreementId);
  const state = snapshot?.body as AgreementState | undefined;
  if (!state?.exists) return;
  const keys = deadlineIndex
    .entriesOf(state)
    .filter(({ deadline }) => deadline.id === deadlineId)
    .map(deadlineIndex.keyOf);
  await Promise.all(keys.map((sk) => setOwnerMark(runtime.viewStore, tenant, sk, mark)));
}
