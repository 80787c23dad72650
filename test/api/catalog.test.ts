import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CATALOG_STREAM } from "../../functions/src/projector/catalog-projection.ts";
import { insertRecord } from "../support/events.ts";
import {
  type ApiHarness,
  createApiHarness,
  expectProblem,
  footprint,
  type Json,
  TENANT,
} from "./support.ts";

/**
 * A legal team that is not the reference case: a model maker licensing to a GPU cloud and a
 * reseller, set up through the API alone in an empty tenant. The expected answers are what a
 * reader of the three clauses below would say.
 */
let api: ApiHarness;

beforeAll(async () => {
  api = await createApiHarness("catalog", { seed: false, at: "2026-06-01T09:00:00.000Z" });
});
afterAll(async () => {
  await api?.drop();
});

const post = (path: string, body: unknown, token = "editor-a") =>
  api.call("POST", path, { token, body });
const patch = (path: string, body: unknown) => api.call("PATCH", path, { body });
const catalogLength = async () => (await api.get("/catalog/events")).body.events.length as number;

async function ask(product: string, provider: string, at: string, segment = "commercial") {
  const query = new URLSearchParams({ product, provider, at, segment });
  const response = await api.get(`/entitlements?${query}`);
  expect(response.status, response.text).toBe(200);
  return response.body as Json;
}
const codes = (answer: Json) => (answer.reasons as Json[]).map(({ code }) => code);

describe("a new tenant's catalog", () => {
  it("starts with the commercial segment and nothing else", async () => {
    const { status, body } = await api.get("/catalog");
    expect(status).toBe(200);
    expect(body).toEqual({
      version: 0,
      parties: [],
      providers: [],
      products: [],
      productClasses: [],
      segments: [{ id: "commercial", name: "Commercial" }],
    });
  });

  it("is set up entry by entry, each a 201 with the entry", async () => {
    const entries: [string, Json][] = [
      ["parties", { id: "mistralis", name: "Mistralis AI" }],
      ["parties", { id: "gpuhost", name: "GPUHost Inc" }],
      ["parties", { id: "resello", name: "Resello GmbH" }],
      ["product-classes", { id: "chat-models", name: "Chat models" }],
      [
        "providers",
        { id: "gpuhost-cloud", name: "GPUHost Cloud", party: "gpuhost", channel: "cloud" },
      ],
      [
        "providers",
        { id: "mistralis-api", name: "Mistralis API", party: "mistralis", channel: "first-party" },
      ],
      [
        "providers",
        { id: "resello-store", name: "Resello Store", party: "resello", channel: "reseller" },
      ],
      [
        "products",
        {
          id: "mistralis-large",
          name: "Mistralis Large",
          class: "chat-models",
          owner: "mistralis",
        },
      ],
      [
        "products",
        {
          id: "mistralis-vision",
          name: "Mistralis Vision",
          class: "chat-models",
          owner: "mistralis",
          availableFrom: "2026-09",
        },
      ],
      ["segments", { id: "dach-public", name: "DACH public sector" }],
    ];
    for (const [kind, entry] of entries) {
      const response = await post(`/catalog/${kind}`, entry);
      expect(response.status, response.text).toBe(201);
      // Nothing stood on these entries yet: every answer is current (a new segment's are
      // evaluated at read until the stream writes them).
      expect(response.body).toEqual({ ...entry, answers: "current" });
    }
    const { body } = await api.get("/catalog");
    expect(body.version).toBe(entries.length);
    expect(body.segments.map(({ id }: Json) => id)).toEqual(["commercial", "dach-public"]);
  });

  it("refuses a taken id with a 409 and a dangling reference with a 422 at its field, writing nothing", async () => {
    const before = await catalogLength();
    const taken = expectProblem(
      await post("/catalog/parties", { id: "gpuhost", name: "Again" }),
      409,
    );
    expect(taken.errors).toEqual([
      { path: "id", message: expect.stringContaining("already exists") },
    ]);
    const dangling = await post("/catalog/products", {
      id: "orphan",
      name: "Orphan",
      class: "robots",
      owner: "nobody",
    });
    expect(expectProblem(dangling, 422).errors.map(({ path }: Json) => path)).toEqual(["class"]);
    const channel = await post("/catalog/providers", {
      id: "x",
      name: "X",
      party: "gpuhost",
      channel: "satellite",
    });
    expect(expectProblem(channel, 400).errors.map(({ path }: Json) => path)).toEqual(["channel"]);
    expectProblem(await patch("/catalog/parties/ghost", { name: "Ghost" }), 404);
    expect(await catalogLength()).toBe(before);
  });
});

