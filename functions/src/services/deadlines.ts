import {
  type CalendarDate,
  type Deadline,
  deriveDeadlines,
  filterDeadlines,
  type Names,
  NotFoundError,
  namesIn,
  todayIn,
  withNames,
} from "@termline/core";
import { isDeadlineCursor, readDeadlinePage, readDeadlines } from "../projector/deadline-index.ts";
import { type AsOf, loadAgreement } from "./agreement-reads.ts";
import { loadCatalog } from "./catalog-reads.ts";
import { encodeCursor, pageStart } from "./cursors.ts";
import { loadPortfolio } from "./portfolio.ts";
import type { Runtime } from "./runtime.ts";

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
  catalogNames?: Promise<Names>,
): Promise<Deadline[]> {
  if (query.knownAt === undefined && query.reportedBy === undefined)
    return named(
      readDeadlines(runtime.viewStore, tenant, query),
      catalogNames ?? namesOf(runtime, tenant),
    );
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
  catalogNames?: Promise<Names>,
): Promise<{ deadlines: Deadline[]; next?: string }> {
  const cursor = pageStart(query, "deadlines", (sk) => isDeadlineCursor(sk, query));
  const page = await named(
    readDeadlinePage(runtime.viewStore, tenant, { ...query, cursor }),
    catalogNames ?? namesOf(runtime, tenant),
  );
  return page.next === undefined ? page : { ...page, next: encodeCursor(page.next) };
}

/** What the index holds, its summaries in the catalog's names, read beside it. */
async function named<T>(read: Promise<T>, names: Promise<Names>): Promise<T> {
  const [found, known] = await Promise.all([read, names]);
  return withNames(found, known);
}

/** The catalog's names, for summaries read from the index. */
const namesOf = async (runtime: Runtime, tenant: string) =>
  namesIn(await loadCatalog(runtime, tenant));

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
