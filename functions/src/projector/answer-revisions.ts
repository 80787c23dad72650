import {
  type AnswerPeriod,
  type AnswerTimeline,
  answerAt,
  type Catalog,
  type EntitlementCell,
  type TimedAnswer,
} from "@termline/core";
import { type TransactPut, type ViewStore, ViewTooLargeError } from "@termline/store";
import { answerBytes, deflatedAnswer } from "./answer-forms.ts";
import { ANSWERS_MODEL, type HeadEntry, PLAIN_ANSWER_BYTES } from "./answer-items.ts";
import { deflatedJson, inflatedJson } from "./deflated-json.ts";

/**
 * What a cell's answers were as known at an instant: "as known at T" is one Query for the
 * cell's latest revision labelled by T, and one GetItem of the period holding the date.
 *
 * A revision labelled L lists the cell's periods (first day and digest of the answer) as the
 * events recorded by L make them, until the next revision. It is written with the cell's head,
 * from the snapshots a refresh read, and labelled with the latest instant recorded in them: the
 * catalog's, that of every agreement, that of the events the refresh is for, and the head's
 * previous label. A period's answer is an item keyed by its
 * digest, written once, so revisions never copy reasons and no item grows with history.
 *
 * An event projected after one recorded later (the stream does not order agreements, and an
 * append may commit after a later one) leaves the revisions from its instant to the new label
 * in doubt: they become gaps, and a question as known at an instant in a gap, like one before
 * the first revision (a tenant rebuilt, or upgraded), is evaluated from the log. Keys carry the
 * model, so a release that changes answers starts afresh rather than serve older ones.
 */
export type KnownRevision =
  | {
      periods: [from: string, digest: string][];
      /**
       * The periods' answers by digest, deflated, when the whole fits in INLINE_BYTES: then one
       * Query. Deflated since the answers of one cell repeat the same reasons (the busiest cell
       * of the benchmark's tenant: 27 KB as JSON, a 2.9 KB revision).
       */
      deflatedAnswers?: string;
      /** The same, as written before they were deflated (still read). */
      answers?: Record<string, TimedAnswer>;
      /**
       * The label of the cell's next revision, when a rebuild's history wrote this one: a read
       * as known at or past it that finds this one found the history cut short, and evaluates.
       */
      until?: string;
    }
  | { gap: true };

/**
 * A revision this small carries its answers, and a read needs no more: up to two read units,
 * what its Query and a read of the answer would cost, in one round trip instead of two. (Every
 * cell of the benchmark's tenant fits; one citing hundreds of grants may not.)
 */
const INLINE_BYTES = 7_600;
/**
 * Answers past this much JSON are not deflated to try: reasons repeat, but not 32 times over
 * (the busiest cell of the benchmark's tenant: 27 KB in 2.9 KB), and deflating a busy cell's
 * megabytes for each revision was most of what a rebuild's history cost.
 */
const INLINE_JSON_BOUND = 32 * INLINE_BYTES;

/** The answers a revision carries, by digest; undefined when it carries none. */
export function answersCarried(
  revision: Exclude<KnownRevision, { gap: true }>,
): Record<string, TimedAnswer> | undefined {
  if (revision.deflatedAnswers === undefined) return revision.answers;
  return inflatedJson<Record<string, TimedAnswer>>(revision.deflatedAnswers);
}

/** The instants a refresh of a cell labels its revision with. */
export interface Knowing {
  /** The label: undefined when an input does not say when it was recorded (views before it did). */
  label: string | undefined;
  /** The earliest instant recorded in the events the refresh is for, when it is before the label. */
  doubtFrom: string | undefined;
}

const KNOWN_PREFIX = `answer-known#${ANSWERS_MODEL}#`;
const BODY_PREFIX = `answer-body#${ANSWERS_MODEL}#`;
/** Every model's revisions and answers (older models' are left behind by an upgrade). */
export const REVISION_PREFIXES = ["answer-known#", "answer-body#"] as const;
const cellPath = ({ product, provider, segment }: EntitlementCell) =>
  `${segment}#${product}#${provider}#`;
export const revisionsOf = (cell: EntitlementCell) => `${KNOWN_PREFIX}${cellPath(cell)}`;
export const revisionKey = (cell: EntitlementCell, label: string) => `${revisionsOf(cell)}${label}`;
export const bodyKey = (cell: EntitlementCell, digest: string) =>
  `${BODY_PREFIX}${cellPath(cell)}${digest}`;

const latest = (instants: (string | undefined)[]) =>
  instants.reduce<string | undefined>(
    (a, b) => (a === undefined || (b && b > a) ? b : a),
    undefined,
  );

/** When an agreement was first and last recorded into, as its listing or snapshot says. */
export interface Recorded {
  id: string;
  firstRecordedAt?: string | undefined;
  latestRecordedAt?: string | undefined;
}

/**
 * The instant the refreshed cells are known from: the latest recorded in the catalog, in every
 * agreement (not only those reaching a cell: an agreement whose rewritten past took it out of a
 * product's reach still changed what was known of it), and in the events the refresh is for.
 * Undefined if the catalog or an agreement does not say.
 */
