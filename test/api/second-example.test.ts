import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ApiHarness, createApiHarness, footprint, type Json } from "./support.ts";

/**
 * The fictional second case (data/examples/regional-model-licensing.json), imported into an
 * empty tenant. Every expectation is an answer from data/examples/README.md, where the
 * contracts are written out in plain words. None of them was read off the code.
 */
const file = new URL("../../data/examples/regional-model-licensing.json", import.meta.url);
const example = JSON.parse(readFileSync(file, "utf8")) as Json;

const EU = "eu-public-sector";
/** Every catalog id of the reference case (parties, providers, products, classes, segment). */
const REFERENCE_IDS = `microsoft openai amazon google oracle nvidia softbank azure aws google-cloud
  oracle-cloud openai-direct openai-api frontier stateful-runtime codex gpt-oss stateless-api
  stateful-agents coding-agent open-weight government`.split(/\s+/);

let api: ApiHarness;

beforeAll(async () => {
  api = await createApiHarness("second-example", { seed: false });
  const imported = await api.call("POST", "/import", { token: "admin-a", body: example });
  expect([200, 201], imported.text).toContain(imported.status);
});
afterAll(async () => {
  await api?.drop();
});

async function ask(product: string, provider: string, at: string, segment = "commercial") {
  const response = await api.get(
    `/entitlements?${new URLSearchParams({ product, provider, segment, at })}`,
  );
  expect(response.status, response.text).toBe(200);
  expect(response.body).toMatchObject({ product, provider, segment, at });
  return response.body as Json;
}
const codes = (answer: Json): string[] => (answer.reasons as Json[]).map((r) => r.code);
const reason = (answer: Json, code: string): Json | undefined =>
  (answer.reasons as Json[]).find((r) => r.code === code);

describe("the imported document", () => {
  it("records the three agreements, one version per event", async () => {
    const { body } = await api.get("/agreements");
    expect(body.agreements.map((a: Json) => a.id).sort()).toEqual([
      "lumen-bridgeway",
      "lumen-nimbus",
      "lumen-stratus",
    ]);
    for (const { id, events } of example.agreements as Json[])
      expect(await footprint(api, id)).toEqual({ version: events.length, events: events.length });
  });

  it("makes the catalog: named parties, both segments, a later launch", async () => {
    const { status, body } = await api.get("/catalog");
    expect(status).toBe(200);
    const named = (list: Json[]) =>
      list.map(({ id, name }) => ({ id, name })).sort((a, b) => a.id.localeCompare(b.id));
    expect(named(body.parties)).toEqual([
      { id: "bridgeway", name: "Bridgeway Partners" },
      { id: "lumen-labs", name: "Lumen Labs" },
      { id: "nimbus", name: "Nimbus Corp" },
      { id: "stratus", name: "Stratus Inc" },
    ]);
    expect(named(body.segments)).toEqual([
      { id: "commercial", name: "Commercial" },
      { id: EU, name: "EU public sector" },
    ]);
    const channels = body.providers.map((p: Json) => [p.id, p.party, p.channel]).sort();
    expect(channels).toEqual([
      ["bridgeway-marketplace", "bridgeway", "reseller"],
      ["lumen-platform", "lumen-labs", "first-party"],
      ["nimbus-cloud", "nimbus", "cloud"],
      ["stratus-cloud", "stratus", "cloud"],
    ]);
    const voice = body.products.find((p: Json) => p.id === "lumen-voice");
    expect(voice).toMatchObject({ class: "speech", owner: "lumen-labs", availableFrom: "2027-03" });
  });

  it("holds no id of the reference case", async () => {
    const { body } = await api.get("/catalog");
    const lists = Object.values(body as Json).filter(Array.isArray);
    const ids = lists.flat().map((entry: Json) => entry.id);
    expect(ids.length).toBeGreaterThanOrEqual(13);
    for (const id of REFERENCE_IDS) expect(ids).not.toContain(id);
  });
});

