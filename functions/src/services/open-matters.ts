import {
  type AgreementState,
  byAgreementThenId,
  type CalendarDate,
  openMattersIn,
} from "@termline/core";
import { reindexAgreementIndexes, reindexTenantIndexes } from "../projector/agreement-indexes.ts";
import {
  isOpenMatterCursor,
  type OpenMatterKind,
  type OpenMatterOf,
  readOpenMatterPage,
  readOpenMatters,
} from "../projector/open-matter-index.ts";
import { type AsOf, loadAgreements } from "./agreement-reads.ts";
import { encodeCursor, pageStart } from "./cursors.ts";
import type { Runtime } from "./runtime.ts";

/**
 * Right after a commit, the agreement's entries in the indexes by date (deadlines, open
 * matters) are moved, so whoever moved a date or settled a dispute sees it. The stream
 * projector does the same and is the path that guarantees it, so a failure here is logged, not
 * the request's.
 */
export async function reindexAfterCommit(
  runtime: Runtime,
  tenant: string,
  change: { before: AgreementState; after: AgreementState },
): Promise<void> {
  try {
    await reindexAgreementIndexes(runtime.viewStore, tenant, change);
  } catch (error) {
    console.warn("indexes not updated here; the stream projector will", error);
  }
}

/** After an import: the whole tenant's indexes. */
export async function reindexTenantQuietly(runtime: Runtime, tenant: string): Promise<boolean> {
  try {
    await reindexTenantIndexes(runtime.viewStore, tenant);
    return true;
  } catch (error) {
    console.warn("indexes not rebuilt here; the stream projector will", error);
    return false;
  }
}

type OpenMattersQuery = AsOf & {
  at: CalendarDate;
  limit?: number | undefined;
  cursor?: string | undefined;
};

const plural = { dispute: "disputes", question: "questions" } as const;

/**
 * The disputes or questions open on `at`: one range read of the index (a page of it when
 * `limit` is given), or, as of an earlier instant or publication day, derived from the
 * refolded agreements.
 */
export async function openMatters<K extends OpenMatterKind>(
  runtime: Runtime,
  tenant: string,
  kind: K,
  query: OpenMattersQuery,
): Promise<{ matters: OpenMatterOf[K][]; next?: string }> {
  const { at, limit } = query;
  if (limit !== undefined) {
    const what = `open ${plural[kind]}`;
    const cursor = pageStart(query, what, (sk) => isOpenMatterCursor(sk, kind, at));
    const page = await readOpenMatterPage(runtime.viewStore, tenant, kind, { at, limit, cursor });
    return page.next === undefined ? page : { ...page, next: encodeCursor(page.next) };
  }
  if (query.knownAt === undefined && query.reportedBy === undefined)
    return {
      matters: (await readOpenMatters(runtime.viewStore, tenant, kind, at)).sort(byAgreementThenId),
    };
  const open = openMattersIn(await loadAgreements(runtime, tenant, query), at);
  return { matters: open[plural[kind]] as OpenMatterOf[K][] };
}
