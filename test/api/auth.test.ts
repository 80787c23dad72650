import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type ApiHarness,
  createApiHarness,
  expectProblem,
  footprint,
  type Json,
  note,
  versionOf,
} from "./support.ts";

let api: ApiHarness;

beforeAll(async () => {
  api = await createApiHarness("auth");
});
afterAll(async () => {
  await api?.drop();
});

const MS = "microsoft-openai";

describe("authentication", () => {
  it("marks every authenticated answer private and uncacheable, for CDNs keyed on the URL", async () => {
    const agreements = await api.get("/agreements");
    expect(agreements.headers.get("cache-control")).toBe("private, no-store");
    const refused = await api.get("/agreements", null);
    expect(refused.headers.get("cache-control")).toBe("private, no-store");
  });

  it("GET /me names the caller's tenant and role, never the token", async () => {
    const me = await api.get("/me", "editor-b");
    expect(me.status).toBe(200);
    expect(me.body).toEqual({
      tenant: "beta",
      role: "editor",
      name: expect.stringMatching(/^editor-/),
    });
    expect(me.text).not.toContain("editor-b");
  });

  it("no token is a 401 problem", async () => {
    const problem = expectProblem(await api.get("/agreements", null), 401);
    expect(problem.detail).toMatch(/Bearer/);
  });

  it("an unknown token is a 401 problem", async () => {
    expectProblem(await api.get("/agreements", "not-a-token"), 401);
    expectProblem(await api.get(`/agreements/${MS}`, "viewer-b"), 401);
  });

  it("a header that is not a bearer token is a 401", async () => {
    const response = await api.call("GET", "/agreements", {
      token: null,
      headers: { authorization: "Basic dmlld2VyLWE6" },
    });
    expectProblem(response, 401);
  });

  it("every read of tenant data needs a token", async () => {
    for (const path of [
      "/catalog",
      "/agreements",
      `/agreements/${MS}`,
      `/agreements/${MS}/events`,
      "/entitlements?product=openai-api&provider=aws",
      "/entitlements/matrix",
      "/deadlines",
      "/deadlines.ics",
      "/workloads",
    ]) {
      const response = await api.get(path, null);
      expect(response.status, path).toBe(401);
      expect(response.headers.get("content-type"), path).toMatch(/problem\+json/);
    }
  });

  it("an unauthenticated write is a 401 and writes nothing", async () => {
    const before = await footprint(api, MS);
    const response = await api.call("POST", `/agreements/${MS}/events`, {
      token: null,
      body: { expectedVersion: before.version, events: [note("anonymous")] },
    });
    expectProblem(response, 401);
    expect(await footprint(api, MS)).toEqual(before);
  });

  it("health, the OpenAPI document and the docs need no token", async () => {
    const health = await api.get("/health", null);
    expect(health.status).toBe(200);
    expect(health.body).toEqual({ status: "ok" });
    const openapi = await api.get("/openapi.json", null);
    expect(openapi.status).toBe(200);
    expect(openapi.body.openapi).toMatch(/^3\.1/);
    expect((await api.get("/docs", null)).status).toBe(200);
  });
});

