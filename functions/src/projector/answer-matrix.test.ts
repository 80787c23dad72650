import { randomBytes } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { SummaryRun } from "./answer-items.ts";
import {
  keptMatrix,
  type MatrixCell,
  type MatrixUpdate,
  matrixCellKey,
  mergedMatrix,
  type SegmentMatrix,
  storedMatrixOf,
} from "./answer-matrix.ts";

const PRODUCTS = ["widget", "gadget", "gizmo"];
const PROVIDERS = ["north", "south"];

/**
 * A cell's runs as a refresh computes them from the inputs at `basis`: the same basis always
 * gives the same runs, as two refreshes of the same versions do.
 */
const runsAt = (cell: string, basis: number): SummaryRun[] => [
  ["1000-01-01", "denied", "certain"],
  [`2026-0${1 + ((basis + cell.length) % 9)}-01`, basis % 2 ? "allowed" : "conflict", "certain"],
];

const cellUpdate: fc.Arbitrary<MatrixCell> = fc
  .tuple(fc.constantFrom(...PRODUCTS), fc.constantFrom(...PROVIDERS), fc.nat({ max: 20 }))
  .map(([product, provider, basis]) => {
    const key = matrixCellKey(product, provider);
    return [key, basis, runsAt(key, basis)];
  });

const gridAt = (version: number) => ({
  version,
  // Later catalogs retire the last product, then bring it back.
  products: version % 3 === 2 ? PRODUCTS.slice(0, 2) : PRODUCTS,
  providers: PROVIDERS,
});

const update: fc.Arbitrary<MatrixUpdate> = fc
  .tuple(fc.array(cellUpdate, { maxLength: 4 }), fc.option(fc.nat({ max: 6 }), { nil: undefined }))
  .map(([cells, version]) =>
    version === undefined ? { cells } : { cells, grid: gridAt(version) },
  );

const mergedAll = (updates: MatrixUpdate[]) =>
  updates.reduce<SegmentMatrix>((matrix, next) => mergedMatrix(matrix, next), { cells: [] });

describe("a segment's matrix, merged from refreshes", () => {
  it("is the same whatever order the refreshes merge in: each cell at its latest basis, and the latest grid", () => {
    fc.assert(
      fc.property(
        fc
          .array(update, { maxLength: 12 })
          .chain((updates) =>
            fc.tuple(
              fc.constant(updates),
              fc.shuffledSubarray(updates, { minLength: updates.length }),
            ),
          ),
        ([updates, shuffled]) => {
          const merged = mergedAll(updates);
          expect(mergedAll(shuffled)).toEqual(merged);
          const grids = updates.flatMap(({ grid }) => (grid ? [grid] : []));
          const latest = grids.reduce<typeof merged.grid>(
            (best, grid) => (!best || best.version <= grid.version ? grid : best),
            undefined,
          );
          expect(merged.grid?.version).toBe(latest?.version);
          const cells = updates.flatMap(({ cells }) => cells);
          const expected = [...new Set(cells.map(([key]) => key))].sort().map((key) => {
            const basis = Math.max(...cells.filter(([k]) => k === key).map(([, b]) => b));
            return [key, basis, runsAt(key, basis)];
          });
          expect(merged.cells).toEqual(expected);
        },
      ),
    );
  });

  it("keeps a later grid over an earlier one merged after it", () => {
    const later = mergedMatrix({ cells: [] }, { cells: [], grid: gridAt(5) });
    expect(mergedMatrix(later, { cells: [], grid: gridAt(4) }).grid).toEqual(gridAt(5));
  });

  it("round-trips through its stored form, which is a mark once it outgrows two read units", () => {
    fc.assert(
      fc.property(fc.array(update, { maxLength: 12 }), (updates) => {
        const matrix = mergedAll(updates);
        expect(keptMatrix(storedMatrixOf(matrix, "stamp"))).toEqual(matrix);
      }),
    );
    // Runs that do not deflate: one cell's is enough.
    const noise = randomBytes(8_000).toString("base64");
    const huge: SegmentMatrix = { cells: [["widget#north", 1, [[noise, "allowed", "certain"]]]] };
    expect(storedMatrixOf(huge, "stamp")).toEqual({ tooLarge: true, stamp: "stamp" });
    expect(keptMatrix({ tooLarge: true, stamp: "stamp" })).toBeUndefined();
  });
});
