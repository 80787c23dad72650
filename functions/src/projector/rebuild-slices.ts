import { ValidationError } from "@termline/core";
import type { EventStore, Projector, RebuildReport, ViewStore } from "@termline/store";
import pLimit from "p-limit";
import * as z from "zod";
import { reindexTenantIndexes } from "./agreement-indexes.ts";
import type { AnswerOutbox } from "./answer-projection.ts";
import { clearRevisions } from "./answer-revisions.ts";
import { refreshAnswersInSlices } from "./answer-slices.ts";
import { CATALOG_STREAM } from "./catalog-projection.ts";

/** What one slice of a rebuild did, and where the next one starts. */
export interface RebuildSliceReport extends RebuildReport {
  /** The cursor the next call passes as `after`; absent once the rebuild is done. */
  next?: string;
  /** Streams earlier slices of this rebuild could not write (each listed in its own report). */
  failedBefore: number;
}

/**
 * The streams one page of the tenant's list names: each is refolded before the slice looks at
 * the clock again, so a page must fit well within a request (at 1,000 agreements of about a
 * dozen events each here, a second or two).
 */
const STREAM_PAGE = 50;
const STREAM_CONCURRENCY = 8;

/**
 * Where a rebuild goes on. `streams`: the views, stream by stream, after the stream named
 * (the tenant's streams in the order of their ids); `answers`: each product's answers and
 * their history, once the revisions are cleared; `indexes`: the tenant's indexes, written
 * whole. The tenant is in it so that one tenant's cursor is refused by another's rebuild
 * rather than skipping its streams; the streams failed so far, so that the last slice does not
 * call a rebuild complete that was not.
 */
const Where = { tenant: z.string(), failed: z.number().int().min(0) };
const RebuildCursor = z.discriminatedUnion("step", [
  z.object({ ...Where, step: z.literal("streams"), after: z.string() }),
  z.object({
    ...Where,
    step: z.literal("answers"),
    cleared: z.boolean(),
    after: z.string().optional(),
  }),
  z.object({ ...Where, step: z.literal("indexes") }),
]);
type RebuildCursor = z.infer<typeof RebuildCursor>;
/** A cursor's step and place, without what every cursor carries. */
type Step = RebuildCursor extends infer C
  ? C extends unknown
    ? Omit<C, "tenant" | "failed">
    : never
  : never;

const encodeCursor = (cursor: RebuildCursor) =>
  Buffer.from(JSON.stringify(cursor)).toString("base64url");

function decodeCursor(after: string, tenant: string): RebuildCursor {
  const refused = () => {
    const message =
      "is not a cursor this tenant's rebuild gave out: pass the last `next` unchanged";
    return new ValidationError(`after: ${message}`, { errors: [{ path: "after", message }] });
  };
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(after, "base64url").toString("utf8"));
  } catch {
    throw refused();
  }
  const cursor = RebuildCursor.safeParse(parsed);
  if (!cursor.success || cursor.data.tenant !== tenant) throw refused();
  return cursor.data;
}

export interface RebuildProjectors {
  catalog: Pick<Projector<unknown>, "rebuildStream">;
  agreements: Pick<Projector<unknown>, "rebuildStream">;
  history: Pick<Projector<unknown>, "rebuildStream">;
}

interface SliceOptions {
  after?: string | undefined;
  budgetMs: number;
  now?: () => number;
  /** The streams a page of the tenant's list names (STREAM_PAGE). */
  streamPage?: number | undefined;
}

/** A slice's time: how much has passed, and whether more work still fits in it. */
function sliceClock({ budgetMs, now = () => performance.now() }: SliceOptions) {
  const started = now();
  const elapsed = () => now() - started;
  let fresh = true;
  return {
    now,
    elapsed,
    left: () => Math.max(0, budgetMs - elapsed()),
    /** Work was done: from now on, a unit starts only if it fits. */
    worked: () => {
      fresh = false;
    },
    /** Another unit like one that took `longest`, if it would end within the budget. */
    fits: (longest: number) => elapsed() + longest < budgetMs,
    /**
     * Another step's first unit (the revisions cleared, a product, the indexes) may take tens
     * of seconds at 1,000 agreements, and nothing tells how many before it is done: it starts
     * in this call only early in it, so that the call still ends within the function's timeout.
     */
    mayStartAStep: () => fresh || elapsed() < budgetMs / 4,
  };
}
type SliceClock = ReturnType<typeof sliceClock>;

