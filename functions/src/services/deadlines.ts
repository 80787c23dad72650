import {
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
  type OwnersNamed,
  readDeadlinePage,
  readDeadlines,
} from "../projector/deadline-index.ts";
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

/** Deadlines read, with their owners when the index named them all (deadline-index.ts). */
export interface DeadlinesRead {
  deadlines: Deadline[];
  owners?: OwnersNamed;
}

/**
 * The deadlines dated `from`..`to` as the agreements state them on `at`: a range read of the
 * index, or, as of an earlier instant or publication day, derived from the refolded agreements.
 */
export async function deadlinesAsOf(
  runtime: Runtime,
  tenant: string,
  query: DeadlineWindow,
  name?: Namer,
): Promise<DeadlinesRead> {
  if (query.knownAt === undefined && query.reportedBy === undefined)
    return named(readDeadlines(runtime.viewStore, tenant, query), name ?? namerOf(runtime, tenant));
  const { agreements, names } = await loadPortfolio(runtime, tenant, query);
  return { deadlines: filterDeadlines(deriveDeadlines(agreements, query.at, names), query) };
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
  name?: Namer,
): Promise<DeadlinesRead & { next?: string }> {
  const cursor = pageStart(query, "deadlines", (sk) => isDeadlineCursor(sk, query));
  const page = await named(
    readDeadlinePage(runtime.viewStore, tenant, { ...query, cursor }),
    name ?? namerOf(runtime, tenant),
  );
  return page.next === undefined ? page : { ...page, next: encodeCursor(page.next) };
}

/** Names stored text in the catalog's names (`catalogNamer`'s `name`). */
export type Namer = <T>(value: T) => Promise<T>;

/** What the index holds, its summaries in the catalog's names (the read begun beside it). */
const named = async <T extends DeadlinesRead>(read: Promise<T>, name: Namer): Promise<T> => {
  const found = await read;
  return { ...found, deadlines: await name(found.deadlines) };
};

/** The catalog's names, read now, for summaries read from the index. */
function namerOf(runtime: Runtime, tenant: string): Namer {
  const names = loadCatalog(runtime, tenant).then(namesIn);
  names.catch(() => undefined);
  return async (value) => withNames(value, await names);
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
