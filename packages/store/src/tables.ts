import {
  CreateTableCommand,
  type CreateTableCommandInput,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  type DynamoDBClient,
  ResourceInUseException,
  ResourceNotFoundException,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
} from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient, paginateScan, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { EVENT_ITEM, STARTED_STREAM_ATTRIBUTE, STREAMS_BY_TENANT_INDEX } from "./event-items.ts";

/** Names are injected (SST links on AWS, random suffixes in tests), never global constants. */
export interface TableNames {
  events: string;
  views: string;
}

/** Idempotency records expire through TTL, the only way anything leaves the events table. */
export const EXPIRES_AT_ATTRIBUTE = "expiresAt";

const STREAMS_BY_TENANT_ATTRIBUTES = [
  { AttributeName: "tenant", AttributeType: "S" as const },
  { AttributeName: STARTED_STREAM_ATTRIBUTE, AttributeType: "S" as const },
];
const STREAMS_BY_TENANT = {
  IndexName: STREAMS_BY_TENANT_INDEX,
  KeySchema: [
    { AttributeName: "tenant", KeyType: "HASH" as const },
    { AttributeName: STARTED_STREAM_ATTRIBUTE, KeyType: "RANGE" as const },
  ],
  Projection: { ProjectionType: "KEYS_ONLY" as const },
};

export function eventsTableDefinition(name: string): CreateTableCommandInput {
  return {
    TableName: name,
    AttributeDefinitions: [
      { AttributeName: "pk", AttributeType: "S" },
      { AttributeName: "sk", AttributeType: "N" },
      ...STREAMS_BY_TENANT_ATTRIBUTES,
    ],
    KeySchema: [
      { AttributeName: "pk", KeyType: "HASH" },
      { AttributeName: "sk", KeyType: "RANGE" },
    ],
    GlobalSecondaryIndexes: [STREAMS_BY_TENANT],
    BillingMode: "PAY_PER_REQUEST",
    StreamSpecification: { StreamEnabled: true, StreamViewType: "NEW_IMAGE" },
  };
}

export function viewsTableDefinition(name: string): CreateTableCommandInput {
  return {
    TableName: name,
    AttributeDefinitions: [
      { AttributeName: "pk", AttributeType: "S" },
      { AttributeName: "sk", AttributeType: "S" },
    ],
    // Deadlines by date and history by instant are sort-key ranges of the tenant's partition: no index.
    KeySchema: [
      { AttributeName: "pk", KeyType: "HASH" },
      { AttributeName: "sk", KeyType: "RANGE" },
    ],
    BillingMode: "PAY_PER_REQUEST",
  };
}

/** Creates whichever table is missing and returns once both are ACTIVE; safe to call on every start. */
export async function ensureTables(client: DynamoDBClient, names: TableNames): Promise<void> {
  await Promise.all([
    ensureTable(client, eventsTableDefinition(names.events)),
    ensureTable(client, viewsTableDefinition(names.views)),
  ]);
  await ensureTimeToLive(client, names.events);
  await addStreamsByTenant(client, names.events);
}

async function ensureTable(client: DynamoDBClient, definition: CreateTableCommandInput) {
  const name = definition.TableName ?? "";
  if ((await tableStatus(client, name)) === undefined) {
    try {
      await client.send(new CreateTableCommand(definition));
    } catch (error) {
      // Another process created it between our check and our create: just wait for it.
      if (!(error instanceof ResourceInUseException)) throw error;
    }
  }
  await untilActive(`Table ${name}`, () => tableStatus(client, name));
}

/** Polls `status` until it says ACTIVE, for at most a minute. */
async function untilActive(what: string, status: () => Promise<string | undefined>) {
  const deadline = Date.now() + 60_000;
  while ((await status()) !== "ACTIVE") {
    if (Date.now() > deadline) throw new Error(`${what} did not become ACTIVE within 60 s`);
    await new Promise((done) => setTimeout(done, 200));
  }
}

/**
 * A database from before the index (a `.termline` directory kept between releases) gets it.
 * Its streams' first events get their index key first, so that a start stopped part way does
 * it again next time, and the index is created holding them all.
 */
async function addStreamsByTenant(client: DynamoDBClient, name: string): Promise<void> {
  if ((await streamsIndexStatus(client, name)) !== undefined) return;
  await indexStreamStarts(client, name);
  await client.send(
    new UpdateTableCommand({
      TableName: name,
      AttributeDefinitions: STREAMS_BY_TENANT_ATTRIBUTES,
      GlobalSecondaryIndexUpdates: [{ Create: STREAMS_BY_TENANT }],
    }),
  );
  await untilActive(`The index of ${name}`, () => streamsIndexStatus(client, name));
}

async function streamsIndexStatus(client: DynamoDBClient, name: string) {
  const { Table } = await client.send(new DescribeTableCommand({ TableName: name }));
  const index = Table?.GlobalSecondaryIndexes?.find(
    ({ IndexName }) => IndexName === STREAMS_BY_TENANT_INDEX,
  );
  return index && (index.IndexStatus ?? "UNKNOWN");
}

/**
 * Writes the index key on every stream's first event that lacks it (events written before the
 * index existed), and returns how many. Only that attribute changes: it is not part of the
 * event. Once per table, by an operator on AWS (the functions may not update the log).
 */
export async function indexStreamStarts(client: DynamoDBClient, name: string): Promise<number> {
  const doc = DynamoDBDocumentClient.from(client);
  const pages = paginateScan(
    { client: doc },
    {
      TableName: name,
      FilterExpression: "itemType = :event AND sk = :first AND attribute_not_exists(#started)",
      ExpressionAttributeNames: { "#started": STARTED_STREAM_ATTRIBUTE },
      ExpressionAttributeValues: { ":event": EVENT_ITEM, ":first": 1 },
      ProjectionExpression: "pk, sk, agreementId",
    },
  );
  let written = 0;
  for await (const page of pages) {
    for (const item of page.Items ?? []) {
      await doc.send(
        new UpdateCommand({
          TableName: name,
          Key: { pk: item.pk, sk: item.sk },
          UpdateExpression: "SET #started = :id",
          ConditionExpression: "attribute_exists(pk)",
          ExpressionAttributeNames: { "#started": STARTED_STREAM_ATTRIBUTE },
          ExpressionAttributeValues: { ":id": item.agreementId },
        }),
      );
      written++;
    }
  }
  return written;
}

async function tableStatus(client: DynamoDBClient, name: string): Promise<string | undefined> {
  try {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: name }));
    return Table?.TableStatus ?? "UNKNOWN";
  } catch (error) {
    if (error instanceof ResourceNotFoundException) return undefined;
    throw error;
  }
}

async function ensureTimeToLive(client: DynamoDBClient, name: string) {
  const { TimeToLiveDescription } = await client.send(
    new DescribeTimeToLiveCommand({ TableName: name }),
  );
  const status = TimeToLiveDescription?.TimeToLiveStatus;
  if (status === "ENABLED" || status === "ENABLING") return;
  await client.send(
    new UpdateTimeToLiveCommand({
      TableName: name,
      TimeToLiveSpecification: { AttributeName: EXPIRES_AT_ATTRIBUTE, Enabled: true },
    }),
  );
}
