import {
  type Catalog,
  type CellRuns,
  type DateRange,
  type MatrixChange,
  matrixChanges,
} from "@termline/core";
import type { Runtime } from "./runtime.ts";
import { readSegmentRuns } from "./segment-answers.ts";

/**
 * The days a segment's matrix changes over `range`, from its cells' runs: the same one
 * GetItem as the matrix of decisions (or its summaries' Query), whatever the number of
 * agreements. Undefined when the model cannot say (a cell without its summary, or a summary
 * too large), with the catalog when it was read (a segment the grids do not know is checked
 * against it).
 */
export async function readMatrixChanges(
  runtime: Runtime,
  tenant: string,
  segment: string,
  range: DateRange,
): Promise<{ changes?: MatrixChange[]; catalog?: Catalog }> {
  const { grid, runsOf, catalog } = await readSegmentRuns(runtime, tenant, segment);
  if (!grid) return catalog ? { catalog } : {};
  const cells: CellRuns[] = [];
  for (const product of grid.products)
    for (const provider of grid.providers) {
      const runs = runsOf(product, provider);
      if (!runs) return catalog ? { catalog } : {};
      cells.push({ product, provider, runs });
    }
  const changes = matrixChanges(cells, range);
  return catalog ? { changes, catalog } : { changes };
}
