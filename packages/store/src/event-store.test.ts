import { IdempotencyKeyReusedError, ValidationError, VersionConflictError } from "@termline/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestTables, type TestTables } from "../../../test/support/dynamo.ts";
import { appendInput, pendingEvent } from "../../../test/support/events.ts";
import { CommitTooLargeError } from "./errors.ts";
import type { EventStore } from "./event-store.ts";

let t: TestTables;
beforeAll(async () => {
  t = await createTestTables("store");
});
afterAll(() => t.drop());

const versions = (events: { version: number }[]) => events.map((event) => event.version);

describe("append and read", () => {
  it("round-trips events with both their times", async () => {
    const result = await t.eventStore.append(
      appendInput({
        agreementId: "round-trip",
        events: [
          {
            ...pendingEvent("AgreementSigned", { parties: ["a", "b"], value: 1.5 }),
            effectiveOn: "2019-07-22",
          },
          { ...pendingEvent("TermAdded"), precision: "month", sources: [{ publication: "FT" }] },
        ],
        recordedAt: "2026-05-01T09:30:00.000Z",
      }),
    );
    expect(result).toMatchObject({ version: 2, replayed: false });
    const log = await t.eventStore.readStream("acme", "round-trip");
    expect(log).toEqual(result.events);
    expect(log[0]).toMatchObject({
      tenant: "acme",
      agreementId: "round-trip",
      version: 1,
      type: "AgreementSigned",
      effectiveOn: "2019-07-22",
      recordedAt: "2026-05-01T09:30:00.000Z",
      recordedBy: "tester",
      data: { parties: ["a", "b"], value: 1.5 },
    });
    expect(log[1]?.sources).toEqual([{ publication: "FT" }]);
    expect(await t.eventStore.currentVersion("acme", "round-trip")).toBe(2);
    expect(await t.eventStore.exists("acme", "round-trip")).toBe(true);
    expect(await t.eventStore.exists("other-tenant", "round-trip")).toBe(false);
  });

  it("reads after a version, up to a limit, across pages", async () => {
    const events = Array.from({ length: 60 }, (_, i) =>
      pendingEvent("Counted", { i, pad: "x".repeat(20_000) }),
    );
    await t.eventStore.append(appendInput({ agreementId: "paged", events }));
    expect(versions(await t.eventStore.readStream("acme", "paged"))).toEqual(
      Array.from({ length: 60 }, (_, i) => i + 1),
    );
    expect(versions(await t.eventStore.readStream("acme", "paged", { afterVersion: 57 }))).toEqual([
      58, 59, 60,
    ]);
    expect(
      versions(await t.eventStore.readStream("acme", "paged", { afterVersion: 10, limit: 3 })),
    ).toEqual([11, 12, 13]);
  });

  it("writes nothing of a commit when one condition fails", async () => {
    await t.eventStore.append(appendInput({ agreementId: "atomic" }));
    // Version 2 exists already, so events for 2 and 3 at expectedVersion 1 must both be refused.
    await t.eventStore.append(appendInput({ agreementId: "atomic", expectedVersion: 1 }));
    const attempt = t.eventStore.append(
      appendInput({
        agreementId: "atomic",
        expectedVersion: 1,
        events: [pendingEvent(), pendingEvent()],
      }),
    );
    await expect(attempt).rejects.toBeInstanceOf(VersionConflictError);
    expect(versions(await t.eventStore.readStream("acme", "atomic"))).toEqual([1, 2]);
  });

  it("refuses an expectedVersion beyond the stream without leaving a gap", async () => {
    await t.eventStore.append(appendInput({ agreementId: "ahead" }));
    const error = await t.eventStore
      .append(appendInput({ agreementId: "ahead", expectedVersion: 5 }))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(VersionConflictError);
    expect(error).toMatchObject({ expectedVersion: 5, currentVersion: 1 });
    expect(versions(await t.eventStore.readStream("acme", "ahead"))).toEqual([1]);
  });

  it("rejects empty, oversized and invalid commits before writing", async () => {
    const tooMany = Array.from({ length: 100 }, () => pendingEvent());
    await expect(
      t.eventStore.append(appendInput({ agreementId: "big", events: tooMany })),
    ).rejects.toBeInstanceOf(CommitTooLargeError);
    await expect(
      t.eventStore.append(appendInput({ agreementId: "big", events: [] })),
    ).rejects.toBeInstanceOf(ValidationError);
    const badDate = { ...pendingEvent(), effectiveOn: "2026-02-30" };
    await expect(
      t.eventStore.append(appendInput({ agreementId: "big", events: [badDate] })),
    ).rejects.toBeInstanceOf(ValidationError);
    expect(await t.eventStore.exists("acme", "big")).toBe(false);
    const max = Array.from({ length: 99 }, () => pendingEvent());
    expect(
      (await t.eventStore.append(appendInput({ agreementId: "big", events: max }))).version,
    ).toBe(99);
  });

  it("scans every event of every tenant and skips idempotency records", async () => {
    await t.eventStore.append(
      appendInput({
        tenant: "scan-a",
        agreementId: "x",
        idempotency: { key: "k", requestHash: "h" },
      }),
    );
    await t.eventStore.append(
      appendInput({ tenant: "scan-b", agreementId: "y", events: [pendingEvent(), pendingEvent()] }),
    );
    const scanned = [];
    for await (const event of t.eventStore.scanAllEvents()) {
      if (event.tenant.startsWith("scan-"))
        scanned.push(`${event.tenant}/${event.agreementId}/${event.version}`);
    }
    expect(scanned.sort()).toEqual(["scan-a/x/1", "scan-b/y/1", "scan-b/y/2"]);
  });

  it("lists a tenant's streams in pages that resume where the last stopped, each stream once and no other tenant's", async () => {
    for (const [tenant, agreementId, count] of [
      ["pages-a", "one", 1],
      ["pages-a", "five", 5],
      ["pages-b", "other", 4],
      ["pages-a", "three", 3],
      ["pages-a", "two", 2],
    ] as const) {
      const events = Array.from({ length: count }, () => pendingEvent());
      await t.eventStore.append(appendInput({ tenant, agreementId, events }));
    }
    const pages: string[][] = [];
    for (let after: string | undefined; ; ) {
      const page = await t.eventStore.listStreams("pages-a", { after, limit: 3 });
      pages.push(page.streams);
      after = page.next;
      if (after === undefined) break;
      expect(after).toBe(page.streams.at(-1));
    }
    // The tenant's first events only, in the order of their ids: its other events and the
    // other tenant's are not read at all.
    expect(pages).toEqual([["five", "one", "three"], ["two"]]);
    const all = [];
    for await (const stream of t.eventStore.allStreams("pages-a", 2)) all.push(stream);
    expect(all).toEqual(["five", "one", "three", "two"]);
    expect(await t.eventStore.listStreams("pages-none", { limit: 3 })).toEqual({ streams: [] });
  });
});

