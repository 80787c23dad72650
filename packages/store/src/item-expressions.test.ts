import { describe, expect, it } from "vitest";
import { fieldsUpdate } from "./item-expressions.ts";

const newer = {
  expression: "attribute_not_exists(#frev) OR #frev < :frev",
  names: { "#frev": "rev" },
  values: { ":frev": 3 },
};

describe("an update of some fields of a record", () => {
  it("sets the defined fields and removes the undefined, on a record that exists and meets the condition", () => {
    expect(fieldsUpdate({ owner: undefined, rev: 3 }, newer)).toEqual({
      UpdateExpression: "SET #s1 = :s1 REMOVE #s0",
      ConditionExpression:
        "attribute_exists(sk) AND (attribute_not_exists(#frev) OR #frev < :frev)",
      ExpressionAttributeNames: { "#s0": "owner", "#s1": "rev", "#frev": "rev" },
      ExpressionAttributeValues: { ":s1": 3, ":frev": 3 },
    });
  });

  it("leaves out the values when there are none, as DynamoDB refuses an empty map", () => {
    const exists = { expression: "attribute_exists(#fo)", names: { "#fo": "owner" }, values: {} };
    expect(fieldsUpdate({ owner: undefined }, exists)).not.toHaveProperty(
      "ExpressionAttributeValues",
    );
  });

  it("refuses no fields, and a condition using the update's own placeholders", () => {
    expect(() => fieldsUpdate({}, newer)).toThrow(RangeError);
    const clashing = { ...newer, names: { "#s0": "rev" } };
    expect(() => fieldsUpdate({ rev: 4 }, clashing)).toThrow(/#s0/);
  });
});
