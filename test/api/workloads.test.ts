import { describe, expect, it, vi } from "vitest";
import { type ApiHarness, expectProblem, harnessForFile, type Json, SEEDED_AT } from "./support.ts";

let api: ApiHarness;

harnessForFile("workloads", { at: SEEDED_AT }, (ready) => {
  api = ready;
});

describe("workloads", () => {
  const workload = {
    id: "support-bot",
    name: "Support bot",
    product: "openai-api",
    providers: ["aws", "azure"],
  };

  it("are created, read, replaced and deleted", async () => {
    const created = await api.call("POST", "/workloads", { body: workload });
    expect(created.status, created.text).toBe(201);
    expect(created.body).toMatchObject(workload);
    expectProblem(await api.call("POST", "/workloads", { body: workload }), 409);

    const read = await api.get("/workloads/support-bot");
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject(workload);
    const list = await api.get("/workloads");
    expect(list.body.workloads.map((w: Json) => w.id)).toContain("support-bot");

    const replaced = await api.call("PUT", "/workloads/support-bot", {
      body: { name: "Support bot v2", product: "openai-api", providers: ["aws", "azure"] },
    });
    expect(replaced.status, replaced.text).toBe(200);
    expect((await api.get("/workloads/support-bot")).body).toMatchObject({
      id: "support-bot",
      name: "Support bot v2",
    });

    const scratch = await api.call("POST", "/workloads", {
      body: { id: "scratch", name: "Scratch", product: "codex" },
    });
    expect(scratch.status).toBe(201);
    const deleted = await api.call("DELETE", "/workloads/scratch");
    expect(deleted.status).toBe(204);
    expect(deleted.text).toBe("");
    expectProblem(await api.get("/workloads/scratch"), 404);
    expectProblem(await api.call("DELETE", "/workloads/scratch"), 404);
  });

  it("a workload's entitlements per provider at two dates", async () => {
    const march = await api.get("/workloads/support-bot/entitlements?at=2026-03-15");
    expect(march.status, march.text).toBe(200);
    expect(march.body.at).toBe("2026-03-15");
    expect(march.body.workload).toMatchObject({ id: "support-bot", product: "openai-api" });
    const decisions = (body: Json) =>
      Object.fromEntries((body.providers as Json[]).map((p) => [p.provider, p.decision]));
    expect(decisions(march.body)).toEqual({ aws: "denied", azure: "allowed" });
    for (const provider of march.body.providers) expect(provider.reasons.length).toBeGreaterThan(0);

    const may = await api.get("/workloads/support-bot/entitlements?at=2026-05-01");
    expect(decisions(may.body)).toEqual({ aws: "conditional", azure: "allowed" });
  });

  it("reads a workload's entitlements from the answers model, as the evaluation says them", async () => {
    const everyCloud = await api.call("POST", "/workloads", {
      body: { id: "agents", name: "Agents", product: "frontier" },
    });
    expect(everyCloud.status, everyCloud.text).toBe(201);
    const knownNow = encodeURIComponent(api.now().toISOString());
    for (const id of ["support-bot", "agents"]) {
      const path = `/workloads/${id}/entitlements?at=2026-03-15`;
      const { viewStore } = api.runtime;
      const reads = [vi.spyOn(viewStore, "listViews"), vi.spyOn(viewStore, "getViews")];
      let fromTheModel: Json;
      try {
        fromTheModel = await api.get(path);
        const keys = reads.flatMap((spy) => spy.mock.calls.flatMap(([, keys]) => [keys].flat()));
        expect(
          keys.filter((key) => /^(agreement|listing)#/.test(String(key))),
          path,
        ).toEqual([]);
      } finally {
        for (const spy of reads) spy.mockRestore();
      }
      expect(fromTheModel.status, fromTheModel.text).toBe(200);
      // As known now, the same question is evaluated from the agreements.
      expect((await api.get(`${path}&knownAt=${knownNow}`)).body, path).toEqual(fromTheModel.body);
    }
    // Named no cloud, a workload is asked of every offered one, in the catalog's order.
    const agents = await api.get("/workloads/agents/entitlements?at=2026-03-15");
    const providers = (agents.body.providers as Json[]).map(({ provider }) => provider);
    expect(providers).toEqual((await api.get("/catalog")).body.providers.map(({ id }: Json) => id));
    // In March 2026 AWS's exclusive third-party distribution of Frontier stood against
    // Microsoft's API-layer exclusivity: the terms contradict each other there.
    const aws = (agents.body.providers as Json[]).find(({ provider }) => provider === "aws");
    expect(aws?.decision).toBe("conflict");
  });

  it("refuses a malformed workload with a 400", async () => {
    const response = await api.call("POST", "/workloads", {
      body: { name: "Bad", product: "Not A Slug", providers: ["aws"] },
    });
    const problem = expectProblem(response, 400);
    expect(problem.errors.map((e: Json) => e.path)).toContain("product");
  });

  it("refuses a workload naming ids the catalog lacks with a 422 at each path, saving nothing", async () => {
    const response = await api.call("POST", "/workloads", {
      body: {
        id: "bad-plan",
        name: "Bad",
        product: "windows",
        providers: ["aws", "coreweave"],
        segment: "eu",
      },
    });
    const problem = expectProblem(response, 422);
    expect(problem.errors.map((e: Json) => e.path)).toEqual(["product", "providers.1", "segment"]);
    expectProblem(await api.get("/workloads/bad-plan"), 404);
  });
});
