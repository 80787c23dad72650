import {
  type Catalog,
  catalogCells,
  type EntitlementCell,
  historyFrom,
  historyWork,
  namePlaceholders,
  type StoredEvent,
  type TimelineAsKnown,
  timelinesAsKnown,
} from "@termline/core";
import type { EventStore, TransactPut, ViewStore } from "@termline/store";
import { answerKey, cellWrite } from "./answer-items.ts";
import { listingsAndCatalog, MAX_TIMELINE_REASONS, refreshAnswers } from "./answer-projection.ts";
import { bodyPut, type KnownRevision, revisionBody, revisionKey } from "./answer-revisions.ts";
import { answerScopeOf, recordedSpanOf } from "./answer-scope.ts";
import { boundedWrites } from "./bounded-writes.ts";
import { CATALOG_STREAM } from "./catalog-projection.ts";

/** What a rebuild wrote of what was known when. */
export interface AnswerHistoryReport {
  /** Revisions written: a cell's answers as known from an instant on. */
  revisions: number;
  /** Instants at which a cell was too large for the model: a gap, evaluated at read. */
  gaps: number;
  /** The first instant covered, when not the first recorded (see MAX_HISTORY_WORK). */
  from: string | undefined;
  /** What the whole history would read, in agreements (`historyWork`). */
  work: number;
  /** Events committed after the history read their logs, whose answers were refreshed again. */
  late: number;
}

/**
 * Each cell's revisions over the tenant's whole history, recreated from the log: at every
 * instant a cell's answers changed as known, its periods and their answers, as the stream would
 * have written them had it seen each commit in the order it was recorded. So a question as known
 * at any instant since the tenant's first record is one Query after a rebuild too, where it was
 * evaluated from the snapshots and the logs of every agreement recorded into on both sides of it
 * (the benchmark's: 406 read units). Written before the rebuild's own refresh, which writes the
 * revision of the latest instant over the same key.
 */
export async function writeAnswerHistory(
  stores: { eventStore: EventStore; viewStore: ViewStore },
  tenant: string,
  options: {
    /** The bound on the history's work (`historyWork`); MAX_HISTORY_WORK by default. */
    maxWork?: number | undefined;
    /** Only these products' cells: a slice of an upgrade (answer-slices.ts). */
    products?: Set<string> | undefined;
    /** Only these providers' cells, of those products. */
    providers?: Set<string> | undefined;
    /** The logs and views read already (`readHistoryInputs`), by a slice that writes several. */
    inputs?: HistoryInputs | undefined;
  } = {},
): Promise<AnswerHistoryReport> {
  const { maxWork = MAX_HISTORY_WORK, products, providers } = options;
  const { viewStore } = stores;
  const inputs = options.inputs ?? (await readHistoryInputs(stores, tenant));
  if (!inputs) return { revisions: 0, gaps: 0, from: undefined, work: 0, late: 0 };
  const { catalogView, basis, catalogLog, agreementLogs } = inputs;
  const history = {
    catalogLog,
    agreementLogs,
    cells: catalogCells(catalogView.body as Catalog).filter(
      ({ product, provider }) =>
        (!products || products.has(product)) && (!providers || providers.has(provider)),
    ),
    names: namePlaceholders,
    maxReasons: MAX_TIMELINE_REASONS,
  };
  const work = historyWork(history);
  const from = historyFrom(work, maxWork);
  const writer = new HistoryWriter(viewStore, tenant, basis);
  for (const known of timelinesAsKnown(history, { from })) await writer.add(known);
  await writer.done();
  const late = await refreshLateCommits(stores, tenant, [catalogLog, ...agreementLogs]);
  const total = work.reduce((sum, { work }) => sum + work, 0);
  if (from !== undefined)
    console.warn(
      JSON.stringify({
        level: "warn",
        message: "history recreated from an instant on; as known before it, evaluated from the log",
        tenant,
        from,
        work: total,
        maxWork,
      }),
    );
  return { revisions: writer.revisions, gaps: writer.gaps, from, work: total, late };
}

/** What a history is computed from: the tenant's listings, catalog and every log, read once. */
export interface HistoryInputs {
  catalogView: { body: unknown; version: number };
  basis: number;
  catalogLog: StoredEvent[];
  agreementLogs: StoredEvent[][];
}

/** The inputs of a history; undefined for a tenant without a catalog. */
export async function readHistoryInputs(
  stores: { eventStore: EventStore; viewStore: ViewStore },
  tenant: string,
): Promise<HistoryInputs | undefined> {
  const { listingViews, catalogView, basis } = await listingsAndCatalog(stores.viewStore, tenant);
  if (!catalogView) return undefined;
  const ids = listingViews.map(({ body }) => (body as { id: string }).id);
  const [catalogLog, agreementLogs] = await Promise.all([
    stores.eventStore.readStream(tenant, CATALOG_STREAM, { consistent: true }),
    readLogs(stores.eventStore, tenant, ids),
  ]);
  return { catalogView, basis, catalogLog, agreementLogs };
}

/**
 * An append decided before the history read its agreement's log may commit after: recorded
 * inside the history, but not in it. The stream's refresh of it turns the revisions from its
 * instant on into gaps, and the history's puts, unconditional, may then write over those gaps
 * with revisions that do not know it. So, once the history is written, the commits its logs
 * missed (their listings moved past them: the commit's transaction, or the stream before its
 * refresh, writes the listing) are refreshed again as the stream refreshes events projected
 * late: gaps from the earliest instant they were recorded. Nothing is published: the stream
 * did, for each commit.
 */
