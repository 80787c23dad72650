import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { gridKey, summaryKey } from "../../functions/src/projector/answer-items.ts";
import {
  keptMatrix,
  type MatrixCell,
  type MatrixUpdate,
  matrixCellKey,
  matrixKey,
  mergedMatrix,
  mergeIntoMatrix,
  type SegmentMatrix,
} from "../../functions/src/projector/answer-matrix.ts";
import { createTestTables, type TestTables } from "../support/dynamo.ts";

/**
 * Refreshes merge into a segment's matrix item at the same moment, each after writing its own
 * summaries, on DynamoDB Local: whatever their interleaving, none is lost, and the item is what
 * the summaries and every merge say together.
 */
let tables: TestTables;
beforeAll(async () => {
  tables = await createTestTables("matrix-merges");
});
afterAll(() => tables.drop());

const PRODUCTS = ["widget", "gadget", "gizmo"];
const PROVIDERS = ["north", "south", "east"];
const SEGMENT = "commercial";

const cellUpdate: fc.Arbitrary<MatrixCell> = fc
  .tuple(fc.constantFrom(...PRODUCTS), fc.constantFrom(...PROVIDERS), fc.nat({ max: 30 }))
  .map(([product, provider, basis]) => [
    matrixCellKey(product, provider),
    basis,
    // One answer per basis, as refreshes of the same versions compute.
    [["1000-01-01", basis % 2 ? "allowed" : "denied", basis % 3 ? "certain" : "uncertain"]],
  ]);

let run = 0;

describe("merges into a segment's matrix item, at once", () => {
  it("given summaries already written and a dozen refreshes merging together, then the item holds the latest of each cell, from either", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(cellUpdate, { maxLength: 4 }),
        fc.array(fc.array(cellUpdate, { minLength: 1, maxLength: 3 }), {
          minLength: 2,
          maxLength: 12,
        }),
        async (summaries, refreshes) => {
          const tenant = `t${run++}`;
          const { viewStore } = tables;
          const grid = { products: PRODUCTS, providers: PROVIDERS };
          await viewStore.putView(tenant, gridKey(SEGMENT), 3, { grid: true, ...grid });
          for (const [cell, basis, runs] of summaries) {
            const [product = "", provider = ""] = cell.split("#");
            const key = summaryKey({ product, provider, segment: SEGMENT });
            await viewStore.putView(tenant, key, basis, { product, provider, runs });
          }
          const updates: MatrixUpdate[] = refreshes.map((cells) => ({ cells }));
          await Promise.all(
            updates.map((update) => mergeIntoMatrix(viewStore, tenant, SEGMENT, update)),
          );
          const stored = keptMatrix(await viewStore.getItem(tenant, matrixKey(SEGMENT)));
          // The summaries as stored: a later write of a cell's summary replaces an earlier.
          const asStored = new Map<string, MatrixCell>();
          for (const cell of summaries) {
            const old = asStored.get(cell[0]);
            if (!old || old[1] <= cell[1]) asStored.set(cell[0], cell);
          }
          const expected = [{ cells: [...asStored.values()] }, ...updates].reduce<SegmentMatrix>(
            mergedMatrix,
            { grid: { version: 3, ...grid }, cells: [] },
          );
          expect(stored).toEqual(expected);
        },
      ),
      { numRuns: 25 },
    );
  }, 120_000);
});
