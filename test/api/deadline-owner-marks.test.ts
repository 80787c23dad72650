import {
  type AgreementState,
  applyPending,
  type Catalog,
  decideAppend,
  NotFoundError,
} from "@termline/core";
import type { ViewStore } from "@termline/store";
import fc from "fast-check";
import { beforeAll, describe, expect, it, vi } from "vitest";
import {
  reindexAgreementIndexes,
  reindexTenantIndexes,
} from "../../functions/src/projector/agreement-indexes.ts";
import { agreementViewKey } from "../../functions/src/projector/agreement-keys.ts";
import {
  readSnapshot,
  snapshotToStore,
  writePages,
} from "../../functions/src/projector/agreement-snapshots.ts";
import { deadlineIndex } from "../../functions/src/projector/deadline-index.ts";
import {
  markOf,
  ownerKey,
  setOwnerMark,
} from "../../functions/src/projector/deadline-owner-marks.ts";
import { loadCatalog } from "../../functions/src/services/catalog-reads.ts";
import {
  assignOwner,
  forgetOwnerships,
  removeOwner,
} from "../../functions/src/services/deadline-owners.ts";
import { createPerson } from "../../functions/src/services/people.ts";
import type { Runtime } from "../../functions/src/services/runtime.ts";
import { type ApiHarness, expectProblem, harnessForFile, SEEDED_AT } from "./support.ts";

let api: ApiHarness;

harnessForFile("deadline-owner-marks", { at: SEEDED_AT }, (ready) => {
  api = ready;
});

const TENANT = "acme";
const TRANCHE = "amazon-openai:amazon-contingent-tranches:tranche-due";
const caller = { tenant: TENANT, name: "test", role: "admin" as const };
let state: AgreementState;
let trancheKeys: string[];

beforeAll(async () => {
  for (const id of ["ada", "grace"])
    await createPerson(api.runtime, caller, { id, name: id, email: `${id}@acme.example` });
  const snapshot = await readSnapshot(api.runtime.viewStore, TENANT, "amazon-openai");
  state = snapshot?.body as AgreementState;
  trancheKeys = deadlineIndex
    .entriesOf(state)
    .filter(({ deadline }) => deadline.id === TRANCHE)
    .map(deadlineIndex.keyOf);
  expect(trancheKeys.length).toBeGreaterThan(0);
});

/**
 * What each of the tranche's index items says of its owner (null for an item missing), and
 * the mark its record calls for.
 */
async function marksAndRecord() {
  const { viewStore } = api.runtime;
  const items = await viewStore.getItemsTogether(TENANT, trancheKeys);
  const record = await viewStore.getItem(TENANT, ownerKey(TRANCHE));
  return {
    marks: trancheKeys.map((sk) => {
      const item = items.get(sk);
      return item ? { ownerId: item.ownerId, ownerRevision: item.ownerRevision } : null;
    }),
    owner: record?.personId,
    mark: markOf(record),
  };
}

/**
 * The views table with each call begun when the scheduler lets it, and its result handed back
 * when the scheduler lets it: a call in flight is a task the scheduler can hold while others
 * begin and end, so every order of the writers' steps can be tried, not only orders of their
 * starts (with real I/O, a writer waiting on its last read would otherwise rarely fall behind).
 */
function scheduled(viewStore: ViewStore, scheduler: fc.Scheduler): ViewStore {
  return new Proxy(viewStore, {
    get(target, name) {
      const value = Reflect.get(target, name);
      if (typeof value !== "function") return value;
      // Building a put is no call to DynamoDB, and its callers use it synchronously.
      if (name === "viewPut") return value.bind(target);
      return (...args: unknown[]) =>
        scheduler.schedule(Promise.resolve(`${String(name)} begins`)).then(() =>
          scheduler.schedule(
            Promise.resolve().then(() => value.apply(target, args)),
            `${String(name)} ends`,
          ),
        );
    },
  });
}

const ignoreNoOwner = (error: unknown) => {
  if (!(error instanceof NotFoundError)) throw error;
};

/** Each change to a deadline's owner, begun at once: a person given it, or its owner removed. */
const ownerChanges = (runtime: Runtime, deadlineId: string, changes: string[]) =>
  changes.map((change) =>
    change === "remove"
      ? removeOwner(runtime, TENANT, deadlineId).catch(ignoreNoOwner)
      : assignOwner(runtime, caller, deadlineId, change).then(() => undefined),
  );

/** The seeded IP licence's end, which a LicenseAmended moves. */
const LICENCE = "microsoft-openai";
const LICENCE_END = "microsoft-openai:microsoft-ip-license:license-end";