describe("concurrent writers", () => {
  it("lets exactly one of 20 appenders at the same version win", async () => {
    await t.eventStore.append(appendInput({ agreementId: "race" }));
    const outcomes = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) =>
        t.eventStore.append(
          appendInput({
            agreementId: "race",
            expectedVersion: 1,
            events: [pendingEvent("Raced", { i })],
          }),
        ),
      ),
    );
    const won = outcomes.filter((o) => o.status === "fulfilled");
    const lost = outcomes.flatMap((o) => (o.status === "rejected" ? [o.reason] : []));
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(19);
    for (const error of lost) {
      expect(error).toBeInstanceOf(VersionConflictError);
      expect(error).toMatchObject({ expectedVersion: 1, currentVersion: 2 });
    }
    expect(versions(await t.eventStore.readStream("acme", "race"))).toEqual([1, 2]);
  });

  it("keeps the log contiguous when writers retry on conflict", async () => {
    const writers = 8;
    const perWriter = 6;
    const writer = async (w: number) => {
      for (let k = 0; k < perWriter; ) {
        const version = await t.eventStore.currentVersion("acme", "stress");
        try {
          await t.eventStore.append(
            appendInput({
              agreementId: "stress",
              expectedVersion: version,
              events: [pendingEvent("Wrote", { w, k })],
            }),
          );
          k++;
        } catch (error) {
          if (!(error instanceof VersionConflictError)) throw error;
        }
      }
    };
    await Promise.all(Array.from({ length: writers }, (_, w) => writer(w)));
    const log = await t.eventStore.readStream("acme", "stress");
    expect(versions(log)).toEqual(Array.from({ length: writers * perWriter }, (_, i) => i + 1));
    const written = new Set(log.map((event) => `${event.data.w}/${event.data.k}`));
    expect(written.size).toBe(writers * perWriter);
  });
});

