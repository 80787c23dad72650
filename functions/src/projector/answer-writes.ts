import {
  type AnswerPeriod,
  type AnswerTimeline,
  ENTITLEMENT_CHANGED,
  type EntitlementCell,
  type PeriodChange,
  periodsChanged,
  VersionConflictError,
} from "@termline/core";
import {
  type EventStore,
  type TransactPut,
  type ViewStore,
  ViewTooLargeError,
} from "@termline/store";
import {
  type CellConflicts,
  conflictsKey,
  conflictsOf,
  storedConflictsOf,
} from "./answer-conflicts.ts";
import {
  type AnswerHead,
  type AnswerSummary,
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
  storedPeriodOf,
  storedTimelineOf,
  summaryKey,
  summaryOf,
  timelineKey,
} from "./answer-items.ts";
import {
  knowingOf,
  markDoubts,
  nextHeadLabel,
  type RecordedSpan,
  revisionPut,
  writeBodies,
} from "./answer-revisions.ts";

// How a cell's answers are written: its changed periods and its head, together, conditional on
// the head as read; with the cell's change of decision when it has one.

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

export interface CellWrite {
  viewStore: ViewStore;
  tenant: string;
  basis: number;
  old: ReadHead | undefined;
  timeline: AnswerTimeline;
  rewrite: boolean;
  /**
   * When the inputs were recorded: the label, the latest instant in all of them (undefined when
   * one does not say, and then no revision is written), and the span of the events the refresh
   * is for (none for a rebuild). See answer-revisions.ts.
   */
  known?: { label: string | undefined; recorded: RecordedSpan | undefined } | undefined;
}

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
export async function writeCell(
  write: CellWrite,
  outbox: AnswerOutbox | undefined,
): Promise<boolean> {
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
 * what is written so far; the last with the final head, the cell's summary and whole timeline
 * (answer-items.ts) and, when a decision changed, the cell's `EntitlementChanged` (so it is
 * announced once, with the answers it announces). Until the last is written the summary and the
 * whole timeline are the previous timeline's, whole.
 */
