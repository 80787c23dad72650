import type { StoredEvent } from "@termline/core";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createTestTables, type TestTables } from "../../../test/support/dynamo.ts";
import { appendInput, insertRecord, pendingEvent } from "../../../test/support/events.ts";
import { createProjector, type ProjectionDefinition } from "./projector.ts";

interface Toy {
  ids: string[];
  lastType: string | null;
}
const toyEvolve = (state: Toy, event: StoredEvent): Toy => {
  if (event.data.poison === true) throw new Error(`cannot project ${event.id}`);
  return { ids: [...state.ids, event.id], lastType: event.type };
};
const fold = (events: StoredEvent[]) => events.reduce(toyEvolve, { ids: [], lastType: null });

let t: TestTables;
/** Every committed event, in commit order, with the sequence number its stream record gets. */
const log: { event: StoredEvent; seq: string }[] = [];

async function commit(agreementId: string, events = [pendingEvent()], tenant = "acme") {
  const expectedVersion = await t.eventStore.currentVersion(tenant, agreementId);
  const result = await t.eventStore.append(
    appendInput({ tenant, agreementId, expectedVersion, events }),
  );
  for (const event of result.events) {
    log.push({ event, seq: String(log.length + 1).padStart(21, "0") });
  }
}
const recordsOf = (agreementId: string) =>
  log
    .filter(({ event }) => event.agreementId === agreementId)
    .map(({ event, seq }) => insertRecord(event, seq));

function toyProjector(prefix: string, overrides: Partial<ProjectionDefinition<Toy>> = {}) {
  return createProjector<Toy>({
    eventStore: t.eventStore,
    viewStore: t.viewStore,
    viewKey: (agreementId) => `${prefix}#${agreementId}`,
    initialState: () => ({ ids: [], lastType: null }),
    evolve: toyEvolve,
    onError: () => {},
    ...overrides,
  });
}

beforeAll(async () => {
  t = await createTestTables("projector");
  await commit("a", [pendingEvent("Signed"), pendingEvent("Amended")]);
  await commit("b", [pendingEvent("Signed")]);
  await commit("a", [pendingEvent("Extended")]);
  await commit("c", [pendingEvent("Signed"), pendingEvent("Amended"), pendingEvent("Ended")]);
  await commit("b", [pendingEvent("Amended")]);
  await commit("a", [pendingEvent("Amended")]);
  await commit("a", [pendingEvent("Signed")], "other-tenant");
});
afterAll(() => t.drop());

/** Streams a non-throwing projection can fold (the poison tenant is only for the failure test). */
const streamsIn = () => [
  ...new Set(
    log
      .filter(({ event }) => event.tenant !== "poison")
      .map(({ event }) => `${event.tenant}/${event.agreementId}`),
  ),
];
async function expectViewsEqualLog(prefix: string) {
  for (const stream of streamsIn()) {
    const [tenant = "", agreementId = ""] = stream.split("/");
    const events = log
      .map(({ event }) => event)
      .filter((e) => e.tenant === tenant && e.agreementId === agreementId);
    const view = await t.viewStore.getView(tenant, `${prefix}#${agreementId}`);
    expect(view, stream).toEqual({
      key: `${prefix}#${agreementId}`,
      version: events.length,
      body: fold(events),
    });
  }
}

