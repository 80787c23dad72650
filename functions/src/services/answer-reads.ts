import {
  type AnswerTimeline,
  type Availability,
  active,
  answerAt,
  availabilityOf,
  type CalendarDate,
  type Catalog,
  type DateRange,
  type Entitlement,
  type EntitlementCell,
  type Matrix,
  stretchesWithin,
} from "@termline/core";
import { answerKey, answersOfSegment, timelineOf } from "../projector/answer-projection.ts";
import { loadCatalog } from "./catalog.ts";
import type { Runtime } from "./runtime.ts";

/**
 * Reads answered from the read model: a cell's timeline item (one GetItem) or a segment's
 * (one Query), with the catalog's item beside it, in parallel. `answer` is undefined when the
 * model has no item for the question (a tenant projected before it existed): the caller then
 * evaluates the portfolio, which is slower and gives the same answer.
 */
export async function readCell(
  runtime: Runtime,
  tenant: string,
  cell: EntitlementCell,
): Promise<{ catalog: Catalog; timeline: AnswerTimeline | undefined }> {
  const [view, catalog] = await Promise.all([
    runtime.viewStore.getView(tenant, answerKey(cell)),
    loadCatalog(runtime, tenant),
  ]);
  return { catalog, timeline: view ? timelineOf(view.body) : undefined };
}

export const entitlementFrom = (timeline: AnswerTimeline | undefined, at: CalendarDate) =>
  timeline ? answerAt(timeline, at) : undefined;

export function availabilityFrom(
  timeline: AnswerTimeline | undefined,
  range: DateRange,
): Availability | undefined {
  if (!timeline) return undefined;
  const { product, provider, segment } = timeline;
  return availabilityOf({ product, provider, segment }, stretchesWithin(timeline, range));
}

/** A segment's matrix on `at`, or undefined if some cell of it is not in the model. */
export async function readMatrix(
  runtime: Runtime,
  tenant: string,
  segment: string,
  at: CalendarDate,
): Promise<{ catalog: Catalog; matrix: Matrix | undefined }> {
  const [views, catalog] = await Promise.all([
    runtime.viewStore.listViews(tenant, answersOfSegment(segment)),
    loadCatalog(runtime, tenant),
  ]);
  const timelines = new Map(views.map(({ key, body }) => [key, timelineOf(body)]));
  const products = active(catalog.products).map(({ id }) => id);
  const providers = active(catalog.providers).map(({ id }) => id);
  const cells: Matrix["cells"] = [];
  for (const product of products)
    for (const provider of providers) {
      const timeline = timelines.get(answerKey({ product, provider, segment }));
      const answer: Entitlement | undefined = timeline && answerAt(timeline, at);
      if (!answer) return { catalog, matrix: undefined };
      const { decision, certainty, reasons } = answer;
      cells.push({ product, provider, decision, certainty, reasons });
    }
  return { catalog, matrix: { at, segment, products, providers, cells } };
}
