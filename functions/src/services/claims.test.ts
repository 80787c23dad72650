import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestTables, type TestTables } from "../../../test/support/dynamo.ts";
import { claimsOf } from "./claims.ts";
import type { Runtime } from "./runtime.ts";

let tables: TestTables;
let now = new Date("2027-12-24T06:00:00.000Z");
let runtime: Runtime;
beforeAll(async () => {
  tables = await createTestTables("claims");
  runtime = {
    eventStore: tables.eventStore,
    viewStore: tables.viewStore,
    clock: () => now,
    newId: () => "id",
  };
});
afterAll(async () => {
  await tables?.drop();
});

const kind = { prefix: "job#", itemType: "job", working: "claimed", staleAfterMs: 15 * 60 * 1000 };

describe("claims", () => {
  it("lets one of several concurrent workers claim a key, and tells the others its status", async () => {
    const claims = claimsOf(runtime, kind);
    const outcomes = await Promise.all([1, 2, 3, 4].map(() => claims.claim("acme", "a")));
    expect(outcomes.filter((outcome) => outcome.claimed)).toHaveLength(1);
    expect(outcomes.filter((outcome) => !outcome.claimed)).toEqual(
      Array.from({ length: 3 }, () => ({ claimed: false, status: "claimed" })),
    );
    await claims.mark("acme", "a", "done");
    expect(await claims.claim("acme", "a")).toEqual({ claimed: false, status: "done" });
  });

  it("hands a stale claim to exactly one of the workers that find it, and a released one to the next", async () => {
    const claims = claimsOf(runtime, kind);
    expect(await claims.claim("acme", "b")).toEqual({ claimed: true });
    now = new Date(now.getTime() + 10 * 60 * 1000);
    expect(await claims.claim("acme", "b")).toEqual({ claimed: false, status: "claimed" });
    now = new Date(now.getTime() + 6 * 60 * 1000);
    const takeovers = await Promise.all([1, 2, 3].map(() => claims.claim("acme", "b")));
    expect(takeovers.filter((outcome) => outcome.claimed)).toHaveLength(1);
    await claims.release("acme", "b");
    expect(await claims.claim("acme", "b")).toEqual({ claimed: true });
  });
});
