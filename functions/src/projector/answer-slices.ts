import type { Catalog } from "@termline/core";
import type { ViewStore } from "@termline/store";
import { type HistoryInputs, readHistoryInputs, writeAnswerHistory } from "./answer-history.ts";
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
 * The history a slice recreates for one product's cells with one provider (answer-history.ts).
 * A unit must end well within the API function's 60 s, on its 1,024 MB (about 0.6 of a vCPU).
 * In the benchmark's 1,000-agreement tenant the busiest products' whole histories read up to
 * 250,000 agreements, at 3,500–6,800 a second here; with nine providers, a unit reads about a
 * ninth of that, so every cell's whole history is covered there. This bound is about 15 s here
 * at the slowest; past it, a cell's questions as known before its latest instants are evaluated
 * from the log.
 */
const SLICE_HISTORY_WORK = 50_000;

/** Marks the tenant's answers as written by this code's model (`lacksReadModels` reads it). */
export const markAnswersModel = (viewStore: ViewStore, tenant: string) =>
  viewStore.putItem(tenant, ANSWERS_MODEL_KEY, { model: ANSWERS_MODEL, itemType: "read-model" });

/**
 * A slice's units, in order: for each product, its history one provider's cells at a time (a
 * busy product's whole history takes tens of seconds, its cells with one provider a few), then
 * its answers as they stand. `key` is what `next` says once the unit is done: `product/provider`,
 * or the product alone once its answers are written, as before units were smaller.
 */
interface SliceUnit {
  product: string;
  provider?: string;
  key: string;
}

function unitsOf(catalog: Catalog | undefined): SliceUnit[] {
  const providers = (catalog?.providers ?? []).map(({ id }) => id).sort();
  return (catalog?.products ?? [])
    .map(({ id }) => id)
    .sort()
    .flatMap((product) => [
      ...providers.map((provider) => ({ product, provider, key: `${product}/${provider}` })),
      { product, key: product },
    ]);
}

/** Whether `unit` comes after the one `after` names (ids are slugs: no "/" of their own). */
function isAfter(unit: SliceUnit, after: string | undefined) {
  if (after === undefined) return true;
  const [product = "", provider] = after.split("/");
  if (unit.product !== product) return unit.product > product;
  if (provider === undefined) return false;
  return unit.provider === undefined || unit.provider > provider;
}

/**
 * Rewrites every cell of a tenant, product by product in id order, after `after`, while
 * another unit (a product's history with one provider, or its answers) fits in `budgetMs`, at
 * least one a call: a caller that must answer within a deadline (the API's 60 s) resumes with
 * `next`. The model mark is written when the last product is done, so a tenant is marked
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
  const units = unitsOf(catalog).filter((unit) => isAfter(unit, options.after));
  const report: AnswerSliceReport = {
    complete: false,
    products: 0,
    cells: 0,
    written: 0,
    tooLarge: [],
  };
  const stores = { eventStore: outbox.eventStore, viewStore };
  // The logs, read once a call: each history unit of the call computes from them.
  let inputs: HistoryInputs | undefined;
  let longest = 0;
  for (const [index, unit] of units.entries()) {
    const began = now();
    const products = new Set([unit.product]);
    if (unit.provider !== undefined) {
      // What was known when, first: the refresh then writes the latest instant's revision.
      inputs ??= await readHistoryInputs(stores, tenant);
      const providers = new Set([unit.provider]);
      const maxWork = SLICE_HISTORY_WORK;
      const { late } = await writeAnswerHistory(stores, tenant, {
        products,
        providers,
        maxWork,
        inputs,
      });
      // Commits landed since the logs were read: refreshed once, then read with the rest.
      if (late > 0) inputs = undefined;
    } else {
      const done = await refreshAnswers(viewStore, tenant, { products }, outbox, { rewrite: true });
      report.products++;
      report.cells += done.cells;
      report.written += done.written;
      report.tooLarge.push(...done.tooLarge);
    }
    longest = Math.max(longest, now() - began);
    // The next unit only if one as long as the longest so far would end within the budget:
    // the request must end before the function's timeout.
    if (index < units.length - 1 && now() - started + longest >= options.budgetMs)
      return { ...report, next: unit.key };
  }
  await markAnswersModel(viewStore, tenant);
  return { ...report, complete: true };
}
