import {
  type AgreementListing,
  type AgreementState,
  type AnswerPeriod,
  type AnswerTimeline,
  answerTimeline,
  type Catalog,
  changesThePast,
  ENTITLEMENT_CHANGED,
  type EntitlementCell,
  namesIn,
  type PeriodChange,
  periodsChanged,
  reaches,
  reachOf,
  type StoredEvent,
  VersionConflictError,
} from "@termline/core";
import {
  type EventStore,
  type TransactPut,
  type ViewStore,
  ViewTooLargeError,
} from "@termline/store";
import pLimit from "p-limit";
import { AGREEMENT_VIEW_PREFIX, agreementViewKey, LISTING_PREFIX } from "./agreement-keys.ts";
import {
  type AnswerHead,
  answerKey,
  cellWrite,
  decisionsOf,
  type HeadEntry,
  headCondition,
  nextHead,
  nextSeq,
  periodKey,
  periodsOf,
  type ReadHead,
  readHead,
  revisionOf,
  type StoredPeriod,
} from "./answer-items.ts";
import { CATALOG_VIEW_KEY, isCatalogStream } from "./catalog-projection.ts";

export {
  ANSWER_PERIOD_PREFIX,
  ANSWER_PREFIX,
  answerKey,
  answersOfSegment,
} from "./answer-items.ts";

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

/** The catalog's products, each with its class, as the coverage checks take them. */
const productRefs = (catalog: Catalog) =>
  catalog.products.map(({ id, class: c }) => ({ id, class: c }));

/**
 * What a refresh reads: the listings (a few hundred bytes each) tell which agreements the
 * products in scope touch, and only their snapshots and only those cells are read. Listings
 * without a reach (written before it was) or a change to everything read every snapshot.
 */
async function inputsOf(viewStore: ViewStore, tenant: string, scope: AnswerScope) {
  const [listingViews, catalogView] = await Promise.all([
    viewStore.listViews(tenant, LISTING_PREFIX),
    viewStore.getView(tenant, CATALOG_VIEW_KEY),
  ]);
  if (!catalogView) return undefined;
  const catalog = catalogView.body as Catalog;
  const listings = listingViews.map(({ body }) => body as AgreementListing);
  const basis = listingViews.reduce((sum, { version }) => sum + version, catalogView.version);
  const narrow = scope !== "all" && listings.length > 0 && listings.every(({ reach }) => reach);
  if (!narrow) {
    const views = await viewStore.listViews(tenant, AGREEMENT_VIEW_PREFIX);
    const agreements = views.map(({ body }) => body as AgreementState);
    const products = scope === "all" ? productRefs(catalog) : reachedBy(agreements, scope, catalog);
    const everyBasis = views.reduce((sum, { version }) => sum + version, catalogView.version);
    return { catalog, agreements, products, basis: everyBasis };
  }
  const products = reachedBy(listings, scope, catalog);
  const relevant = listings.filter(({ reach }) =>
    products.some((product) => reach && reaches(reach, product)),
  );
  const views = await viewStore.getViews(
    tenant,
    relevant.map(({ id }) => agreementViewKey(id)),
  );
  // In key order, as a whole listing reads them: reasons come in agreement order.
  const agreements = views
    .map(({ body }) => body as AgreementState)
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { catalog, agreements, products, basis };
}

