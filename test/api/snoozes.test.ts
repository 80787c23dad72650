import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedReferenceCase } from "../../functions/src/local/seed.ts";
import {
  type ApiHarness,
  createApiHarness,
  expectProblem,
  footprint,
  type Json,
} from "./support.ts";

/**
 * Snoozing a deadline over the API: each person's own, kept on the server, never an event,
 * and invisible to other people and other tenants. The reference case is recorded on
 * 2026-06-01, which is "today" unless a test moves the clock.
 */
const TRANCHE = "amazon-openai:amazon-contingent-tranches:tranche-due";
const TODAY = "2026-06-01T09:00:00Z";
const path = (id: string) => `/deadlines/${encodeURIComponent(id)}/snooze`;

let api: ApiHarness;
beforeAll(async () => {
  api = await createApiHarness("snoozes");
  // Tenant beta holds the same agreements, so the same deadline ids exist on both sides.
  await seedReferenceCase(api.runtime, "beta");
  const people: [string, Json][] = [
    ["editor-a", { id: "erin", name: "Erin Park", email: "erin@acme.example" }],
    ["viewer-a", { id: "vic", name: "Vic Amari", email: "vic@acme.example" }],
    ["editor-b", { id: "bea", name: "Bea Lund", email: "bea@beta.example" }],
  ];
  for (const [token, body] of people) {
    const added = await api.call("POST", "/people", { token, body });
    expect(added.status, added.text).toBe(201);
  }
});
afterAll(async () => {
  await api.drop();
});

/** The caller's deadlines, by id, with what each says about snoozing. */
async function snoozedAs(token: string): Promise<Map<string, string | undefined>> {
  const list = await api.get("/deadlines", token);
  expect(list.status, list.text).toBe(200);
  return new Map(
    list.body.deadlines.map((d: Json) => [d.id as string, d.snoozedUntil as string | undefined]),
  );
}

