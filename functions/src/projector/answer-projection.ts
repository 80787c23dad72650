import {
  type AgreementListing,
  type AgreementState,
  answerTimelineWithin,
  bearsOnCell,
  type Catalog,
  type EntitlementCell,
  namePlaceholders,
  reaches,
  reachOf,
} from "@termline/core";
import { type ViewStore, ViewTooLargeError } from "@termline/store";
import { agreementViewKey, LISTING_PREFIX } from "./agreement-keys.ts";
import { joinSnapshots, listSnapshots } from "./agreement-snapshots.ts";
import { answerKey, gridKey, gridOf, readHead, summaryOf } from "./answer-items.ts";
import {
  type MatrixCell,
  type MatrixUpdate,
  matrixCellOf,
  mergeIntoMatrix,
} from "./answer-matrix.ts";
import { doubtedSpan, labelOf, markDoubts, type RecordedSpan } from "./answer-revisions.ts";
import type { AnswerScope, CellScope } from "./answer-scope.ts";
import {
  type AnswerOutbox,
  type CellWrite,
  dropCell,
  writeCell,
  writeSummaryAlone,
} from "./answer-writes.ts";
import { boundedWrites } from "./bounded-writes.ts";
import { CATALOG_VIEW_KEY } from "./catalog-projection.ts";

export {
  ANSWER_PERIOD_PREFIX,
  ANSWER_PREFIX,
  answerKey,
  answersOfSegment,
} from "./answer-items.ts";

export {
  type AnswerScope,
  answerScopeOf,
  changesAnswers,
  recordedSpanOf,
} from "./answer-scope.ts";
export type { AnswerOutbox } from "./answer-writes.ts";
export { isAnswerStream } from "./answer-writes.ts";

/** The catalog's products, each with its class, as the coverage checks take them. */
const productRefs = (catalog: Catalog) =>
  catalog.products.map(({ id, class: c }) => ({ id, class: c }));

/**
 * What a refresh reads: the listings (a few hundred bytes each) tell which agreements the
 * products in scope touch, and only their snapshots and only those cells are read. Listings
 * without a reach (written before it was) or a change to everything read every snapshot.
 */
async function inputsOf(viewStore: ViewStore, tenant: string, scope: CellScope) {
  const { listingViews, catalogView, basis } = await listingsAndCatalog(viewStore, tenant);
  if (!catalogView) return undefined;
  const catalog = catalogView.body as Catalog;
  const listings = listingViews.map(({ body }) => body as AgreementListing);
  const narrow = scope !== "all" && listings.length > 0 && listings.every(({ reach }) => reach);
  if (!narrow) {
    const views = await listSnapshots(viewStore, tenant);
    const agreements = views.map(({ body }) => body as AgreementState);
    const products = productsIn(scope, agreements, catalog);
    const everyBasis = views.reduce((sum, { version }) => sum + version, catalogView.version);
    return { catalog, agreements, products, basis: everyBasis, every: agreements };
  }
  const products = productsIn(scope, listings, catalog);
  const relevant = listings.filter(({ reach }) =>
    products.some((product) => reach && reaches(reach, product)),
  );
  const views = await joinSnapshots(
    viewStore,
    tenant,
    await viewStore.getViews(
      tenant,
      relevant.map(({ id }) => agreementViewKey(id)),
    ),
  );
  // In key order, as a whole listing reads them: reasons come in agreement order.
  const agreements = views
    .map(({ body }) => body as AgreementState)
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { catalog, agreements, products, basis, every: listings };
}

/** The listings and the catalog, and the sum of their versions: a refresh's basis. */
export async function listingsAndCatalog(viewStore: ViewStore, tenant: string) {
  const [listingViews, catalogView] = await Promise.all([
    viewStore.listViews(tenant, LISTING_PREFIX),
    viewStore.getView(tenant, CATALOG_VIEW_KEY),
  ]);
  const basis = listingViews.reduce((sum, { version }) => sum + version, catalogView?.version ?? 0);
  return { listingViews, catalogView, basis };
}

/** The products a scope names, or those the agreements in it can bear on. */
function productsIn(
  scope: CellScope,
  agreements: (AgreementListing | AgreementState)[],
  catalog: Catalog,
) {
  if (scope === "all" || "providers" in scope || "segments" in scope) return productRefs(catalog);
  if ("products" in scope) return productRefs(catalog).filter(({ id }) => scope.products.has(id));
  return reachedBy(agreements, scope, catalog);
}

/** The products the agreements in scope can bear on. */
function reachedBy(
  agreements: (AgreementListing | AgreementState)[],
  scope: { agreements: Set<string> },
  catalog: Catalog,
) {
  const touched = agreements.filter(({ id }) => scope.agreements.has(id));
  const reachOfEach = touched.map((agreement) =>
    "terms" in agreement ? reachOf(agreement) : agreement.reach,
  );
  return productRefs(catalog).filter((product) =>
    reachOfEach.some((reach) => reach && reaches(reach, product)),
  );
}

