import { QueryCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestTables, type TestTables } from "../../../test/support/dynamo.ts";
import { BY_DATE_INDEX } from "./tables.ts";

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

  it("stores extra attributes for the byDate index without letting them replace keys", async () => {
    await t.viewStore.putView(
      "acme",
      "deadline#9",
      1,
      { d: 1 },
      { gsi1pk: "deadline", gsi1sk: "2027-01-01#acme", pk: "evil" },
    );
    const { Items } = await t.doc.send(
      new QueryCommand({
        TableName: t.names.views,
        IndexName: BY_DATE_INDEX,
        KeyConditionExpression: "gsi1pk = :pk AND gsi1sk BETWEEN :from AND :to",
        ExpressionAttributeValues: {
          ":pk": "deadline",
          ":from": "2026-12-01",
          ":to": "2027-02-01",
        },
      }),
    );
    expect(Items?.map((item) => [item.pk, item.sk])).toEqual([["acme", "deadline#9"]]);
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
});
