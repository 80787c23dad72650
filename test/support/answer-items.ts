import type { ViewStore } from "@termline/store";
import {
  ANSWER_MATRIX_PREFIX,
  keptMatrix,
  matrixFromSummaries,
  type SegmentMatrix,
} from "../../functions/src/projector/answer-matrix.ts";
import { REVISION_PREFIXES } from "../../functions/src/projector/answer-revisions.ts";

/**
 * The answers model as a rebuild from the log writes it again: the cells' heads, periods and
 * summaries, and each segment's matrix item (its grid and runs). Not the revisions (what was
 * known when): a rebuild writes one where a cell's answers changed, the stream one at each
 * commit it refreshed, so their labels differ where their answers agree (the properties compare
 * the answers instead); nor the label of a head's last revision.
 */
export async function answersAsRebuilt(viewStore: ViewStore, tenant: string) {
  const [items, matrices] = await Promise.all([
    viewStore.listViews(tenant, "answer"),
    viewStore.listItems(tenant, ANSWER_MATRIX_PREFIX),
  ]);
  return Object.fromEntries([
    ...items
      .filter(({ key }) => !REVISION_PREFIXES.some((prefix) => key.startsWith(prefix)))
      .map(({ key, body }) => {
        const { known: _, ...rest } = body as { known?: string };
        return [key, rest];
      }),
    ...matrices.map((item) => [String(item.sk), answersIn(keptMatrix(item))]),
  ]);
}

/**
 * Each segment's matrix item as stored, and as its grid and summaries make it: equal once no
 * refresh is under way.
 */
export async function matricesAndSummaries(viewStore: ViewStore, tenant: string) {
  const items = await viewStore.listItems(tenant, ANSWER_MATRIX_PREFIX);
  const segments = items.map((item) => String(item.sk).slice(ANSWER_MATRIX_PREFIX.length));
  return {
    stored: Object.fromEntries(
      segments.map((segment, i) => [segment, answersIn(keptMatrix(items[i]))]),
    ),
    fromSummaries: Object.fromEntries(
      await Promise.all(
        segments.map(
          async (segment) =>
            [segment, answersIn(await matrixFromSummaries(viewStore, tenant, segment))] as const,
        ),
      ),
    ),
  };
}

/**
 * A matrix's grid and each cell's runs, without the bases they were merged at: a refresh that
 * finds a cell unchanged merges it at its own basis, later than its summary's, which it leaves.
 */
const answersIn = (matrix: SegmentMatrix | undefined) =>
  matrix
    ? {
        grid: matrix.grid && { products: matrix.grid.products, providers: matrix.grid.providers },
        cells: matrix.cells.map(([cell, , runs]) => [cell, runs]),
      }
    : "too large";
