import {
  type AgreementState,
  type AnswerTimeline,
  answerTimeline,
  type Catalog,
  changesThePast,
  type EntitlementCell,
  namesIn,
  productsConcerned,
  type StoredEvent,
} from "@termline/core";
import type { ViewStore } from "@termline/store";
import { AGREEMENT_VIEW_PREFIX } from "./agreement-keys.ts";
import { CATALOG_VIEW_KEY, isCatalogStream } from "./catalog-projection.ts";

/**
 * The read model of answers: one item per segment × product × provider holding the cell's
 * timeline, so an entitlement is one GetItem and a segment's matrix one Query.
 */
export const ANSWER_PREFIX = "answer#";
export const answersOfSegment = (segment: string) => `${ANSWER_PREFIX}${segment}#`;
export const answerKey = ({ product, provider, segment }: EntitlementCell) =>
  `${answersOfSegment(segment)}${product}#${provider}`;

/** What a batch of events may have changed: some agreements' products, or everything. */
export type AnswerScope = { agreements: Set<string> } | "all";

/** Events that say nothing about who may serve what, or when. */
const ANSWERLESS = new Set([
  "NoteAdded",
  "DeadlineAcknowledged",
  "OpenQuestionRaised",
  "OpenQuestionAnswered",
]);

/**
 * The answers events may change. A catalog change (a name is in every reason) and a rewritten
 * past (a retraction may take a product out of an agreement) reach every cell; other events
 * reach the products their agreement's terms and disputes can concern.
 */
export function answerScopeOf(events: StoredEvent[]): AnswerScope | undefined {
  const relevant = events.filter(({ type }) => !ANSWERLESS.has(type));
  if (relevant.length === 0) return undefined;
  if (relevant.some((event) => isCatalogStream(event.agreementId) || changesThePast(event)))
    return "all";
  return { agreements: new Set(relevant.map(({ agreementId }) => agreementId)) };
}

export function mergeScopes(a: AnswerScope | undefined, b: AnswerScope | undefined) {
  if (!a) return b;
  if (!b) return a;
  if (a === "all" || b === "all") return "all";
  return { agreements: new Set([...a.agreements, ...b.agreements]) };
}

function productsIn(scope: AnswerScope, agreements: AgreementState[], catalog: Catalog) {
  if (scope === "all") return catalog.products.map(({ id }) => id);
  const touched = agreements.filter(({ id }) => scope.agreements.has(id));
  return [...new Set(touched.flatMap((agreement) => productsConcerned(agreement, catalog)))];
}

/**
 * Recomputes the timelines of the cells in scope from the agreements' snapshots and the
 * catalog, and writes those that changed. Every item carries the sum of the versions it was
 * computed from (versions only grow), and a write from an older sum is refused, so two
 * refreshes racing cannot leave the older answer in place.
 */
export async function refreshAnswers(
  viewStore: ViewStore,
  tenant: string,
  scope: AnswerScope,
): Promise<{ cells: number; written: number }> {
  const [views, catalogView, stored] = await Promise.all([
    viewStore.listViews(tenant, AGREEMENT_VIEW_PREFIX),
    viewStore.getView(tenant, CATALOG_VIEW_KEY),
    viewStore.listViews(tenant, ANSWER_PREFIX),
  ]);
  if (!catalogView) return { cells: 0, written: 0 };
  const catalog = catalogView.body as Catalog;
  const agreements = views.map(({ body }) => body as AgreementState).filter(({ exists }) => exists);
  const basis = views.reduce((sum, { version }) => sum + version, catalogView.version);
  const before = new Map(stored.map(({ key, body }) => [key, JSON.stringify(body)]));
  const names = namesIn(catalog);
  let cells = 0;
  let written = 0;
  for (const product of productsIn(scope, agreements, catalog))
    for (const { id: provider } of catalog.providers)
      for (const { id: segment } of catalog.segments) {
        const cell = { product, provider, segment };
        const timeline: AnswerTimeline = answerTimeline(agreements, catalog, cell, names);
        cells++;
        const key = answerKey(cell);
        if (before.get(key) === JSON.stringify(timeline)) continue;
        if (
          await viewStore.putView(tenant, key, basis, timeline, {}, { overwriteSameVersion: true })
        )
          written++;
      }
  return { cells, written };
}
