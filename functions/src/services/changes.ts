import type { ChangeLine } from "@termline/core";
import type { ItemFilter } from "@termline/store";
import { CHANGE_PREFIX } from "../projector/history-projection.ts";
import { catalogNamer } from "./catalog-names.ts";
import { decodeCursor, encodeCursor } from "./cursors.ts";
import type { Runtime } from "./runtime.ts";

/** What the history can be narrowed to; dates are the days the changes were recorded. */
export interface ChangeFilters {
  agreement?: string | undefined;
  term?: string | undefined;
  types?: string[] | undefined;
  recordedBy?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
}

export interface ChangesPage {
  changes: ChangeLine[];
  next?: string;
}

/** A request reads at most this many pages before it answers with what it found and a cursor. */
const MAX_PAGES_PER_REQUEST = 10;
const FILTERED_PAGE = 200;

/**
 * The tenant's recorded changes, newest first: one Query of the history lines in the recorded
 * range, narrowed by a filter DynamoDB applies as it reads, in the catalog's names of today
 * (catalog-names.ts). Narrow filters over a long history may take several pages; the cursor
 * carries on where a request stopped.
 */
export async function listChanges(
  runtime: Runtime,
  tenant: string,
  filters: ChangeFilters,
  page: { limit: number; cursor?: string | undefined },
): Promise<ChangesPage> {
  const namer = catalogNamer(runtime, tenant);
  const found = await readChanges(runtime, tenant, filters, page);
  return { ...found, changes: await namer.name(found.changes) };
}

async function readChanges(
  runtime: Runtime,
  tenant: string,
  filters: ChangeFilters,
  page: { limit: number; cursor?: string | undefined },
): Promise<ChangesPage> {
  const filter = filterOf(filters);
  const range = {
    from: `${CHANGE_PREFIX}${filters.from ?? ""}`,
    to: `${CHANGE_PREFIX}${filters.to ?? "9999-12-31"}T\uffff`,
  };
  const changes: ChangeLine[] = [];
  let cursor = page.cursor === undefined ? undefined : decodeChangeCursor(page.cursor);
  for (let read = 0; read < MAX_PAGES_PER_REQUEST; read++) {
    const wanted = page.limit - changes.length;
    const result = await runtime.viewStore.queryItems(tenant, range, {
      limit: filter ? Math.max(wanted, FILTERED_PAGE) : wanted,
      cursor,
      filter,
    });
    for (const item of result.items) {
      // The cursor is the last key returned: the next request starts just after it.
      if (changes.length === page.limit && cursor !== undefined)
        return { changes, next: encodeCursor(cursor) };
      changes.push(lineOf(item));
      cursor = String(item.sk);
    }
    if (result.next === undefined) return { changes };
    cursor = result.next;
    if (changes.length === page.limit) break;
  }
  return cursor === undefined ? { changes } : { changes, next: encodeCursor(cursor) };
}

/** Every change that matches, for an export: page after page until the history runs out. */
export async function* allChanges(runtime: Runtime, tenant: string, filters: ChangeFilters) {
  let cursor: string | undefined;
  do {
    const page = await listChanges(runtime, tenant, filters, { limit: 500, cursor });
    yield* page.changes;
    cursor = page.next;
  } while (cursor !== undefined);
}

function lineOf(item: Record<string, unknown>): ChangeLine {
  const { sk: _sk, itemType: _type, ...line } = item;
  return line as unknown as ChangeLine;
}

function filterOf(filters: ChangeFilters): ItemFilter | undefined {
  const clauses: string[] = [];
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  const equal = (attribute: string, value: string | undefined) => {
    if (value === undefined) return;
    const index = clauses.length;
    names[`#f${index}`] = attribute;
    values[`:f${index}`] = value;
    clauses.push(`#f${index} = :f${index}`);
  };
  equal("agreementId", filters.agreement);
  equal("termId", filters.term);
  equal("recordedBy", filters.recordedBy);
  if (filters.types && filters.types.length > 0) {
    names["#ftype"] = "type";
    const list = filters.types.map((type, index) => {
      values[`:ftype${index}`] = type;
      return `:ftype${index}`;
    });
    clauses.push(`#ftype IN (${list.join(", ")})`);
  }
  if (clauses.length === 0) return undefined;
  return { expression: clauses.join(" AND "), names, values };
}

const decodeChangeCursor = (cursor: string) =>
  decodeCursor(cursor, (sk) => sk.startsWith(CHANGE_PREFIX), "this history");
