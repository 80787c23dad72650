import { createHash } from "node:crypto";
import {
  type AgreementState,
  commandNeedsHistory,
  decideAppend,
  decideRecordAgreement,
  evolve,
  listingOf,
  NotFoundError,
  type PendingEvent,
  type StoredEvent,
  todayIn,
  VersionConflictError,
} from "@termline/core";
import { asView, type IdempotencyRequest, type TransactPut, type View } from "@termline/store";
import { listingKey } from "../projector/agreement-keys.ts";
import { agreementViewKey } from "../projector/agreement-projection.ts";
import { joinSnapshots, snapshotToStore, writePages } from "../projector/agreement-snapshots.ts";
import { changesAnswers } from "../projector/answer-projection.ts";
import {
  answersThroughKey,
  markPut,
  marksAfter,
  throughIn,
  writeThrough,
} from "../projector/answers-through.ts";
import { CATALOG_VIEW_KEY } from "../projector/catalog-projection.ts";
import { linePutsFor } from "../projector/history-projection.ts";
import type { SnapshotPage } from "../projector/snapshot-pages.ts";
import { loadAgreement, stateFromLog } from "./agreement-reads.ts";
import { refreshAnswersAfter } from "./answers.ts";
import { catalogOfView } from "./catalog-reads.ts";
import { transitionsOf, writeHistoryAfter } from "./history.ts";
import { reindexAfterCommit } from "./open-matters.ts";
import type { Runtime } from "./runtime.ts";
import { SOURCE_POLICY, sourcePolicyIn } from "./settings.ts";
import { registerTenant } from "./tenants.ts";

export interface Actor {
  tenant: string;
  name: string;
  /** The request's id: stored with the events so projections, the bus and webhooks can name it. */
  correlationId?: string | undefined;
}

export interface CommitOutcome {
  version: number;
  events: StoredEvent[];
  replayed: boolean;
  response?: unknown;
  /** The agreement as the commit leaves it (unchanged for a replay). */
  after: AgreementState;
  /**
   * True when answers the commit may move were left to the stream projector (past the request's
   * budget, or a refresh that failed here): until it writes them, reads give the answers from
   * before. Undefined when not known (a replay without the agreement's mark).
   */
  answersUpdating?: boolean;
}

/**
 * What a command is decided on, in one BatchGetItem: the agreement's snapshot, the catalog's
 * view and the tenant's source policy (three reads were three round trips).
 */
async function decisionInputs(runtime: Runtime, tenant: string, agreementId: string) {
  const through = answersThroughKey(agreementId);
  const keys = [agreementViewKey(agreementId), CATALOG_VIEW_KEY, SOURCE_POLICY, through];
  const items = await runtime.viewStore.getItemsTogether(tenant, keys);
  const viewAt = (key: string) => {
    const item = items.get(key);
    return item ? asView(item) : undefined;
  };
  const head = viewAt(agreementViewKey(agreementId));
  return {
    // A long agreement's head names pages: they are a second read, in one BatchGetItem.
    snapshot: head && (await joinSnapshots(runtime.viewStore, tenant, [head]))[0],
    catalog: await catalogOfView(runtime, tenant, viewAt(CATALOG_VIEW_KEY)),
    policy: sourcePolicyIn(items.get(SOURCE_POLICY)),
    answersThrough: throughIn(items.get(through)),
  };
}

/**
 * The state to decide a commit on. Commits write the agreement's snapshot in their own
 * transaction, so a snapshot at `expectedVersion` is the state at that version: one read,
 * whatever the length of the log. A snapshot ahead of it means the writer is surely stale. The
 * log is read only when the command looks at earlier events (a correction, a retraction, a
 * disputed day) or the snapshot is missing or behind (written before snapshots were).
 */
async function stateToDecideOn(
  runtime: Runtime,
  tenant: string,
  agreementId: string,
  command: { expectedVersion: number },
  snapshot: View | undefined,
): Promise<AgreementState> {
  if (!commandNeedsHistory(command)) {
    if (snapshot && snapshot.version === command.expectedVersion)
      return snapshot.body as AgreementState;
    if (snapshot && snapshot.version > command.expectedVersion)
      throw new VersionConflictError(command.expectedVersion, snapshot.version);
  }
  return stateFromLog(runtime, tenant, agreementId);
}

