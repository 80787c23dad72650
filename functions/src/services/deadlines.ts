import {
  type AgreementState,
  type CalendarDate,
  type Deadline,
  deriveDeadlines,
  filterDeadlines,
  NotFoundError,
  namesIn,
  todayIn,
  withNames,
} from "@termline/core";
import {
  isDeadlineCursor,
  readDeadlinePage,
  readDeadlines,
  reindexAllDeadlines,
  reindexDeadlines,
} from "../projector/deadline-index.ts";
import { type AsOf, loadAgreement } from "./agreement-reads.ts";
import { loadCatalog } from "./catalog-reads.ts";
import { encodeCursor, pageStart } from "./cursors.ts";
import { loadPortfolio } from "./portfolio.ts";
import type { Runtime } from "./runtime.ts";

/**
 * Right after a commit, the agreement's deadlines are re-indexed, so whoever moved a date sees
 * it moved. The stream projector does the same and is the path that guarantees it, so a
 * failure here is logged, not the request's.
 */
export async function reindexDeadlinesAfter(
  runtime: Runtime,
  tenant: string,
  change: { before: AgreementState; after: AgreementState },
): Promise<void> {
  try {
    await reindexDeadlines(runtime.viewStore, tenant, change);
  } catch (error) {
    console.warn("deadlines not re-indexed here; the stream projector will", error);
  }
}

/** After an import: the whole tenant's index. */
export async function reindexAllDeadlinesQuietly(
  runtime: Runtime,
  tenant: string,
): Promise<boolean> {
  try {
    await reindexAllDeadlines(runtime.viewStore, tenant);
    return true;
  } catch (error) {
    console.warn("deadlines not re-indexed here; the stream projector will", error);
    return false;
  }
}

/** Deadlines dated `from`..`to`, as the agreements state them on `at`, as known by `asOf`. */
type DeadlineWindow = AsOf & {
  at: CalendarDate;
  from?: CalendarDate | undefined;
  to?: CalendarDate | undefined;
};

/**
 * The deadlines dated `from`..`to` as the agreements state them on `at`: a range read of the
 * index, or, as of an earlier instant or publication day, derived from the refolded agreements.
 */
export async function deadlinesAsOf(
  runtime: Runtime,
  tenant: string,
  query: DeadlineWindow,
): Promise<Deadline[]> {
  if (query.knownAt === undefined && query.reportedBy === undefined)
    return named(runtime, tenant, readDeadlines(runtime.viewStore, tenant, query));
  const { agreements, names } = await loadPortfolio(runtime, tenant, query);
  return filterDeadlines(deriveDeadlines(agreements, query.at, names), query);
}

/**
 * One page of the deadlines as they stand (`limit` of them, from `cursor` on), read from the
 * index in date order: what a home page or a long list needs, at a cost that follows the page,
 * not the tenant. As of an earlier instant or day the deadlines are derived whole, so paging
 * them would save nothing: those questions are answered in one response.
 */
export async function deadlinePage(
  runtime: Runtime,
  tenant: string,
  query: DeadlineWindow & { limit: number; cursor?: string | undefined },
): Promise<{ deadlines: Deadline[]; next?: string }> {
  const cursor = pageStart(query, "deadlines", (sk) => isDeadlineCursor(sk, query));
  const page = await named(
    runtime,
    tenant,
    readDeadlinePage(runtime.viewStore, tenant, { ...query, cursor }),
  );
  return page.next === undefined ? page : { ...page, next: encodeCursor(page.next) };
}

/** What the index holds, its summaries in the catalog's names: one GetItem beside its read. */
async function named<T>(runtime: Runtime, tenant: string, read: Promise<T>): Promise<T> {
  const [found, catalog] = await Promise.all([read, loadCatalog(runtime, tenant)]);
  return withNames(found, namesIn(catalog));
}

/**
 * Throws 404 unless the tenant has this deadline today. A deadline's id begins with its
 * agreement's (`{agreement}:…`), so one snapshot and the catalog's names say it, whatever the
 * number of agreements.
 */
export async function assertDeadlineExists(
  runtime: Runtime,
  tenant: string,
  id: string,
): Promise<void> {
  const agreementId = id.split(":")[0] ?? "";
  const [agreement, catalog] = await Promise.all([
    loadAgreement(runtime, tenant, agreementId).catch((error: unknown) => {
      if (error instanceof NotFoundError) return undefined;
      throw error;
    }),
    loadCatalog(runtime, tenant),
  ]);
  const deadlines = agreement
    ? deriveDeadlines([agreement], todayIn(runtime.clock()), namesIn(catalog))
    : [];
  if (!deadlines.some((deadline) => deadline.id === id))
    throw new NotFoundError(`there is no deadline "${id}" in this tenant`);
}