async function refreshLateCommits(
  stores: { eventStore: EventStore; viewStore: ViewStore },
  tenant: string,
  logs: StoredEvent[][],
): Promise<number> {
  const read = new Map(
    logs.flatMap((log) => (log[0] ? [[log[0].agreementId, log.at(-1)?.version ?? 0]] : [])),
  );
  const { listingViews, catalogView } = await listingsAndCatalog(stores.viewStore, tenant);
  const versions: [id: string, version: number][] = [
    ...listingViews.map(({ body, version }): [string, number] => [
      (body as { id: string }).id,
      version,
    ]),
    ...(catalogView ? [[CATALOG_STREAM, catalogView.version] as [string, number]] : []),
  ];
  const moved = versions.filter(([id, version]) => version > (read.get(id) ?? 0));
  const late = (
    await Promise.all(
      moved.map(([id]) =>
        stores.eventStore.readStream(tenant, id, {
          afterVersion: read.get(id) ?? 0,
          consistent: true,
        }),
      ),
    )
  ).flat();
  const scope = answerScopeOf(late);
  if (scope)
    await refreshAnswers(stores.viewStore, tenant, scope, undefined, {
      recorded: recordedSpanOf(late),
    });
  return late.length;
}

/**
 * How much history a rebuild recreates, in agreements read (`historyWork`): the latest instants
 * whose timelines read at most this many. The benchmark's 1,000-agreement tenant, recorded over
 * 300 days, reads 1.8 million in all, about five minutes on one machine; ten times
 * that tenant would read a hundred times as many (a busy product's timelines cite its agreements
 * in force, instant after instant), hours of work, so the older history of such a tenant is left
 * to the evaluation from the log, and the history takes a rebuild about as long at any size.
 * Every log is held in memory meanwhile (the tenant's events, once each).
 */
export const MAX_HISTORY_WORK = 2_500_000;

const LOG_READS = 8;

async function readLogs(eventStore: EventStore, tenant: string, ids: string[]) {
  const logs: StoredEvent[][] = [];
  const reads = boundedWrites(LOG_READS);
  for (const id of ids)
    await reads.start(async () => {
      logs.push(await eventStore.readStream(tenant, id, { consistent: true }));
    });
  await reads.done();
  return logs;
}

type CellWrite = ReturnType<typeof cellWrite>;

/** Puts gathered into batches: a revision when a cell's periods changed, each answer once. */
class HistoryWriter {
  revisions = 0;
  gaps = 0;
  private puts: TransactPut[] = [];
  private readonly writes = boundedWrites(WRITES_IN_FLIGHT);
  private readonly listed = new Map<string, string>();
  private readonly stored = new Set<string>();
  private readonly held = new Map<string, { key: string; body: KnownRevision }>();

  constructor(
    private readonly viewStore: ViewStore,
    private readonly tenant: string,
    private readonly basis: number,
  ) {}

  async add({ label, timeline, whole }: TimelineAsKnown) {
    const cell = answerKey(timeline);
    if (!whole) return this.gap(cell, timeline, label);
    const { entries, writes } = cellWrite(undefined, timeline, { rewrite: true });
    const listing = JSON.stringify(entries);
    if (this.listed.get(cell) === listing) return;
    this.listed.set(cell, listing);
    const periods = entries.map(([from, , digest]): [string, string] => [from, digest]);
    const { body, carriesEvery } = revisionBody(timeline, periods, label);
    // A revision carrying its answers is all a read needs: answers are stored apart only for
    // one that does not carry them all.
    if (!carriesEvery) this.storeAnswers(cell, timeline, writes);
    this.revisions++;
    await this.hold(cell, revisionKey(timeline, label), body, label);
  }

  /**
   * A cell's revision is written once the cell's next one is known, saying until when it holds
   * (`until`), so a history cut short (a rebuild stopped by its function's timeout, a failed
   * write) never answers for an instant past what it wrote: a read past a revision's `until`
   * that finds no later one evaluates the log. Each cell's last revision is written by `done`.
   */
  private async hold(cell: string, key: string, body: KnownRevision, label: string) {
    const held = this.held.get(cell);
    this.held.set(cell, { key, body });
    if (held) this.put(held.key, "gap" in held.body ? held.body : { ...held.body, until: label });
    await this.flushWhenFull();
  }

  private put(key: string, body: KnownRevision) {
    const options = { overwriteSameVersion: true };
    this.puts.push(this.viewStore.viewPut(this.tenant, key, this.basis, body, {}, options));
  }

  private storeAnswers(cell: string, at: EntitlementCell, writes: CellWrite["writes"]) {
    for (const { period, entry } of writes) {
      const digest = entry[2];
      if (this.stored.has(`${cell}#${digest}`)) continue;
      this.stored.add(`${cell}#${digest}`);
      const put = bodyPut(this.viewStore, this.tenant, at, this.basis, digest, period.answer);
      if (put) this.puts.push(put);
    }
  }

  private async gap(cell: string, at: EntitlementCell, label: string) {
    if (this.listed.get(cell) === GAP) return;
    this.listed.set(cell, GAP);
    this.gaps++;
    await this.hold(cell, revisionKey(at, label), { gap: true }, label);
  }

  /** Writes overlap the next timelines' computation, a few batches at a time. */
  private async flushWhenFull() {
    if (this.puts.length < PUTS_PER_FLUSH) return;
    const puts = this.puts;
    this.puts = [];
    await this.writes.start(() => this.viewStore.putViewsUnconditionally(puts));
  }

  async done() {
    for (const { key, body } of this.held.values()) this.put(key, body);
    if (this.puts.length > 0) await this.viewStore.putViewsUnconditionally(this.puts);
    await this.writes.done();
  }
}

const GAP = "gap";
const PUTS_PER_FLUSH = 100;
const WRITES_IN_FLIGHT = 4;
