import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { agreementViewKey, listingKey } from "../../functions/src/projector/agreement-keys.ts";
import { type ApiHarness, createApiHarness, regionalExample } from "./support.ts";

/** A tenant's admin operates on that tenant only: another tenant's views are neither read nor written. */
let api: ApiHarness;
const example = regionalExample();

beforeAll(async () => {
  api = await createApiHarness("admin-scope");
  expect((await api.call("POST", "/import", { token: "admin-b", body: example })).status).toBe(200);
});
afterAll(async () => {
  await api?.drop();
});

describe("POST /admin/rebuild", () => {
  it("rebuilds the caller's tenant only, and counts only its streams", async () => {
    const { viewStore } = api.runtime;
    // An agreement's views (its snapshot and its listing) lost in each tenant.
    for (const [tenant, id] of [
      ["acme", "amazon-openai"],
      ["beta", "lumen-nimbus"],
    ] as const) {
      await viewStore.deleteItem(tenant, agreementViewKey(id));
      await viewStore.deleteItem(tenant, listingKey(id));
    }

    const acme = await api.call("POST", "/admin/rebuild", { token: "admin-a" });
    expect(acme.status, acme.text).toBe(200);
    // The reference case's six agreements and acme's catalog; none of beta's three.
    expect(acme.body.streams).toBe(7);
    expect(await viewStore.getView("acme", agreementViewKey("amazon-openai"))).toBeDefined();
    expect(await viewStore.getView("beta", agreementViewKey("lumen-nimbus"))).toBeUndefined();
    const listed = async () =>
      (await api.get("/agreements", "editor-b")).body.agreements.map(
        ({ id }: { id: string }) => id,
      );
    expect(await listed()).not.toContain("lumen-nimbus");

    const beta = await api.call("POST", "/admin/rebuild", { token: "admin-b" });
    expect(beta.body.streams).toBe(4);
    expect(await listed()).toContain("lumen-nimbus");
  });
});
