import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type ApiHarness,
  createApiHarness,
  expectProblem,
  footprint,
  type Json,
} from "./support.ts";

/** A legal team that records only from documents: every change must say where it came from. */
let api: ApiHarness;
const memo = [{ publication: "Signed term sheet", kind: "primary", date: "2026-05-02" }];

beforeAll(async () => {
  api = await createApiHarness("source-policy", { seed: false });
  for (const [kind, body] of [
    ["parties", { id: "maker", name: "Maker" }],
    ["parties", { id: "host", name: "Host" }],
  ] as const)
    expect((await api.call("POST", `/catalog/${kind}`, { body })).status).toBe(201);
});
afterAll(async () => {
  await api?.drop();
});

const agreement = (sources?: Json[]) => ({
  id: "hosting",
  title: "Hosting deal",
  parties: [
    { party: "maker", role: "maker" },
    { party: "host", role: "host" },
  ],
  ...(sources ? { sources } : {}),
});

describe("a tenant that requires a source on every change", () => {
  it("is off by default, and only admins set it", async () => {
    expect((await api.get("/settings/source-policy")).body).toEqual({ requireSources: false });
    const body = { requireSources: true };
    expectProblem(await api.call("PUT", "/settings/source-policy", { body }), 403);
    const saved = await api.call("PUT", "/settings/source-policy", { token: "admin-a", body });
    expect(saved.status, saved.text).toBe(200);
    expect((await api.get("/settings/source-policy")).body).toEqual(body);
  });

  it("refuses an agreement or an event without one, at its path, and writes nothing", async () => {
    const bare = expectProblem(await api.call("POST", "/agreements", { body: agreement() }), 422);
    expect(bare.errors.map(({ path }: Json) => path)).toEqual(["sources"]);
    const created = await api.call("POST", "/agreements", { body: agreement(memo) });
    expect(created.status, created.text).toBe(201);
    const before = await footprint(api, "hosting");
    const note = (sources?: Json[]) => ({
      type: "NoteAdded",
      text: "Signed",
      ...(sources ? { sources } : {}),
    });
    const refused = await api.call("POST", "/agreements/hosting/events", {
      body: { expectedVersion: 1, events: [note(memo), note()] },
    });
    expect(expectProblem(refused, 422).errors.map(({ path }: Json) => path)).toEqual([
      "events.1.sources",
    ]);
    expect(await footprint(api, "hosting")).toEqual(before);
    const accepted = await api.call("POST", "/agreements/hosting/events", {
      body: { expectedVersion: 1, events: [note(memo)] },
    });
    expect(accepted.status, accepted.text).toBe(201);
  });
});