async function tryWriteCell(write: CellWrite, outbox: AnswerOutbox | undefined) {
  const { viewStore, tenant, basis, old, timeline, rewrite } = write;
  const plan = cellWrite(old, timeline, { rewrite });
  const headLabel = old?.kind === "head" ? old.head.known : undefined;
  const knowing = knowingOf(write.known?.label, headLabel, write.known?.recorded);
  // Unchanged answers known from a later instant: the revision already written still holds.
  if (plan.unchanged && knowing.doubtFrom === undefined) return false;
  await markDoubts(viewStore, tenant, timeline, basis, knowing, headLabel);
  // The same answers need no revision when the last one lists them; a rewrite (a rebuild,
  // which clears revisions, or an upgrade) writes one.
  const sameAnswers =
    !rewrite &&
    headLabel !== undefined &&
    old?.kind === "head" &&
    JSON.stringify(old.head.periods) === JSON.stringify(plan.entries);
  const label = sameAnswers && knowing.doubtFrom === undefined ? undefined : knowing.label;
  const known = nextHeadLabel({ ...knowing, label }, headLabel);
  if (label !== undefined) await writeBodies(viewStore, tenant, timeline, basis, plan.writes);
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
    const head = nextHead(timeline, entries, announce ? revision + 1 : revision, known);
    const seq = nextSeq(before);
    const puts: TransactPut[] = [
      headPut(viewStore, tenant, basis, before, head, seq),
      ...chunk.map((w) => w.put),
    ];
    if (last)
      puts.push(
        summaryPut(viewStore, tenant, basis, timeline),
        timelinePut(viewStore, tenant, basis, timeline),
      );
    if (last && (inConflict(timeline) || (old && inConflict(decisionsOf(old)))))
      puts.push(conflictsPut(viewStore, tenant, basis, conflictsOf(timeline)));
    if (last && label !== undefined)
      puts.push(revisionPut(viewStore, tenant, timeline, basis, label, plan.entries));
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

/**
 * The summary alone, of a cell whose whole timeline is too large for the model (its periods and
 * head dropped): the matrix's decisions stay one Query, while its reasons are evaluated. Not
 * written over a summary from a later basis.
 */
export const writeSummaryAlone = (
  viewStore: ViewStore,
  tenant: string,
  basis: number,
  decisions: AnswerTimeline,
) => {
  // Its reasons were dropped: the terms at odds are not known here, and are evaluated.
  const { product, provider, segment } = decisions;
  const conflicts: CellConflicts = { product, provider, segment, tooLarge: true };
  return viewStore.putViewsTogether([
    summaryPut(viewStore, tenant, basis, decisions),
    conflictsPut(viewStore, tenant, basis, conflicts),
  ]);
};

/** The cell's summary; one too large to store is a mark, and a matrix then evaluates. */
const summaryPut = (
  viewStore: ViewStore,
  tenant: string,
  basis: number,
  timeline: AnswerTimeline,
): TransactPut =>
  putOrMark(viewStore, tenant, summaryKey(timeline), basis, summaryOf(timeline), {
    ...cellOf(timeline),
    tooLarge: true,
  } satisfies AnswerSummary);

/** The cell's whole timeline while it is small (`storedTimelineOf`), else a mark. */
const timelinePut = (
  viewStore: ViewStore,
  tenant: string,
  basis: number,
  timeline: AnswerTimeline,
): TransactPut =>
  viewStore.viewPut(
    tenant,
    timelineKey(timeline),
    basis,
    storedTimelineOf(timeline),
    {},
    {
      overwriteSameVersion: true,
    },
  );

const inConflict = ({ periods }: AnswerTimeline) =>
  periods.some(({ answer }) => answer.decision === "conflict");

/**
 * The cell's conflict periods, written when it has some or had some (so none left over is
 * read as current); one too large to store is a mark, and the conflicts are then evaluated.
 */
const conflictsPut = (
  viewStore: ViewStore,
  tenant: string,
  basis: number,
  conflicts: CellConflicts,
): TransactPut =>
  putOrMark(viewStore, tenant, conflictsKey(conflicts), basis, storedConflictsOf(conflicts), {
    ...cellOf(conflicts),
    tooLarge: true,
  } satisfies CellConflicts);

/** A period's item; one too large to store is a mark, and readers evaluate that period. */
const periodPut = (
  viewStore: ViewStore,
  tenant: string,
  cell: EntitlementCell,
  basis: number,
  period: AnswerPeriod,
): TransactPut =>
  putOrMark(viewStore, tenant, periodKey(cell, period.from), basis, storedPeriodOf(period), {
    from: period.from,
    tooLarge: true,
  } satisfies StoredPeriod);

/** An item of a cell, or, when it is too large to store, a mark that says so in its place. */
function putOrMark(
  viewStore: ViewStore,
  tenant: string,
  key: string,
  basis: number,
  body: unknown,
  mark: unknown,
): TransactPut {
  const options = { overwriteSameVersion: true };
  try {
    return viewStore.viewPut(tenant, key, basis, body, {}, options);
  } catch (error) {
    if (!(error instanceof ViewTooLargeError)) throw error;
    return viewStore.viewPut(tenant, key, basis, mark, {}, options);
  }
}

/**
 * A cell too large for the model (a head of thousands of periods, or a timeline citing more
 * reasons than a refresh may hold) leaves it: its periods and head are deleted, and the API
 * evaluates its questions from the snapshots. Periods go first, oldest first (batches in key
 * order): entitlements read them without the head, and what is left at any moment is the end
 * of the timeline, which still answers its own days, while days before it find no period and
 * are evaluated. The head goes last, a matrix finding a period it lists missing evaluates.
 * The whole timeline goes first (an entitlement missing it reads the periods), then the
 * summary (a matrix missing a cell's summary reads its periods).
 */
export async function dropCell(viewStore: ViewStore, tenant: string, cell: EntitlementCell) {
  await viewStore.deleteItem(tenant, timelineKey(cell));
  await viewStore.deleteItem(tenant, summaryKey(cell));
  await viewStore.deleteItem(tenant, conflictsKey(cell));
  const periods = await viewStore.listViews(tenant, periodsOf(cell));
  await viewStore.deleteItems(
    tenant,
    periods.map(({ key }) => key),
  );
  await viewStore.deleteItem(tenant, answerKey(cell));
}