/**
 * Recomputes the timelines of the cells in scope from the agreements' snapshots and the
 * catalog, and writes the periods whose answers changed (`rewrite`: every period, as a rebuild
 * does). Every item carries the sum of the versions it was computed from (versions only grow),
 * and a write from an older sum is refused, so two refreshes racing cannot leave the older
 * answer in place.
 */
export async function refreshAnswers(
  viewStore: ViewStore,
  tenant: string,
  scope: AnswerScope,
  outbox?: AnswerOutbox,
  options: {
    rewrite?: boolean;
    again?: boolean;
    maxReasons?: number;
    /** When the events the refresh is for were recorded (none for a rebuild or an upgrade). */
    recorded?: RecordedSpan | undefined;
    /** How long cells may keep being started; those not started by then are counted `left`. */
    budgetMs?: number | undefined;
  } = {},
): Promise<RefreshReport> {
  if (scope === "grids") return writeGridsAlone(viewStore, tenant);
  const started = performance.now();
  const maxReasons = options.maxReasons ?? MAX_TIMELINE_REASONS;
  const inputs = await inputsOf(viewStore, tenant, scope);
  if (!inputs) return { cells: 0, written: 0, tooLarge: [], left: 0 };
  const { catalog, products, basis } = inputs;
  // The grids change with the catalog only: a commit to an agreement leaves them.
  const grids = scope === "all" || !("agreements" in scope);
  if (grids) await writeGridItems(viewStore, tenant, catalog);
  const agreements = inputs.agreements.filter(({ exists }) => exists);
  const providers =
    scope !== "all" && "providers" in scope
      ? catalog.providers.filter(({ id }) => scope.providers.has(id))
      : catalog.providers;
  const segments =
    scope !== "all" && "segments" in scope
      ? catalog.segments.filter(({ id }) => scope.segments.has(id))
      : catalog.segments;
  const keys = products.flatMap(({ id: product }) =>
    providers.flatMap(({ id: provider }) =>
      segments.map(({ id: segment }) => answerKey({ product, provider, segment })),
    ),
  );
  const heads = await viewStore.getViews(tenant, keys);
  const before = new Map(heads.map((view) => [view.key, readHead(view)]));
  // Stored answers cite entries by id and read in the catalog's names when served, so a
  // rename changes no stored answer (answer-reads.ts, name-tokens.ts).
  const names = namePlaceholders;
  const recorded = doubtedSpan(options.recorded, inputs.every);
  const known = { label: labelOf(catalog, inputs.every, options.recorded), recorded };
  let cells = 0;
  let written = 0;
  let left = 0;
  const tooLarge: string[] = [];
  const summaries = new Map<string, MatrixCell[]>();
  // Cells are independent: their writes overlap, and the next timelines are computed meanwhile,
  // but at most PARALLEL_CELLS ahead: a timeline can be large (a period cites every grant in
  // force), and a whole tenant's at once would not fit in memory.
  const writes = boundedWrites(PARALLEL_CELLS);
  const movable = movableBy(scope, agreements, catalog);
  for (const { id: product } of products)
    for (const { id: provider } of providers)
      for (const { id: segment } of segments) {
        const cell = { product, provider, segment };
        if (!movable(cell)) continue;
        const over =
          options.budgetMs !== undefined && performance.now() - started >= options.budgetMs;
        if (over) {
          left++;
          continue;
        }
        await writes.start(async () => {
          cells++;
          const old = before.get(answerKey(cell));
          const rewrite = options.rewrite ?? false;
          const { timeline, whole } = answerTimelineWithin(
            agreements,
            catalog,
            cell,
            names,
            maxReasons,
          );
          const outcome = whole
            ? await writeWhole({ viewStore, tenant, basis, old, timeline, rewrite, known }, outbox)
            : "too large";
          if (outcome === "written") written++;
          // Written or not: a refresh that died before its merge is healed by the next.
          const inSegment = summaries.get(segment) ?? [];
          inSegment.push(matrixCellOf(summaryOf(timeline), basis));
          summaries.set(segment, inSegment);
          if (outcome !== "too large") return;
          // Out of the model, as known from now on too: its last revision no longer holds.
          const headLabel = old?.kind === "head" ? old.head.known : undefined;
          const doubt = { label: undefined, doubtFrom: recorded?.earliest };
          await markDoubts(viewStore, tenant, cell, basis, doubt, headLabel);
          await dropCell(viewStore, tenant, cell);
          tooLarge.push(answerKey(cell));
          // A summary reads decisions and certainty only: with reasons or without, the same.
          await writeSummaryAlone(viewStore, tenant, basis, timeline);
        });
      }
  await writes.done();
  const grid = grids ? matrixGridOf(catalog) : undefined;
  const segmentsAsked = [
    ...summaries.keys(),
    ...(grids ? catalog.segments.map(({ id }) => id) : []),
  ];
  await mergeIntoMatrices(viewStore, tenant, segmentsAsked, summaries, grid, options.rewrite);
  // A refresh that began after this one's inputs may have found its cells as they were and
  // written nothing, before this one wrote: if the inputs moved meanwhile, once more.
  if (
    written > 0 &&
    left === 0 &&
    !options.again &&
    (await listingsAndCatalog(viewStore, tenant)).basis !== basis
  ) {
    const more = await refreshAnswers(viewStore, tenant, scope, outbox, {
      ...options,
      again: true,
    });
    return { ...more, written: written + more.written };
  }
  if (tooLarge.length > 0)
    console.warn(
      JSON.stringify({
        level: "warn",
        message: "answer timelines too large for one item; evaluated at read",
        tenant,
        cells: tooLarge,
      }),
    );
  return { cells, written, tooLarge, left };
}

