import { afterAll, beforeAll, describe, expect, inject, it, vi } from "vitest";
import { parseTokens } from "../../functions/src/api/auth.ts";
import { type Wiring, wire } from "../../functions/src/local/wiring.ts";
import { NAMES_MAX_AGE_MS } from "../../functions/src/services/catalog-names.ts";
import { storeReadsDuring } from "../support/store-reads.ts";
import { type ApiHarness, BASE, createApiHarness, TOKENS } from "./support.ts";

/**
 * A container keeps the catalog it names answers in for a few seconds, so a warm entitlement is
 * one DynamoDB call. Two wirings on the same tables stand for two Lambda containers: what one
 * changes, the other sees in its names within `NAMES_MAX_AGE_MS`, and never as an id.
 */
let api: ApiHarness;
let other: Wiring;

beforeAll(async () => {
  api = await createApiHarness("kept-catalog");
  other = await wire({
    endpoint: inject("dynamoEndpoint"),
    tables: {
      events: (api.runtime.eventStore as unknown as { tableName: string }).tableName,
      views: api.runtime.viewStore.tableName,
    },
    tokens: parseTokens(TOKENS),
    clock: () => api.now(),
  });
});
afterAll(() => api.drop());

const viaOther = async (method: string, path: string, body: unknown) => {
  const response = await other.app.request(`${BASE}${path}`, {
    method,
    headers: { authorization: "Bearer editor-a", "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  expect(response.status, await response.clone().text()).toBeLessThan(300);
};

/** The container's own clock, which the kept catalog's age is measured on, moved on by `ms`. */
let skipped = 0;
const realNow = performance.now.bind(performance);
vi.spyOn(performance, "now").mockImplementation(() => realNow() + skipped);
const passTime = (ms: number) => {
  skipped += ms;
};

// From the reference case: Azure's first-ship priority on new OpenAI models does not bind
// Frontier on AWS in June 2026, because AWS's exclusive distribution shuts Azure out of it.
const FRONTIER_ON_AWS = "/entitlements?product=frontier&provider=aws&at=2026-06-15";

describe("the catalog a container keeps to name answers", () => {
  it("given an answer named in a catalog kept within its age, when asked again, then it is one read of the model and no catalog read", async () => {
    // Seeding kept the catalog; once it is too old, this container reads it again.
    passTime(NAMES_MAX_AGE_MS);
    const first = await storeReadsDuring(api.runtime, () => api.get(FRONTIER_ON_AWS));
    // The cell's whole timeline and the catalog.
    expect(first).toEqual({ getView: 2 });
    const again = await storeReadsDuring(api.runtime, async () => {
      const { status, text } = await api.get(FRONTIER_ON_AWS);
      expect(status).toBe(200);
      expect(text).toMatch(/Does not bind: Microsoft Azure is itself excluded/);
    });
    expect(again).toEqual({ getView: 1 });
  });

  it("given a rename in another container, when asked here, then the old name until the kept catalog is too old, then the new", async () => {
    passTime(NAMES_MAX_AGE_MS);
    await api.get(FRONTIER_ON_AWS);
    await viaOther("PATCH", "/catalog/providers/azure", { name: "Azure Cloud" });
    const soon = await api.get(FRONTIER_ON_AWS);
    expect(soon.text).toMatch(/Does not bind: Microsoft Azure is itself excluded/);
    passTime(NAMES_MAX_AGE_MS / 2);
    expect((await api.get(FRONTIER_ON_AWS)).text).toMatch(/Microsoft Azure is itself excluded/);
    passTime(NAMES_MAX_AGE_MS / 2);
    const after = await api.get(FRONTIER_ON_AWS);
    expect(after.text).toMatch(/Does not bind: Azure Cloud is itself excluded/);
    // A rename made here is read here at once.
    const renamed = await api.call("PATCH", "/catalog/providers/azure", {
      body: { name: "Microsoft Azure" },
    });
    expect(renamed.status, renamed.text).toBe(200);
    expect((await api.get(FRONTIER_ON_AWS)).text).toMatch(/Microsoft Azure is itself excluded/);
  });

  it("given a product added in another container, when an answer here cites it, then it is named from a fresh read, never by its id", async () => {
    await api.get(FRONTIER_ON_AWS);
    await viaOther("POST", "/catalog/products", {
      id: "sora-api",
      name: "Sora API",
      class: "stateless-api",
      owner: "openai",
      availableFrom: "2026-09-01",
    });
    const reads = await storeReadsDuring(api.runtime, async () => {
      const { status, body, text } = await api.get(
        "/entitlements?product=sora-api&provider=azure&at=2026-06-15",
      );
      expect(status, text).toBe(200);
      // A product is not served before its launch (the catalog's rule), and the reason names it.
      expect(body.decision).toBe("denied");
      expect(text).toMatch(/Sora API is not available before 1 Sep 2026/);
      expect(JSON.stringify(body.reasons)).not.toMatch(/sora-api|[\uE000-\uE002]/);
    });
    // The cell's whole timeline, then the catalog afresh: the kept one lacks Sora API.
    expect(reads).toEqual({ getView: 2 });
  });
});
