import {
  EventBridgeClient,
  PutEventsCommand,
  type PutEventsCommandInput,
  type PutEventsRequestEntry,
  type PutEventsResultEntry,
} from "@aws-sdk/client-eventbridge";
import type { BusEntry, DomainEventDetail } from "@termline/core";
import { mockClient } from "aws-sdk-client-mock";
import { beforeEach, describe, expect, it } from "vitest";
import { EventBridgeBus, MAX_PUT_BYTES, putEventsEntrySize } from "./eventbridge-bus.ts";
import { PublishFailedError } from "./publish-failed-error.ts";

const BUS = "termline-test-bus";
const client = new EventBridgeClient({
  region: "us-east-1",
  credentials: { accessKeyId: "test", secretAccessKey: "test" },
});
const eventBridge = mockClient(client);
const sleeps: number[] = [];
const bus = (maxAttempts = 3) =>
  new EventBridgeBus({
    client,
    busName: BUS,
    maxAttempts,
    retryBaseMs: 10,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
  });

function detail(version: number, note = "n"): DomainEventDetail {
  return {
    id: `event-${version}`,
    tenant: "acme",
    agreementId: "a1",
    version,
    event: {
      id: `event-${version}`,
      type: "NoteAdded",
      version,
      effectiveOn: "2026-04-27",
      precision: "day",
      recordedAt: "2026-05-01T10:00:00.000Z",
      recordedBy: "tester",
      data: { text: note },
      sources: [],
    },
  };
}
const entry = (version: number, note?: string): BusEntry => ({
  detailType: "NoteAdded",
  detail: detail(version, note),
});
const expected = (e: BusEntry): PutEventsRequestEntry => ({
  EventBusName: BUS,
  Source: "termline",
  DetailType: e.detailType,
  Detail: JSON.stringify(e.detail),
});

/** Accepts every entry whose detail id is not in `reject` (an id maps to how often it fails). */
function respond(reject: Map<string, number> = new Map()) {
  eventBridge.on(PutEventsCommand).callsFake((input: PutEventsCommandInput) => {
    const Entries: PutEventsResultEntry[] = (input.Entries ?? []).map((sent, position) => {
      const id = (JSON.parse(sent.Detail ?? "{}") as { id: string }).id;
      const left = reject.get(id) ?? 0;
      if (left === 0) return { EventId: `eb-${id}-${position}` };
      reject.set(id, left - 1);
      return { ErrorCode: "InternalFailure", ErrorMessage: "try again" };
    });
    return { FailedEntryCount: Entries.filter((e) => e.ErrorCode).length, Entries };
  });
}
const sent = () =>
  eventBridge.commandCalls(PutEventsCommand).map((call) => call.args[0].input.Entries ?? []);

beforeEach(() => {
  eventBridge.reset();
  sleeps.length = 0;
});

describe("EventBridgeBus", () => {
  it("sends the exact PutEvents entries: bus, source termline, detail-type, JSON detail", async () => {
    respond();
    const one = entry(1);
    await bus().publish([one]);
    expect(eventBridge.commandCalls(PutEventsCommand).map((call) => call.args[0].input)).toEqual([
      {
        Entries: [
          {
            EventBusName: BUS,
            Source: "termline",
            DetailType: "NoteAdded",
            Detail: JSON.stringify(detail(1)),
          },
        ],
      },
    ]);
  });

  it("batches 25 entries into requests of 10, 10 and 5, in order", async () => {
    respond();
    const entries = Array.from({ length: 25 }, (_, i) => entry(i + 1));
    await bus().publish(entries);
    expect(sent()).toEqual([
      entries.slice(0, 10).map(expected),
      entries.slice(10, 20).map(expected),
      entries.slice(20).map(expected),
    ]);
  });

  it("splits by size so no request exceeds 256 KiB, measured in UTF-8 bytes", async () => {
    respond();
    // "é" is two bytes: by characters three of these would fit, by bytes only two do.
    const big = "é".repeat(50 * 1024);
    const entries = [entry(1, big), entry(2, big), entry(3, big), entry(4)];
    await bus().publish(entries);
    const requests = sent();
    expect(requests.map((r) => r.length)).toEqual([2, 2]);
    expect(requests.flat()).toEqual(entries.map(expected));
    for (const request of requests) {
      const size = request.reduce((total, e) => total + putEventsEntrySize(e), 0);
      expect(size).toBeLessThanOrEqual(MAX_PUT_BYTES);
    }
  });

  it("retries only the entries that failed, with backoff", async () => {
    respond(new Map([["event-3", 1]]));
    const entries = Array.from({ length: 5 }, (_, i) => entry(i + 1));
    await bus().publish(entries);
    expect(sent()).toEqual([entries.map(expected), [expected(entries[2] as BusEntry)]]);
    expect(sleeps).toEqual([10]);
  });

  it("throws PublishFailedError naming the entries that keep failing, after bounded tries", async () => {
    respond(new Map([["event-2", 99]]));
    const entries = [entry(1), entry(2), entry(3)];
    const error = await bus(3)
      .publish(entries)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PublishFailedError);
    const failed = (error as PublishFailedError).failed;
    expect(failed).toEqual([
      { index: 1, entry: entries[1], errorCode: "InternalFailure", errorMessage: "try again" },
    ]);
    expect((error as PublishFailedError).firstIndex).toBe(1);
    const onlySecond = [expected(entries[1] as BusEntry)];
    expect(sent()).toEqual([entries.map(expected), onlySecond, onlySecond]);
    expect(sleeps).toEqual([10, 20]);
  });

  it("retries every entry of a request that failed as a whole", async () => {
    eventBridge
      .on(PutEventsCommand)
      .rejectsOnce(Object.assign(new Error("socket hang up"), { name: "TimeoutError" }))
      .resolves({ FailedEntryCount: 0, Entries: [{ EventId: "x" }, { EventId: "y" }] });
    const entries = [entry(1), entry(2)];
    await bus().publish(entries);
    expect(sent()).toEqual([entries.map(expected), entries.map(expected)]);
  });

  it("fails an entry too large to ever send without holding back the others", async () => {
    respond();
    const huge = entry(1, "x".repeat(MAX_PUT_BYTES));
    const error = await bus()
      .publish([huge, entry(2)])
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PublishFailedError);
    expect((error as PublishFailedError).failed).toMatchObject([
      { index: 0, errorCode: "EntryTooLarge" },
    ]);
    expect(sent()).toEqual([[expected(entry(2))]]);
  });

  it("treats an entry without an EventId as not accepted", async () => {
    eventBridge
      .on(PutEventsCommand)
      .resolvesOnce({ FailedEntryCount: 0, Entries: [{}] })
      .resolves({ FailedEntryCount: 0, Entries: [{ EventId: "ok" }] });
    await bus().publish([entry(1)]);
    expect(sent()).toHaveLength(2);
  });
});
