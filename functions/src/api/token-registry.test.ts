import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
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

  it("given concurrent requests with one token, when looked up, then the table is read once", async () => {
    const token = await createToken(
      tables.viewStore,
      { tenant: "acme", role: "viewer", name: "carol" },
      new Date(),
    );
    const registry = tableTokenRegistry(tables.viewStore);
    const reads = vi.spyOn(tables.viewStore, "getItem");
    try {
      const found = await Promise.all([registry(token), registry(token), registry(token)]);
      expect(found.map((principal) => principal?.name)).toEqual(["carol", "carol", "carol"]);
      expect(reads).toHaveBeenCalledTimes(1);
    } finally {
      reads.mockRestore();
    }
  });

  it("given a lookup that failed, when the token comes again, then it is read again", async () => {
    const token = await createToken(
      tables.viewStore,
      { tenant: "acme", role: "viewer", name: "dan" },
      new Date(),
    );
    const registry = tableTokenRegistry(tables.viewStore);
    const reads = vi
      .spyOn(tables.viewStore, "getItem")
      .mockRejectedValueOnce(new Error("throttled"));
    try {
      await expect(registry(token)).rejects.toThrow("throttled");
      expect(await registry(token)).toMatchObject({ name: "dan" });
      expect(reads).toHaveBeenCalledTimes(2);
    } finally {
      reads.mockRestore();
    }
  });

  it("given more distinct tokens than it keeps, when looked up, then the least recent is read again", async () => {
    const registry = tableTokenRegistry(tables.viewStore, Date.now, 2);
    const reads = vi.spyOn(tables.viewStore, "getItem");
    try {
      for (const guess of ["guess-1", "guess-2", "guess-3", "guess-3", "guess-1"])
        expect(await registry(guess)).toBeUndefined();
      // guess-3 was kept; guess-1, dropped for it, was read again.
      const asked = reads.mock.calls.map(([, key]) => key);
      expect(asked).toEqual(
        ["guess-1", "guess-2", "guess-3", "guess-1"].map((guess) => `token#${hashToken(guess)}`),
      );
    } finally {
      reads.mockRestore();
    }
  });
});
