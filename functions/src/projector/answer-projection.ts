import {
  type AgreementState,
  type AnswerTimeline,
  answerTimeline,
  type Catalog,
  type CompactTimeline,
  changesThePast,
  compactTimeline,
  ENTITLEMENT_CHANGED,
  type EntitlementCell,
  expandTimeline,
  namesIn,
  periodsChanged,
  productsConcerned,
  type StoredEvent,
  VersionConflictError,
} from "@termline/core";
import { type EventStore, type ViewStore, ViewTooLargeError } from "@termline/store";
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

/**
 * Each cell's changes of decision are events of a stream of its own in the events table (ids
 * that are not slugs, so no agreement can take them), written in the transaction that writes
 * the cell's new timeline: the publisher puts them on the bus as `EntitlementChanged`, exactly
 * once per change, from the stream like every other publication.
 */
const ANSWER_STREAM_PREFIX = "_answer.";
export const isAnswerStream = (streamId: string) => streamId.startsWith(ANSWER_STREAM_PREFIX);
const answerStream = ({ product, provider, segment }: EntitlementCell) =>
  `${ANSWER_STREAM_PREFIX}${segment}.${product}.${provider}`;

/** A stored timeline counts its changes of decision: the next one is its stream's next version. */
type StoredTimeline = AnswerTimeline & { revision?: number };

/** What the item holds: the timeline compacted (each reason once), with its revision. */
const stored = (timeline: AnswerTimeline, revision: number) => ({
  ...compactTimeline(timeline),
  revision,
});

export const timelineOf = (body: unknown): StoredTimeline => {
  const raw = body as (AnswerTimeline | CompactTimeline) & { revision?: number };
  return { ...expandTimeline(raw), revision: raw.revision ?? 0 };
};

/** Where changes of decision are written; without it (tests of the model alone) none are. */
export interface AnswerOutbox {
  eventStore: EventStore;
  clock: () => Date;
  newId: () => string;
}

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
  const relevant = events.filter(
    ({ type, agreementId }) => !ANSWERLESS.has(type) && !isAnswerStream(agreementId),
  );
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
  outbox?: AnswerOutbox,
): Promise<{ cells: number; written: number; tooLarge: string[] }> {
  const [views, catalogView, items] = await Promise.all([
    viewStore.listViews(tenant, AGREEMENT_VIEW_PREFIX),
    viewStore.getView(tenant, CATALOG_VIEW_KEY),
    viewStore.listViews(tenant, ANSWER_PREFIX),
  ]);
  if (!catalogView) return { cells: 0, written: 0, tooLarge: [] };
  const catalog = catalogView.body as Catalog;
  const agreements = views.map(({ body }) => body as AgreementState).filter(({ exists }) => exists);
  const basis = views.reduce((sum, { version }) => sum + version, catalogView.version);
  const before = new Map(items.map(({ key, body }) => [key, timelineOf(body)]));
  const names = namesIn(catalog);
  let cells = 0;
  let written = 0;
  const tooLarge: string[] = [];
  for (const product of productsIn(scope, agreements, catalog))
    for (const { id: provider } of catalog.providers)
      for (const { id: segment } of catalog.segments) {
        const cell = { product, provider, segment };
        const timeline = answerTimeline(agreements, catalog, cell, names);
        cells++;
        const old = before.get(answerKey(cell));
        if (old && JSON.stringify(old.periods) === JSON.stringify(timeline.periods)) continue;
        try {
          if (await writeTimeline({ viewStore, tenant, basis, old, timeline }, outbox)) written++;
        } catch (error) {
          if (!(error instanceof ViewTooLargeError)) throw error;
          // No answer rather than an old one: the API then evaluates this cell from the snapshots.
          await viewStore.deleteItem(tenant, answerKey(cell));
          tooLarge.push(answerKey(cell));
        }
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
  return { cells, written, tooLarge };
}

interface TimelineWrite {
  viewStore: ViewStore;
  tenant: string;
  basis: number;
  old: StoredTimeline | undefined;
  timeline: AnswerTimeline;
}

/**
 * Writes a cell's new timeline, with its change of decision when it has one. A refresh that
 * lost a race (an older basis, or the same change already written) writes nothing.
 */
async function writeTimeline(write: TimelineWrite, outbox: AnswerOutbox | undefined) {
  const { viewStore, tenant, basis, old, timeline } = write;
  const key = answerKey(timeline);
  const revision = old?.revision ?? 0;
  const changes = old && outbox ? periodsChanged(old, timeline) : [];
  const first = changes[0];
  if (!outbox || !first) {
    const body = stored(timeline, revision);
    return viewStore.putView(tenant, key, basis, body, {}, { overwriteSameVersion: true });
  }
  const { product, provider, segment } = timeline;
  const next = stored(timeline, revision + 1);
  try {
    await outbox.eventStore.append({
      tenant,
      agreementId: answerStream(timeline),
      expectedVersion: revision,
      expectedVersionRead: true,
      events: [
        {
          type: ENTITLEMENT_CHANGED,
          effectiveOn: first.from,
          precision: "day",
          data: { product, provider, segment, periods: changes },
          sources: [],
        },
      ],
      recordedAt: outbox.clock().toISOString(),
      recordedBy: "termline",
      newEventId: outbox.newId,
      alongside: () => [
        viewStore.viewPut(tenant, key, basis, next, {}, { overwriteSameVersion: true }),
      ],
    });
    return true;
  } catch (error) {
    if (error instanceof VersionConflictError) return false;
    throw error;
  }
}
