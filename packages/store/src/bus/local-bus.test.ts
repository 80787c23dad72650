import {
  type BusEntry,
  DEADLINE_APPROACHING,
  type DeadlineApproachingDetail,
} from "@termline/core";
import { describe, expect, it } from "vitest";
import { type BusEvent, type FailedDelivery, LocalBus } from "./local-bus.ts";

const alert: DeadlineApproachingDetail = {
  id: "acme|d1|30|2029-06-30",
  tenant: "acme",
  correlationId: "run-1",
  leadDays: 30,
  on: "2029-05-31",
  deadline: {
    id: "d1",
    date: "2029-06-30",
    precision: "day",
    kind: "tranche-due",
    agreementId: "amazon-openai",
    summary: "Contingent tranches due",
  },
};
const entry: BusEntry = { detailType: DEADLINE_APPROACHING, detail: alert };
const quiet = { retryBaseMs: 1, onFailure: () => {} };

describe("LocalBus", () => {
  it("delivers the exact EventBridge event shape, after publish has returned", async () => {
    const bus = new LocalBus({
      clock: () => new Date("2029-05-31T06:00:00.123Z"),
      newId: () => "eb-1",
    });
    const received: BusEvent[] = [];
    bus.subscribe("notify", async (event) => {
      received.push(event);
    });
    await bus.publish([entry]);
    expect(received).toEqual([]);
    await bus.drain();
    expect(received).toEqual([
      {
        version: "0",
        id: "eb-1",
        "detail-type": "DeadlineApproaching",
        source: "termline",
        account: "000000000000",
        time: "2029-05-31T06:00:00Z",
        region: "us-east-1",
        resources: [],
        detail: alert,
      },
    ]);
    expect(received[0]?.detail).not.toBe(alert);
  });

  it("honours a rule's detail-type pattern", async () => {
    const bus = new LocalBus();
    const seen: string[] = [];
    bus.subscribe("alerts-only", async (e) => void seen.push(e["detail-type"]), {
      detailType: [DEADLINE_APPROACHING],
    });
    await bus.publish([entry, { detailType: "NoteAdded", detail: { ...alert } }]);
    await bus.drain();
    expect(seen).toEqual([DEADLINE_APPROACHING]);
  });

  it("retries a subscriber that throws, then succeeds", async () => {
    const bus = new LocalBus(quiet);
    let calls = 0;
    bus.subscribe("flaky", async () => {
      calls += 1;
      if (calls < 3) throw new Error("not yet");
    });
    await bus.publish([entry]);
    await bus.drain();
    expect(calls).toBe(3);
    expect(bus.failed()).toEqual([]);
  });

  it("records a delivery that fails every try, and still delivers to the others", async () => {
    const reported: FailedDelivery[] = [];
    const bus = new LocalBus({ ...quiet, maxAttempts: 2, onFailure: (f) => void reported.push(f) });
    const healthy: string[] = [];
    bus.subscribe("broken", async () => {
      throw new Error("receiver down");
    });
    bus.subscribe("healthy", async (e) => void healthy.push(e.detail.id));
    await bus.publish([entry]);
    await bus.drain();
    expect(healthy).toEqual([alert.id]);
    expect(bus.failed()).toMatchObject([
      { subscriber: "broken", attempts: 2, error: "receiver down", event: { detail: alert } },
    ]);
    expect(reported).toEqual(bus.failed());
  });

  it("drain waits for deliveries published by subscribers meanwhile", async () => {
    const bus = new LocalBus();
    const seen: string[] = [];
    bus.subscribe("chain", async (e) => {
      seen.push(e["detail-type"]);
      if (e["detail-type"] === DEADLINE_APPROACHING)
        await bus.publish([{ detailType: "Followed", detail: alert }]);
    });
    await bus.publish([entry]);
    await bus.drain();
    expect(seen).toEqual([DEADLINE_APPROACHING, "Followed"]);
  });

  it("with awaitDelivery, publish resolves only after delivery (and never throws)", async () => {
    const bus = new LocalBus({ ...quiet, maxAttempts: 2, awaitDelivery: true });
    const seen: string[] = [];
    bus.subscribe("ok", async (e) => void seen.push(e.detail.id));
    bus.subscribe("broken", async () => {
      throw new Error("down");
    });
    await bus.publish([entry]);
    expect(seen).toEqual([alert.id]);
    expect(bus.failed()).toHaveLength(1);
  });

  it("stops delivering to a subscriber once unsubscribed", async () => {
    const bus = new LocalBus();
    let calls = 0;
    const unsubscribe = bus.subscribe("once", async () => {
      calls += 1;
    });
    unsubscribe();
    await bus.publish([entry]);
    await bus.drain();
    expect(calls).toBe(0);
  });
});