export function labelOf(
  catalog: Catalog,
  every: Recorded[],
  recorded: RecordedSpan | undefined,
): string | undefined {
  const instants = every.map(({ latestRecordedAt }) => latestRecordedAt);
  if (catalog.latestRecordedAt === undefined || instants.includes(undefined)) return undefined;
  return latest([catalog.latestRecordedAt, recorded?.latest, ...instants]);
}

/** The earliest and latest instants recorded in the events a refresh is for. */
export interface RecordedSpan {
  earliest: string;
  latest: string;
  /** Agreements whose past an event rewrote (a correction, a retraction). */
  rewritten?: string[] | undefined;
}

/**
 * The span a refresh doubts from: a rewritten past from its agreement's first record, as the
 * event it corrects or retracts may have been recorded any time since, and the revisions since
 * then were written with it.
 */
export function doubtedSpan(
  recorded: RecordedSpan | undefined,
  every: Recorded[],
): RecordedSpan | undefined {
  const rewritten = new Set(recorded?.rewritten ?? []);
  if (!recorded || rewritten.size === 0) return recorded;
  const firsts = every
    .filter(({ id }) => rewritten.has(id))
    .map(({ firstRecordedAt }) => firstRecordedAt ?? "");
  return { ...recorded, earliest: [recorded.earliest, ...firsts].sort()[0] as string };
}

/** What a cell's refresh knows, given its product's label and the head's previous one. */
export function knowingOf(
  productLabel: string | undefined,
  headLabel: string | undefined,
  recorded: RecordedSpan | undefined,
): Knowing {
  const label = productLabel === undefined ? undefined : latest([productLabel, headLabel]);
  const earliest = recorded?.earliest;
  const doubtFrom =
    earliest !== undefined && (label === undefined || earliest < label) ? earliest : undefined;
  return { label, doubtFrom };
}

/**
 * Before a cell's new revision: the revisions in doubt made gaps, from `doubtFrom` (or, with no
 * label, from the head's last) up to the new label. A gap only sends a question to the log, so
 * it is written first and alone, and one that finds a revision from a later basis leaves it.
 */
export async function markDoubts(
  viewStore: ViewStore,
  tenant: string,
  cell: EntitlementCell,
  basis: number,
  knowing: Knowing,
  headLabel: string | undefined,
) {
  const from = knowing.doubtFrom ?? (knowing.label === undefined ? headLabel : undefined);
  if (from === undefined) return;
  // Up to the new label, or to the end: a cell dropped from the model has no head to say where
  // its revisions end.
  const stale = await viewStore.queryViews(tenant, {
    from: revisionKey(cell, from),
    to: revisionKey(cell, knowing.label ?? "\uffff"),
  });
  const keys = new Set([revisionKey(cell, from), ...stale.map(({ key }) => key)]);
  if (knowing.label !== undefined) keys.delete(revisionKey(cell, knowing.label));
  const gap: KnownRevision = { gap: true };
  for (const key of keys)
    await viewStore.putView(tenant, key, basis, gap, {}, { overwriteSameVersion: true });
}

/** The label a cell's head records after a write: that of its newest revision or gap. */
export const nextHeadLabel = (knowing: Knowing, headLabel: string | undefined) =>
  latest([knowing.label, knowing.doubtFrom, headLabel]);

/** The new revision's put, for the transaction that writes the cell's head. */
export function revisionPut(
  viewStore: ViewStore,
  tenant: string,
  timeline: AnswerTimeline,
  basis: number,
  label: string,
  entries: HeadEntry[],
): TransactPut {
  const periods = entries.map(([from, , digest]): [string, string] => [from, digest]);
  const options = { overwriteSameVersion: true };
  const { body } = revisionBody(timeline, periods, label);
  return viewStore.viewPut(tenant, revisionKey(timeline, label), basis, body, {}, options);
}

/**
 * A revision's periods, with the answers of as many as fit in INLINE_BYTES: all when they do,
 * else those nearest the day it was recorded, where a question as known then most often asks
 * (what did we believe, that day, of that month?); a question about another period reads its
 * answer by digest. `carriesEvery`: whether no answer needs an item of its own to be read.
 */
export function revisionBody(
  timeline: AnswerTimeline,
  periods: [from: string, digest: string][],
  label: string,
): { body: KnownRevision; carriesEvery: boolean } {
  const alone = { body: { periods }, carriesEvery: false };
  if (JSON.stringify(alone.body).length > INLINE_BYTES) return alone;
  const answers = new Map<string, TimedAnswer>();
  for (const [from, digest] of nearestFirst(periods, label.slice(0, 10))) {
    const found = answerAt(timeline, from);
    if (found && !answers.has(digest)) answers.set(digest, pick(found));
  }
  const every = answers.size;
  const carried = withinJson([...answers], INLINE_JSON_BOUND);
  const room = INLINE_BYTES - JSON.stringify(alone.body).length;
  let count = carried.length;
  while (count > 0) {
    const deflatedAnswers = deflatedJson(Object.fromEntries(carried.slice(0, count)));
    const body = { periods, deflatedAnswers };
    if (JSON.stringify(body).length <= INLINE_BYTES) return { body, carriesEvery: count === every };
    // Fewer answers in proportion to the room left, so a busy cell takes two or three tries.
    const scaled = Math.floor((count * room * 0.9) / deflatedAnswers.length);
    count = Math.min(count - 1, scaled);
  }
  return alone;
}

