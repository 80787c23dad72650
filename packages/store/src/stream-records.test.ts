import type { StoredEvent } from "@termline/core";
import { describe, expect, it } from "vitest";
import { insertRecord } from "../../../test/support/events.ts";
import { parseStreamRecord } from "./stream-records.ts";

const event: StoredEvent = {
  tenant: "acme",
  agreementId: "a1",
  id: "e1",
  version: 3,
  type: "TermAdded",
  effectiveOn: "2030-01-01",
  precision: "year",
  recordedAt: "2026-05-01T10:00:00.000Z",
  recordedBy: "someone",
  data: { nested: { list: [1, "two", true, null] }, empty: "" },
  sources: [{ publication: "Reuters", url: "https://example.com/x" }],
};

describe("parseStreamRecord", () => {
  it("reads an event back from an INSERT image", () => {
    expect(parseStreamRecord(insertRecord(event, "1"))).toEqual(event);
  });

  it("ignores removals, modifications and items that are not events", () => {
    const record = insertRecord(event, "1");
    expect(parseStreamRecord({ ...record, eventName: "REMOVE" })).toBeUndefined();
    expect(parseStreamRecord({ ...record, eventName: "MODIFY" })).toBeUndefined();
    const idempotency = {
      ...record.dynamodb,
      NewImage: { pk: { S: "acme#idempotency#k" }, sk: { N: "0" }, itemType: { S: "idempotency" } },
    };
    expect(parseStreamRecord({ ...record, dynamodb: idempotency })).toBeUndefined();
  });

  it("throws on a malformed event item so it is reported, not dropped", () => {
    const record = insertRecord(event, "1");
    const broken = {
      ...record.dynamodb,
      NewImage: { ...record.dynamodb?.NewImage, version: { S: "three" } },
    };
    expect(() => parseStreamRecord({ ...record, dynamodb: broken })).toThrow(
      /Malformed event item/,
    );
  });
});
