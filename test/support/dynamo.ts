import { randomUUID } from "node:crypto";
import { DeleteTableCommand } from "@aws-sdk/client-dynamodb";
import {
  createDynamoClients,
  type DynamoClients,
  EventStore,
  ensureTables,
  type TableNames,
  ViewStore,
} from "@termline/store";
import { inject } from "vitest";

export interface TestTables extends DynamoClients {
  endpoint: string;
  names: TableNames;
  eventStore: EventStore;
  viewStore: ViewStore;
  /** Deletes the tables and closes the clients; call it in afterAll. */
  drop(): Promise<void>;
}

/** Fresh, uniquely named tables on the shared DynamoDB Local, so test files run in parallel. */
export async function createTestTables(label = "test"): Promise<TestTables> {
  const endpoint = inject("dynamoEndpoint");
  const { client, doc } = createDynamoClients({ endpoint });
  const suffix = randomUUID().slice(0, 8);
  const names = { events: `${label}-events-${suffix}`, views: `${label}-views-${suffix}` };
  await ensureTables(client, names);
  return {
    endpoint,
    client,
    doc,
    names,
    eventStore: new EventStore(doc, names.events),
    viewStore: new ViewStore(doc, names.views),
    async drop() {
      await Promise.all(
        [names.events, names.views].map((TableName) =>
          client.send(new DeleteTableCommand({ TableName })).catch(() => undefined),
        ),
      );
      client.destroy();
    },
  };
}
