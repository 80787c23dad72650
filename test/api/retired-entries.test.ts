import { afterAll, beforeAll, describe, expect, it, type MockInstance, vi } from "vitest";
import { insertRecord } from "../support/events.ts";
import { type ApiHarness, createApiHarness, type Json, TENANT } from "./support.ts";

/**
 * Retiring a catalog entry takes it off the matrix's rows or columns; it changes no contract,
 * and a retired entry is still asked about by id. So a retirement writes the grids alone (at
 * 1,000 agreements it recomputed every cell: 26–46 s inside the request).
 */
let api: ApiHarness;

beforeAll(async () => {
  api = await createApiHarness("retired-entries");
});
afterAll(() => api.drop());

/** Every stored answer but the grids (which list the matrix's rows and columns). */
const answerCells = async () =>
  JSON.stringify(
    (await api.runtime.viewStore.listViews(TENANT, "answer")).filter(
      ({ body }) => !(body as { grid?: true }).grid,
    ),
  );

const STATELESS_ON_AZURE = "product=openai-api&provider=azure&segment=commercial&at=2026-03-01";
const MATRIX = "/entitlements/matrix?segment=commercial&at=2026-03-01";

const providersOf = async (path: string) => {
  const matrix = await api.get(path);
  expect(matrix.status, matrix.text).toBe(200);
  const cells = matrix.body.cells as Json[];
  return {
    providers: matrix.body.providers as string[],
    cellProviders: [...new Set(cells.map(({ provider }) => provider as string))],
  };
};

/** What the spied reads asked of agreements, their listings or their answers. */
const readsOfAgreements = (spies: MockInstance[]) =>
  spies
    .flatMap((spy) => spy.mock.calls.map(([, keys]) => [keys].flat() as string[]))
    .flat()
    .filter((key) => /^(agreement|listing|answer)/.test(key));

const retire = async (retired: boolean) => {
  const changed = await api.call("PATCH", "/catalog/providers/azure", { body: { retired } });
  expect(changed.status, changed.text).toBe(200);
};

describe("a catalog entry retired", () => {
  it("given the reference case, when Azure is retired, then no answer is written, the matrix drops Azure, and Azure is still asked about", async () => {
    const asked = await api.get(`/entitlements?${STATELESS_ON_AZURE}`);
    // Azure was the exclusive host of stateless OpenAI API calls from 2022 to April 2026.
    expect(asked.body.decision).toBe("allowed");
    expect((await providersOf(MATRIX)).providers[0]).toBe("azure");
    const stored = await answerCells();

    const { viewStore } = api.runtime;
    const transactions = vi.spyOn(viewStore, "putViewsTogether");
    const reads = [vi.spyOn(viewStore, "listViews"), vi.spyOn(viewStore, "getViews")];
    try {
      await retire(true);
      expect(transactions).not.toHaveBeenCalled();
      // Nothing is recomputed: no agreement, listing or answer is even read.
      expect(readsOfAgreements(reads)).toEqual([]);
    } finally {
      for (const spy of [transactions, ...reads]) spy.mockRestore();
    }
    expect(await answerCells()).toBe(stored);
    for (const path of [MATRIX, `${MATRIX}&reasons=true`]) {
      const { providers, cellProviders } = await providersOf(path);
      expect(providers, path).not.toContain("azure");
      expect(providers, path).toContain("aws");
      expect(cellProviders, path).toEqual(providers);
    }
    expect((await api.get(`/entitlements?${STATELESS_ON_AZURE}`)).body).toEqual(asked.body);

    // The stream delivers the retirement: still no answer written.
    const [change] = (await api.runtime.eventStore.readStream(TENANT, "_catalog", {})).slice(-1);
    if (!change) throw new Error("the retirement is in the catalog's log");
    const Records = [insertRecord(change, "900")];
    expect(await api.projector.handler({ Records })).toEqual({ batchItemFailures: [] });
    expect(await answerCells()).toBe(stored);
    expect((await providersOf(MATRIX)).providers).not.toContain("azure");
  });

  it("given Azure retired, when it is back, then the matrix lists it first again, as it was added", async () => {
    await retire(false);
    const { providers, cellProviders } = await providersOf(MATRIX);
    expect(providers[0]).toBe("azure");
    expect(cellProviders).toEqual(providers);
    const matrix = await api.get(MATRIX);
    const azure = (matrix.body.cells as Json[]).find(
      ({ product, provider }) => product === "openai-api" && provider === "azure",
    );
    expect(azure?.decision).toBe("allowed");
  });

  it("given a segment, a party and a class retired, then no answer or grid is written", async () => {
    const stored = JSON.stringify(await api.runtime.viewStore.listViews(TENANT, "answer"));
    const puts = vi.spyOn(api.runtime.viewStore, "putView");
    try {
      for (const path of [
        "/catalog/segments/government",
        "/catalog/parties/oracle",
        "/catalog/product-classes/open-weight",
      ]) {
        const changed = await api.call("PATCH", path, { body: { retired: true } });
        expect(changed.status, `${path}: ${changed.text}`).toBe(200);
      }
      expect(puts.mock.calls.filter(([, key]) => key.startsWith("answer"))).toEqual([]);
    } finally {
      puts.mockRestore();
    }
    expect(JSON.stringify(await api.runtime.viewStore.listViews(TENANT, "answer"))).toBe(stored);
  });
});