describe("roles", () => {
  it("a viewer reads but cannot record: 403, and nothing is written", async () => {
    const before = await footprint(api, MS);
    expect((await api.get(`/agreements/${MS}`, "viewer-a")).status).toBe(200);

    const append = await api.call("POST", `/agreements/${MS}/events`, {
      token: "viewer-a",
      body: { expectedVersion: before.version, events: [note("by a viewer")] },
    });
    const problem = expectProblem(append, 403);
    expect(problem.detail).toMatch(/editor/);

    const create = await api.call("POST", "/agreements", {
      token: "viewer-a",
      body: { id: "viewer-made", title: "No", parties: [{ party: "openai", role: "r" }] },
    });
    expectProblem(create, 403);
    expect(await footprint(api, MS)).toEqual(before);
    expectProblem(await api.get("/agreements/viewer-made", "viewer-a"), 404);
  });

  it("a viewer plans workloads (architects hold viewer tokens)", async () => {
    const created = await api.call("POST", "/workloads", {
      token: "viewer-a",
      body: { id: "viewer-workload", name: "Architect's plan", product: "codex" },
    });
    expect(created.status, created.text).toBe(201);
    const replaced = await api.call("PUT", "/workloads/viewer-workload", {
      token: "viewer-a",
      body: { name: "Architect's plan, on AWS", product: "codex", providers: ["aws"] },
    });
    expect(replaced.status, replaced.text).toBe(200);
    expect((await api.get("/workloads/viewer-workload", "viewer-a")).body.providers).toEqual([
      "aws",
    ]);
    expect(
      (await api.call("DELETE", "/workloads/viewer-workload", { token: "viewer-a" })).status,
    ).toBe(204);
    expectProblem(await api.get("/workloads/viewer-workload", "viewer-a"), 404);
  });

  it("a viewer still cannot change the catalog", async () => {
    const response = await api.call("POST", "/catalog/parties", {
      token: "viewer-a",
      body: { id: "viewer-party", name: "No" },
    });
    expectProblem(response, 403);
    const catalog = await api.get("/catalog", "viewer-a");
    expect(catalog.body.parties.map((p: Json) => p.id)).not.toContain("viewer-party");
  });

  it("a dry run is still a write-role call", async () => {
    const version = await versionOf(api, MS);
    const response = await api.call("POST", `/agreements/${MS}/events?dryRun=true`, {
      token: "viewer-a",
      body: { expectedVersion: version, events: [note("what if")] },
    });
    expectProblem(response, 403);
  });

  it("operations need the admin role", async () => {
    expectProblem(await api.call("POST", "/admin/rebuild", { token: "editor-a" }), 403);
    expectProblem(await api.call("POST", "/admin/rebuild", { token: "viewer-a" }), 403);
  });

  it("an editor records with its own name, never the token", async () => {
    const version = await versionOf(api, MS);
    const response = await api.call("POST", `/agreements/${MS}/events`, {
      token: "editor-a",
      body: { expectedVersion: version, events: [note("an editor's note")] },
    });
    expect(response.status, response.text).toBe(201);
    const log = await api.get(`/agreements/${MS}/events?after=${version}`);
    expect(log.body.events).toHaveLength(1);
    expect(log.body.events[0].recordedBy).not.toContain("editor-a");
    expect(log.body.events[0].recordedBy.length).toBeGreaterThan(0);
  });
});

/** A 404 problem with the id replaced, so two of them can be compared field by field. */
const normalised = (problem: Json, id: string) =>
  JSON.parse(JSON.stringify(problem).replaceAll(id, "<id>"));

