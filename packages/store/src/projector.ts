import type { StoredEvent } from "@termline/core";
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from "aws-lambda";
import type { EventStore } from "./event-store.ts";
import { parseStreamRecord } from "./stream-records.ts";
import type { ViewAttributes, ViewStore } from "./view-store.ts";

export interface ProjectionDefinition<S> {
  eventStore: Pick<EventStore, "readStream" | "scanAllEvents" | "allStreams">;
  viewStore: Pick<ViewStore, "getView" | "putView" | "viewPut" | "putViewsTogether">;
  viewKey: (agreementId: string) => string;
  /** Which streams this projection folds; others sharing the table are left to their own. */
  accepts?: (agreementId: string) => boolean;
  initialState: () => S;
  evolve: (state: S, event: StoredEvent) => S;
  /**
   * Events that cannot apply to a stored view (a correction needs the log the view does not
   * keep): the projector folds the whole stream with `foldLog` instead.
   */
  needsLog?: (event: StoredEvent) => boolean;
  /** Folds a whole stream from scratch; defaults to `evolve` from `initialState`. */
  foldLog?: (events: StoredEvent[]) => S;
  /**
   * Turns a stored body back into state (reading what else it names); the default trusts it,
   * as only this projector writes it.
   */
  decode?: (body: unknown, tenant: string) => S | Promise<S>;
  /**
   * What is stored of a state; the default stores it whole. `stored` is the state the view held
   * before, as decoded or last encoded here, if any: what it wrote need not be written again.
   */
  encode?: (state: S, context: { tenant: string; stored?: S | undefined }) => unknown;
  /**
   * Smaller views derived from the state, written with it at the same version, in one
   * transaction (a listing): a retry finds the view written and stops, so a companion written
   * apart could stay behind for good.
   */
  companions?: (state: S, agreementId: string) => { key: string; body: unknown }[];
  /** Extra view attributes derived from the state. */
  attributes?: (state: S, agreementId: string) => ViewAttributes;
  onError?: (error: unknown, record?: DynamoDBRecord) => void;
  /** Told of each view written from a stream record, e.g. to log it with the event's correlation id. */
  onProjected?: (event: StoredEvent, version: number) => void;
  /**
   * Told of every event applied, with the state just before and after it, before the view is
   * written (so a crash repeats, never skips, the call: it must be idempotent). `log` is the
   * whole stream when it was read. A history projection writes one line per event from it.
   */
  onTransitions?: (
    tenant: string,
    agreementId: string,
    transitions: Transition<S>[],
    log: StoredEvent[] | undefined,
  ) => Promise<void>;
}

export interface Transition<S> {
  event: StoredEvent;
  before: S;
  after: S;
}

export interface Projected<S> {
  version: number;
  state: S;
}

export interface Projector<S> {
  /** The Lambda handler for the events table stream (with ReportBatchItemFailures). */
  handler: (event: DynamoDBStreamEvent) => Promise<DynamoDBBatchResponse>;
  /** Brings one view up to the end of its stream, reading the log. */
  projectStream: (tenant: string, agreementId: string) => Promise<Projected<S>>;
  /** Refolds every stream (of one tenant, if given) from the log and overwrites the views, even at the same version. */
  rebuildAll: (tenant?: string) => Promise<RebuildReport>;
  /** Refolds one stream as `rebuildAll` does; a stream this projector does not accept is none. */
  rebuildStream: (tenant: string, agreementId: string) => Promise<RebuildReport>;
}

/** A rebuild goes on past a stream it cannot write, and says which and why. */
export interface RebuildReport {
  streams: number;
  events: number;
  failed: { tenant: string; agreementId: string; reason: string }[];
}

const REBUILD_CONCURRENCY = 8;

/**
 * A view stores the version it reflects, so a record at or below it is a duplicate, the next
 * one is applied, and one further ahead means records are missing or reordered: the log is
 * then read instead of guessing. Replays, duplicates and reordering all end in the same view.
 */
