import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { reindexTenantIndexes } from "../../functions/src/projector/agreement-indexes.ts";
import { assignOwner, removeOwner } from "../../functions/src/services/deadline-owners.ts";
import { type ApiHarness, createApiHarness, expectProblem } from "../api/support.ts";

const TRANCHE = "amazon-openai:amazon-contingent-tranches:tranche-due";
let api: ApiHarness;
beforeAll(async () => {
  api = await createApiHarness("people");
});
afterAll(async () => {
  await api.drop();
});

// 60 s a test: one owns many deadlines, and under a full run on two cores a test took over 20 s (1.3 s alone).
describe("people, subscriptions and deadline owners over the API", { timeout: 60_000 }, () => {
  it("lets anyone add themself and subscribe, and only admins manage other people", async () => {
    const me = await api.call("POST", "/people", {
      token: "viewer-a",
      body: { name: "Ada Lovelace", email: "ada@acme.example", timeZone: "Europe/London" },
    });
    expect(me.status, me.text).toBe(201);
    expect(me.body).toMatchObject({ name: "Ada Lovelace", timeZone: "Europe/London" });
    expect((await api.get("/people/me", "viewer-a")).body.id).toBe(me.body.id);
    // A second entry for the same login would split their mail in two.
    expectProblem(
      await api.call("POST", "/people", {
        token: "viewer-a",
        body: { name: "Ada again", email: "ada2@acme.example" },
      }),
      409,
    );

    const sub = await api.call("POST", `/people/${me.body.id}/subscriptions`, {
      token: "viewer-a",
      body: { to: "agreement", agreementId: "amazon-openai", leadDays: [30, 90] },
    });
    expect(sub.status, sub.text).toBe(201);
    expect(sub.body).toMatchObject({
      to: "agreement",
      agreementId: "amazon-openai",
      leadDays: [90, 30],
    });

    // Someone else (an editor, not an admin) cannot touch Ada's subscriptions or add others.
    const other = await api.call("POST", `/people/${me.body.id}/subscriptions`, {
      token: "editor-a",
      body: { to: "everything" },
    });
    expectProblem(other, 403);
    expectProblem(
      await api.call("POST", "/people", {
        token: "editor-a",
        body: { name: "Grace", email: "grace@acme.example", login: "someone-else" },
      }),
      403,
    );
    // An admin may.
    const grace = await api.call("POST", "/people", {
      token: "admin-a",
      body: { id: "grace-hopper", name: "Grace Hopper", email: "grace@acme.example" },
    });
    expect(grace.status, grace.text).toBe(201);
    const byAdmin = await api.call("POST", "/people/grace-hopper/subscriptions", {
      token: "admin-a",
      body: { to: "deadline-kind", kind: "tranche-due" },
    });
    expect(byAdmin.status, byAdmin.text).toBe(201);
    const listed = await api.get("/people/grace-hopper/subscriptions");
    expect(listed.body.subscriptions).toEqual([
      expect.objectContaining({
        to: "deadline-kind",
        kind: "tranche-due",
        personId: "grace-hopper",
      }),
    ]);
    const removed = await api.call(
      "DELETE",
      `/people/grace-hopper/subscriptions/${byAdmin.body.id}`,
      { token: "admin-a" },
    );
    expect(removed.status).toBe(204);
    expect((await api.get("/people/grace-hopper/subscriptions")).body.subscriptions).toEqual([]);
  });

  it("refuses bad input with a clear error and writes nothing", async () => {
    const before = (await api.get("/people")).body.people.length;
    const bad = expectProblem(
      await api.call("POST", "/people", {
        token: "admin-a",
        body: { name: "X", email: "not-an-address", timeZone: "Mars/Olympus" },
      }),
      400,
    );
    expect(bad.errors.map((e: { path: string }) => e.path).sort()).toEqual(["email", "timeZone"]);
    const unknownAgreement = expectProblem(
      await api.call("POST", "/people/grace-hopper/subscriptions", {
        token: "admin-a",
        body: { to: "agreement", agreementId: "no-such-deal" },
      }),
      422,
    );
    expect(unknownAgreement.errors).toEqual([{ path: "agreementId", message: expect.any(String) }]);
    expectProblem(
      await api.call("POST", "/people/grace-hopper/subscriptions", {
        token: "admin-a",
        body: { to: "everything", leadDays: [30, 30] },
      }),
      400,
    );
    expect((await api.get("/people")).body.people.length).toBe(before);
  });

  it("names a deadline's owner, shown by name on the deadline list", async () => {
    const assigned = await api.call("PUT", `/deadlines/${encodeURIComponent(TRANCHE)}/owner`, {
      token: "editor-a",
      body: { personId: "grace-hopper" },
    });
    expect(assigned.status, assigned.text).toBe(200);
    expect(assigned.body.person).toEqual({ id: "grace-hopper", name: "Grace Hopper" });
    const deadlines = (await api.get("/deadlines")).body.deadlines;
    expect(deadlines.find((d: { id: string }) => d.id === TRANCHE).owner).toEqual({
      id: "grace-hopper",
      name: "Grace Hopper",
    });
    expectProblem(
      await api.call("PUT", "/deadlines/no-such-deadline/owner", {
        token: "editor-a",
        body: { personId: "grace-hopper" },
      }),
      404,
    );
    expectProblem(
      await api.call("PUT", `/deadlines/${encodeURIComponent(TRANCHE)}/owner`, {
        token: "viewer-a",
        body: { personId: "grace-hopper" },
      }),
      403,
    );
  });

  /** A page of the tranche's day, its owner, and what it read of the owners' own records. */
  const trancheDay = async () => {
    const { viewStore } = api.runtime;
    const ranges = vi.spyOn(viewStore, "queryItems");
    const listed = vi.spyOn(viewStore, "listItems");
    const batched = vi.spyOn(viewStore, "getItemsTogether");
    try {
      const read = await api.get("/deadlines?from=2028-12-31&to=2028-12-31&limit=5");
      expect(read.status, read.text).toBe(200);
      const ownerRanges = ranges.mock.calls.filter(([, range]) =>
        range.from.startsWith("deadline-owner#"),
      );
      return {
        owner: read.body.deadlines.find((d: { id: string }) => d.id === TRANCHE)?.owner,
        ids: read.body.deadlines.map((d: { id: string }) => `deadline-owner#${d.id}`),
        everyOwner: listed.mock.calls.filter(([, prefix]) => prefix === "deadline-owner#").length,
        firstOwners: ownerRanges.map(([, , options]) => options.limit),
        byKey: batched.mock.calls.flatMap(([, keys]) =>
          keys.filter((key) => key.startsWith("deadline-owner#")),
        ),
      };
    } finally {
      for (const spy of [ranges, listed, batched]) spy.mockRestore();
    }
  };
  const GRACE = { id: "grace-hopper", name: "Grace Hopper" };
  const caller = { tenant: "acme", name: "test", role: "admin" as const };
  const noOwnerRead = { everyOwner: 0, firstOwners: [], byKey: [] };
  /** Strips the index's items of the owners they name, as items written before they did. */
  const unmarkIndex = async () => {
    const { viewStore } = api.runtime;
    const items = await viewStore.listItems("acme", "deadline#");
    expect(items.length).toBeGreaterThan(0);
    await viewStore.putItems(
      "acme",
      items.map(({ sk, ownerId: _id, ownerRevision: _revision, ...fields }) => ({
        sk: String(sk),
        fields,
      })),
    );
  };

  it("reads the owners' records for items written before the index named them, at a cost that does not follow how many there are, until a rebuild", async () => {
    await unmarkIndex();
    // Few owners: all of them, in one Query of at most 101, beside the page's read.
    expect(await trancheDay()).toMatchObject({
      owner: GRACE,
      everyOwner: 0,
      firstOwners: [101],
      byKey: [],
    });
    // Past a hundred, the page's own, by key.
    const fake = Array.from({ length: 101 }, (_, n) => `elsewhere:t${n}:tranche-due`);
    for (const id of fake) await assignOwner(api.runtime, caller, id, "grace-hopper");
    try {
      const many = await trancheDay();
      expect(many).toMatchObject({ owner: GRACE, everyOwner: 0, firstOwners: [101] });
      expect(many.byKey.sort()).toEqual(many.ids.sort());
      // Once found many, the container reads a page's own by key without the Query first.
      const again = await trancheDay();
      expect(again).toMatchObject({ owner: GRACE, everyOwner: 0, firstOwners: [] });
      expect(again.byKey.sort()).toEqual(again.ids.sort());
    } finally {
      for (const id of fake) await removeOwner(api.runtime, "acme", id);
    }
    // A hint gone stale (few owners again) still names the page's owners, by key.
    const stale = await trancheDay();
    expect(stale).toMatchObject({ owner: GRACE, everyOwner: 0, firstOwners: [] });
    expect(stale.byKey.sort()).toEqual(stale.ids.sort());
    // A rebuild of the indexes has every item name its owner again.
    await reindexTenantIndexes(api.runtime.viewStore, "acme");
    expect(await trancheDay()).toMatchObject({ owner: GRACE, ...noOwnerRead });
  });

  it("names a page's owners from the index it reads, however many deadlines people own", async () => {
    // The tranche is Grace's (the test above): the page names her and reads no owner record.
    expect(await trancheDay()).toMatchObject({ owner: GRACE, ...noOwnerRead });
    const fake = Array.from({ length: 101 }, (_, n) => `elsewhere:t${n}:tranche-due`);
    for (const id of fake) await assignOwner(api.runtime, caller, id, "grace-hopper");
    try {
      expect(await trancheDay()).toMatchObject({ owner: GRACE, ...noOwnerRead });
    } finally {
      for (const id of fake) await removeOwner(api.runtime, "acme", id);
    }
    // Removed, then given again: each page says so at once, from the index alone.
    await removeOwner(api.runtime, "acme", TRANCHE);
    expect(await trancheDay()).toMatchObject({ owner: undefined, ...noOwnerRead });
    expectProblem(
      await api.call("DELETE", `/deadlines/${encodeURIComponent(TRANCHE)}/owner`, {
        token: "editor-a",
      }),
      404,
    );
    await assignOwner(api.runtime, caller, TRANCHE, "grace-hopper");
    expect(await trancheDay()).toMatchObject({ owner: GRACE, ...noOwnerRead });
    // A deadline nobody owns has no owner on the page.
    const other = await api.get("/deadlines?from=2030-01-01&to=2030-12-31&limit=5");
    expect(other.body.deadlines.length).toBeGreaterThan(0);
    for (const deadline of other.body.deadlines) expect(deadline.owner).toBeUndefined();
  });

  it("keeps each tenant's people to itself", async () => {
    expect((await api.get("/people", "editor-b")).body.people).toEqual([]);
    expectProblem(await api.get("/people/grace-hopper", "editor-b"), 404);
    expectProblem(
      await api.call("POST", "/people/grace-hopper/subscriptions", {
        token: "admin-b",
        body: { to: "everything" },
      }),
      404,
    );
  });

  it("pauses all mail with a tenant setting (admins only)", async () => {
    expect((await api.get("/settings/mail")).body).toEqual({
      paused: false,
      digest: { day: "monday", hour: 8 },
    });
    expectProblem(
      await api.call("PUT", "/settings/mail", {
        token: "editor-a",
        body: { paused: true, digest: { day: "monday", hour: 8 } },
      }),
      403,
    );
    const saved = await api.call("PUT", "/settings/mail", {
      token: "admin-a",
      body: { paused: true, digest: { day: "friday", hour: 16 } },
    });
    expect(saved.status, saved.text).toBe(200);
    expect((await api.get("/settings/mail")).body).toEqual({
      paused: true,
      digest: { day: "friday", hour: 16 },
    });
  });
});