const stamped = (
  state: AgreementState,
  pending: PendingEvent[],
  actor: Actor,
  recordedAt: string,
) =>
  pending.map<StoredEvent>((event, index) => ({
    ...event,
    tenant: state.tenant,
    agreementId: state.id,
    id: `dry-run-${index + 1}`,
    version: state.version + index + 1,
    recordedAt,
    recordedBy: actor.name,
  }));

export async function commit(
  runtime: Runtime,
  actor: Actor,
  state: AgreementState,
  pending: PendingEvent[],
  idempotency: IdempotencyRequest | undefined,
  options: {
    refresh?: boolean;
    /** The agreement's answers mark as read with the state (answers-through.ts). */
    answersThrough?: number;
  } = {},
): Promise<CommitOutcome> {
  // A commit that changes no answer, to an agreement whose answers were covered up to it, is
  // marked covered in its own transaction (answers-through.ts).
  const covered = options.answersThrough !== undefined && options.answersThrough >= state.version;
  const answerless = !pending.some(({ type }) => changesAnswers(type));
  let markedInCommit = false;
  let after = state;
  let pages: SnapshotPage[] = [];
  // The history lines go in the commit's transaction when they can (see linePutsFor).
  let lines: TransactPut[] | undefined;
  const result = await runtime.eventStore.append({
    tenant: actor.tenant,
    agreementId: state.id,
    expectedVersion: state.version,
    expectedVersionRead: true,
    events: pending,
    recordedAt: runtime.clock().toISOString(),
    recordedBy: actor.name,
    correlationId: actor.correlationId,
    newEventId: runtime.newId,
    // The snapshot goes in the commit's transaction: readers see the commit as soon as it returns.
    alongside: (events) => {
      const transitions = transitionsOf(state, events);
      after = transitions.at(-1)?.after ?? state;
      const { viewStore } = runtime;
      lines = linePutsFor(viewStore.tableName, actor.tenant, transitions);
      const stored = snapshotToStore(after, state);
      pages = stored.pages;
      const puts = [
        viewStore.viewPut(actor.tenant, agreementViewKey(state.id), after.version, stored.head),
        viewStore.viewPut(actor.tenant, listingKey(state.id), after.version, listingOf(after)),
        ...(lines ?? []),
      ];
      const room = events.length + puts.length + (idempotency ? 1 : 0) < MAX_TRANSACTION_ITEMS;
      markedInCommit = covered && answerless && room;
      if (!markedInCommit) return puts;
      return [...puts, markPut(viewStore.tableName, actor.tenant, state.id, after.version)];
    },
    beforeTransaction: () => writePages(runtime.viewStore, actor.tenant, pages),
    ...(idempotency ? { idempotency } : {}),
  });
  if (result.replayed) return { ...result, after: state };
  // Independent read models, each also kept by the stream projector: written side by side.
  const [, , refreshed] = await Promise.all([
    reindexAfterCommit(runtime, actor.tenant, { before: state, after }),
    lines || writeHistoryAfter(runtime, actor.tenant, state, result.events),
    // Not refreshed here (an import refreshes once after all its commits): not known.
    options.refresh === false
      ? undefined
      : markedInCommit || refreshAndMark(runtime, actor.tenant, result.events, options),
  ]);
  return { ...result, after, ...(refreshed === undefined ? {} : { answersUpdating: !refreshed }) };
}

/**
 * The answers the commit may change, refreshed; then, when every earlier event of the agreement
 * was already covered, its mark moved over the commit, so the stream projector need not do it
 * all again (answers-through.ts).
 */
async function refreshAndMark(
  runtime: Runtime,
  tenant: string,
  events: StoredEvent[],
  { answersThrough }: { answersThrough?: number },
) {
  const refreshed = await refreshAnswersAfter(runtime, tenant, events);
  if (!refreshed || answersThrough === undefined) return refreshed;
  const marks = marksAfter(events, new Map(events.map((e) => [e.agreementId, answersThrough])));
  await writeThrough(runtime.viewStore, tenant, marks);
  return true;
}

