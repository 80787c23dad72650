import { readFile } from "node:fs/promises";
import { idempotencyPk } from "@termline/store";
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from "aws-lambda";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createToken } from "../../functions/src/api/token-registry.ts";
import { agreementViewKey } from "../../functions/src/projector/agreement-projection.ts";
import { readStreamRecords as readStream } from "../support/stream-records.ts";
import { streamEvent } from "./support/events.ts";
import type { WireEntry } from "./support/fake-eventbridge.ts";
import {
  agreementInput,
  givenCatalogOf,
  type HttpHandler,
  invokeHttp,
  trancheEvent,
} from "./support/http.ts";
import { type LambdaEnv, setUpLambdaEnv } from "./support/lambda-env.ts";

type StreamHandler = (event: DynamoDBStreamEvent) => Promise<DynamoDBBatchResponse>;

let env: LambdaEnv;
let api: HttpHandler;
let projector: StreamHandler;
let publisher: StreamHandler;
let editor: string;

beforeAll(async () => {
  env = await setUpLambdaEnv("lambda-stream", ["api", "projector", "publisher"]);
  editor = await createToken(
    env.tables.viewStore,
    { tenant: "acme", role: "editor", name: "Edie" },
    new Date(),
  );
  api = await env.load("api");
  await givenCatalogOf(env.tables.viewStore, "acme");
  projector = await env.load("projector");
  publisher = await env.load("publisher");
});
afterAll(() => env?.close());

const post = async (url: string, body: unknown, headers: Record<string, string> = {}) => {
  const reply = await invokeHttp(api, "POST", url, { token: editor, body, headers });
  expect(reply.status, reply.text).toBe(201);
  return reply;
};
const streamOf = (after?: string) =>
  readStream(env.tables.endpoint, env.tables.names.events, after);
const versionOf = (entry: WireEntry | undefined) =>
  (JSON.parse(entry?.Detail ?? "{}") as { version?: number }).version;
const sequenceOf = (record: DynamoDBRecord | undefined) => record?.dynamodb?.SequenceNumber ?? "";

describe("the stream handlers, fed records read from DynamoDB Local's stream", () => {
  let records: DynamoDBRecord[] = [];

  it("the API's commits reach the stream (with the idempotency record beside the events)", async () => {
    await post("/api/v1/agreements", agreementInput("acme-cloud"), { "idempotency-key": "rec-1" });
    await post("/api/v1/agreements/acme-cloud/events", {
      expectedVersion: 1,
      events: [trancheEvent("2030-06-30")],
    });
    records = await streamOf();
    const keys = records.map((record) => record.dynamodb?.Keys?.pk?.S);
    expect(keys.filter((pk) => pk === "acme#acme-cloud")).toHaveLength(2);
    expect(keys).toContain(idempotencyPk("acme", "rec-1"));
    expect(records.every((record) => record.eventName === "INSERT")).toBe(true);
  });

  it("the projector bundle rebuilds the agreement view from those records", async () => {
    const { viewStore } = env.tables;
    // The API projected inline; take that view away so only the projector can bring it back.
    await viewStore.deleteItem("acme", agreementViewKey("acme-cloud"));
    expect(await viewStore.getView("acme", agreementViewKey("acme-cloud"))).toBeUndefined();

    expect(await projector(streamEvent(records))).toEqual({ batchItemFailures: [] });
    const view = await viewStore.getView("acme", agreementViewKey("acme-cloud"));
    expect(view?.version).toBe(2);
    expect(JSON.stringify(view?.body)).toContain("first-tranche");
  });

  it("the publisher bundle carries no DynamoDB client: it reads the records it is given and writes only to the bus", async () => {
    const bundle = env.bundles.find(({ name }) => name === "publisher");
    const projectorBundle = env.bundles.find(({ name }) => name === "projector");
    // Whether a bundle holds a client: its class's name, which the build keeps.
    const holds = async (file: string | undefined, client: string) =>
      (await readFile(file ?? "", "utf8")).includes(client);
    // The projector, which writes views, does carry it.
    expect(await holds(projectorBundle?.file, "DynamoDBClient")).toBe(true);
    expect(await holds(bundle?.file, "DynamoDBClient")).toBe(false);
    expect(await holds(bundle?.file, "EventBridgeClient")).toBe(true);
  });

  it("the publisher bundle puts each committed event on the bus, in one PutEvents", async () => {
    expect(await publisher(streamEvent(records))).toEqual({ batchItemFailures: [] });
    const stored = await env.tables.eventStore.readStream("acme", "acme-cloud");
    expect(env.eventBridge.calls).toHaveLength(1);
    const [call] = env.eventBridge.calls;
    expect(call?.headers["x-amz-target"]).toBe("AWSEvents.PutEvents");
    expect(call?.headers.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=local\//);
    expect(
      call?.entries.map(({ EventBusName, Source, DetailType }) => ({
        EventBusName,
        Source,
        DetailType,
      })),
    ).toEqual([
      { EventBusName: env.busName, Source: "termline", DetailType: "AgreementRecorded" },
      { EventBusName: env.busName, Source: "termline", DetailType: "InvestmentTrancheCommitted" },
    ]);
    const details = call?.entries.map((entry) => JSON.parse(entry.Detail ?? "{}"));
    expect(details).toEqual(
      stored.map((event) => ({
        id: event.id,
        tenant: "acme",
        agreementId: "acme-cloud",
        version: event.version,
        // The id of the API request that recorded it, stored with the event.
        correlationId: event.correlationId ?? "missing",
        event: expect.objectContaining({ id: event.id, type: event.type, data: event.data }),
      })),
    );
  });

  it("reports the first entry EventBridge keeps refusing as the batch item failure", async () => {
    const last = sequenceOf(records.at(-1));
    await post("/api/v1/agreements/acme-cloud/events", {
      expectedVersion: 2,
      events: [
        { type: "NoteAdded", text: "first note" },
        { type: "NoteAdded", text: "second note" },
      ],
    });
    const fresh = await streamOf(last);
    expect(fresh).toHaveLength(2);
    env.eventBridge.calls.length = 0;
    env.eventBridge.reject = (entry) => versionOf(entry) === 3;

    const response = await publisher(streamEvent(fresh));
    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: sequenceOf(fresh[0]) }] });
    // One request with both, then the refused entry alone on each retry (3 tries in all).
    expect(env.eventBridge.calls.map((call) => call.entries.map(versionOf))).toEqual([
      [3, 4],
      [3],
      [3],
    ]);

    // Lambda retries from the reported record: both are sent again, and consumers dedupe by id.
    env.eventBridge.reject = () => false;
    expect(await publisher(streamEvent(fresh))).toEqual({ batchItemFailures: [] });
    expect(env.eventBridge.accepted.slice(-3).map(versionOf)).toEqual([4, 3, 4]);
  });
});