describe("idempotency", () => {
  const idempotency = {
    key: "key-1",
    requestHash: "hash-1",
    response: { status: 201, body: { ok: true } },
  };

  it("answers a retry with the first result and writes nothing", async () => {
    const first = await t.eventStore.append(
      appendInput({ agreementId: "idem", events: [pendingEvent(), pendingEvent()], idempotency }),
    );
    const retry = await t.eventStore.append(
      appendInput({ agreementId: "idem", events: [pendingEvent(), pendingEvent()], idempotency }),
    );
    expect(retry).toEqual({ ...first, replayed: true, response: idempotency.response });
    expect(first.replayed).toBe(false);
    expect(versions(await t.eventStore.readStream("acme", "idem"))).toEqual([1, 2]);
  });

  it("refuses the same key for a different request", async () => {
    const reuse = { key: "key-1", requestHash: "another-hash" };
    await expect(
      t.eventStore.append(
        appendInput({ agreementId: "idem", expectedVersion: 2, idempotency: reuse }),
      ),
    ).rejects.toBeInstanceOf(IdempotencyKeyReusedError);
    expect(await t.eventStore.currentVersion("acme", "idem")).toBe(2);
  });

  it("answers a seen key before deciding, and nothing for a new one", async () => {
    const seen = await t.eventStore.replayIfSeen("acme", "idem", idempotency);
    expect(seen).toMatchObject({ replayed: true, version: 2, response: idempotency.response });
    expect(
      await t.eventStore.replayIfSeen("acme", "idem", { key: "new", requestHash: "h" }),
    ).toBeUndefined();
  });

  it("commits concurrent duplicates once", async () => {
    const request = { key: "dup", requestHash: "same" };
    const results = await Promise.all(
      Array.from({ length: 10 }, () =>
        t.eventStore.append(appendInput({ agreementId: "dup", idempotency: request })),
      ),
    );
    expect(results.filter((r) => !r.replayed)).toHaveLength(1);
    const ids = new Set(results.map((r) => r.events[0]?.id));
    expect(ids.size).toBe(1);
    expect(versions(await t.eventStore.readStream("acme", "dup"))).toEqual([1]);
  });

  it("answers a retry from the transaction that finds its record, reading nothing before", async () => {
    const request = { key: "late", requestHash: "h" };
    const first = await t.eventStore.append(
      appendInput({ agreementId: "late", idempotency: request }),
    );
    const reads: string[] = [];
    const store: EventStore = Object.create(t.eventStore, {
      readIdempotency: {
        value: (tenant: string, key: string) => {
          reads.push(key);
          return Reflect.get(t.eventStore, "readIdempotency").call(t.eventStore, tenant, key);
        },
      },
    });
    const retry = await store.append(appendInput({ agreementId: "late", idempotency: request }));
    expect(retry).toMatchObject({ replayed: true, version: first.version, events: first.events });
    // Read once, after the transaction was cancelled on the record: never before writing.
    expect(reads).toEqual(["late"]);
  });
});
