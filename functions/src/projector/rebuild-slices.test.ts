import { randomUUID } from "node:crypto";
import type { RebuildReport } from "@termline/store";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestTables, type TestTables } from "../../../test/support/dynamo.ts";
import { appendInput } from "../../../test/support/events.ts";
import { type RebuildProjectors, rebuildInSlices } from "./rebuild-slices.ts";

/**
 * When a slice stops, on a clock the test moves: each stream's refold "takes" `perStream` ms.
 * The tenant has twelve one-event streams, s01..s12, listed three to a page.
 */
let t: TestTables;
const TENANT = "slices";
const STREAMS = Array.from({ length: 12 }, (_, i) => `s${String(i + 1).padStart(2, "0")}`);

beforeAll(async () => {
  t = await createTestTables("slice-clock");
  for (const agreementId of STREAMS)
    await t.eventStore.append(appendInput({ tenant: TENANT, agreementId }));
});
afterAll(() => t.drop());

function slicesOn(perStream: number) {
  let time = 0;
  const rebuilt: string[] = [];
  const refold = (ms: number, into?: string[]) => async (_tenant: string, agreementId: string) => {
    time += ms;
    into?.push(agreementId);
    return { streams: 1, events: 1, failed: [] } satisfies RebuildReport;
  };
  const projectors: RebuildProjectors = {
    catalog: { rebuildStream: async () => ({ streams: 1, events: 0, failed: [] }) },
    agreements: { rebuildStream: refold(perStream, rebuilt) },
    history: { rebuildStream: refold(0) },
  };
  const outbox = { eventStore: t.eventStore, clock: () => new Date(), newId: randomUUID };
  const slice = (budgetMs: number, after?: string) =>
    rebuildInSlices(projectors, t, outbox, TENANT, {
      after,
      budgetMs,
      now: () => time,
      streamPage: 3,
    });
  /** The agreements refolded so far, in order (a page's are refolded side by side). */
  const refolded = () => rebuilt.toSorted();
  return { slice, refolded };
}

/** What a cursor says: opaque to callers, read here to see where the next call starts. */
const stepOf = (next: string | undefined) =>
  next === undefined ? undefined : JSON.parse(Buffer.from(next, "base64url").toString("utf8"));

describe("where a slice stops", () => {
  it("starts another page of streams only if one as long as the longest so far still fits the budget", async () => {
    // Pages of three streams at 100 ms each: 300 ms a page. After three pages (900 ms) a fourth
    // would end at 1,200 ms, past the 1,000 ms budget, so the call stops there.
    const { slice, refolded } = slicesOn(100);
    const first = await slice(1_000);
    expect(refolded()).toEqual(STREAMS.slice(0, 9));
    expect(stepOf(first.next)).toMatchObject({ step: "streams", after: "s09" });
    // The next call goes on after s09, does the last page, and, 300 ms into its budget (past
    // its first quarter), leaves the answers to a call of their own.
    const second = await slice(1_000, first.next);
    expect(refolded()).toEqual(STREAMS);
    expect(stepOf(second.next)).toMatchObject({ step: "answers", cleared: false });
  });

  it("always does one page, however long, so that every call moves the rebuild on", async () => {
    const { slice, refolded } = slicesOn(1_000);
    const first = await slice(500);
    expect(refolded()).toEqual(STREAMS.slice(0, 3));
    expect(stepOf(first.next)).toMatchObject({ step: "streams", after: "s03" });
  });

  it("goes on to the answers and the indexes in the same call while still in its first quarter", async () => {
    // 12 streams at 1 ms: 12 ms of a 1,000 ms budget. The tenant has no catalog, so its
    // answers are done at once, and the indexes follow: one call, complete.
    const { slice, refolded } = slicesOn(1);
    const only = await slice(1_000);
    expect(refolded()).toEqual(STREAMS);
    expect(only).toMatchObject({ streams: 13, failed: [], failedBefore: 0 });
    expect(only.next).toBeUndefined();
  });
});