describe("two agreements recorded against that catalog", () => {
  beforeAll(async () => {
    const gpu = await post("/agreements", {
      id: "gpuhost-exclusive",
      title: "Mistralis–GPUHost exclusive hosting",
      parties: [
        { party: "mistralis", role: "model maker" },
        { party: "gpuhost", role: "cloud" },
      ],
      effectiveOn: "2026-01-01",
    });
    expect(gpu.status, gpu.text).toBe(201);
    // Clause 1: GPUHost alone may host Mistralis Large for third parties, through 2026.
    // Clause 2: in the DACH public sector only, GPUHost may also serve every chat model.
    const terms = await post("/agreements/gpuhost-exclusive/events", {
      expectedVersion: 1,
      events: [
        {
          type: "ExclusivityGranted",
          effectiveOn: "2026-01-01",
          termId: "exclusive-hosting",
          holder: "gpuhost-cloud",
          scope: "third-party-cloud-distribution",
          products: ["mistralis-large"],
          until: "2026-12-31",
        },
        {
          type: "DistributionRightGranted",
          effectiveOn: "2026-01-01",
          termId: "dach-models",
          providers: ["gpuhost-cloud"],
          classes: ["chat-models"],
          segments: ["dach-public"],
        },
      ],
    });
    expect(terms.status, terms.text).toBe(201);
    const resale = await post("/agreements", {
      id: "resello-resale",
      title: "Mistralis–Resello resale",
      parties: [
        { party: "mistralis", role: "model maker" },
        { party: "resello", role: "reseller" },
      ],
      effectiveOn: "2026-03-01",
    });
    expect(resale.status, resale.text).toBe(201);
    // Clause 3: from 1 March 2026, Resello may resell Mistralis Large (not exclusively).
    const grant = await post("/agreements/resello-resale/events", {
      expectedVersion: 1,
      events: [
        {
          type: "DistributionRightGranted",
          effectiveOn: "2026-03-01",
          termId: "resale",
          providers: ["resello-store"],
          products: ["mistralis-large"],
        },
      ],
    });
    expect(grant.status, grant.text).toBe(201);
  });

  it("answers as a reader of the clauses would, with reasons", async () => {
    const hosted = await ask("mistralis-large", "gpuhost-cloud", "2026-06-15");
    expect(hosted.decision).toBe("allowed");
    expect(hosted.reasons[0].summary).toContain("GPUHost Cloud holds exclusive");
    // A cloud-distribution exclusivity says nothing about a reseller, who neither hosts nor is a cloud.
    const resold = await ask("mistralis-large", "resello-store", "2026-06-15");
    expect(resold.decision).toBe("allowed");
    expect(codes(resold)).toEqual(["granted"]);
    expect((await ask("mistralis-large", "resello-store", "2026-02-15")).decision).toBe("denied");
    expect((await ask("mistralis-large", "mistralis-api", "2026-06-15")).decision).toBe("allowed");
    expect(
      (await ask("mistralis-large", "resello-store", "2026-02-01", "dach-public")).decision,
    ).toBe("denied");
  });

  it("denies a product before its launch date, naming it", async () => {
    const early = await ask("mistralis-vision", "gpuhost-cloud", "2026-08-31", "dach-public");
    expect(early.decision).toBe("denied");
    expect(early.reasons).toEqual([
      expect.objectContaining({
        code: "not-yet-available",
        summary: "Mistralis Vision is not available before Sep 2026",
      }),
    ]);
    expect(
      (await ask("mistralis-vision", "gpuhost-cloud", "2026-09-01", "dach-public")).decision,
    ).toBe("allowed");
    expect((await ask("mistralis-vision", "gpuhost-cloud", "2026-09-01")).decision).toBe("denied");
  });

  it("says whether the answers a catalog change moves are current, and they follow from the stream", async () => {
    const autumn = () => ask("mistralis-vision", "gpuhost-cloud", "2026-09-15", "dach-public");
    // Given time to refresh them in the request, a later launch denies mid-September at once.
    const later = await patch("/catalog/products/mistralis-vision", { availableFrom: "2026-10" });
    expect(later.body).toMatchObject({ availableFrom: "2026-10", answers: "current" });
    expect((await autumn()).decision).toBe("denied");

    // Given none (a portfolio so large the request leaves them to the stream), it says so.
    const { version } = (await api.get("/catalog")).body;
    const budget = api.runtime.inlineAnswersMs;
    api.runtime.inlineAnswersMs = 0;
    const back = await patch("/catalog/products/mistralis-vision", { availableFrom: "2026-09" });
    api.runtime.inlineAnswersMs = budget;
    expect(back.body).toMatchObject({ availableFrom: "2026-09", answers: "updating" });
    // Until the stream writes them, reads give the answers from before the change.
    expect((await autumn()).decision).toBe("denied");

    const events = await api.runtime.eventStore.readStream(TENANT, CATALOG_STREAM, {
      afterVersion: version,
    });
    const Records = events.map((event, index) => insertRecord(event, String(800 + index)));
    expect(await api.projector.handler({ Records })).toEqual({ batchItemFailures: [] });
    expect((await autumn()).decision).toBe("allowed");
  });

  it("refuses an event or a workload naming an unknown id with a 422 at its path, writing nothing", async () => {
    const before = await footprint(api, "resello-resale");
    const bad = await post("/agreements/resello-resale/events", {
      expectedVersion: before.version,
      events: [
        { type: "NoteAdded", text: "fine" },
        {
          type: "DistributionRightGranted",
          termId: "more",
          providers: ["resello-store", "coreweave"],
          products: ["mistralis-large", "gpt-5"],
        },
      ],
    });
    expect(expectProblem(bad, 422).errors.map(({ path }: Json) => path)).toEqual([
      "events.1.providers.1",
      "events.1.products.1",
    ]);
    expect(await footprint(api, "resello-resale")).toEqual(before);
    const workload = await post("/workloads", { id: "w", name: "W", product: "gpt-5" }, "viewer-a");
    expect(expectProblem(workload, 422).errors.map(({ path }: Json) => path)).toEqual(["product"]);
  });

  it("renames at read time, answers as known before a change, and keeps history when retiring", async () => {
    const before = api.now().toISOString();
    api.setNow("2026-06-02T09:00:00.000Z");
    expect(
      (await patch("/catalog/providers/gpuhost-cloud", { name: "GPUHost Sovereign Cloud" })).status,
    ).toBe(200);
    const renamed = await ask("mistralis-large", "gpuhost-cloud", "2026-06-15");
    expect(renamed.reasons[0].summary).toContain("GPUHost Sovereign Cloud holds exclusive");
    const old = await api.get(`/catalog?knownAt=${before}`);
    expect(old.body.providers[0].name).toBe("GPUHost Cloud");

    const retired = await patch("/catalog/products/mistralis-large", { retired: true });
    expect(retired.body).toMatchObject({ id: "mistralis-large", retired: true });
    const matrix = await api.get("/entitlements/matrix?at=2026-06-15");
    expect(matrix.body.products).toEqual(["mistralis-vision"]);
    const agreement = await api.get("/agreements/resello-resale?at=2026-06-15");
    expect(agreement.body.terms[0].summary).toContain("Mistralis Large");
    const trail = (await api.get("/catalog/events")).body.events as Json[];
    expect(trail.at(-1)).toMatchObject({
      type: "CatalogEntryChanged",
      recordedBy: expect.any(String),
      data: { kind: "products", entry: "mistralis-large", retired: true },
    });
  });
});

