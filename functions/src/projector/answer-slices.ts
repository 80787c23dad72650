import type { Catalog } from "@termline/core";
import type { ViewStore } from "@termline/store";
import { writeAnswerHistory } from "./answer-history.ts";
import { ANSWERS_MODEL, ANSWERS_MODEL_KEY } from "./answer-items.ts";
import { type AnswerOutbox, refreshAnswers } from "./answer-projection.ts";
import { CATALOG_VIEW_KEY } from "./catalog-projection.ts";

/** What one slice of a whole-tenant refresh did, and where the next one starts. */
export interface AnswerSliceReport {
  /** True once every product's cells are rewritten, and the tenant's answers marked current. */
  complete: boolean;
  /** The last product done, to pass as `after` to the next slice; absent when complete. */
  next?: string;
  products: number;
  cells: number;
  written: number;
  /** Cells too large for the model, answered by evaluation. */
  tooLarge: string[];
}

/**
 * The history a slice recreates for its product (answer-history.ts), within about a slice's
 * time: the benchmark's 1,000-agreement tenant reads about 7,000 agreements a second of it, and
 * a product's whole history there about 100,000.
 */
const SLICE_HISTORY_WORK = 200_000;

/** Marks the tenant's answers as written by this code's model (`lacksReadModels` reads it). */
export const markAnswersModel = (viewStore: ViewStore, tenant: string) =>
  viewStore.putItem(tenant, ANSWERS_MODEL_KEY, { model: ANSWERS_MODEL, itemType: "read-model" });

/**
 * Rewrites every cell of a tenant, product by product in id order, after `after`, while
 * another product fits in `budgetMs` (at least one a call): a caller that must answer within a
 * deadline (the API's 60 s) resumes with `next`. The model mark is written when the last product is done, so a tenant is marked
 * current only once every cell is. Each product's history is recreated too, as a rebuild does,
 * so questions as known at past instants stay one Query after an upgrade. Views are not
 * touched: this is the upgrade for a release that changes what answers say, not a rebuild from
 * the log.
 */
export async function refreshAnswersInSlices(
  viewStore: ViewStore,
  tenant: string,
  outbox: AnswerOutbox,
  options: { after?: string | undefined; budgetMs: number; now?: () => number },
): Promise<AnswerSliceReport> {
  const now = options.now ?? (() => performance.now());
  const started = now();
  const catalog = (await viewStore.getView(tenant, CATALOG_VIEW_KEY))?.body as Catalog | undefined;
  const after = options.after;
  const ids = (catalog?.products ?? [])
    .map(({ id }) => id)
    .filter((id) => after === undefined || id > after)
    .sort();
  const report: AnswerSliceReport = {
    complete: false,
    products: 0,
    cells: 0,
    written: 0,
    tooLarge: [],
  };
  let longest = 0;
  for (const [index, id] of ids.entries()) {
    const began = now();
    const products = new Set([id]);
    // What was known when, first: the refresh then writes the latest instant's revision.
    const stores = { eventStore: outbox.eventStore, viewStore };
    await writeAnswerHistory(stores, tenant, { products, maxWork: SLICE_HISTORY_WORK });
    const done = await refreshAnswers(viewStore, tenant, { products }, outbox, { rewrite: true });
    report.products++;
    report.cells += done.cells;
    report.written += done.written;
    report.tooLarge.push(...done.tooLarge);
    longest = Math.max(longest, now() - began);
    // The next product only if one as long as the longest so far would end within the budget:
    // a product of a large tenant takes tens of seconds, and the request must end before the
    // function's timeout.
    if (index < ids.length - 1 && now() - started + longest >= options.budgetMs)
      return { ...report, next: id };
  }
  await markAnswersModel(viewStore, tenant);
  return { ...report, complete: true };
}
