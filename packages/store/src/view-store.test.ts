import { QueryCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestTables, type TestTables } from "../../../test/support/dynamo.ts";
import { asView } from "./view-store.ts";

let t: TestTables;
beforeAll(async () => {
  t = await createTestTables("views");
});
afterAll(() => t.drop());

describe("views", () => {
  it("keeps the newest version and says so instead of throwing", async () => {
    expect(await t.viewStore.putView("acme", "agreement#1", 2, { terms: ["a"] })).toBe(true);
    expect(await t.viewStore.putView("acme", "agreement#1", 1, { terms: [] })).toBe(false);
    expect(await t.viewStore.putView("acme", "agreement#1", 2, { terms: ["b"] })).toBe(false);
    expect(await t.viewStore.getView("acme", "agreement#1")).toEqual({
      key: "agreement#1",
      version: 2,
      body: { terms: ["a"] },
    });
    const rebuild = { overwriteSameVersion: true };
    expect(await t.viewStore.putView("acme", "agreement#1", 2, { terms: ["b"] }, {}, rebuild)).toBe(
      true,
    );
    expect(await t.viewStore.putView("acme", "agreement#1", 1, { terms: [] }, {}, rebuild)).toBe(
      false,
    );
    expect((await t.viewStore.getView("acme", "agreement#1"))?.body).toEqual({ terms: ["b"] });
  });

  it("keeps any JSON body exactly, including empty strings and nulls", async () => {
    const body = { empty: "", none: null, nested: [{ a: [] }, 1.25, "x"] };
    await t.viewStore.putView("acme", "agreement#json", 1, body);
    expect((await t.viewStore.getView("acme", "agreement#json"))?.body).toEqual(body);
  });

  it("lists a tenant's views by key prefix, not other tenants' or plain items", async () => {
    await t.viewStore.putView("list", "agreement#1", 1, 1);
    await t.viewStore.putView("list", "agreement#2", 3, 2);
    await t.viewStore.putView("list", "deadline#1", 1, 3);
    await t.viewStore.putView("other", "agreement#3", 1, 4);
    await t.viewStore.putItem("list", "agreement#settings", { x: 1 });
    const views = await t.viewStore.listViews("list", "agreement#");
    expect(views).toEqual([
      { key: "agreement#1", version: 1, body: 1 },
      { key: "agreement#2", version: 3, body: 2 },
    ]);
  });

  it("lists exactly the keys that begin with the prefix, whatever characters follow it", async () => {
    const inside = ["answer#", "answer#a", "answer#\uffff", "answer#😀", "answer#\u{10FFFE}x"];
    const outside = ["answer", "answer$", "answer-period#a", "answeR#a", "answer\u0000#"];
    for (const [index, key] of [...inside, ...outside].entries())
      await t.viewStore.putView("prefixes", key, 1, index);
    const listed = await t.viewStore.listViews("prefixes", "answer#");
    expect(listed.map(({ key }) => key).sort()).toEqual([...inside].sort());
  });

  it("finds the latest view at or before a key in one Query, and ranges in either order", async () => {
    for (const day of ["2026-01-01", "2026-03-01", "2026-07-01"])
      await t.viewStore.putView("periods", `p#${day}`, 1, day);
    await t.viewStore.putView("periods", "q#2026-02-01", 1, "other prefix");
    await t.viewStore.putItem("periods", "p#2026-05-01", { plain: true });
    const latestBy = (day: string) =>
      t.viewStore.queryViews(
        "periods",
        { from: "p#", to: `p#${day}` },
        { limit: 1, newestFirst: true },
      );
    expect((await latestBy("2026-06-30")).map(({ body }) => body)).toEqual(["2026-03-01"]);
    expect((await latestBy("2026-03-01")).map(({ body }) => body)).toEqual(["2026-03-01"]);
    expect(await latestBy("2025-12-31")).toEqual([]);
    const all = await t.viewStore.queryViews("periods", { from: "p#", to: "p#\uffff" });
    expect(all.map(({ key }) => key)).toEqual(["p#2026-01-01", "p#2026-03-01", "p#2026-07-01"]);
  });

  it("writes views together or not at all, and reads many in parallel batches", async () => {
    const put = (key: string, version: number) =>
      t.viewStore.viewPut("together", key, version, key);
    expect(await t.viewStore.putViewsTogether([put("a", 1), put("b", 1)])).toBe(true);
    await t.viewStore.putView("together", "c", 5, "newer");
    // One put meets a later version: the other is not written either.
    expect(await t.viewStore.putViewsTogether([put("d", 1), put("c", 2)])).toBe(false);
    expect(await t.viewStore.getView("together", "d")).toBeUndefined();
    const keys = Array.from({ length: 120 }, (_, n) => `many#${String(n).padStart(3, "0")}`);
    await Promise.all(keys.map((key) => t.viewStore.putView("together", key, 1, key)));
    const read = await t.viewStore.getViews("together", [...keys, "missing"]);
    expect(read.map(({ key }) => key).sort()).toEqual(keys);
  });

  it("reads views and plain records of one tenant together, leaving out missing keys", async () => {
    await t.viewStore.putView("mixed", "agreement#a", 3, { title: "A" });
    await t.viewStore.putItem("mixed", "settings#x", { on: true });
    await t.viewStore.putView("other", "agreement#b", 1, { title: "not mixed's" });
    const items = await t.viewStore.getItemsTogether("mixed", [
      "agreement#a",
      "settings#x",
      "agreement#b",
    ]);
    expect([...items.keys()].sort()).toEqual(["agreement#a", "settings#x"]);
    const view = items.get("agreement#a");
    expect(view && asView(view)).toEqual({ key: "agreement#a", version: 3, body: { title: "A" } });
    expect(items.get("settings#x")?.on).toBe(true);
    await expect(
      t.viewStore.getItemsTogether(
        "mixed",
        Array.from({ length: 101 }, (_, n) => `k${n}`),
      ),
    ).rejects.toThrow(RangeError);
  });

  it("stores extra attributes beside a view without letting them replace keys", async () => {
    await t.viewStore.putView("acme", "listing#9", 1, { d: 1 }, { kind: "listing", pk: "evil" });
    const { Items } = await t.doc.send(
      new QueryCommand({
        TableName: t.names.views,
        KeyConditionExpression: "pk = :pk AND sk = :sk",
        ExpressionAttributeValues: { ":pk": "acme", ":sk": "listing#9" },
      }),
    );
    expect(Items?.map((item) => [item.pk, item.sk, item.kind])).toEqual([
      ["acme", "listing#9", "listing"],
    ]);
  });

  it("writes and deletes records in batches, and reads a key range newest first, filtered, in pages", async () => {
    const days = Array.from(
      { length: 60 },
      (_, n) => `2027-01-${String((n % 28) + 1).padStart(2, "0")}#${n}`,
    );
    await t.viewStore.putItems(
      "ranged",
      days.map((day, n) => ({ sk: `day#${day}`, fields: { n, even: n % 2 === 0 } })),
    );
    await t.viewStore.putItems("other", [
      { sk: "day#2027-01-05#x", fields: { n: -1, even: true } },
    ]);
    const range = { from: "day#2027-01-05", to: "day#2027-01-10#\uffff" };
    const filter = { expression: "#e = :e", names: { "#e": "even" }, values: { ":e": true } };
    const seen: number[] = [];
    let cursor: string | undefined;
    do {
      const page = await t.viewStore.queryItems("ranged", range, { limit: 3, cursor, filter });
      seen.push(...page.items.map((item) => Number(item.n)));
      cursor = page.next;
    } while (cursor);
    const expected = days
      .map((day, n) => ({ day, n }))
      .filter(({ day, n }) => n % 2 === 0 && day >= "2027-01-05" && day < "2027-01-11")
      .sort((a, b) => (a.day < b.day ? 1 : -1))
      .map(({ n }) => n);
    expect(seen).toEqual(expected);
    await t.viewStore.deleteItems(
      "ranged",
      days.map((day) => `day#${day}`),
    );
    expect(await t.viewStore.listItems("ranged", "day#")).toEqual([]);
    expect(await t.viewStore.listItems("other", "day#")).toHaveLength(1);
  });

  it("stores, reads, lists and deletes plain per-tenant records", async () => {
    expect(await t.viewStore.putItem("acme", "workload#w1", { name: "chat", tokens: 5 })).toBe(
      true,
    );
    expect(
      await t.viewStore.putItem("acme", "workload#w1", { name: "again" }, { ifAbsent: true }),
    ).toBe(false);
    expect(await t.viewStore.getItem("acme", "workload#w1")).toEqual({ name: "chat", tokens: 5 });
    expect(await t.viewStore.listItems("acme", "workload#")).toEqual([
      { sk: "workload#w1", name: "chat", tokens: 5 },
    ]);
    await t.viewStore.deleteItem("acme", "workload#w1");
    expect(await t.viewStore.getItem("acme", "workload#w1")).toBeUndefined();
  });

  it("replaces a record only while it still holds the values named, or lacks those named null", async () => {
    const key = "delivery-failed#d1";
    await t.viewStore.putItem("acme", key, { id: "d1", attempts: 1 });
    const request = { ifUnchanged: { id: "d1", request: null } };
    expect(await t.viewStore.putItem("acme", key, { id: "d1", request: "r1" }, request)).toBe(true);
    // The second caller read it before the first wrote: it lacked `request` then, not now.
    expect(await t.viewStore.putItem("acme", key, { id: "d1", request: "r2" }, request)).toBe(
      false,
    );
    expect(await t.viewStore.getItem("acme", key)).toEqual({ id: "d1", request: "r1" });
    // A named value makes the record required: a missing one is not created.
    expect(await t.viewStore.putItem("acme", "delivery-failed#gone", { id: "gone" }, request)).toBe(
      false,
    );
    expect(await t.viewStore.getItem("acme", "delivery-failed#gone")).toBeUndefined();
    const done = { ifUnchanged: { request: "r1", claim: null } };
    expect(await t.viewStore.putItem("acme", key, { id: "d1", attempts: 2 }, done)).toBe(true);
    expect(await t.viewStore.getItem("acme", key)).toEqual({ id: "d1", attempts: 2 });
  });
});