/** The periods from the one holding `day` outwards, the later side first. */
function nearestFirst<T extends [from: string, digest: string]>(periods: T[], day: string): T[] {
  const holding = Math.max(
    0,
    periods.findLastIndex(([from]) => from <= day),
  );
  const order: T[] = [];
  for (let step = 0; order.length < periods.length; step++)
    for (const index of step === 0 ? [holding] : [holding + step, holding - step]) {
      const period = periods[index];
      if (period) order.push(period);
    }
  return order;
}

/** The first entries whose answers come to at most `maxChars` of JSON. */
function withinJson(entries: [string, TimedAnswer][], maxChars: number) {
  let chars = 0;
  const within: [string, TimedAnswer][] = [];
  for (const entry of entries) {
    chars += JSON.stringify(entry[1]).length;
    if (chars > maxChars) break;
    within.push(entry);
  }
  return within;
}

const pick = ({ decision, certainty, reasons }: TimedAnswer): TimedAnswer => ({
  decision,
  certainty,
  reasons,
});

/**
 * Where an answer past one read unit as JSON is kept under its digest, deflated (as period
 * items are, answer-items.ts), so a busy cell's answers are kept as known at every instant too.
 * A key of its own: a release before this one, reading beside it, asks only the plain key,
 * finds no answer and evaluates, rather than misread a deflated one.
 */
const DEFLATED = "#deflated";
export const deflatedBodyKey = (cell: EntitlementCell, digest: string) =>
  `${bodyKey(cell, digest)}${DEFLATED}`;

/** The put of an answer under its digest: whole, else deflated, else none (then evaluated). */
export function bodyPut(
  viewStore: ViewStore,
  tenant: string,
  cell: EntitlementCell,
  basis: number,
  digest: string,
  answer: TimedAnswer,
): TransactPut | undefined {
  if (answerBytes(answer) <= PLAIN_ANSWER_BYTES)
    return viewStore.viewPut(tenant, bodyKey(cell, digest), basis, answer);
  try {
    const deflated = { deflated: deflatedAnswer(answer) };
    return viewStore.viewPut(tenant, deflatedBodyKey(cell, digest), basis, deflated);
  } catch (error) {
    if (!(error instanceof ViewTooLargeError)) throw error;
    return undefined;
  }
}

/** The keys an answer may be kept under, whole or deflated: both are asked in one read. */
export const bodyKeysOf = (cell: EntitlementCell, digest: string) => [
  bodyKey(cell, digest),
  deflatedBodyKey(cell, digest),
];

/** The digest and answer an item read under `bodyKeysOf` holds. */
export function answerKept(
  cell: EntitlementCell,
  { key, body }: { key: string; body: unknown },
): [digest: string, answer: TimedAnswer] {
  const digestAt = bodyKey(cell, "").length;
  if (!key.endsWith(DEFLATED)) return [key.slice(digestAt), body as TimedAnswer];
  const { deflated } = body as { deflated: string };
  return [key.slice(digestAt, -DEFLATED.length), inflatedJson<TimedAnswer>(deflated)];
}

/**
 * The answers of periods a revision will list, each under its digest. Written before the
 * revision; one too large to store even deflated is left out, and a question that needs it is
 * evaluated.
 */
export async function writeBodies(
  viewStore: ViewStore,
  tenant: string,
  cell: EntitlementCell,
  basis: number,
  written: { period: AnswerPeriod; entry: HeadEntry }[],
) {
  // Periods with the same answer share its item (a batch may not name one twice).
  const answers = new Map(written.map(({ period, entry }) => [entry[2], period.answer]));
  const puts = [...answers].flatMap(
    ([digest, answer]) => bodyPut(viewStore, tenant, cell, basis, digest, answer) ?? [],
  );
  if (puts.length > 0) await viewStore.putViewsUnconditionally(puts);
}

/**
 * Before a rebuild: every revision and stored answer of the tenant deleted. A rebuild is for
 * views that may be wrong (events written around the stream, a bug), so its revisions may be
 * too; the rebuild then writes what was known when again from the log (answer-history.ts), and
 * questions as known before what it recreates are evaluated.
 */
export async function clearRevisions(viewStore: ViewStore, tenant: string) {
  for (const prefix of REVISION_PREFIXES) {
    const items = await viewStore.listViews(tenant, prefix);
    await viewStore.deleteItems(
      tenant,
      items.map(({ key }) => key),
    );
  }
}
