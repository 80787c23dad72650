import { changesThePast, evolve, fold } from "../agreement/evolve.ts";
import { type AgreementState, snapshotOf } from "../agreement/state.ts";
import { type Catalog, findProduct } from "../catalog/catalog.ts";
import { evolveCatalog, foldCatalog } from "../catalog/evolve-catalog.ts";
import { bearsOnCell } from "../entitlements/bearing-terms.ts";
import type { EntitlementCell } from "../entitlements/cell-timeline.ts";
import type { StoredEvent } from "../events/envelope.ts";
import type { Names } from "../views/names.ts";
import {
  type AgreementReach,
  type AnswerTimeline,
  answerTimelineWithin,
  reaches,
  reachOf,
} from "./answer-timelines.ts";

/** Every cell of a catalog: each product on each provider in each segment. */
export const catalogCells = ({ products, providers, segments }: Catalog): EntitlementCell[] =>
  products.flatMap(({ id: product }) =>
    providers.flatMap(({ id: provider }) =>
      segments.map(({ id: segment }) => ({ product, provider, segment })),
    ),
  );

/** A cell's timeline as the events recorded by `label` make it, until the next one. */
export interface TimelineAsKnown {
  label: string;
  timeline: AnswerTimeline;
  /** False when it cites more than `maxReasons` reasons: decisions and certainty only. */
  whole: boolean;
}

export interface KnownHistory {
  catalogLog: StoredEvent[];
  /** Each agreement's log, in version order. */
  agreementLogs: StoredEvent[][];
  /** The cells asked about: today's, since a question's ids are checked against today's catalog. */
  cells: EntitlementCell[];
  names: Names;
  maxReasons: number;
}

/**
 * Every cell's timeline as known at each instant something that can move it was recorded, in
 * the order of the instants: what a question "as known at T" is answered from, for any T from
 * the tenant's first record on, recreated from the log. As known at T means the events recorded
 * by T (`recordedAt <= T`), as the evaluation from the log reads them, whatever the order in
 * which commits became visible. At an instant the catalog changed every cell is given; else the
 * cells an agreement recorded into then bore on, before or after (`bearsOnCell`). A cell given
 * may be unchanged: the caller compares. With `from`, instants before it are folded but not
 * computed, and every cell is given at the first instant from it on: what was known before it
 * is left to the evaluation from the log.
 */
export function* timelinesAsKnown(
  history: KnownHistory,
  options: { from?: string | undefined } = {},
): Generator<TimelineAsKnown> {
  for (const { label, cells, known, catalog } of cellsMoved(history, options.from))
    for (const cell of cells) {
      const { timeline, whole } = answerTimelineWithin(
        known(cell),
        catalog,
        cell,
        history.names,
        history.maxReasons,
      );
      yield { label, timeline, whole };
    }
}

/**
 * What each instant's timelines cost to compute, in agreements read: the sum, over the cells
 * given then, of the agreements known that reach the cell's product. A cell's timeline reads
 * each of them and cites those in force, so the whole history costs the square of a busy
 * product's agreements: a caller with a bound on its work covers the latest instants it can
 * afford (`from`).
 */
export function historyWork(history: KnownHistory): { instant: string; work: number }[] {
  const work: { instant: string; work: number }[] = [];
  for (const { label, cells, known } of cellsMoved(history, undefined)) {
    const read = cells.reduce((sum, cell) => sum + known(cell).length, 0);
    work.push({ instant: label, work: read });
  }
  return work;
}

/** The first instant a history bounded by `maxWork` covers: undefined when it covers them all. */
export function historyFrom(work: { instant: string; work: number }[], maxWork: number) {
  let total = 0;
  for (let index = work.length - 1; index >= 0; index--) {
    total += (work[index] as { work: number }).work;
    if (total > maxWork) return work[index + 1]?.instant ?? "\uffff";
  }
  return undefined;
}

