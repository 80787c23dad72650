import type { StoredEvent } from "@termline/core";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { revisionsOf } from "../../functions/src/projector/answer-revisions.ts";
import { answersThroughKey, throughIn } from "../../functions/src/projector/answers-through.ts";
import {
  type ApiHarness,
  amendFrontierDistribution as amendFrontier,
  createApiHarness,
  note,
  TENANT,
  versionOf,
} from "../api/support.ts";
import { insertRecord } from "../support/events.ts";

/**
 * The API refreshes the answers right after a commit, and the stream projector then sees the
 * same events. When the API's refresh finished, the stream's must change nothing: before the
 * answers marks, it took the revisions written since the first event's instant for ones computed
 * without it, turned them into gaps (questions as known then went to the log) and rewrote every
 * cell in scope; and a redelivered batch did it all again.
 */
let api: ApiHarness;
const AMAZON = "amazon-openai";
const FRONTIER_ON_AZURE = { product: "frontier", provider: "azure", segment: "commercial" };

beforeAll(async () => {
  api = await createApiHarness("answers-refreshed-once");
});
afterAll(() => api.drop());

const markOf = async (agreementId: string) =>
  throughIn(await api.runtime.viewStore.getItem(TENANT, answersThroughKey(agreementId)));

/** AWS's Frontier distribution moved to end on `until`, through the API, at `at`. */
async function amendFrontierDistribution(until: string, at: string): Promise<StoredEvent[]> {
  api.setNow(at);
  return (await amendFrontier(api, until)).events;
}

