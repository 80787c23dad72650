import {
  CreateTableCommand,
  type CreateTableCommandInput,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  type DynamoDBClient,
  ResourceInUseException,
  ResourceNotFoundException,
  UpdateTimeToLiveCommand,
} from "@aws-sdk/client-dynamodb";

/** Names are injected (SST links on AWS, random suffixes in tests), never global constants. */
export interface TableNames {
  events: string;
  views: string;
}

/** Idempotency records expire through TTL, the only way anything leaves the events table. */
export const EXPIRES_AT_ATTRIBUTE = "expiresAt";

export function eventsTableDefinition(name: string): CreateTableCommandInput {
  return {
    TableName: name,
    AttributeDefinitions: [
      { AttributeName: "pk", AttributeType: "S" },
      { AttributeName: "sk", AttributeType: "N" },
    ],
    KeySchema: [
      { AttributeName: "pk", KeyType: "HASH" },
      { AttributeName: "sk", KeyType: "RANGE" },
    ],
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
  const deadline = Date.now() + 60_000;
  while ((await tableStatus(client, name)) !== "ACTIVE") {
    if (Date.now() > deadline) throw new Error(`Table ${name} did not become ACTIVE within 60 s`);
    await new Promise((done) => setTimeout(done, 200));
  }
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