/** At each instant, the cells it can move and the agreements known then, by cell. */
function* cellsMoved(history: KnownHistory, from: string | undefined) {
  const catalog = new KnownCatalog(history.catalogLog);
  const agreements = [...history.agreementLogs]
    .filter((log) => log.length > 0)
    .map((log) => new KnownAgreement(log))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const touchedAt = new Map<string, KnownAgreement[]>();
  for (const agreement of agreements)
    for (const instant of agreement.instants) {
      const touched = touchedAt.get(instant) ?? [];
      touched.push(agreement);
      touchedAt.set(instant, touched);
    }
  const instants = [...new Set([...catalog.instants, ...touchedAt.keys()])].sort();
  let started = false;
  for (const label of instants) {
    const catalogMoved = catalog.advanceTo(label);
    const moved = (touchedAt.get(label) ?? []).map((agreement) => agreement.advanceTo(label));
    if (from !== undefined && label < from) continue;
    const everyCell = catalogMoved || (from !== undefined && !started);
    started = true;
    const cells = everyCell
      ? history.cells
      : history.cells.filter((cell) =>
          moved.some((states) => bearsOnCell(states, catalog.state, cell)),
        );
    const known = (cell: EntitlementCell) =>
      agreements.flatMap((agreement) =>
        agreement.state.exists && agreement.reaches(cell.product, catalog.state)
          ? [agreement.state]
          : [],
      );
    yield { label, cells, known, catalog: catalog.state };
  }
}

const instantsOf = (log: StoredEvent[]) => [...new Set(log.map(({ recordedAt }) => recordedAt))];

/** Whether each event was recorded no earlier than the one before it: then a prefix is what was known. */
const inRecordedOrder = (log: StoredEvent[]) =>
  log.every(
    (event, index) => index === 0 || (log[index - 1]?.recordedAt ?? "") <= event.recordedAt,
  );

const seenBy = (log: StoredEvent[], instant: string) =>
  log.filter(({ recordedAt }) => recordedAt <= instant);

/**
 * One agreement as known at each of its instants: applied event by event while its log is in
 * recorded order (refolded at a correction or a retraction, which change the past), else
 * refolded from the events recorded by then. The state keeps no log, so a long log costs its
 * length, not its square.
 */
class KnownAgreement {
  readonly id: string;
  readonly instants: string[];
  state: AgreementState;
  private readonly ordered: boolean;
  private next = 0;
  private reach: AgreementReach | undefined;

  constructor(private readonly log: StoredEvent[]) {
    const first = log[0] as StoredEvent;
    this.id = first.agreementId;
    this.instants = instantsOf(log);
    this.ordered = inRecordedOrder(log);
    this.state = snapshotOf(fold(first.tenant, first.agreementId, []));
  }

  /** The states before and after the events recorded at `instant`. */
  advanceTo(instant: string): AgreementState[] {
    const before = this.state;
    this.reach = undefined;
    if (!this.ordered) {
      this.state = snapshotOf(fold(before.tenant, this.id, seenBy(this.log, instant)));
      return [before, this.state];
    }
    let state = before;
    let end = this.next;
    while (end < this.log.length && (this.log[end] as StoredEvent).recordedAt <= instant) end++;
    const events = this.log.slice(this.next, end);
    if (events.some(changesThePast)) state = fold(before.tenant, this.id, this.log.slice(0, end));
    else state = events.reduce(evolve, state);
    this.next = end;
    this.state = snapshotOf(state);
    return [before, this.state];
  }

  reaches(product: string, catalog: Catalog) {
    this.reach ??= reachOf(this.state);
    return reaches(this.reach, { id: product, class: findProduct(catalog, product)?.class });
  }
}

/** The catalog as known at each of its instants, the same way. */
class KnownCatalog {
  readonly instants: string[];
  state: Catalog;
  private readonly ordered: boolean;
  private next = 0;

  constructor(private readonly log: StoredEvent[]) {
    this.instants = instantsOf(log);
    this.ordered = inRecordedOrder(log);
    this.state = foldCatalog([]);
  }

  /** Whether anything was recorded into the catalog at `instant`. */
  advanceTo(instant: string): boolean {
    if (!this.ordered) {
      const moved = this.log.some(({ recordedAt }) => recordedAt === instant);
      if (moved) this.state = foldCatalog(seenBy(this.log, instant));
      return moved;
    }
    const start = this.next;
    while (
      this.next < this.log.length &&
      (this.log[this.next] as StoredEvent).recordedAt <= instant
    )
      this.state = evolveCatalog(this.state, this.log[this.next++] as StoredEvent);
    return this.next > start;
  }
}
