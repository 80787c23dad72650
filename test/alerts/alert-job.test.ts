import type { BusEntry, DeadlineApproachingDetail, EventBus } from "@termline/core";
import { afterEach, describe, expect, it } from "vitest";
import { runAlertJob } from "../../functions/src/alerts/run-alerts.ts";
import { type ApiHarness, createApiHarness } from "../api/support.ts";

/** Our own port, recorded: the EventBridge adapter is tested against the SDK apart. */
class RecordingBus implements EventBus {
  readonly sent: BusEntry[] = [];
  failNext = 0;
  async publish(entries: BusEntry[]): Promise<void> {
    if (this.failNext > 0) {
      this.failNext -= 1;
      throw new Error("bus unavailable");
    }
    this.sent.push(...entries);
  }
  alerts(): DeadlineApproachingDetail[] {
    return this.sent.map((entry) => entry.detail as DeadlineApproachingDetail);
  }
}

const TRAINIUM = "amazon-openai:trainium-capacity:capacity-milestone:0"; // 2027 → 2027-12-31
const TRANCHE = "amazon-openai:amazon-contingent-tranches:tranche-due"; // 2028-12-31
const harnesses: ApiHarness[] = [];
const fresh = async () => {
  const api = await createApiHarness("alerts");
  harnesses.push(api);
  return api;
};
afterEach(async () => {
  await Promise.all(harnesses.splice(0).map((api) => api.drop()));
});

const summary = (bus: RecordingBus) =>
  bus.alerts().map(({ deadline, leadDays, on }) => `${deadline.id}@${leadDays}:${on}`);

