import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestTables, type TestTables } from "../../../test/support/dynamo.ts";
import { createToken, hashToken, revokeToken, tableTokenRegistry } from "./token-registry.ts";

let tables: TestTables;
beforeAll(async () => {
  tables = await createTestTables("tokens");
});
afterAll(async () => {
  await tables?.drop();
});

describe("tokens kept hashed in the views table", () => {
  it("resolves a created token to its tenant, role and name, and stores no plain token", async () => {
    const token = await createToken(
      tables.viewStore,
      { tenant: "acme", role: "editor", name: "alice" },
      new Date("2026-11-24T00:00:00Z"),
    );
    const registry = tableTokenRegistry(tables.viewStore);
    expect(await registry(token)).toEqual({ tenant: "acme", role: "editor", name: "alice" });
    expect(await registry(`${token}x`)).toBeUndefined();
    const stored = await tables.viewStore.getItem("_tokens", `token#${hashToken(token)}`);
    expect(JSON.stringify(stored)).not.toContain(token);
  });

  it("refuses a revoked token once the cache has expired", async () => {
    let now = 0;
    const token = await createToken(
      tables.viewStore,
      { tenant: "acme", role: "viewer", name: "bob" },
      new Date(),
    );
    const registry = tableTokenRegistry(tables.viewStore, () => now);
    expect(await registry(token)).toMatchObject({ name: "bob" });
    expect(await revokeToken(tables.viewStore, token, new Date())).toBe(true);
    now = 61_000;
    expect(await registry(token)).toBeUndefined();
  });
});