describe("tenant isolation", () => {
  it("another tenant's agreement is a 404 exactly like a missing one", async () => {
    const foreign = expectProblem(await api.get(`/agreements/${MS}`, "editor-b"), 404);
    const missing = expectProblem(await api.get("/agreements/never-recorded", "editor-b"), 404);
    expect(normalised(foreign, MS)).toEqual(normalised(missing, "never-recorded"));

    const foreignLog = expectProblem(await api.get(`/agreements/${MS}/events`, "editor-b"), 404);
    const missingLog = expectProblem(
      await api.get("/agreements/never-recorded/events", "editor-b"),
      404,
    );
    expect(normalised(foreignLog, MS)).toEqual(normalised(missingLog, "never-recorded"));

    const foreignKnown = await api.get(
      `/agreements/${MS}?knownAt=2030-01-01T00:00:00Z`,
      "editor-b",
    );
    expectProblem(foreignKnown, 404);
  });

  it("appending to another tenant's agreement is a 404 like a missing one, and writes nothing", async () => {
    const before = await footprint(api, MS);
    const body = { expectedVersion: before.version, events: [note("from beta")] };
    const foreign = await api.call("POST", `/agreements/${MS}/events`, {
      token: "editor-b",
      body,
    });
    const missing = await api.call("POST", "/agreements/never-recorded/events", {
      token: "editor-b",
      body,
    });
    expect(normalised(expectProblem(foreign, 404), MS)).toEqual(
      normalised(expectProblem(missing, 404), "never-recorded"),
    );
    const dry = await api.call("POST", `/agreements/${MS}/events?dryRun=true`, {
      token: "editor-b",
      body,
    });
    expectProblem(dry, 404);
    expect(await footprint(api, MS)).toEqual(before);
  });

  it("another tenant sees none of acme's agreements, deadlines or entitlements", async () => {
    const list = await api.get("/agreements", "editor-b");
    expect(list.status).toBe(200);
    expect(list.body.agreements).toEqual([]);

    const deadlines = await api.get("/deadlines?from=2020-01-01", "editor-b");
    expect(deadlines.status).toBe(200);
    expect(deadlines.body.deadlines).toEqual([]);

    // Beta's catalog is its own: acme's products and clouds are not even names there.
    const catalog = await api.get("/catalog", "editor-b");
    expect(catalog.body).toMatchObject({ parties: [], providers: [], products: [] });
    const entitlement = await api.get(
      "/entitlements?product=openai-api&provider=aws&at=2026-03-15",
      "editor-b",
    );
    const problem = expectProblem(entitlement, 400);
    expect(problem.errors.map((e: Json) => e.path)).toEqual(["product", "provider"]);
  });

  it("another tenant may use the same agreement id without a 409, and acme's is untouched", async () => {
    const before = await footprint(api, "amazon-openai");
    const party = await api.call("POST", "/catalog/parties", {
      token: "editor-b",
      body: { id: "amazon", name: "Amazon (beta's own entry)" },
    });
    expect(party.status, party.text).toBe(201);
    expect((await api.get("/catalog", "viewer-a")).body.parties).toContainEqual({
      id: "amazon",
      name: "Amazon",
    });
    const created = await api.call("POST", "/agreements", {
      token: "editor-b",
      body: {
        id: "amazon-openai",
        title: "Beta's own agreement",
        parties: [{ party: "amazon", role: "partner" }],
        effectiveOn: "2026-01-01",
      },
    });
    expect(created.status, created.text).toBe(201);
    expect(created.body).toEqual({ id: "amazon-openai", version: 1, answers: "current" });
    const betaView = await api.get("/agreements/amazon-openai", "editor-b");
    expect(betaView.body.title).toBe("Beta's own agreement");
    expect(await footprint(api, "amazon-openai")).toEqual(before);
    const acmeView = await api.get("/agreements/amazon-openai", "viewer-a");
    expect(acmeView.body.title).toBe("Amazon–OpenAI strategic partnership");
  });

  it("workloads are isolated per tenant", async () => {
    const created = await api.call("POST", "/workloads", {
      token: "editor-a",
      body: { id: "acme-chat", name: "Acme chat", product: "openai-api", providers: ["aws"] },
    });
    expect(created.status, created.text).toBe(201);

    const foreign = expectProblem(await api.get("/workloads/acme-chat", "editor-b"), 404);
    const missing = expectProblem(await api.get("/workloads/never-made", "editor-b"), 404);
    expect(normalised(foreign, "acme-chat")).toEqual(normalised(missing, "never-made"));

    const list = await api.get("/workloads", "editor-b");
    expect(list.status).toBe(200);
    expect(list.body.workloads.map((w: Json) => w.id)).not.toContain("acme-chat");
    expectProblem(await api.get("/workloads/acme-chat/entitlements", "editor-b"), 404);
    const put = await api.call("PUT", "/workloads/acme-chat", {
      token: "editor-b",
      body: { name: "Hijacked", product: "codex" },
    });
    expectProblem(put, 404);
    expectProblem(await api.call("DELETE", "/workloads/acme-chat", { token: "editor-b" }), 404);

    const still = await api.get("/workloads/acme-chat", "viewer-a");
    expect(still.status).toBe(200);
    expect(still.body).toMatchObject({ id: "acme-chat", name: "Acme chat", product: "openai-api" });
  });
});