let run = 0;
describe("projector", () => {
  it("yields the folded log whatever the duplicates, order and batches", async () => {
    const all = log.map(({ event, seq }) => insertRecord(event, seq));
    const indexes = all.map((_, i) => i);
    const deliveries = fc
      .array(fc.nat({ max: all.length - 1 }), { maxLength: 2 * all.length })
      .chain((extra) => {
        const every = [...indexes, ...extra];
        return fc.shuffledSubarray(every, { minLength: every.length, maxLength: every.length });
      });
    const batchSizes = fc.array(fc.integer({ min: 1, max: 6 }), { minLength: 1, maxLength: 10 });
    await fc.assert(
      fc.asyncProperty(deliveries, batchSizes, async (order, sizes) => {
        const prefix = `shuffled-${++run}`;
        const { handler } = toyProjector(prefix);
        for (let start = 0, b = 0; start < order.length; b++) {
          const size = sizes[b % sizes.length] ?? 1;
          const batch = order.slice(start, start + size).flatMap((i) => all[i] ?? []);
          expect(await handler({ Records: batch })).toEqual({ batchItemFailures: [] });
          start += size;
        }
        await expectViewsEqualLog(prefix);
      }),
      { numRuns: 25 },
    );
  });

  it("never moves a view backwards and never skips an event, even when records are lost", async () => {
    const records = recordsOf("c");
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.nat({ max: records.length - 1 }), { minLength: 1 }),
        async (order) => {
          const prefix = `lossy-${++run}`;
          await toyProjector(prefix).handler({ Records: order.flatMap((i) => records[i] ?? []) });
          const view = await t.viewStore.getView("acme", `${prefix}#c`);
          const events = log
            .map(({ event }) => event)
            .filter((e) => e.agreementId === "c" && e.tenant === "acme");
          expect(view?.version).toBeGreaterThanOrEqual(Math.max(...order) + 1);
          expect(view?.body).toEqual(fold(events.slice(0, view?.version)));
        },
      ),
      { numRuns: 15 },
    );
  });

  it("reads the log when a record skips ahead, and skips what it already reflects", async () => {
    const readStream = vi.fn(t.eventStore.readStream.bind(t.eventStore));
    const eventStore = {
      readStream,
      scanAllEvents: () => t.eventStore.scanAllEvents(),
      allStreams: (tenant: string) => t.eventStore.allStreams(tenant),
    };
    const { handler } = toyProjector("gap", { eventStore });
    const [first, second, third] = recordsOf("a");
    if (!first || !second || !third) throw new Error("the log has fewer events than expected");
    await handler({ Records: [third] });
    expect(readStream).toHaveBeenCalledWith("acme", "a", { afterVersion: 0, consistent: true });
    await handler({ Records: [first, second] });
    expect(readStream).toHaveBeenCalledTimes(1);
    const events = log
      .map(({ event }) => event)
      .filter((e) => e.agreementId === "a" && e.tenant === "acme");
    expect(await t.viewStore.getView("acme", "gap#a")).toMatchObject({
      version: 4,
      body: fold(events),
    });
  });

  it("reports the record that throws and keeps the views before it", async () => {
    await commit(
      "p",
      [pendingEvent(), pendingEvent("Bad", { poison: true }), pendingEvent()],
      "poison",
    );
    await commit("q", [pendingEvent(), pendingEvent()], "poison");
    const [p1, p2, p3] = recordsOf("p");
    const [q1, q2] = recordsOf("q");
    const batch = [q1, p1, p2, p3, q2].flatMap((r) => r ?? []);
    const { handler } = toyProjector("fail");
    const failure = { batchItemFailures: [{ itemIdentifier: p2?.dynamodb?.SequenceNumber }] };
    expect(await handler({ Records: batch })).toEqual(failure);
    expect((await t.viewStore.getView("poison", "fail#p"))?.version).toBe(1);
    expect((await t.viewStore.getView("poison", "fail#q"))?.version).toBe(1);
    // Lambda retries from the failed record: it fails again rather than being skipped.
    expect(await handler({ Records: batch.slice(2) })).toEqual(failure);
  });

  it("rebuilds views equal to the incremental ones", async () => {
    const clean = (e: StoredEvent) => e.tenant !== "poison";
    const records = log
      .filter(({ event }) => clean(event))
      .map(({ event, seq }) => insertRecord(event, seq));
    const evolve = (state: Toy, event: StoredEvent) =>
      clean(event) ? toyEvolve(state, event) : state;
    await toyProjector("incremental", { evolve }).handler({ Records: records });
    const before = await t.viewStore.listViews("acme", "incremental#");
    const result = await toyProjector("incremental", { evolve }).rebuildAll();
    expect(result.streams).toBe(streamsIn().length + 2);
    expect(await t.viewStore.listViews("acme", "incremental#")).toEqual(before);
    await expectViewsEqualLog("incremental");

    // A changed projection rewrites views at the same version.
    const counted = createProjector<{ count: number }>({
      eventStore: t.eventStore,
      viewStore: t.viewStore,
      viewKey: (id) => `incremental#${id}`,
      initialState: () => ({ count: 0 }),
      evolve: (state) => ({ count: state.count + 1 }),
    });
    await counted.rebuildAll();
    expect(await t.viewStore.getView("acme", "incremental#c")).toMatchObject({
      version: 3,
      body: { count: 3 },
    });
  });

  it("rebuilds one tenant's streams, found in its index entries, and no other tenant's", async () => {
    const acme = streamsIn().filter((stream) => stream.startsWith("acme/"));
    expect(acme.length).toBeLessThan(streamsIn().length);
    const result = await toyProjector("one-tenant").rebuildAll("acme");
    expect(result).toEqual({ streams: acme.length, events: expect.any(Number), failed: [] });
    for (const stream of streamsIn()) {
      const [tenant = "", agreementId = ""] = stream.split("/");
      const view = await t.viewStore.getView(tenant, `one-tenant#${agreementId}`);
      expect(view === undefined, stream).toBe(tenant !== "acme");
    }
  });

  it("catches one stream up from its log", async () => {
    const { projectStream } = toyProjector("catch-up");
    expect(await projectStream("acme", "b")).toMatchObject({ version: 2 });
    await commit("b", [pendingEvent("Ended")]);
    const caughtUp = await projectStream("acme", "b");
    expect(caughtUp).toMatchObject({ version: 3, state: { lastType: "Ended" } });
    expect((await t.viewStore.getView("acme", "catch-up#b"))?.body).toEqual(caughtUp.state);
  });
  it("writes a view's companions with it: a crash at any of its writes, retried, leaves none behind", async () => {
    await commit("k", [pendingEvent("Signed")]);
    const records = recordsOf("k");
    for (const crashAt of [1, 2]) {
      const prefix = `crash${crashAt}`;
      const listingKey = `${prefix}-listing#k`;
      const { handler } = toyProjector(prefix, {
        companions: (state) => [{ key: listingKey, body: { lastType: state.lastType } }],
      });
      // The projection's writes, counted: the crashAt-th fails, as a Lambda killed there would.
      let writes = 0;
      const crash = () => {
        writes++;
        if (writes === crashAt) throw new Error("crashed");
      };
      const putView = t.viewStore.putView.bind(t.viewStore);
      const together = t.viewStore.putViewsTogether.bind(t.viewStore);
      const spies = [
        vi.spyOn(t.viewStore, "putView").mockImplementation(async (...args) => {
          crash();
          return putView(...args);
        }),
        vi.spyOn(t.viewStore, "putViewsTogether").mockImplementation(async (puts) => {
          crash();
          return together(puts);
        }),
      ];
      try {
        await handler({ Records: records });
      } finally {
        for (const spy of spies) spy.mockRestore();
      }
      // Lambda delivers the batch again.
      expect(await handler({ Records: records })).toEqual({ batchItemFailures: [] });
      expect((await t.viewStore.getView("acme", `${prefix}#k`))?.version).toBe(1);
      expect(await t.viewStore.getView("acme", listingKey)).toEqual({
        key: listingKey,
        version: 1,
        body: { lastType: "Signed" },
      });
    }
  });
});