describe("a segment-limited exclusivity", () => {
  it("lets Stratus serve Lumen Large to commercial customers", async () => {
    const answer = await ask("lumen-large", "stratus-cloud", "2026-01-10");
    expect(answer.decision).toBe("allowed");
    expect(reason(answer, "granted")).toMatchObject({
      agreementId: "lumen-stratus",
      termId: "stratus-commercial-distribution",
    });
  });

  it("shuts Stratus out of the EU public sector up to and including 2027-12-31", async () => {
    for (const at of ["2026-01-10", "2027-12-31"]) {
      const answer = await ask("lumen-large", "stratus-cloud", at, EU);
      expect(answer.decision, at).toBe("denied");
      const against = reason(answer, "exclusive-to-other");
      expect(against, at).toMatchObject({
        agreementId: "lumen-nimbus",
        termId: "nimbus-eu-public-exclusivity",
      });
      expect(against?.sources.length).toBeGreaterThan(0);
    }
  });

  it("after it ends, leaves Stratus with no grant there: its grant is commercial only", async () => {
    const answer = await ask("lumen-large", "stratus-cloud", "2028-01-01", EU);
    expect(answer.decision).toBe("denied");
    expect(codes(answer)).toContain("no-grant");
    expect(codes(answer)).not.toContain("exclusive-to-other");
  });

  it("lets Nimbus serve the EU public sector, during and after its exclusivity", async () => {
    expect((await ask("lumen-large", "nimbus-cloud", "2026-01-10", EU)).decision).toBe("allowed");
    const later = await ask("lumen-large", "nimbus-cloud", "2028-01-01", EU);
    expect(later.decision).toBe("allowed");
    expect(reason(later, "granted")?.termId).toBe("nimbus-distribution");
  });

  it("does not reach Lumen's own platform", async () => {
    const answer = await ask("lumen-large", "lumen-platform", "2026-01-10", EU);
    expect(answer.decision).toBe("allowed");
    expect(codes(answer)).not.toContain("exclusive-to-other");
  });
});

describe("a later launch and a later grant", () => {
  it("denies Lumen Voice everywhere before March 2027, then Nimbus may serve it", async () => {
    for (const provider of ["nimbus-cloud", "lumen-platform"]) {
      const early = await ask("lumen-voice", provider, "2027-02-15");
      expect(early.decision, provider).toBe("denied");
      expect(codes(early), provider).toContain("not-yet-available");
    }
    expect((await ask("lumen-voice", "nimbus-cloud", "2027-04-15")).decision).toBe("allowed");
  });

  it("lets Stratus serve Lumen Voice only from 2027-06-01", async () => {
    const before = await ask("lumen-voice", "stratus-cloud", "2027-04-15");
    expect(before.decision).toBe("denied");
    expect(reason(before, "not-yet-effective")?.termId).toBe("stratus-voice-distribution");
    const after = await ask("lumen-voice", "stratus-cloud", "2027-07-01");
    expect(after.decision).toBe("allowed");
    expect(reason(after, "granted")?.termId).toBe("stratus-voice-distribution");
  });

  it("says the answer is uncertain within the launch month, and certain outside it", async () => {
    const march = await ask("lumen-voice", "nimbus-cloud", "2027-03-15");
    expect(march.certainty).toBe("uncertain");
    expect(codes(march)).toContain("imprecise-date");
    for (const at of ["2027-02-15", "2027-04-15"])
      expect((await ask("lumen-voice", "nimbus-cloud", at)).certainty, at).toBe("certain");
    expect((await ask("lumen-large", "stratus-cloud", "2026-01-10", EU)).certainty).toBe("certain");
  });
});

describe("the reseller, the deadlines and the workload", () => {
  it("lets Bridgeway resell Lumen Small to commercial customers only", async () => {
    const commercial = await ask("lumen-small", "bridgeway-marketplace", "2026-06-01");
    expect(commercial.decision).toBe("allowed");
    const eu = await ask("lumen-small", "bridgeway-marketplace", "2026-06-01", EU);
    expect(eu.decision).toBe("denied");
    expect(codes(eu)).toContain("no-grant");
  });

  it("lists the exclusivity's end and the revenue share's end, and nothing else", async () => {
    const { status, body } = await api.get("/deadlines?from=2025-01-01&to=2030-12-31");
    expect(status).toBe(200);
    const dates = body.deadlines.map((d: Json) => [d.date, d.precision, d.agreementId, d.termId]);
    expect(dates).toEqual([
      ["2027-12-31", "day", "lumen-nimbus", "nimbus-eu-public-exclusivity"],
      ["2028-08-31", "day", "lumen-stratus", "stratus-revenue-share"],
    ]);
    // In words, as the README says it: Nimbus's exclusivity as a third-party cloud, never its id.
    expect(body.deadlines[0].summary).toMatch(
      /^End of Nimbus Cloud's third-party cloud distribution exclusivity/,
    );
  });

  it("runs the EU tax assistant on Nimbus, not on Stratus", async () => {
    for (const at of ["2026-01-10", "2028-01-01"]) {
      const { status, body } = await api.get(`/workloads/eu-tax-assistant/entitlements?at=${at}`);
      expect(status, at).toBe(200);
      const seen = Object.fromEntries(body.providers.map((p: Json) => [p.provider, p.decision]));
      expect(seen, at).toEqual({ "nimbus-cloud": "allowed", "stratus-cloud": "denied" });
    }
  });

  it("writes nothing when the same document is imported again", async () => {
    const footprints = () => Promise.all(example.agreements.map((a: Json) => footprint(api, a.id)));
    const [catalog, before] = [(await api.get("/catalog")).body, await footprints()];
    const again = await api.call("POST", "/import", { token: "admin-a", body: example });
    expect([200, 201], again.text).toContain(again.status);
    expect(await footprints()).toEqual(before);
    expect((await api.get("/catalog")).body).toEqual(catalog);
  });
});
