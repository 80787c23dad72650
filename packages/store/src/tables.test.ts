import { randomUUID } from "node:crypto";
import { CreateTableCommand, DeleteTableCommand } from "@aws-sdk/client-dynamodb";
import { PutCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, describe, expect, inject, it } from "vitest";
import { pendingEvent } from "../../../test/support/events.ts";
import { createDynamoClients } from "./dynamo-client.ts";
import { toEventItem } from "./event-items.ts";
import { EventStore } from "./event-store.ts";
import { ensureTables, eventsTableDefinition, indexStreamStarts } from "./tables.ts";

const { client, doc } = createDynamoClients({ endpoint: inject("dynamoEndpoint") });
const suffix = randomUUID().slice(0, 8);
const names = { events: `old-events-${suffix}`, views: `old-views-${suffix}` };
afterAll(async () => {
  for (const TableName of [names.events, names.views])
    await client.send(new DeleteTableCommand({ TableName })).catch(() => undefined);
  client.destroy();
});

/** An event item as releases before the streams' index wrote it. */
function oldItem(tenant: string, agreementId: string, version: number) {
  const { startedStream: _, ...item } = toEventItem({
    ...pendingEvent(),
    tenant,
    agreementId,
    version,
    id: randomUUID(),
    recordedAt: "2026-05-01T09:30:00.000Z",
    recordedBy: "legal@example.com",
  });
  return item;
}

describe("a database from before the streams' index", () => {
  it("gets the index, with its streams' first events indexed, the first time the tables are ensured", async () => {
    const {
      GlobalSecondaryIndexes: _,
      AttributeDefinitions = [],
      ...old
    } = eventsTableDefinition(names.events);
    await client.send(
      new CreateTableCommand({
        ...old,
        AttributeDefinitions: AttributeDefinitions.filter(({ AttributeName }) =>
          ["pk", "sk"].includes(AttributeName ?? ""),
        ),
      }),
    );
    for (const [tenant, agreementId, version] of [
      ["old-a", "first", 1],
      ["old-a", "first", 2],
      ["old-a", "second", 1],
      ["old-b", "third", 1],
    ] as const)
      await doc.send(
        new PutCommand({ TableName: names.events, Item: oldItem(tenant, agreementId, version) }),
      );

    await ensureTables(client, names);

    const store = new EventStore(doc, names.events);
    expect(await store.listStreams("old-a", { limit: 10 })).toEqual({
      streams: ["first", "second"],
    });
    expect(await store.listStreams("old-b", { limit: 10 })).toEqual({ streams: ["third"] });
    // The events read back as they were written: the index key is not part of an event.
    const [first] = await store.readStream("old-a", "first");
    expect(first).not.toHaveProperty("startedStream");
    // Done once: a second start finds nothing left to index.
    await ensureTables(client, names);
    expect(await indexStreamStarts(client, names.events)).toBe(0);
  });
});
