import type { StoredEvent } from "@termline/core";
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from "aws-lambda";
import { afterEach, describe, expect, it } from "vitest";
import { createTestTables, type TestTables } from "../../../../test/support/dynamo.ts";
import { appendInput, pendingEvent } from "../../../../test/support/events.ts";
import { createProjector } from "../projector.ts";
import { parseStreamRecord } from "../stream-records.ts";
import type { StreamHandler } from "./deliver-batch.ts";
import { type StreamPoller, startStreamPoller } from "./stream-poller.ts";
import { listDeadLetters, viewsTableCheckpoints, viewsTableDeadLetters } from "./system-records.ts";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function tables() {
  const t = await createTestTables("poller");
  cleanups.push(() => t.drop());
  return t;
}

function poller(t: TestTables, handler: StreamHandler, maxAttempts = 3): StreamPoller {
  const started = startStreamPoller({
    connection: { endpoint: t.endpoint },
    tableName: t.names.events,
    handler,
    checkpoints: viewsTableCheckpoints(t.viewStore),
    deadLetters: viewsTableDeadLetters(t.viewStore),
    intervalMs: 50,
    maxAttempts,
    retryBaseMs: 5,
    onError: () => {},
  });
  cleanups.push(() => started.stop());
  return started;
}

function counter(t: TestTables) {
  return createProjector<{ count: number; types: string[] }>({
    eventStore: t.eventStore,
    viewStore: t.viewStore,
    viewKey: (id) => `count#${id}`,
    initialState: () => ({ count: 0, types: [] }),
    evolve: (state, event) => ({ count: state.count + 1, types: [...state.types, event.type] }),
  });
}

/** Wraps a handler to record which events it was given. */
function spying(handler: StreamHandler) {
  const seen: StoredEvent[] = [];
  const wrapped = async (event: DynamoDBStreamEvent) => {
    for (const record of event.Records) {
      const parsed = parseStreamRecord(record);
      if (parsed) seen.push(parsed);
    }
    return handler(event);
  };
  return { seen, wrapped };
}

const append = (t: TestTables, agreementId: string, expectedVersion: number, types: string[]) =>
  t.eventStore.append(
    appendInput({
      agreementId,
      expectedVersion,
      events: types.map((type) => pendingEvent(type)),
      idempotency: { key: `${agreementId}-${expectedVersion}`, requestHash: "h" },
    }),
  );

describe("stream poller", () => {
  it("feeds the table's real stream to the projector handler", async () => {
    const t = await tables();
    await append(t, "a1", 0, ["Signed", "Amended"]);
    await append(t, "a2", 0, ["Signed"]);
    const running = poller(t, counter(t).handler);
    await running.drain();
    expect((await t.viewStore.getView("acme", "count#a1"))?.body).toEqual({
      count: 2,
      types: ["Signed", "Amended"],
    });
    await append(t, "a1", 2, ["Ended"]);
    await running.drain();
    expect(await t.viewStore.getView("acme", "count#a1")).toMatchObject({
      version: 3,
      body: { count: 3 },
    });
    expect(await t.viewStore.getView("acme", "count#a2")).toMatchObject({ version: 1 });
  });

  it("resumes after its checkpoint when restarted", async () => {
    const t = await tables();
    await append(t, "a1", 0, ["Signed", "Amended"]);
    const first = spying(counter(t).handler);
    const one = poller(t, first.wrapped);
    await one.drain();
    await one.stop();
    await append(t, "a1", 2, ["Extended"]);

    const second = spying(counter(t).handler);
    await poller(t, second.wrapped).drain();
    expect(first.seen.map((e) => e.version)).toEqual([1, 2]);
    expect(second.seen.map((e) => e.version)).toEqual([3]);
    expect(await t.viewStore.getView("acme", "count#a1")).toMatchObject({
      version: 3,
      body: { count: 3 },
    });
  });

  it("retries a failing record, then parks it as a dead letter and goes on", async () => {
    const t = await tables();
    await append(t, "a1", 0, ["Signed", "Poison", "Amended"]);
    const projector = counter(t);
    const attempts: number[] = [];
    const handler = async (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> => {
      const poison = event.Records.find((r) => parseStreamRecord(r)?.type === "Poison");
      if (!poison) return projector.handler(event);
      attempts.push(event.Records.length);
      const before = event.Records.slice(0, event.Records.indexOf(poison));
      await projector.handler({ Records: before });
      return { batchItemFailures: [{ itemIdentifier: poison.dynamodb?.SequenceNumber ?? "" }] };
    };
    await poller(t, handler, 3).drain();
    expect(attempts).toHaveLength(3);
    const dead = await listDeadLetters(t.viewStore);
    expect(dead).toHaveLength(1);
    expect(dead[0]).toMatchObject({ attempts: 3 });
    expect(parseStreamRecord(dead[0]?.record ?? {})?.type).toBe("Poison");
    // The record after the poison was still delivered (it catches up from the log, poison included).
    expect((await t.viewStore.getView("acme", "count#a1"))?.version).toBe(3);
  });

  it("narrows a throwing batch down to the one bad record", async () => {
    const t = await tables();
    await append(t, "a1", 0, ["Signed", "Poison", "Amended"]);
    await append(t, "a2", 0, ["Signed"]);
    const projector = counter(t);
    const handler = async (event: DynamoDBStreamEvent) => {
      if (event.Records.some((r) => parseStreamRecord(r)?.type === "Poison"))
        throw new Error("boom");
      return projector.handler(event);
    };
    await poller(t, handler, 2).drain();
    const dead = await listDeadLetters(t.viewStore);
    expect(dead.map((d) => parseStreamRecord(d.record)?.type)).toEqual(["Poison"]);
    expect(dead[0]?.reason).toBe("boom");
    expect((await t.viewStore.getView("acme", "count#a2"))?.version).toBe(1);
  });

  it("finishes the batch in hand before stop() resolves", async () => {
    const t = await tables();
    const projector = counter(t);
    let entered: () => void = () => {};
    const inHandler = new Promise<void>((done) => {
      entered = done;
    });
    let finished = false;
    const slow = async (event: DynamoDBStreamEvent) => {
      entered();
      await new Promise((done) => setTimeout(done, 300));
      const result = await projector.handler(event);
      finished = true;
      return result;
    };
    const running = startStreamPoller({
      connection: { endpoint: t.endpoint },
      tableName: t.names.events,
      handler: slow,
      checkpoints: viewsTableCheckpoints(t.viewStore),
      deadLetters: viewsTableDeadLetters(t.viewStore),
      intervalMs: 20,
    });
    await append(t, "a1", 0, ["Signed"]);
    await inHandler;
    await running.stop();
    expect(finished).toBe(true);
    expect((await t.viewStore.getView("acme", "count#a1"))?.version).toBe(1);
    const checkpoints = await t.viewStore.listItems("_system", "checkpoint#");
    expect(checkpoints).toHaveLength(1);
  });
});
