/**
 * A segment's matrix as one item: its grid and every cell's summary, deflated, so that "what may
 * each provider serve on D?" is one GetItem. The segment's summaries are 150 items of a few
 * hundred bytes (13 read units at 1,000 agreements), and DynamoDB answers their Query in about
 * three times a GetItem; the same summaries deflate to 2 KB, since their runs repeat.
 *
 * The item is derived from the summaries and written after them, never in their transactions:
 * every cell writer would otherwise contend for it. Each refresh merges what it computed, cell
 * by cell, keeping the later basis (the summaries' own rule, so the order of merges does not
 * matter), compare-and-set on a stamp. A refresh merges every cell it computed, written or
 * found unchanged, so a refresh that died between its summaries and its merge is healed by the
 * next of the same events (the stream projector's, which Lambda retries). A missing item, or
 * one too large to keep, is built from the summaries' Query; readers of either read the
 * summaries as before.
 */
import { randomUUID } from "node:crypto";
import type { ViewStore } from "@termline/store";
import {
  type AnswerSummary,
  gridKey,
  type SegmentGrid,
  type SummaryRun,
  summariesOfSegment,
  TIMELINE_INLINE_BYTES,
} from "./answer-items.ts";
import { deflatedJson, inflatedJson } from "./deflated-json.ts";

export const ANSWER_MATRIX_PREFIX = "answer-matrix#";
export const matrixKey = (segment: string) => `${ANSWER_MATRIX_PREFIX}${segment}`;

/** A cell of a segment (`product#provider`), its basis and its runs (null: too large to store). */
export type MatrixCell = [cell: string, basis: number, runs: SummaryRun[] | null];

/** What the item holds, inflated: the grid at its catalog's version, the cells in key order. */
export interface SegmentMatrix {
  grid?: { version: number; products: string[]; providers: string[] };
  cells: MatrixCell[];
}

/** The stored record: the matrix deflated while it fits two read units, else a mark. */
export type StoredMatrix = ({ deflated: string } | { tooLarge: true }) & { stamp: string };

export const matrixCellKey = (product: string, provider: string) => `${product}#${provider}`;

/** A summary as the matrix keeps it. */
export const matrixCellOf = (summary: AnswerSummary, basis: number): MatrixCell => [
  matrixCellKey(summary.product, summary.provider),
  basis,
  "runs" in summary ? summary.runs : null,
];

/** What one refresh brings to a segment's matrix. */
export interface MatrixUpdate {
  grid?: SegmentMatrix["grid"];
  cells: MatrixCell[];
}

/**
 * The later of each cell, and the later grid. A cell the grid no longer lists (a product or
 * provider retired) is kept: pruning it by whichever grid a merge holds would lose it for good
 * when a later grid lists it again, depending on the merges' order. Readers ask the grid's
 * cells only, and the retired are few.
 */
export function mergedMatrix(matrix: SegmentMatrix, update: MatrixUpdate): SegmentMatrix {
  const grid =
    update.grid && (!matrix.grid || matrix.grid.version <= update.grid.version)
      ? update.grid
      : matrix.grid;
  const cells = new Map(matrix.cells.map((cell) => [cell[0], cell]));
  for (const cell of update.cells) {
    const old = cells.get(cell[0]);
    if (!old || old[1] <= cell[1]) cells.set(cell[0], cell);
  }
  const sorted = [...cells.values()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return grid ? { grid, cells: sorted } : { cells: sorted };
}

/** The matrix's stored form; one that does not fit is a mark, and readers Query summaries. */
export function storedMatrixOf(matrix: SegmentMatrix, stamp: string): StoredMatrix {
  const deflated = deflatedJson(matrix);
  return deflated.length <= TIMELINE_INLINE_BYTES ? { deflated, stamp } : { tooLarge: true, stamp };
}

/** The matrix a stored record keeps; undefined for a mark or anything else. */
export function keptMatrix(stored: Record<string, unknown> | undefined): SegmentMatrix | undefined {
  if (typeof stored?.deflated !== "string") return undefined;
  return inflatedJson<SegmentMatrix>(stored.deflated);
}

/** A segment's matrix from its grid and summaries as stored: one Query. */
export async function matrixFromSummaries(
  viewStore: ViewStore,
  tenant: string,
  segment: string,
): Promise<SegmentMatrix> {
  const views = await viewStore.listViews(tenant, summariesOfSegment(segment));
  const update: MatrixUpdate = { cells: [] };
  for (const { key, version, body } of views) {
    if (key === gridKey(segment)) {
      const { products, providers } = body as SegmentGrid;
      update.grid = { version, products, providers };
    } else update.cells.push(matrixCellOf(body as AnswerSummary, version));
  }
  return mergedMatrix({ cells: [] }, update);
}

/** Enough for a burst of refreshes of one tenant at once (an import's commits, their stream's). */
const MERGE_ATTEMPTS = 20;

/**
 * Merges a refresh's cells and grid into the segment's matrix, compare-and-set: a writer that
 * lost the race reads the item again. A missing item or a mark is built from the summaries
 * first, read after this refresh wrote its own, so none is lost: a writer that finds the item
 * another built merges into it. Unchanged, it writes nothing. `fresh` (a rebuild, after it
 * rewrote every summary) builds it from the summaries whatever it held.
 */
export async function mergeIntoMatrix(
  viewStore: ViewStore,
  tenant: string,
  segment: string,
  update: MatrixUpdate,
  options: { fresh?: boolean | undefined } = {},
): Promise<void> {
  const key = matrixKey(segment);
  for (let attempt = 1; attempt <= MERGE_ATTEMPTS; attempt++) {
    const stored = await viewStore.getItem(tenant, key);
    const kept = options.fresh ? undefined : keptMatrix(stored);
    const matrix = kept ?? (await matrixFromSummaries(viewStore, tenant, segment));
    const next = mergedMatrix(matrix, update);
    if (kept && JSON.stringify(next) === JSON.stringify(kept)) return;
    const record = storedMatrixOf(next, randomUUID());
    // Still too large: the mark stays, and readers Query the summaries.
    if (stored?.tooLarge && "tooLarge" in record) return;
    const stamp = typeof stored?.stamp === "string" ? stored.stamp : null;
    const condition = stored ? { ifUnchanged: { stamp } } : { ifAbsent: true };
    const written = await viewStore.putItem(tenant, key, record, condition);
    if (written) return;
    await new Promise((resolve) => setTimeout(resolve, Math.random() * 5 * attempt));
  }
  // The batch is retried (the stream projector's) rather than a matrix left behind.
  throw new Error(`${key} kept changing`);
}
