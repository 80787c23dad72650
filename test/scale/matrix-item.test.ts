import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type AnswerSummary,
  gridKey,
  summaryKey,
} from "../../functions/src/projector/answer-items.ts";
import {
  keptMatrix,
  type MatrixCell,
  matrixCellKey,
  matrixCellOf,
  matrixKey,
  mergeIntoMatrix,
  storedMatrixOf,
} from "../../functions/src/projector/answer-matrix.ts";
import { refreshAnswers } from "../../functions/src/projector/answer-projection.ts";
import { type ApiHarness, createApiHarness, type Json, TENANT } from "../api/support.ts";
import { matricesAndSummaries } from "../support/answer-items.ts";
import { storeReadsDuring } from "../support/store-reads.ts";

/**
 * Each segment's matrix item, through the real API on the reference case: the matrix of
 * decisions is one GetItem of it, the summaries answer without it, a rebuild puts it right,
 * and the next refresh of the same events heals one a refresh did not reach.
 */
let api: ApiHarness;

beforeAll(async () => {
  api = await createApiHarness("matrix-item");
});
afterAll(() => api.drop());

describe("a segment's matrix item", () => {
  it("answers a matrix with one GetItem of the segment's matrix item, and from its summaries without one", async () => {
    const cell = { product: "codex", provider: "oracle-cloud", segment: "commercial" };
    const asked = async () => {
      const matrix = await api.get("/entitlements/matrix?segment=commercial&at=2026-05-01");
      expect(matrix.status).toBe(200);
      expect(matrix.body.cells).toHaveLength(25);
      expect(matrix.body.cells.every((c: object) => !("reasons" in c))).toBe(true);
      return matrix.body;
    };
    const codexOnOracle = async () =>
      ((await asked()).cells as Json[]).find(
        ({ product, provider }) => product === cell.product && provider === cell.provider,
      );
    const conflict = {
      product: "codex",
      provider: "oracle-cloud",
      decision: "conflict",
      certainty: "uncertain",
    };
    let matrix: unknown;
    expect(await storeReadsDuring(api.runtime, async () => (matrix = await asked()))).toEqual({
      getItem: 1,
    });
    // It is what the matrix reads: a cell merged in from a later basis is served as merged.
    const stored = await api.runtime.viewStore.getView(TENANT, summaryKey(cell));
    if (!stored) throw new Error("the model holds no summary of the cell");
    const planted: AnswerSummary = { ...cell, runs: [["0001-01-01", "conflict", "uncertain"]] };
    const later = { cells: [matrixCellOf(planted, stored.version + 1)] };
    await mergeIntoMatrix(api.runtime.viewStore, TENANT, "commercial", later);
    expect(await codexOnOracle()).toEqual(conflict);

    // Without its matrix item (a tenant projected by an earlier release), the summaries answer,
    // as stored, in one Query.
    await api.runtime.viewStore.deleteItem(TENANT, matrixKey("commercial"));
    expect(
      await storeReadsDuring(api.runtime, async () => expect(await asked()).toEqual(matrix)),
    ).toEqual({ getItem: 1, listViews: 1 });
    const rewrite = { overwriteSameVersion: true };
    await api.runtime.viewStore.putView(TENANT, stored.key, stored.version, planted, {}, rewrite);
    expect(await codexOnOracle()).toEqual(conflict);
    // Without its grid either (a tenant not refreshed since grids were), the catalog tells it.
    const grid = await api.runtime.viewStore.getView(TENANT, gridKey("commercial"));
    expect(grid?.body).toMatchObject({ grid: true });
    await api.runtime.viewStore.deleteItem(TENANT, gridKey("commercial"));
    expect(
      await storeReadsDuring(api.runtime, async () =>
        expect(await codexOnOracle()).toEqual(conflict),
      ),
    ).toEqual({ getItem: 1, listViews: 1, getView: 1 });

    // Put back as the model computes it: a rebuild recomputes every cell and the matrix item.
    await mergeIntoMatrix(api.runtime.viewStore, TENANT, "commercial", later);
    await api.projector.rebuildAll(TENANT);
    expect(
      await storeReadsDuring(api.runtime, async () => expect(await asked()).toEqual(matrix)),
    ).toEqual({ getItem: 1 });
  });

  it("heals a matrix item a refresh did not reach, at the next refresh of the same events", async () => {
    const cell = { product: "frontier", provider: "aws", segment: "commercial" };
    const path = "/entitlements/matrix?segment=commercial&at=2026-06-15";
    const before = (await api.get(path)).body;
    const onAws = ({ product, provider }: Json) =>
      product === cell.product && provider === cell.provider;
    // AWS distributes Frontier exclusively from April 2026.
    expect(before.cells.find(onAws).decision).not.toBe("denied");
    // As if a refresh had written the cell's summary and died before its merge: the item holds
    // an older answer of the cell.
    const { viewStore } = api.runtime;
    const item = await viewStore.getItem(TENANT, matrixKey("commercial"));
    const kept = keptMatrix(item);
    if (!kept) throw new Error("no matrix item");
    const key = matrixCellKey(cell.product, cell.provider);
    const older = kept.cells.map(
      ([k, basis, runs]): MatrixCell =>
        k === key ? [k, basis - 1, [["0001-01-01", "denied", "certain"]]] : [k, basis, runs],
    );
    await viewStore.putItem(
      TENANT,
      matrixKey("commercial"),
      storedMatrixOf({ ...kept, cells: older }, "stale"),
    );
    const stale = (await api.get(path)).body.cells.find(onAws);
    expect(stale.decision).toBe("denied");
    // The stream's refresh of the same commit finds every summary as it computes it, writes no
    // cell, and still merges: the matrix is right again.
    const refresh = await refreshAnswers(viewStore, TENANT, {
      agreements: new Set(["amazon-openai"]),
    });
    expect(refresh.written).toBe(0);
    expect((await api.get(path)).body).toEqual(before);
    const { stored, fromSummaries } = await matricesAndSummaries(viewStore, TENANT);
    expect(stored).toEqual(fromSummaries);
  });

  it("reads the summaries while a segment's matrix is too large for its item, and keeps it once it fits", async () => {
    const { viewStore } = api.runtime;
    const path = "/entitlements/matrix?segment=commercial&at=2026-05-01";
    const before = (await api.get(path)).body;
    await viewStore.putItem(TENANT, matrixKey("commercial"), { tooLarge: true, stamp: "mark" });
    expect(
      await storeReadsDuring(api.runtime, async () =>
        expect((await api.get(path)).body).toEqual(before),
      ),
    ).toEqual({ getItem: 1, listViews: 1 });
    // The next refresh builds it from the summaries, which fit.
    await refreshAnswers(viewStore, TENANT, { agreements: new Set(["amazon-openai"]) });
    expect(keptMatrix(await viewStore.getItem(TENANT, matrixKey("commercial")))).toBeDefined();
    expect(
      await storeReadsDuring(api.runtime, async () =>
        expect((await api.get(path)).body).toEqual(before),
      ),
    ).toEqual({ getItem: 1 });
  });
});