describe("PUT and DELETE /deadlines/{id}/snooze", () => {
  it("snoozes a deadline for its caller only, until the day it wakes, without an event", async () => {
    api.setNow(TODAY);
    const before = await footprint(api, "amazon-openai");
    const put = await api.call("PUT", path(TRANCHE), {
      token: "editor-a",
      body: { until: "2026-06-08" },
    });
    expect(put.status, put.text).toBe(200);
    expect(put.body).toEqual({
      deadlineId: TRANCHE,
      personId: "erin",
      until: "2026-06-08",
      snoozedAt: "2026-06-01T09:00:00.000Z",
    });
    // A personal preference is not a fact of the contract: the agreement's log is untouched.
    expect(await footprint(api, "amazon-openai")).toEqual(before);

    const mine = await snoozedAs("editor-a");
    expect(mine.get(TRANCHE)).toBe("2026-06-08");
    expect([...mine.values()].filter(Boolean)).toEqual(["2026-06-08"]);
    // Another person of the same tenant does not see Erin's snooze.
    expect((await snoozedAs("viewer-a")).get(TRANCHE)).toBeUndefined();

    // It holds on the day before `until`, and the deadline wakes on `until` itself.
    api.setNow("2026-06-07T23:00:00Z");
    expect((await snoozedAs("editor-a")).get(TRANCHE)).toBe("2026-06-08");
    api.setNow("2026-06-08T00:00:00Z");
    expect((await snoozedAs("editor-a")).get(TRANCHE)).toBeUndefined();
  });

  it("lets a viewer snooze for themself, snooze again to move the day, and wake it twice", async () => {
    api.setNow(TODAY);
    const first = await api.call("PUT", path(TRANCHE), {
      token: "viewer-a",
      body: { until: "2026-07-01" },
    });
    expect(first.status, first.text).toBe(200);
    const moved = await api.call("PUT", path(TRANCHE), {
      token: "viewer-a",
      body: { until: "2026-06-15" },
    });
    expect(moved.status, moved.text).toBe(200);
    expect((await snoozedAs("viewer-a")).get(TRANCHE)).toBe("2026-06-15");

    const woken = await api.call("DELETE", path(TRANCHE), { token: "viewer-a" });
    expect(woken.status, woken.text).toBe(204);
    expect((await snoozedAs("viewer-a")).get(TRANCHE)).toBeUndefined();
    expect((await api.call("DELETE", path(TRANCHE), { token: "viewer-a" })).status).toBe(204);
  });

  it("refuses a day that is not after today, an unknown deadline and a caller with no person, changing nothing", async () => {
    api.setNow(TODAY);
    const tokens = ["editor-a", "viewer-a", "admin-a"];
    const before = await Promise.all(tokens.map(snoozedAs));
    for (const until of ["2026-06-01", "2026-05-31"]) {
      const problem = expectProblem(
        await api.call("PUT", path(TRANCHE), { token: "editor-a", body: { until } }),
        422,
      );
      expect(problem.errors).toEqual([{ path: "until", message: "must be after 2026-06-01" }]);
      expect(problem.title).toBe("The request cannot be carried out as asked");
    }
    // Not a date at all is a malformed body, as everywhere in the API.
    for (const body of [{ until: "2026-02-30" }, { until: "next week" }, {}]) {
      const problem = expectProblem(
        await api.call("PUT", path(TRANCHE), { token: "editor-a", body }),
        400,
      );
      expect(problem.errors?.[0]?.path).toBe("until");
    }
    const unknown = expectProblem(
      await api.call("PUT", path("amazon-openai:no-such-term:tranche-due"), {
        token: "editor-a",
        body: { until: "2026-06-08" },
      }),
      404,
    );
    expect(unknown.detail).toContain("no deadline");
    // admin-a signs in but is not among acme's people: a snooze has nobody to belong to.
    const nobody = expectProblem(
      await api.call("PUT", path(TRANCHE), { token: "admin-a", body: { until: "2026-06-08" } }),
      404,
    );
    expect(nobody.detail).toContain("not among this tenant's people");
    expect(nobody.detail).toContain("POST /people");
    expectProblem(await api.call("DELETE", path(TRANCHE), { token: "admin-a" }), 404);

    expect(await Promise.all(tokens.map(snoozedAs))).toEqual(before);
  });

  it("keeps each tenant's snoozes to itself", async () => {
    api.setNow(TODAY);
    const acme = await api.call("PUT", path(TRANCHE), {
      token: "editor-a",
      body: { until: "2026-06-20" },
    });
    expect(acme.status, acme.text).toBe(200);
    // The same deadline id in beta is a different deadline: Bea's list shows no snooze...
    expect((await snoozedAs("editor-b")).get(TRANCHE)).toBeUndefined();
    // ...and beta's tokens wake only their own: Erin's snooze in acme still holds.
    expect((await api.call("DELETE", path(TRANCHE), { token: "editor-b" })).status).toBe(204);
    expect((await snoozedAs("editor-a")).get(TRANCHE)).toBe("2026-06-20");

    const beta = await api.call("PUT", path(TRANCHE), {
      token: "editor-b",
      body: { until: "2026-09-01" },
    });
    expect(beta.status, beta.text).toBe(200);
    expect(beta.body.personId).toBe("bea");
    expect((await snoozedAs("editor-b")).get(TRANCHE)).toBe("2026-09-01");
    expect((await snoozedAs("editor-a")).get(TRANCHE)).toBe("2026-06-20");
  });

  it("erases a person's snoozes with the person", async () => {
    api.setNow(TODAY);
    const put = await api.call("PUT", path(TRANCHE), {
      token: "editor-a",
      body: { until: "2026-06-25" },
    });
    expect(put.status, put.text).toBe(200);
    const erased = await api.call("DELETE", "/people/erin", { token: "admin-a" });
    expect(erased.status, erased.text).toBe(204);
    expect(await api.runtime.viewStore.listItems("acme", "snooze#erin#")).toEqual([]);
    expect(await api.runtime.viewStore.listItems("beta", "snooze#bea#")).toHaveLength(1);
  });
});
