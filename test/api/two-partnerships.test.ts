import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ApiHarness, createApiHarness, type Json } from "./support.ts";

/**
 * One tenant tracking two unrelated partnerships: the reference case (seeded) and the fictional
 * Lumen Labs case (data/examples/regional-model-licensing.json, imported). A party grants
 * rights over its own products only, so Microsoft's terms over "all" OpenAI products, or over
 * the stateless APIs, say nothing of Lumen's models, and Lumen's contracts nothing of OpenAI's.
 * The answers expected are data/examples/README.md's, as in second-example.test.ts, where the
 * same document sits in a tenant of its own.
 */
const file = new URL("../../data/examples/regional-model-licensing.json", import.meta.url);
const example = JSON.parse(readFileSync(file, "utf8")) as Json;
const EU = "eu-public-sector";
const LUMEN_AGREEMENTS = ["lumen-bridgeway", "lumen-nimbus", "lumen-stratus"];
const LUMEN_MODELS = ["lumen-large", "lumen-small", "lumen-voice"];

let api: ApiHarness;

beforeAll(async () => {
  api = await createApiHarness("two-partnerships");
  const imported = await api.call("POST", "/import", { token: "admin-a", body: example });
  expect([200, 201], imported.text).toContain(imported.status);
});
afterAll(async () => {
  await api?.drop();
});

async function ask(product: string, provider: string, at: string, segment = "commercial") {
  const query = new URLSearchParams({ product, provider, segment, at });
  const response = await api.get(`/entitlements?${query}`);
  expect(response.status, response.text).toBe(200);
  return response.body as Json;
}
const agreementsCited = (answer: Json): string[] =>
  [...new Set((answer.reasons as Json[]).flatMap((r) => (r.agreementId ? [r.agreementId] : [])))]
    .map(String)
    .sort();

describe("Lumen's models beside the reference case", () => {
  it("answer as in a tenant of their own, citing Lumen's agreements only (README rows 1, 2, 5, 7, 14)", async () => {
    const rows = [
      ["lumen-large", "stratus-cloud", "2026-01-10", "commercial", "allowed"],
      ["lumen-large", "stratus-cloud", "2026-01-10", EU, "denied"],
      ["lumen-large", "nimbus-cloud", "2026-01-10", EU, "allowed"],
      ["lumen-large", "lumen-platform", "2026-01-10", EU, "allowed"],
      ["lumen-small", "bridgeway-marketplace", "2026-06-01", "commercial", "allowed"],
    ] as const;
    for (const [product, provider, at, segment, decision] of rows) {
      const answer = await ask(product, provider, at, segment);
      const row = `${product} on ${provider}, ${segment}, ${at}`;
      expect(answer.decision, row).toBe(decision);
      for (const cited of agreementsCited(answer)) expect(LUMEN_AGREEMENTS, row).toContain(cited);
    }
  });

  it("are not touched by the reference case's clouds or its terms over all products", async () => {
    // Microsoft's API-layer exclusivity (over "all" OpenAI products) held until 2026-04-27,
    // its any-cloud grant and Azure's first-ship priority came after: none is Lumen's.
    for (const at of ["2026-03-15", "2027-12-01"])
      for (const provider of ["azure", "aws"]) {
        const answer = await ask("lumen-large", provider, at);
        expect(agreementsCited(answer), `${provider} on ${at}`).toEqual([]);
        expect(answer.decision, `${provider} on ${at}`).toBe("denied");
      }
  });

  it("leave the reference case's own answers as they were", async () => {
    const exclusive = await ask("openai-api", "aws", "2026-03-15");
    expect(exclusive.decision).toBe("denied");
    expect(agreementsCited(exclusive)).toContain("microsoft-openai");
    const anyCloud = await ask("codex", "google-cloud", "2027-12-01");
    expect((anyCloud.reasons as Json[]).map((r) => r.termId)).toContain("any-cloud-distribution");
  });

  it("bring no conflict of their own with the reference case's terms", async () => {
    const { status, body } = await api.get("/conflicts?from=2019-01-01&to=2034-12-31");
    expect(status).toBe(200);
    const conflicts = body.conflicts as Json[];
    expect(conflicts.length).toBeGreaterThan(0);
    for (const { product, terms } of conflicts) {
      expect(LUMEN_MODELS).not.toContain(product);
      for (const { agreementId } of terms as Json[])
        expect(LUMEN_AGREEMENTS).not.toContain(agreementId);
    }
  });
});
