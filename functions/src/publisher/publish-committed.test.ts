import {
  EventBridgeClient,
  PutEventsCommand,
  type PutEventsCommandInput,
} from "@aws-sdk/client-eventbridge";
import {
  type BusEntry,
  EntitlementChangedDetail,
  type EventBus,
  type StoredEvent,
} from "@termline/core";
import { EventBridgeBus, LocalBus, PublishFailedError } from "@termline/store";
import {
  startStreamPoller,
  viewsTableCheckpoints,
  viewsTableDeadLetters,
} from "@termline/store/local";
import type { DynamoDBRecord } from "aws-lambda";
import { mockClient } from "aws-sdk-client-mock";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createTestTables, type TestTables } from "../../../test/support/dynamo.ts";
import { appendInput, pendingEvent } from "../../../test/support/events.ts";
import { readStreamRecords } from "../../../test/support/stream-records.ts";
import { createCommittedPublisher, domainEventDetail } from "./publish-committed.ts";

let t: TestTables;
let records: DynamoDBRecord[];
let events: StoredEvent[];
const quiet = { onError: () => {} };

beforeAll(async () => {
  t = await createTestTables("publisher");
  const types = Array.from({ length: 12 }, (_, i) => (i === 0 ? "AgreementRecorded" : "NoteAdded"));
  const first = await t.eventStore.append(
    appendInput({
      agreementId: "a1",
      events: types.map((type, i) => pendingEvent(type, { n: i + 1 })),
      idempotency: { key: "k1", requestHash: "h" },
    }),
  );
  const second = await t.eventStore.append(
    appendInput({
      agreementId: "a2",
      events: [pendingEvent("NoteAdded", { text: "héllo" })],
      correlationId: "req-42",
    }),
  );
  events = [...first.events, ...second.events];
  records = await readStreamRecords(t.endpoint, t.names.events);
});
afterAll(() => t.drop());

/** The stream also holds the idempotency record: only event records are published. */
const eventRecords = () => records.filter((r) => r.dynamodb?.NewImage?.type !== undefined);
const sequenceOf = (record: DynamoDBRecord | undefined) => record?.dynamodb?.SequenceNumber;

class RecordingBus implements EventBus {
  published: BusEntry[] = [];
  constructor(private readonly failAt?: number) {}
  async publish(entries: BusEntry[]) {
    const failAt = this.failAt;
    if (failAt !== undefined && failAt < entries.length) {
      this.published.push(...entries.filter((_, i) => i !== failAt));
      const entry = entries[failAt] as BusEntry;
      throw new PublishFailedError([{ index: failAt, entry, errorCode: "X", errorMessage: "no" }]);
    }
    this.published.push(...entries);
  }
}

describe("publishing committed events from the stream", () => {
  it("publishes one DomainEventDetail per committed event, and nothing for other records", async () => {
    expect(records.length).toBeGreaterThan(events.length); // the idempotency record is there
    const bus = new RecordingBus();
    const response = await createCommittedPublisher({ bus })({ Records: records });
    expect(response).toEqual({ batchItemFailures: [] });
    expect(bus.published).toEqual(
      events.map((event) => ({ detailType: event.type, detail: domainEventDetail(event) })),
    );
    expect(bus.published[0]?.detail).toEqual({
      id: events[0]?.id,
      tenant: "acme",
      agreementId: "a1",
      version: 1,
      event: { ...events[0], tenant: undefined, agreementId: undefined },
    });
  });

  it("carries the recording request's correlation id from the stream to the bus", async () => {
    const bus = new RecordingBus();
    await createCommittedPublisher({ bus })({ Records: records });
    expect(bus.published.map(({ detail }) => detail.correlationId)).toEqual([
      ...Array.from({ length: 12 }, () => undefined),
      "req-42",
    ]);
  });

  it("reports the first record whose entry failed, so Lambda retries from there", async () => {
    const bus = new RecordingBus(4);
    const response = await createCommittedPublisher({ bus, ...quiet })({ Records: records });
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: sequenceOf(eventRecords()[4]) }]);
  });

  it("publishes what precedes an unreadable record, then reports it", async () => {
    const bus = new RecordingBus();
    const [one, two, three] = eventRecords();
    const broken: DynamoDBRecord = {
      ...two,
      dynamodb: { ...two?.dynamodb, NewImage: { ...two?.dynamodb?.NewImage, version: { S: "x" } } },
    };
    const response = await createCommittedPublisher({ bus, ...quiet })({
      Records: [one, broken, three] as DynamoDBRecord[],
    });
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: sequenceOf(two) }]);
    expect(bus.published.map((entry) => entry.detail.id)).toEqual([events[0]?.id]);
  });

  it("feeds the local bus from the real stream through the poller", async () => {
    const bus = new LocalBus();
    const received: string[] = [];
    bus.subscribe("spy", async (event) => void received.push(event.detail.id));
    const poller = startStreamPoller({
      connection: { endpoint: t.endpoint },
      tableName: t.names.events,
      handler: createCommittedPublisher({ bus }),
      checkpoints: viewsTableCheckpoints(t.viewStore),
      deadLetters: viewsTableDeadLetters(t.viewStore),
      intervalMs: 50,
      onError: () => {},
    });
    await poller.drain();
    await poller.stop();
    await bus.drain();
    expect(received).toEqual(events.map((event) => event.id));
  });
});