/** What a refresh did: cells computed and written, those too large, and those left unstarted. */
export interface RefreshReport {
  cells: number;
  written: number;
  tooLarge: string[];
  /** Cells in scope not started within the budget: the stream projector's to compute. */
  left: number;
}

/**
 * The cells a refresh must compute. A commit to some agreements moves only the cells their terms
 * bear on: the rest never read them (`bearsOnCell`). Terms and disputes are only ever added or
 * amended, whose old versions still bear, except by a rewritten past, whose scope is every cell,
 * so what bore before the commit still bears after it. An agreement in scope without a snapshot
 * here (one that no longer exists) leaves every cell in scope.
 */
function movableBy(scope: CellScope, agreements: AgreementState[], catalog: Catalog) {
  if (scope === "all" || !("agreements" in scope)) return () => true;
  const committed = agreements.filter(({ id }) => scope.agreements.has(id));
  if (committed.length < scope.agreements.size) return () => true;
  return (cell: EntitlementCell) => bearsOnCell(committed, catalog, cell);
}

/** Writes a cell's whole timeline; a head or period past an item's size leaves the model. */
async function writeWhole(write: CellWrite, outbox: AnswerOutbox | undefined) {
  try {
    return (await writeCell(write, outbox)) ? "written" : "unchanged";
  } catch (error) {
    if (error instanceof ViewTooLargeError) return "too large";
    throw error;
  }
}

const PARALLEL_CELLS = 8;
/**
 * The most reasons a cell's whole timeline may cite and stay in the model: past it the
 * computation keeps decisions and certainty only, for the cell's summary, and its other
 * questions are evaluated at read. Equal reasons are one object (`cellTimeline`), so what this
 * bounds is time: each period is written out as JSON to compare and store it, about 500 bytes a
 * reason, and a cell at the bound writes out about 500 MB per refresh. At 10,000 agreements
 * the benchmark's busiest cell cites 314,458.
 */
export const MAX_TIMELINE_REASONS = 1_000_000;

/** The grids as the catalog now has them, and no cell: a retirement changes no answer. */
async function writeGridsAlone(viewStore: ViewStore, tenant: string) {
  const catalogView = await viewStore.getView(tenant, CATALOG_VIEW_KEY);
  if (catalogView) await writeGrids(viewStore, tenant, catalogView.body as Catalog);
  return { cells: 0, written: 0, tooLarge: [], left: 0 };
}

/** Each segment's grid, as the catalog's version has it, in its item and in its matrix. */
export async function writeGrids(viewStore: ViewStore, tenant: string, catalog: Catalog) {
  await writeGridItems(viewStore, tenant, catalog);
  const segments = catalog.segments.map(({ id }) => id);
  await mergeIntoMatrices(viewStore, tenant, segments, new Map(), matrixGridOf(catalog));
}

async function writeGridItems(viewStore: ViewStore, tenant: string, catalog: Catalog) {
  const options = { overwriteSameVersion: true };
  for (const { id } of catalog.segments)
    await viewStore.putView(tenant, gridKey(id), catalog.version, gridOf(catalog), {}, options);
}

/** A segment's grid as its matrix item keeps it, at the catalog's version. */
function matrixGridOf(catalog: Catalog): MatrixUpdate["grid"] {
  const { products, providers } = gridOf(catalog);
  return { version: catalog.version, products, providers };
}

/**
 * Each segment's matrix item (answer-matrix.ts), once its grid and summaries are written: the
 * cells a refresh computed in it, and the grid when it wrote the grids; built afresh from the
 * summaries by a rebuild (`fresh`).
 */
async function mergeIntoMatrices(
  viewStore: ViewStore,
  tenant: string,
  segments: Iterable<string>,
  cells: Map<string, MatrixCell[]>,
  grid: MatrixUpdate["grid"],
  fresh?: boolean,
) {
  await Promise.all(
    [...new Set(segments)].map((segment) => {
      const update = { cells: cells.get(segment) ?? [], ...(grid ? { grid } : {}) };
      return mergeIntoMatrix(viewStore, tenant, segment, update, { fresh });
    }),
  );
}