/** The sum of the versions a refresh would start from now (see inputsOf). */
async function basisNow(viewStore: ViewStore, tenant: string) {
  const [listings, catalog] = await Promise.all([
    viewStore.listViews(tenant, LISTING_PREFIX),
    viewStore.getView(tenant, CATALOG_VIEW_KEY),
  ]);
  return listings.reduce((sum, { version }) => sum + version, catalog?.version ?? 0);
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
  options: { rewrite?: boolean; again?: boolean } = {},
): Promise<{ cells: number; written: number; tooLarge: string[] }> {
  const inputs = await inputsOf(viewStore, tenant, scope);
  if (!inputs) return { cells: 0, written: 0, tooLarge: [] };
  const { catalog, products, basis } = inputs;
  const agreements = inputs.agreements.filter(({ exists }) => exists);
  const keys = products.flatMap(({ id: product }) =>
    catalog.providers.flatMap(({ id: provider }) =>
      catalog.segments.map(({ id: segment }) => answerKey({ product, provider, segment })),
    ),
  );
  const heads = await viewStore.getViews(tenant, keys);
  const before = new Map(heads.map((view) => [view.key, readHead(view)]));
  const names = namesIn(catalog);
  let cells = 0;
  let written = 0;
  const tooLarge: string[] = [];
  // Cells are independent: their writes overlap, and the next timelines are computed meanwhile.
  const limit = pLimit(PARALLEL_CELLS);
  const writes: Promise<void>[] = [];
  // Caught at once (and thrown below), so a failure while cells are still being computed is
  // never an unhandled rejection.
  let failure: { error: unknown } | undefined;
  for (const { id: product } of products)
    for (const { id: provider } of catalog.providers)
      for (const { id: segment } of catalog.segments) {
        const cell = { product, provider, segment };
        const timeline = answerTimeline(agreements, catalog, cell, names);
        cells++;
        const old = before.get(answerKey(cell));
        const write = {
          viewStore,
          tenant,
          basis,
          old,
          timeline,
          rewrite: options.rewrite ?? false,
        };
        writes.push(
          limit(async () => {
            try {
              if (await writeCell(write, outbox)) written++;
            } catch (error) {
              if (!(error instanceof ViewTooLargeError)) throw error;
              await dropCell(viewStore, tenant, cell);
              tooLarge.push(answerKey(cell));
            }
          }).catch((error: unknown) => {
            failure ??= { error };
          }),
        );
        if (limit.activeCount >= PARALLEL_CELLS) await new Promise((done) => setImmediate(done));
      }
  await Promise.all(writes);
  if (failure) throw failure.error;
  // A refresh that began after this one's inputs may have found its cells as they were and
  // written nothing, before this one wrote: if the inputs moved meanwhile, once more.
  if (written > 0 && !options.again && (await basisNow(viewStore, tenant)) !== basis) {
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
  return { cells, written, tooLarge };
}

interface CellWrite {
  viewStore: ViewStore;
  tenant: string;
  basis: number;
  old: ReadHead | undefined;
  timeline: AnswerTimeline;
  rewrite: boolean;
}

const PARALLEL_CELLS = 8;

/** Period items written in one transaction with the cell's head. */
const PERIODS_PER_WRITE = 90;
const HEAD_RETRIES = 5;

/**
 * Writes a cell's changed periods and its head. Each write of period items also writes the head
 * listing them, conditional on the head being as read (its `seq`) and not computed from a later
 * basis: so every period item is one its head lists, and a writer that read a head since
 * changed reads it again rather than leave an item the next writer would not know. Returns
 * whether it wrote; false when a later basis got there first.
 */
async function writeCell(write: CellWrite, outbox: AnswerOutbox | undefined): Promise<boolean> {
  let current = write;
  for (let attempt = 1; ; attempt++) {
    const outcome = await tryWriteCell(current, outbox);
    if (outcome !== "head moved") return outcome;
    const { viewStore, tenant, basis, timeline } = current;
    const view = await viewStore.getView(tenant, answerKey(timeline));
    if (view && view.version > basis) return false;
    // The batch is retried (the stream projector's, or the next commit's refresh) rather than
    // an answer left behind.
    if (attempt >= HEAD_RETRIES) throw new Error(`${answerKey(timeline)} kept changing`);
    current = { ...current, old: view && readHead(view) };
  }
}

/**
 * One attempt: the periods in transactions within DynamoDB's limits, each with a head listing
 * what is written so far; the last with the final head and, when a decision changed, the cell's
 * `EntitlementChanged` (so it is announced once, with the answers it announces).
 */
async function tryWriteCell(write: CellWrite, outbox: AnswerOutbox | undefined) {
  const { viewStore, tenant, basis, old, timeline, rewrite } = write;
  const plan = cellWrite(old, timeline, { rewrite });
  if (plan.unchanged) return false;
  const revision = revisionOf(old);
  const changes = old && outbox ? periodsChanged(decisionsOf(old), timeline) : [];
  const listed = new Map(old?.kind === "head" ? old.head.periods.map((e) => [e[0], e]) : []);
  const chunks = transactionsOf(
    plan.writes.map(({ period, entry }) => ({
      entry,
      put: periodPut(viewStore, tenant, timeline, basis, period),
    })),
  );
  let before = old;
  for (const [index, chunk] of chunks.entries()) {
    for (const { entry } of chunk) listed.set(entry[0], entry);
    const last = index === chunks.length - 1;
    const entries = last ? plan.entries : [...listed.values()].sort(byFirstDay);
    const announce = last && outbox && changes.length > 0 ? outbox : undefined;
    const head = nextHead(timeline, entries, announce ? revision + 1 : revision);
    const seq = nextSeq(before);
    const puts = [headPut(viewStore, tenant, basis, before, head, seq), ...chunk.map((w) => w.put)];
    const written = announce
      ? await announceWith(announce, tenant, timeline, revision, changes, puts)
      : await viewStore.putViewsTogether(puts);
    if (!written) return "head moved";
    before = { kind: "head", head, seq };
  }
  return true;
}

/**
 * Period puts grouped for transactions: at most PERIODS_PER_WRITE items and about 3 MB each
 * (DynamoDB takes 100 items and 4 MB; the head and an event go with them). Always at least one
 * group, so the head is written even when no period is.
 */
function transactionsOf<T extends { put: TransactPut }>(writes: T[]): T[][] {
  const groups: T[][] = [[]];
  let bytes = 0;
  for (const write of writes) {
    const size = String(write.put.Item.body ?? "").length;
    const group = groups.at(-1) ?? [];
    if (group.length > 0 && (group.length >= PERIODS_PER_WRITE || bytes + size > BYTES_PER_WRITE)) {
      groups.push([write]);
      bytes = size;
    } else {
      group.push(write);
      bytes += size;
    }
  }
  return groups;
}
const BYTES_PER_WRITE = 3_000_000;

const byFirstDay = (a: HeadEntry, b: HeadEntry) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);