describe("the daily alert job", () => {
  it("publishes DeadlineApproaching on an alert day, with the deadline and its precision", async () => {
    const api = await fresh();
    const bus = new RecordingBus();
    const run = await runAlertJob(api.runtime, bus, { today: "2027-12-24" });
    expect(summary(bus)).toEqual([`${TRAINIUM}@7:2027-12-24`]);
    expect(bus.sent[0]?.detailType).toBe("DeadlineApproaching");
    expect(bus.alerts()[0]).toMatchObject({
      id: `acme|${TRAINIUM}|7|2027-12-31`,
      tenant: "acme",
      deadline: { date: "2027-12-31", precision: "year", agreementId: "amazon-openai" },
    });
    expect(run.published).toEqual([`acme|${TRAINIUM}|7|2027-12-31`]);
  });

  it("sends nothing twice: a second run the same day, or two runs at once", async () => {
    const api = await fresh();
    const bus = new RecordingBus();
    await runAlertJob(api.runtime, bus, { today: "2027-12-24" });
    await runAlertJob(api.runtime, bus, { today: "2027-12-24" });
    expect(summary(bus)).toEqual([`${TRAINIUM}@7:2027-12-24`]);

    const other = await fresh();
    const racing = new RecordingBus();
    const runs = await Promise.all(
      [1, 2, 3].map(() => runAlertJob(other.runtime, racing, { today: "2027-12-24" })),
    );
    expect(summary(racing)).toEqual([`${TRAINIUM}@7:2027-12-24`]);
    expect(runs.flatMap((run) => run.published)).toHaveLength(1);
  });

  it("catches up the days it missed, from its last completed run", async () => {
    const api = await fresh();
    const bus = new RecordingBus();
    await runAlertJob(api.runtime, bus, { today: "2027-11-30" });
    await runAlertJob(api.runtime, bus, { today: "2028-01-02" });
    expect(summary(bus)).toEqual([
      `${TRAINIUM}@30:2027-12-01`,
      `${TRAINIUM}@7:2027-12-24`,
      `${TRANCHE}@365:2028-01-01`,
    ]);
  });

  it("re-plans a deadline moved by an amendment: nothing for the old date", async () => {
    const api = await fresh();
    api.setNow("2027-12-01T00:00:00.000Z");
    const version = (await api.get("/agreements/amazon-openai")).body.version;
    const moved = await api.call("POST", "/agreements/amazon-openai/events", {
      body: {
        expectedVersion: version,
        events: [
          {
            type: "TermAmended",
            termId: "amazon-contingent-tranches",
            changes: { dueBy: "2029-06-30" },
          },
        ],
      },
    });
    expect(moved.status, moved.text).toBe(201);
    const bus = new RecordingBus();
    await runAlertJob(api.runtime, bus, { today: "2027-12-31" });
    await runAlertJob(api.runtime, bus, { today: "2028-01-01" });
    expect(summary(bus).filter((alert) => alert.startsWith(TRANCHE))).toEqual([]);
    await runAlertJob(api.runtime, bus, { today: "2028-06-30" });
    expect(summary(bus).filter((alert) => alert.startsWith(TRANCHE))).toEqual([
      `${TRANCHE}@365:2028-06-30`,
    ]);
  });

  it("stops reminding once a person acknowledges the deadline", async () => {
    const api = await fresh();
    api.setNow("2027-12-01T00:00:00.000Z");
    const version = (await api.get("/agreements/amazon-openai")).body.version;
    const acknowledged = await api.call("POST", "/agreements/amazon-openai/events", {
      body: {
        expectedVersion: version,
        events: [
          { type: "DeadlineAcknowledged", deadlineId: TRAINIUM, note: "tracked by procurement" },
        ],
      },
    });
    expect(acknowledged.status, acknowledged.text).toBe(201);
    const deadlines = (await api.get("/deadlines")).body.deadlines;
    expect(deadlines.find((d: { id: string }) => d.id === TRAINIUM).acknowledged).toMatchObject({
      by: expect.stringMatching(/^editor-/),
    });
    const trail = (await api.get("/agreements/amazon-openai/events")).body.events;
    expect(trail.at(-1)).toMatchObject({
      type: "DeadlineAcknowledged",
      recordedBy: expect.stringMatching(/^editor-/),
    });

    const bus = new RecordingBus();
    await runAlertJob(api.runtime, bus, { today: "2027-12-24" });
    expect(summary(bus)).toEqual([]);
  });

  it("keeps an alert it could not publish for the next run", async () => {
    const api = await fresh();
    const bus = new RecordingBus();
    bus.failNext = 1;
    const failed = await runAlertJob(api.runtime, bus, { today: "2027-12-24" });
    expect(failed.failed.map(({ alertId }) => alertId)).toEqual([`acme|${TRAINIUM}|7|2027-12-31`]);
    expect(summary(bus)).toEqual([]);
    await runAlertJob(api.runtime, bus, { today: "2027-12-25" });
    expect(summary(bus)).toEqual([`${TRAINIUM}@7:2027-12-24`]);
  });
});

describe("a deadline recorded after the day's run", () => {
  it("still gets its alert for today on the next run that day, once", async () => {
    const api = await fresh();
    const bus = new RecordingBus();
    await runAlertJob(api.runtime, bus, { today: "2027-06-01" });
    expect(summary(bus)).toEqual([]);
    // Recorded in the afternoon: its 30-day alert falls on this very day.
    api.setNow("2027-06-01T15:00:00.000Z");
    const version = (await api.get("/agreements/amazon-openai")).body.version;
    const recorded = await api.call("POST", "/agreements/amazon-openai/events", {
      body: {
        expectedVersion: version,
        events: [
          {
            type: "InvestmentTrancheCommitted",
            effectiveOn: "2027-06-01",
            termId: "bridge-tranche",
            investor: "amazon",
            investee: "openai",
            amount: { amount: 1e9, currency: "USD" },
            contingent: false,
            dueBy: "2027-07-01",
          },
        ],
      },
    });
    expect(recorded.status, recorded.text).toBe(201);
    await runAlertJob(api.runtime, bus, { today: "2027-06-01" });
    await runAlertJob(api.runtime, bus, { today: "2027-06-01" });
    expect(summary(bus)).toEqual(["amazon-openai:bridge-tranche:tranche-due@30:2027-06-01"]);
  });
});