describe("publishing with EventBridgeBus", () => {
  const client = new EventBridgeClient({
    region: "us-east-1",
    credentials: { accessKeyId: "test", secretAccessKey: "test" },
  });
  const eventBridge = mockClient(client);
  const bus = new EventBridgeBus({ client, busName: "termline-bus", retryBaseMs: 1 });
  /** Fails every entry whose detail id is `failing`, `times` times (Infinity: always). */
  const respond = (failing?: string, times = Number.POSITIVE_INFINITY) => {
    let left = times;
    eventBridge.on(PutEventsCommand).callsFake((input: PutEventsCommandInput) => {
      const Entries = (input.Entries ?? []).map((entry) => {
        const id = (JSON.parse(entry.Detail ?? "{}") as { id: string }).id;
        if (id !== failing || left <= 0) return { EventId: `eb-${id}` };
        left -= 1;
        return { ErrorCode: "ThrottlingException", ErrorMessage: "slow down" };
      });
      return { FailedEntryCount: Entries.filter((e) => "ErrorCode" in e).length, Entries };
    });
  };
  const calls = () => eventBridge.commandCalls(PutEventsCommand).map((c) => c.args[0].input);
  beforeEach(() => eventBridge.reset());

  it("sends the exact PutEvents requests, batched by ten", async () => {
    respond();
    const response = await createCommittedPublisher({ bus })({ Records: records });
    expect(response).toEqual({ batchItemFailures: [] });
    const entries = events.map((event) => ({
      EventBusName: "termline-bus",
      Source: "termline",
      DetailType: event.type,
      Detail: JSON.stringify(domainEventDetail(event)),
    }));
    expect(calls()).toEqual([{ Entries: entries.slice(0, 10) }, { Entries: entries.slice(10) }]);
  });

  it("retries a failed entry and reports nothing when the retry succeeds", async () => {
    respond(events[11]?.id, 1);
    const response = await createCommittedPublisher({ bus })({ Records: records });
    expect(response).toEqual({ batchItemFailures: [] });
    expect(calls().map((c) => c.Entries?.length)).toEqual([10, 3, 1]);
  });

  it("reports the record of an entry that keeps failing as the batch item failure", async () => {
    respond(events[7]?.id);
    const response = await createCommittedPublisher({ bus, ...quiet })({ Records: records });
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: sequenceOf(eventRecords()[7]) }]);
    // Three tries of that one entry: the first request, then two retries of it alone.
    expect(calls().map((c) => c.Entries?.length)).toEqual([10, 3, 1, 1]);
  });
});

describe("a cell's change of decision", () => {
  it("is published as EntitlementChanged with the cell and its periods, named by the event's id", async () => {
    const own = await createTestTables("publisher-answers");
    try {
      const periods = [{ from: "2027-01-01", to: null, before: "denied", after: "allowed" }];
      const { events: written } = await own.eventStore.append(
        appendInput({
          agreementId: "_answer.commercial.frontier.azure",
          events: [
            pendingEvent("EntitlementChanged", {
              product: "frontier",
              provider: "azure",
              segment: "commercial",
              periods,
            }),
          ],
        }),
      );
      const bus = new RecordingBus();
      const publish = createCommittedPublisher({ bus, ...quiet });
      const streamed = await readStreamRecords(own.endpoint, own.names.events);
      expect(await publish({ Records: streamed })).toEqual({ batchItemFailures: [] });
      expect(bus.published).toEqual([
        {
          detailType: "EntitlementChanged",
          detail: {
            id: written[0]?.id,
            tenant: "acme",
            product: "frontier",
            provider: "azure",
            segment: "commercial",
            periods,
          },
        },
      ]);
      expect(EntitlementChangedDetail.safeParse(bus.published[0]?.detail).success).toBe(true);
    } finally {
      await own.drop();
    }
  });
});
