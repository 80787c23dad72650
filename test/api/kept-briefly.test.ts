import { afterAll, beforeAll, describe, expect, inject, it, vi } from "vitest";
import { parseTokens } from "../../functions/src/api/auth.ts";
import { type Wiring, wire } from "../../functions/src/local/wiring.ts";
import { NAMES_MAX_AGE_MS } from "../../functions/src/services/catalog-names.ts";
import { storeReadsDuring } from "../support/store-reads.ts";
import {
  type ApiHarness,
  BASE,
  createApiHarness,
  HARNESS_INLINE_ANSWERS_MS,
  type Json,
  TOKENS,
} from "./support.ts";

/**
 * A container keeps the catalog it names answers in for a few seconds, so a warm entitlement is
 * one DynamoDB call; and people's names and the alert policy a list of deadlines is shown with,
 * so a warm page reads the index and its owners alone. Two wirings on the same tables stand for
 * two Lambda containers: what one changes, the other shows within `NAMES_MAX_AGE_MS`, and never
 * as an id.
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
    inlineAnswersMs: HARNESS_INLINE_ANSWERS_MS,
  });
});
afterAll(() => api.drop());

const viaOther = async (method: string, path: string, body: unknown, token = "editor-a") => {
  const response = await other.app.request(`${BASE}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
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

// From the reference case: Amazon's second tranche of its investment in OpenAI is due in 2028.
const PAGE = "/deadlines?from=2026-01-01&limit=20";
const TRANCHE = "2028-12-31";

describe("what a container keeps to list deadlines", () => {
  const tranche = async () => {
    const { status, body, text } = await api.get(PAGE);
    expect(status, text).toBe(200);
    const found = (body.deadlines as Json[]).find(
      ({ date, kind }) => date === TRANCHE && kind === "tranche-due",
    );
    if (!found) throw new Error(`no tranche due on ${TRANCHE} in ${text}`);
    return found;
  };

  it("given people, names and the alert policy kept within their age, when a page is asked again, then it reads the index's range alone, which names the owners", async () => {
    passTime(NAMES_MAX_AGE_MS);
    const first = await storeReadsDuring(api.runtime, tranche);
    // The index; people, the catalog's names and the policy.
    expect(first).toEqual({ queryItems: 1, listItems: 1, getView: 1, getItem: 1 });
    expect(await storeReadsDuring(api.runtime, tranche)).toEqual({ queryItems: 1 });
  });

  it("given a person added, owning a deadline, then renamed, and the policy changed in another container, when listed here, then the owner is named at once, the rest within the age", async () => {
    await tranche();
    const { id } = await tranche();
    await viaOther(
      "POST",
      "/people",
      { id: "ada", name: "Ada Lovelace", email: "ada@example.com" },
      "admin-a",
    );
    await viaOther("PUT", `/deadlines/${encodeURIComponent(String(id))}/owner`, {
      personId: "ada",
    });
    // Kept people lack her: read again, so she is named, never left out.
    expect((await tranche()).owner).toEqual({ id: "ada", name: "Ada Lovelace" });

    await viaOther("PATCH", "/people/ada", { name: "Ada King" }, "admin-a");
    await viaOther("PUT", "/settings/alert-policy", { leadDays: [30] }, "admin-a");
    const soon = await tranche();
    expect(soon.owner).toEqual({ id: "ada", name: "Ada Lovelace" });
    expect(soon.alerts.map(({ leadDays }: Json) => leadDays)).toEqual([365, 180, 90, 30, 7]);
    passTime(NAMES_MAX_AGE_MS);
    const later = await tranche();
    expect(later.owner).toEqual({ id: "ada", name: "Ada King" });
    expect(later.alerts.map(({ leadDays }: Json) => leadDays)).toEqual([30]);

    // Changed here, shown here at once.
    const policy = await api.call("PUT", "/settings/alert-policy", {
      body: { leadDays: [365, 180, 90, 30, 7] },
      token: "admin-a",
    });
    expect(policy.status, policy.text).toBe(200);
    expect((await tranche()).alerts).toHaveLength(5);
    // Erased elsewhere: her ownership goes with her, and is read with every page.
    await viaOther("DELETE", "/people/ada", undefined, "admin-a");
    expect((await tranche()).owner).toBeUndefined();
  });
});