/**
 * A tenant's rebuild, in slices that each end within about `budgetMs` (a page of streams, or a
 * product, starts only if one as long as the longest before it still fits), so that each fits
 * one request however large the tenant: the caller goes on with `next`. It does what
 * `rebuildAll` does, in the same order (the catalog, every stream's views, the answers with
 * their history, the indexes), except the answers' marks (answers-through.ts): those say which
 * commits a refresh covered, and across slices no one refresh covers them all. Left as they
 * are, they only cost the stream a refresh it did not need. Counts and failures are this
 * slice's.
 */
export async function rebuildInSlices(
  projectors: RebuildProjectors,
  stores: { eventStore: EventStore; viewStore: ViewStore },
  outbox: AnswerOutbox,
  tenant: string,
  options: SliceOptions,
): Promise<RebuildSliceReport> {
  const clock = sliceClock(options);
  const cursor = options.after === undefined ? undefined : decodeCursor(options.after, tenant);
  const failedBefore = cursor?.failed ?? 0;
  // Where this call starts: the cursor's step and place, without what every cursor carries.
  let step: Step | undefined = cursor;
  const report: RebuildSliceReport = { streams: 0, events: 0, failed: [], failedBefore };
  const add = (done: RebuildReport) => {
    report.streams += done.streams;
    report.events += done.events;
    report.failed.push(...done.failed);
  };
  const goOn = (step: Step): RebuildSliceReport => ({
    ...report,
    next: encodeCursor({ ...step, tenant, failed: failedBefore + report.failed.length }),
  });
  if (step === undefined) add(await projectors.catalog.rebuildStream(tenant, CATALOG_STREAM));
  if (step === undefined || step.step === "streams") {
    const list = { tenant, after: step?.after, limit: options.streamPage ?? STREAM_PAGE };
    const after = await rebuildStreamPages(projectors, stores.eventStore, list, clock, add);
    if (after) return goOn({ step: "streams", after });
    step = { step: "answers", cleared: false };
  }
  if (step.step === "answers") {
    const left = await rewriteAnswers(stores.viewStore, outbox, tenant, step, clock);
    if (left) return goOn(left);
  }
  if (!clock.mayStartAStep()) return goOn({ step: "indexes" });
  await reindexTenantIndexes(stores.viewStore, tenant);
  return report;
}

/** Pages of the tenant's streams while another fits; the last stream rebuilt, if not all were. */
async function rebuildStreamPages(
  projectors: RebuildProjectors,
  eventStore: EventStore,
  list: { tenant: string; after: string | undefined; limit: number },
  clock: SliceClock,
  add: (done: RebuildReport) => void,
): Promise<string | undefined> {
  let { after } = list;
  let longest = 0;
  do {
    const began = clock.now();
    const page = await eventStore.listStreams(list.tenant, { after, limit: list.limit });
    await rebuildStreams(projectors, list.tenant, page.streams, add);
    after = page.next;
    clock.worked();
    longest = Math.max(longest, clock.now() - began);
  } while (after && clock.fits(longest));
  return after;
}

/**
 * The answers, product by product with their history, once the revisions are cleared: they may
 * be as wrong as the views were, and questions as known at earlier instants are evaluated from
 * the log until each product's history is written again. Where to go on, if not done.
 */
async function rewriteAnswers(
  viewStore: ViewStore,
  outbox: AnswerOutbox,
  tenant: string,
  cursor: { cleared: boolean; after?: string | undefined },
  clock: SliceClock,
): Promise<Step | undefined> {
  const { after } = cursor;
  if (!clock.mayStartAStep()) return { step: "answers", cleared: cursor.cleared, after };
  if (!cursor.cleared) {
    await clearRevisions(viewStore, tenant);
    clock.worked();
    if (!clock.mayStartAStep()) return { step: "answers", cleared: true, after };
  }
  const budgetMs = clock.left();
  const answers = await refreshAnswersInSlices(viewStore, tenant, outbox, {
    after,
    budgetMs,
    now: clock.now,
  });
  clock.worked();
  return answers.complete ? undefined : { step: "answers", cleared: true, after: answers.next };
}

/** Each stream's views refolded from its log; the catalog's was first, on its own. */
async function rebuildStreams(
  { agreements, history }: RebuildProjectors,
  tenant: string,
  streams: readonly string[],
  add: (done: RebuildReport) => void,
) {
  const limit = pLimit(STREAM_CONCURRENCY);
  await Promise.all(
    streams
      .filter((stream) => stream !== CATALOG_STREAM)
      .map((stream) =>
        limit(async () => {
          add(await agreements.rebuildStream(tenant, stream));
          // The history's failures count, as in rebuildAll; its streams and events are the same ones.
          add({ ...(await history.rebuildStream(tenant, stream)), streams: 0, events: 0 });
        }),
      ),
  );
}