// Last: it adds a product, which the matrix tests above do not expect.
describe("a product whose launch is only bounded (available on or before a day)", () => {
  it("keeps availableBy, refuses it beside availableFrom, and lets a dated launch replace it", async () => {
    const before = await catalogLength();
    const both = await post("/catalog/products", {
      id: "mistralis-small",
      name: "Mistralis Small",
      class: "chat-models",
      owner: "mistralis",
      availableFrom: "2026-03",
      availableBy: "2026-04-01",
    });
    expect(expectProblem(both, 422).errors.map(({ path }: Json) => path)).toEqual(["availableBy"]);
    expect(await catalogLength()).toBe(before);

    const bounded = {
      id: "mistralis-small",
      name: "Mistralis Small",
      class: "chat-models",
      owner: "mistralis",
      availableBy: "2026-04-01",
    };
    expect((await post("/catalog/products", bounded)).status).toBe(201);
    const dated = await patch("/catalog/products/mistralis-small", { availableFrom: "2026-03" });
    expect(dated.status, dated.text).toBe(200);
    const { body } = await api.get("/catalog");
    const small = body.products.find(({ id }: Json) => id === "mistralis-small");
    expect(small).toMatchObject({ availableFrom: "2026-03" });
    expect(small.availableBy).toBeUndefined();
  });
});
