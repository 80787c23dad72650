/**
 * Raw DynamoDB Local calls timed in the same run as the app's, so that the app's figures can be
 * read as ratios, which survive a noisy machine.
 */
import { randomUUID } from "node:crypto";
import { GetCommand, PutCommand, QueryCommand, TransactWriteCommand } from "@aws-sdk/lib-dynamodb";
import type { Bench, Row } from "./bench-harness.ts";
import { SAMPLING } from "./bench-settings.ts";
import { meterOnce } from "./capacity.ts";
import { measure } from "./stats.ts";

const RAW_BODY = "x".repeat(1000);

export interface Raw {
  get: () => Promise<unknown>;
  put: () => Promise<unknown>;
  rows: Row[];
}

export async function rawBaselines(bench: Bench): Promise<Raw> {
  const { raw, tables } = bench;
  await raw.send(
    new PutCommand({
      TableName: tables.views,
      Item: { pk: "bench-raw", sk: "get", body: RAW_BODY },
    }),
  );
  await raw.send(
    new PutCommand({
      TableName: tables.events,
      Item: { pk: "bench-raw#tx", sk: 0, body: RAW_BODY },
    }),
  );
  const get = () =>
    raw.send(
      new GetCommand({
        TableName: tables.views,
        Key: { pk: "bench-raw", sk: "get" },
        ConsistentRead: true,
      }),
    );
  // The entitlement's own call, on the same 1 KB item: its floor, beside GetItem's.
  const query = () =>
    raw.send(
      new QueryCommand({
        TableName: tables.views,
        KeyConditionExpression: "pk = :pk AND sk BETWEEN :from AND :to",
        ExpressionAttributeValues: { ":pk": "bench-raw", ":from": "get", ":to": "get~" },
        ScanIndexForward: false,
        ConsistentRead: true,
        Limit: 1,
      }),
    );
  const put = () =>
    raw.send(
      new PutCommand({
        TableName: tables.views,
        Item: { pk: "bench-raw", sk: randomUUID(), body: RAW_BODY },
        ConditionExpression: "attribute_not_exists(pk)",
      }),
    );
  const transact = () =>
    raw.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            ConditionCheck: {
              TableName: tables.events,
              Key: { pk: "bench-raw#tx", sk: 0 },
              ConditionExpression: "attribute_exists(pk)",
            },
          },
          {
            Put: {
              TableName: tables.events,
              Item: { pk: `bench-raw#${randomUUID()}`, sk: 1, body: RAW_BODY },
              ConditionExpression: "attribute_not_exists(pk)",
            },
          },
        ],
      }),
    );
  const rows: Row[] = [
    { name: "raw GetItem", sample: await measure(get, SAMPLING), cost: await meterOnce(get) },
    {
      name: "raw Query (limit 1, newest first)",
      sample: await measure(query, SAMPLING),
      cost: await meterOnce(query),
      note: "the entitlement's call, on the same item",
    },
    {
      name: "raw conditional PutItem",
      sample: await measure(put, SAMPLING),
      cost: await meterOnce(put),
    },
    {
      name: "raw TransactWriteItems",
      sample: await measure(transact, SAMPLING),
      cost: await meterOnce(transact),
      note: "ConditionCheck + conditional Put",
    },
  ];
  return { get, put, rows };
}
