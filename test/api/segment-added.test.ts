import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { insertRecord } from "../support/events.ts";
import { type ApiHarness, createApiHarness, TENANT } from "./support.ts";

/**
 * A segment added reaches every product on every provider: at 1,000 agreements its answers are
 * about 200 MB and 40 s of writes, past what a request may take. The API leaves them to the
 * stream projector and writes the segment's grids; meanwhile its questions are evaluated.
 */
let api: ApiHarness;

beforeAll(async () => {
  api = await createApiHarness("segment-added");
});
afterAll(() => api.drop());

const FRONTIER_ON_AWS = "product=frontier&provider=aws&segment=sovereign&at=2026-06-15";
const periodsOfTheSegment = async () =>
  (await api.runtime.viewStore.listViews(TENANT, "answer-period#sovereign#")).length;

describe("a segment added through the API", () => {
  it("given the reference case, when a segment is added, then its answers are evaluated until the stream writes them, and then read from the model alike", async () => {
    const transactions = vi.spyOn(api.runtime.viewStore, "putViewsTogether");
    try {
      const added = await api.call("POST", "/catalog/segments", {
        body: { id: "sovereign", name: "Sovereign cloud" },
      });
      expect(added.status, added.text).toBe(201);
      expect(transactions).not.toHaveBeenCalled();
    } finally {
      transactions.mockRestore();
    }
    expect(await periodsOfTheSegment()).toBe(0);

    const evaluated = await api.get(`/entitlements?${FRONTIER_ON_AWS}`);
    expect(evaluated.status, evaluated.text).toBe(200);
    // AWS's exclusive third-party distribution of Frontier names no segment: it holds here too.
    expect(evaluated.body.decision).toBe("allowed");
    const matrix = await api.get("/entitlements/matrix?segment=sovereign&at=2026-06-15");
    expect(matrix.status, matrix.text).toBe(200);
    expect(matrix.body.providers).toContain("aws");

    // When the stream delivers the change, the model holds the segment, and answers alike.
    const [change] = (await api.runtime.eventStore.readStream(TENANT, "_catalog", {})).slice(-1);
    if (!change) throw new Error("the segment is in the catalog's log");
    const Records = [insertRecord(change, "900")];
    expect(await api.projector.handler({ Records })).toEqual({ batchItemFailures: [] });
    expect(await periodsOfTheSegment()).toBeGreaterThan(0);
    const fromTheModel = await api.get(`/entitlements?${FRONTIER_ON_AWS}`);
    expect(fromTheModel.body).toEqual(evaluated.body);
    expect((await api.get("/entitlements/matrix?segment=sovereign&at=2026-06-15")).body).toEqual(
      matrix.body,
    );
  });
});