/** For a retry: whether the agreement's mark, read with its inputs, has since covered the commit. */
const updatingAfter = ({ version }: { version: number }, answersThrough: number | undefined) =>
  answersThrough === undefined ? {} : { answersUpdating: answersThrough < version };

/** DynamoDB's limit of items in one transaction. */
const MAX_TRANSACTION_ITEMS = 100;

/** A retried creation without an id must name the same agreement, so the id derives from the key. */
function newAgreementId(runtime: Runtime, idempotency: IdempotencyRequest | undefined): string {
  const seed = idempotency
    ? createHash("sha256").update(idempotency.key).digest("hex")
    : runtime.newId().replace(/[^a-z0-9]/gi, "");
  return `agreement-${seed.slice(0, 10).toLowerCase()}`;
}

export async function recordAgreement(
  runtime: Runtime,
  actor: Actor,
  command: { id?: string | undefined } & Record<string, unknown>,
  idempotency?: IdempotencyRequest,
): Promise<CommitOutcome & { id: string }> {
  const id = command.id ?? newAgreementId(runtime, idempotency);
  const [state, { catalog, policy, answersThrough }] = await Promise.all([
    stateFromLog(runtime, actor.tenant, id),
    decisionInputs(runtime, actor.tenant, id),
  ]);
  const replay = idempotency
    ? await runtime.eventStore.replayIfSeen(actor.tenant, id, idempotency)
    : undefined;
  if (replay) return { id, ...replay, after: state, ...updatingAfter(replay, answersThrough) };
  const pending = decideRecordAgreement(
    state,
    { ...command, id },
    { today: todayIn(runtime.clock()), catalog, ...policy },
  );
  const outcome = await commit(runtime, actor, state, pending, idempotency, { answersThrough });
  await registerTenant(runtime, actor.tenant);
  return { id, ...outcome };
}

const isState = (value: unknown): value is AgreementState =>
  typeof value === "object" && value !== null && "terms" in value;

export interface AppendOutcome extends CommitOutcome {
  before: AgreementState;
}

/**
 * Decides a commit on the log as it is, then appends it conditionally on that version. A retry
 * with a known Idempotency-Key is answered from the first commit before anything is decided:
 * the same events decided again would be refused (their terms now exist).
 */
export async function appendEvents(
  runtime: Runtime,
  actor: Actor,
  agreementId: string,
  command: { expectedVersion: number; events: unknown[] },
  idempotency?: IdempotencyRequest,
  options: { dryRun?: boolean } = {},
): Promise<AppendOutcome> {
  const [replay, inputs] = await Promise.all([
    idempotency && !options.dryRun
      ? runtime.eventStore.replayIfSeen(actor.tenant, agreementId, idempotency)
      : undefined,
    decisionInputs(runtime, actor.tenant, agreementId),
  ]);
  const { snapshot, catalog, policy, answersThrough } = inputs;
  const state = await stateToDecideOn(runtime, actor.tenant, agreementId, command, snapshot).catch(
    (error: unknown) => error,
  );
  // A retry is answered from its first commit even though its expectedVersion is now stale.
  if (replay) {
    const after = await loadAgreement(runtime, actor.tenant, agreementId);
    return { ...replay, before: after, after, ...updatingAfter(replay, answersThrough) };
  }
  if (!isState(state)) throw state;
  if (!state.exists) throw new NotFoundError(`agreement "${agreementId}" does not exist`);
  // A stale writer must re-read first: its events, decided on the newer state, may break rules they did not.
  if (command.expectedVersion !== state.version)
    throw new VersionConflictError(command.expectedVersion, state.version);
  const context = { today: todayIn(runtime.clock()), catalog, ...policy };
  const pending = decideAppend(state, command, context);
  if (options.dryRun) {
    const events = stamped(state, pending, actor, runtime.clock().toISOString());
    const after = events.reduce(evolve, state);
    return { version: after.version, events, replayed: false, before: state, after };
  }
  const outcome = await commit(runtime, actor, state, pending, idempotency, { answersThrough });
  return { ...outcome, before: state };
}