function headPut(
  viewStore: ViewStore,
  tenant: string,
  basis: number,
  before: ReadHead | undefined,
  head: AnswerHead,
  seq: number,
) {
  const { TableName, Item } = viewStore.viewPut(tenant, answerKey(head), basis, head, { seq });
  return { TableName, Item, ...headCondition(before, basis) } satisfies TransactPut;
}

/** The cell's change of decision, as the next event of its stream, with the items that show it. */
async function announceWith(
  outbox: AnswerOutbox,
  tenant: string,
  cell: EntitlementCell,
  revision: number,
  changes: PeriodChange[],
  puts: TransactPut[],
) {
  const first = changes[0];
  if (!first) return false;
  try {
    await outbox.eventStore.append({
      tenant,
      agreementId: answerStream(cell),
      expectedVersion: revision,
      expectedVersionRead: true,
      events: [
        {
          type: ENTITLEMENT_CHANGED,
          effectiveOn: first.from,
          precision: "day",
          data: { ...cellOf(cell), periods: changes },
          sources: [],
        },
      ],
      recordedAt: outbox.clock().toISOString(),
      recordedBy: "termline",
      newEventId: outbox.newId,
      alongside: () => puts,
    });
    return true;
  } catch (error) {
    if (error instanceof VersionConflictError) return false;
    throw error;
  }
}

const cellOf = ({ product, provider, segment }: EntitlementCell) => ({
  product,
  provider,
  segment,
});

/** A period's item; one too large to store is a mark, and readers evaluate that period. */
function periodPut(
  viewStore: ViewStore,
  tenant: string,
  cell: EntitlementCell,
  basis: number,
  period: AnswerPeriod,
) {
  const key = periodKey(cell, period.from);
  const options = { overwriteSameVersion: true };
  try {
    return viewStore.viewPut(tenant, key, basis, period satisfies StoredPeriod, {}, options);
  } catch (error) {
    if (!(error instanceof ViewTooLargeError)) throw error;
    const mark: StoredPeriod = { from: period.from, tooLarge: true };
    return viewStore.viewPut(tenant, key, basis, mark, {}, options);
  }
}

/**
 * A cell whose head would outgrow its item (thousands of periods) leaves the model: its head and
 * periods are deleted, and the API evaluates its questions from the snapshots.
 */
async function dropCell(viewStore: ViewStore, tenant: string, cell: EntitlementCell) {
  await viewStore.deleteItem(tenant, answerKey(cell));
  const periods = await viewStore.listViews(tenant, periodsOf(cell));
  await viewStore.deleteItems(
    tenant,
    periods.map(({ key }) => key),
  );
}