export function createProjector<S>(definition: ProjectionDefinition<S>): Projector<S> {
  const { eventStore, viewStore, viewKey, initialState, evolve } = definition;
  const decode = definition.decode ?? ((body: unknown) => body as S);
  const onError = definition.onError ?? ((error: unknown) => console.error("projector:", error));
  const accepts = definition.accepts ?? (() => true);

  const encode = definition.encode ?? ((state: S) => state);
  const needsLog = definition.needsLog ?? (() => false);
  const foldEach = (from: Projected<S>, events: StoredEvent[]): Projected<S> =>
    events.reduce(
      (current, event) => ({ version: event.version, state: evolve(current.state, event) }),
      from,
    );
  const foldLog = (events: StoredEvent[]): Projected<S> => ({
    version: events.at(-1)?.version ?? 0,
    state: definition.foldLog
      ? definition.foldLog(events)
      : foldEach({ version: 0, state: initialState() }, events).state,
  });
  const readAll = (tenant: string, agreementId: string, afterVersion = 0) =>
    eventStore.readStream(tenant, agreementId, { afterVersion, consistent: true });

  /** The view moved on by `events`, or refolded from the whole log when one of them needs it. */
  async function advance(
    tenant: string,
    agreementId: string,
    current: Projected<S>,
    events: StoredEvent[],
  ): Promise<Projected<S>> {
    const log = events.some(needsLog) ? await readAll(tenant, agreementId) : undefined;
    if (definition.onTransitions) {
      const { next, transitions } = stepByStep(current, events, log);
      await definition.onTransitions(tenant, agreementId, transitions, log);
      return next;
    }
    return log ? foldLog(log) : foldEach(current, events);
  }

  /** Each event's before and after; one that needs the log is refolded up to its version. */
  function stepByStep(current: Projected<S>, events: StoredEvent[], log?: StoredEvent[]) {
    const transitions: Transition<S>[] = [];
    let next = current;
    for (const event of events) {
      const after =
        log && needsLog(event)
          ? foldLog(log.filter(({ version }) => version <= event.version))
          : { version: event.version, state: evolve(next.state, event) };
      transitions.push({ event, before: next.state, after: after.state });
      next = after;
    }
    return { next, transitions };
  }

  async function load(tenant: string, key: string): Promise<Projected<S>> {
    const view = await viewStore.getView(tenant, key);
    return view
      ? { version: view.version, state: await decode(view.body, tenant) }
      : { version: 0, state: initialState() };
  }

  async function save(
    tenant: string,
    agreementId: string,
    next: Projected<S>,
    { rebuild = false, stored }: { rebuild?: boolean; stored?: S } = {},
  ) {
    const extra = definition.attributes?.(next.state, agreementId) ?? {};
    const options = { overwriteSameVersion: rebuild };
    const body = await encode(next.state, { tenant, stored });
    const key = viewKey(agreementId);
    const companions = definition.companions?.(next.state, agreementId) ?? [];
    if (companions.length === 0)
      return viewStore.putView(tenant, key, next.version, body, extra, options);
    // A companion at this version already says the same (it is derived from this state): it
    // is written again rather than let it refuse the view.
    const again = { overwriteSameVersion: true };
    return viewStore.putViewsTogether([
      viewStore.viewPut(tenant, key, next.version, body, extra, options),
      ...companions.map((companion) =>
        viewStore.viewPut(tenant, companion.key, next.version, companion.body, {}, again),
      ),
    ]);
  }

  // Within one batch the last written view is remembered, saving a read per record.
  async function apply(event: StoredEvent, written: Map<string, Projected<S>>) {
    const key = viewKey(event.agreementId);
    const slot = `${event.tenant}\u0000${key}`;
    const current = written.get(slot) ?? (await load(event.tenant, key));
    if (event.version <= current.version) return;
    const missing =
      event.version === current.version + 1
        ? [event]
        : await readAll(event.tenant, event.agreementId, current.version);
    const next = await advance(event.tenant, event.agreementId, current, missing);
    if (await save(event.tenant, event.agreementId, next, { stored: current.state })) {
      written.set(slot, next);
      definition.onProjected?.(event, next.version);
    } else written.delete(slot); // someone wrote a newer view: read it next time
  }

  async function handler(streamEvent: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> {
    const written = new Map<string, Projected<S>>();
    for (const record of streamEvent.Records) {
      try {
        const event = parseStreamRecord(record);
        if (event && accepts(event.agreementId)) await apply(event, written);
      } catch (error) {
        onError(error, record);
        const sequenceNumber = record.dynamodb?.SequenceNumber;
        // Without a sequence number Lambda cannot resume precisely: fail the whole batch.
        if (sequenceNumber === undefined) throw error;
        return { batchItemFailures: [{ itemIdentifier: sequenceNumber }] };
      }
    }
    return { batchItemFailures: [] };
  }

  async function projectStream(tenant: string, agreementId: string): Promise<Projected<S>> {
    const current = await load(tenant, viewKey(agreementId));
    const missing = await readAll(tenant, agreementId, current.version);
    if (missing.length === 0) return current;
    const next = await advance(tenant, agreementId, current, missing);
    if (await save(tenant, agreementId, next, { stored: current.state })) return next;
    return load(tenant, viewKey(agreementId));
  }

  /** A rebuild's fold: step by step when transitions are wanted, so they are all told again. */
  async function refold(stream: { tenant: string; agreementId: string }, log: StoredEvent[]) {
    if (!definition.onTransitions) return foldLog(log);
    const { next, transitions } = stepByStep({ version: 0, state: initialState() }, log, log);
    await definition.onTransitions(stream.tenant, stream.agreementId, transitions, log);
    return next;
  }

  async function rebuildStream(tenant: string, agreementId: string): Promise<RebuildReport> {
    if (!accepts(agreementId)) return { streams: 0, events: 0, failed: [] };
    try {
      const log = await readAll(tenant, agreementId);
      await save(tenant, agreementId, await refold({ tenant, agreementId }, log), {
        rebuild: true,
      });
      return { streams: 1, events: log.length, failed: [] };
    } catch (error) {
      onError(error);
      const reason = error instanceof Error ? error.message : String(error);
      return { streams: 1, events: 0, failed: [{ tenant, agreementId, reason }] };
    }
  }

  async function rebuildAll(tenant?: string) {
    const streams = new Map<string, { tenant: string; agreementId: string }>();
    const found = (at: { tenant: string; agreementId: string }) => {
      if (accepts(at.agreementId)) streams.set(`${at.tenant}\u0000${at.agreementId}`, at);
    };
    // A tenant's own streams come from its index entries; the whole platform's from a scan.
    if (tenant)
      for await (const agreementId of eventStore.allStreams(tenant)) found({ tenant, agreementId });
    else for await (const event of eventStore.scanAllEvents()) found(event);
    const queue = [...streams.values()];
    let events = 0;
    const failed: RebuildReport["failed"] = [];
    const worker = async () => {
      for (let next = queue.shift(); next; next = queue.shift()) {
        const done = await rebuildStream(next.tenant, next.agreementId);
        events += done.events;
        failed.push(...done.failed);
      }
    };
    await Promise.all(Array.from({ length: REBUILD_CONCURRENCY }, worker));
    return { streams: streams.size, events, failed };
  }

  return { handler, projectStream, rebuildAll, rebuildStream };
}