describe("answers refreshed by the API are not refreshed again by the stream", () => {
  it("given two amendments the API refreshed, when the stream delivers them (twice), then it writes nothing and every revision between them stays", async () => {
    // Given the reference case, imported: its refresh covered every agreement it began.
    const seeded = await versionOf(api, AMAZON);
    expect(await markOf(AMAZON)).toBe(seeded);
    const first = await amendFrontierDistribution("2026-12-31", "2026-06-02T09:00:00.000Z");
    const second = await amendFrontierDistribution("2027-06-30", "2026-06-02T10:00:00.000Z");
    expect(await markOf(AMAZON)).toBe(seeded + 2);
    const revisions = () =>
      api.runtime.viewStore.queryViews(TENANT, {
        from: revisionsOf(FRONTIER_ON_AZURE),
        to: `${revisionsOf(FRONTIER_ON_AZURE)}\uffff`,
      });
    const before = await revisions();
    // Each amendment left a revision of Frontier on Azure, at its own instant.
    const labels = before.map(({ key }) => key.slice(revisionsOf(FRONTIER_ON_AZURE).length));
    expect(labels).toEqual(expect.arrayContaining([first[0]?.recordedAt, second[0]?.recordedAt]));

    // When the stream delivers both, in one batch, then again (a retried batch).
    const { viewStore } = api.runtime;
    const writes = {
      together: vi.spyOn(viewStore, "putViewsTogether"),
      one: vi.spyOn(viewStore, "putView"),
      marks: vi.spyOn(viewStore, "putItems"),
    };
    const Records = [...first, ...second].map((event, index) =>
      insertRecord(event, String(900 + index)),
    );
    try {
      for (const _ of [1, 2])
        expect(await api.projector.handler({ Records })).toEqual({ batchItemFailures: [] });
      // Then no answer, revision or mark is written (the history's and deadlines' own views
      // may be: they are the stream's to keep), and no revision became a gap.
      expect(writes.together).not.toHaveBeenCalled();
      const marks = writes.marks.mock.calls.flatMap(([, items]) => items.map(({ sk }) => sk));
      const views = writes.one.mock.calls.map(([, key]) => key);
      expect([...marks, ...views].filter((key) => key.startsWith("answer"))).toEqual([]);
    } finally {
      for (const write of Object.values(writes)) write.mockRestore();
    }
    expect(await revisions()).toEqual(before);
    expect(before.some(({ body }) => (body as { gap?: boolean }).gap)).toBe(false);

    // And asked as known between the two, the answer is the first amendment's: Azure may
    // serve Frontier again from 2027, when AWS's exclusive distribution has ended.
    const between = await api.get(
      "/entitlements?product=frontier&provider=azure&segment=commercial&at=2027-03-01&knownAt=2026-06-02T09:30:00.000Z",
    );
    expect(between.status, between.text).toBe(200);
    expect(between.body.decision).not.toBe("denied");
  }, 120_000);

  it("given a covered agreement, when a note is recorded through the API, then its own commit marks it covered", async () => {
    const version = await versionOf(api, AMAZON);
    expect(await markOf(AMAZON)).toBe(version);
    const marks = vi.spyOn(api.runtime.viewStore, "putItems");
    try {
      const response = await api.call("POST", `/agreements/${AMAZON}/events`, {
        body: { expectedVersion: version, events: [note("Pricing confirmed.")] },
      });
      expect(response.status, response.text).toBe(201);
      expect(marks).not.toHaveBeenCalled();
    } finally {
      marks.mockRestore();
    }
    expect(await markOf(AMAZON)).toBe(version + 1);
  });

  it("given a catalog change the API refreshed, when the stream delivers it, then it refreshes and re-indexes nothing", async () => {
    const { viewStore } = api.runtime;
    const before = await markOf("_catalog");
    expect(before).toBeGreaterThan(0);
    const renamed = await api.call("PATCH", "/catalog/providers/azure", {
      body: { name: "Azure Cloud" },
    });
    expect(renamed.status, renamed.text).toBe(200);
    expect(await markOf("_catalog")).toBe(before + 1);
    const [change] = await api.runtime.eventStore.readStream(TENANT, "_catalog", {
      afterVersion: before,
    });
    if (!change) throw new Error("the rename is in the catalog's log");
    const refresh = vi.spyOn(viewStore, "putViewsTogether");
    const listings = vi.spyOn(viewStore, "listItems");
    try {
      const Records = [insertRecord(change, "990")];
      expect(await api.projector.handler({ Records })).toEqual({ batchItemFailures: [] });
      expect(refresh).not.toHaveBeenCalled();
      // Re-indexing every deadline starts by listing the index.
      const listed = listings.mock.calls.map(([, prefix]) => prefix);
      expect(listed.filter((prefix) => prefix.startsWith("deadline#"))).toEqual([]);
    } finally {
      refresh.mockRestore();
      listings.mockRestore();
    }
    // The API's own refresh put the new name in the answers' reasons: Azure's first-ship
    // priority does not bind Frontier on AWS, Azure being shut out by AWS's exclusivity.
    const answer = await api.get(
      "/entitlements?product=frontier&provider=aws&segment=commercial&at=2026-06-15",
    );
    expect(answer.text).toMatch(/Does not bind: Azure Cloud is itself excluded/);
  });

  it("given a commit the API did not refresh, when the stream delivers it, then the stream refreshes it and moves the mark", async () => {
    // Given an amendment appended to the log alone (as if the API's refresh had failed).
    const version = await versionOf(api, AMAZON);
    const mark = await markOf(AMAZON);
    expect(mark).toBe(version);
    api.setNow("2026-06-02T11:00:00.000Z");
    const { events } = await api.runtime.eventStore.append({
      tenant: TENANT,
      agreementId: AMAZON,
      expectedVersion: version,
      events: [
        {
          type: "TermAmended",
          effectiveOn: "2026-06-01",
          precision: "day",
          data: { termId: "aws-frontier-distribution", changes: { until: "2026-09-30" } },
          sources: [],
        },
      ],
      recordedAt: api.now().toISOString(),
      recordedBy: "loader",
      newEventId: api.runtime.newId,
    });
    const records = events.map((event, index) => insertRecord(event, String(950 + index)));

    // When the stream delivers it.
    expect(await api.projector.handler({ Records: records })).toEqual({ batchItemFailures: [] });

    // Then its answers are refreshed (Azure may serve Frontier from October 2026) and the mark
    // covers it.
    const after = await api.get(
      "/entitlements?product=frontier&provider=azure&segment=commercial&at=2026-11-01",
    );
    expect(after.body.decision).not.toBe("denied");
    expect(await markOf(AMAZON)).toBe(version + 1);
  }, 120_000);
});