/** The licence agreement with its end moved to `until`, as the decider and the fold make it. */
function licenceEndingOn(state: AgreementState, until: string, catalog: Catalog) {
  const command = {
    expectedVersion: state.version,
    events: [
      {
        type: "LicenseAmended",
        effectiveOn: "2026-06-01",
        termId: "microsoft-ip-license",
        until,
      },
    ],
  };
  const pending = decideAppend(state, command, { today: "2026-06-01", catalog });
  return applyPending(state, pending, new Date().toISOString(), "test");
}

/** What a commit puts beside its events: the agreement's new snapshot (pages, then head). */
async function commitSnapshot(viewStore: ViewStore, before: AgreementState, after: AgreementState) {
  const { head, pages } = snapshotToStore(after, before);
  await writePages(viewStore, TENANT, pages);
  await viewStore.putView(TENANT, agreementViewKey(after.id), after.version, head);
}

const licenceEndKeys = (state: AgreementState) =>
  deadlineIndex
    .entriesOf(state)
    .filter(({ deadline }) => deadline.id === LICENCE_END)
    .map(deadlineIndex.keyOf);

describe("the owners a deadline's index items name", () => {
  it("given owners given and removed while the projector rewrites the deadline's items and the indexes are rebuilt, in any order of their reads and writes, then every item names the owner the record ends with", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.scheduler(),
        fc.array(fc.constantFrom("ada", "grace", "remove"), { minLength: 1, maxLength: 3 }),
        fc.integer({ min: 1, max: 2 }),
        fc.boolean(),
        async (scheduler, changes, rewrites, rebuild) => {
          const runtime = {
            ...api.runtime,
            viewStore: scheduled(api.runtime.viewStore, scheduler),
          };
          // Rewritten from nothing, each of the deadline's items is put again whole.
          const rewrite = { before: { ...state, exists: false }, after: state };
          const done = Promise.all([
            ...ownerChanges(runtime, TRANCHE, changes),
            ...Array.from({ length: rewrites }, () =>
              reindexAgreementIndexes(runtime.viewStore, TENANT, rewrite),
            ),
            // A rebuild of the tenant's indexes, which reads every owner record before and after.
            ...(rebuild ? [reindexTenantIndexes(runtime.viewStore, TENANT)] : []),
          ]);
          await scheduler.waitFor(done);
          const { marks, mark } = await marksAndRecord();
          expect(marks).toEqual(trancheKeys.map(() => mark));
        },
      ),
      { numRuns: 100 },
    );
    // A hundred schedules of real DynamoDB calls: about 9 s alone, past 20 s on a loaded
    // machine, and a run cut short leaves its writers running into the next test.
  }, 60_000);

  it("given an item marked with a newer owner, when an older mark arrives late, then it is refused", async () => {
    await assignOwner(api.runtime, caller, TRANCHE, "ada");
    const revision = Number(
      (await api.runtime.viewStore.getItem(TENANT, ownerKey(TRANCHE)))?.revision,
    );
    const [sk] = trancheKeys;
    if (!sk) throw new Error("no index item");
    const late = { ownerId: "grace", ownerRevision: revision - 1 };
    expect(await setOwnerMark(api.runtime.viewStore, TENANT, sk, late)).toBe(false);
    expect((await marksAndRecord()).marks[0]?.ownerId).toBe("ada");
    // Nor does a mark bring back an item the projector deleted.
    const gone = `${sk}-gone`;
    const newer = { ownerId: "grace", ownerRevision: revision + 1 };
    expect(await setOwnerMark(api.runtime.viewStore, TENANT, gone, newer)).toBe(false);
    expect(await api.runtime.viewStore.getItem(TENANT, gone)).toBeUndefined();
  });

  it("given the owner's person erased, then the deadline's items name nobody", async () => {
    await assignOwner(api.runtime, caller, TRANCHE, "grace");
    const given = await marksAndRecord();
    expect(given.owner).toBe("grace");
    expect(given.marks).toEqual(trancheKeys.map(() => given.mark));
    const erased = await api.call("DELETE", "/people/grace", { token: "admin-a" });
    expect(erased.status, erased.text).toBe(204);
    const after = await marksAndRecord();
    expect(after.owner).toBeUndefined();
    expect(after.marks).toEqual(trancheKeys.map(() => after.mark));
    expect(after.mark.ownerId).toBeUndefined();
  });

  it("given a removal or an erasure whose marks failed, when it is asked again, then the items say what the record does", async () => {
    const { viewStore } = api.runtime;
    await createPerson(api.runtime, caller, { id: "lin", name: "lin", email: "lin@acme.example" });
    const path = `/deadlines/${encodeURIComponent(TRANCHE)}/owner`;
    const failingMarks = () =>
      vi.spyOn(viewStore, "setFields").mockRejectedValue(new Error("throttled"));

    await assignOwner(api.runtime, caller, TRANCHE, "lin");
    let failing = failingMarks();
    expect((await api.call("DELETE", path, { token: "editor-a" })).status).toBe(500);
    failing.mockRestore();
    // The record says nobody; its items still name Lin, until the removal is asked again.
    expect((await marksAndRecord()).marks[0]?.ownerId).toBe("lin");
    expectProblem(await api.call("DELETE", path, { token: "editor-a" }), 404);
    const removed = await marksAndRecord();
    expect(removed.marks).toEqual(trancheKeys.map(() => removed.mark));
    expect(removed.mark.ownerId).toBeUndefined();

    await assignOwner(api.runtime, caller, TRANCHE, "lin");
    failing = failingMarks();
    expect((await api.call("DELETE", "/people/lin", { token: "admin-a" })).status).toBe(500);
    failing.mockRestore();
    expect((await api.call("DELETE", "/people/lin", { token: "admin-a" })).status).toBe(204);
    const forgotten = await marksAndRecord();
    expect(forgotten.marks).toEqual(trancheKeys.map(() => forgotten.mark));
    expect(forgotten.mark.ownerId).toBeUndefined();
  });

  it("given an erasure that finds its person's ownership just as it passes to someone else, then the newer owner stays", async () => {
    const { viewStore } = api.runtime;
    await createPerson(api.runtime, caller, { id: "mei", name: "mei", email: "mei@acme.example" });
    await assignOwner(api.runtime, caller, TRANCHE, "ada");
    const listItems = viewStore.listItems.bind(viewStore);
    // The erasure lists Ada as the owner; before it revises the record, Mei takes it over.
    const listed = vi.spyOn(viewStore, "listItems").mockImplementationOnce(async (...args) => {
      const owners = await listItems(...args);
      await assignOwner(api.runtime, caller, TRANCHE, "mei");
      return owners;
    });
    try {
      await forgetOwnerships(api.runtime, TENANT, "ada");
    } finally {
      listed.mockRestore();
    }
    const { owner, marks, mark } = await marksAndRecord();
    expect(owner).toBe("mei");
    expect(marks).toEqual(trancheKeys.map(() => mark));
  });
  it("given an amendment that moves a deadline's date, committed while owners are given and removed and the move is projected by the request and the stream, in any order of their reads and writes, then the deadline's new items name the owner the record ends with and its old items are gone", async () => {
    await createPerson(api.runtime, caller, {
      id: "noor",
      name: "noor",
      email: "noor@acme.example",
    });
    const catalog = await loadCatalog(api.runtime, TENANT);
    let current = (await readSnapshot(api.runtime.viewStore, TENANT, LICENCE))
      ?.body as AgreementState;
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.scheduler(),
        fc.array(fc.constantFrom("ada", "noor", "remove"), { minLength: 1, maxLength: 3 }),
        fc.boolean(),
        async (scheduler, changes, streamToo) => {
          // Each run moves the end from where the last one left it: snapshots only go forward.
          const before = current;
          const after = licenceEndingOn(before, run++ % 2 ? "2032-06-30" : "2031-06-30", catalog);
          current = after;
          const { viewStore } = api.runtime;
          const runtime = { ...api.runtime, viewStore: scheduled(viewStore, scheduler) };
          const move = { before, after };
          const committed = commitSnapshot(runtime.viewStore, before, after);
          const projections = streamToo ? 2 : 1;
          const done = Promise.all([
            ...ownerChanges(runtime, LICENCE_END, changes),
            ...Array.from({ length: projections }, () =>
              committed.then(() => reindexAgreementIndexes(runtime.viewStore, TENANT, move)),
            ),
          ]);
          await scheduler.waitFor(done);
          const now = licenceEndKeys(after);
          const was = licenceEndKeys(before);
          // The moved end is a new item; the end it replaced from that day on, if any, is gone.
          expect(now.filter((sk) => !was.includes(sk)).length).toBeGreaterThan(0);
          const gone = was.filter((sk) => !now.includes(sk));
          const items = await viewStore.getItemsTogether(TENANT, [...now, ...gone]);
          const mark = markOf(await viewStore.getItem(TENANT, ownerKey(LICENCE_END)));
          const marks = now.map((sk) => {
            const item = items.get(sk);
            return item ? { ownerId: item.ownerId, ownerRevision: item.ownerRevision } : null;
          });
          expect(marks).toEqual(now.map(() => mark));
          expect(gone.filter((sk) => items.has(sk))).toEqual([]);
        },
      ),
      { numRuns: 60 },
    );
  }, 120_000);
});
