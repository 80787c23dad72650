import { createHash } from "node:crypto";
import type { AgreementState } from "@termline/core";

/**
 * How an agreement's snapshot is stored so that no item grows with its events. The lists that
 * grow with a term's history (its changes, the citations of each event, the versions and the
 * sources it has gathered) and the agreement's own amendments are cut, from their start, into
 * pages of about `PAGE_BYTES`. Full pages live in items of their own, named by a digest of
 * their entries; the snapshot's head keeps the open end of each list and the digests of the
 * pages before it. The cut is greedy from the start, so appending to a list never changes the
 * pages already full: a commit writes the head and, now and then, one new page.
 *
 * The records that grow with events (the terms, the disputes, the open questions, the
 * supersessions) are cut too, once one passes `RECORD_PAGING_BYTES`: their entries, in order,
 * into pages whose ends fall at entries chosen by a digest of their key (`cutRecordIntoPages`).
 * A term amended or a question answered anywhere in the record then changes its own page and
 * seldom the next, where a cut by size alone would move every page after it.
 */
export const PAGE_BYTES = 8_000;

/** Below this, a record stays whole in the head: most agreements read no page at all. */
export const RECORD_PAGING_BYTES = 48_000;

export const SNAPSHOT_PAGE_PREFIX = "agreement-page#";
export const snapshotPageKey = (agreementId: string, digest: string) =>
  `${SNAPSHOT_PAGE_PREFIX}${agreementId}#${digest}`;

/**
 * A list's place in the state (`["amendments"]`, `["terms", termId, "changes"]`) or a record's
 * (`["terms"]`, `["disputes"]`): a record's pages hold `[key, entry]` pairs.
 */
type ListPath = [string] | [string, string, string];
const TERM_LISTS = ["changes", "cited", "versions", "sources"] as const;
const RECORDS = ["terms", "disputes", "questions", "supersessions"] as const;
type RecordName = (typeof RECORDS)[number];
const isRecordPath = (path: ListPath): path is [RecordName] =>
  path.length === 1 && (RECORDS as readonly string[]).includes(path[0]);

/** The stored head: the state with its long lists cut short, and the pages cut from each. */
export type SnapshotHead = AgreementState & { paged?: Record<string, string[]> };

export interface SnapshotPage {
  key: string;
  entries: unknown[];
}

export interface SplitSnapshot {
  head: SnapshotHead;
  pages: SnapshotPage[];
}

/** The lists a state's pages may hold, records aside. */
function listsOf(state: AgreementState): ListPath[] {
  const terms = Object.keys(state.terms).flatMap((termId) =>
    TERM_LISTS.map((list): ListPath => ["terms", termId, list]),
  );
  return [["amendments"], ...terms];
}

function listAt(state: AgreementState, path: ListPath): unknown[] | undefined {
  if (isRecordPath(path)) return Object.entries(state[path[0]]);
  if (path.length === 1) return state.amendments;
  const term = state.terms[path[1]] as unknown as Record<string, unknown> | undefined;
  const list = term?.[path[2]];
  return Array.isArray(list) ? list : undefined;
}

/** A copy of the state with one list replaced: the terms are copied only where they change. */
function withList(state: AgreementState, path: ListPath, list: unknown[]): AgreementState {
  if (isRecordPath(path))
    return { ...state, [path[0]]: Object.fromEntries(list as [string, unknown][]) };
  if (path.length === 1) return { ...state, amendments: list as AgreementState["amendments"] };
  const [, termId, name] = path;
  const term = state.terms[termId];
  if (!term) return state;
  return { ...state, terms: { ...state.terms, [termId]: { ...term, [name]: list } } };
}

/**
 * Full pages from the start of a list, and what is left open after them: a page closes before
 * the entry that would take it past `PAGE_BYTES`, or after one `endsAfter` chooses, given the
 * bytes the page then holds.
 */
export function cutIntoPages<T>(
  entries: T[],
  endsAfter: (entry: T, bytes: number) => boolean = () => false,
): { full: T[][]; open: T[] } {
  const full: T[][] = [];
  let start = 0;
  let bytes = 0;
  entries.forEach((entry, index) => {
    const size = Buffer.byteLength(JSON.stringify(entry));
    if (index > start && bytes + size > PAGE_BYTES) {
      full.push(entries.slice(start, index));
      start = index;
      bytes = 0;
    }
    bytes += size;
    if (endsAfter(entry, bytes)) {
      full.push(entries.slice(start, index + 1));
      start = index + 1;
      bytes = 0;
    }
  });
  return { full, open: entries.slice(start) };
}

const digestOf = (entries: unknown[]) =>
  createHash("sha256").update(JSON.stringify(entries)).digest("base64url").slice(0, 22);

interface Cut {
  full: { digest: string; entries: unknown[] }[];
  open: unknown[];
}

/**
 * Each list's or record's cut, by the list or record itself (a record as the state holds it,
 * its terms' lists whole): states are never changed in place, so what a commit did not touch
 * (every term's list, for a note) is the very object it was, and is not cut again.
 */
const cuts = new WeakMap<object, Cut>();

function cutOnce(of: object, cut: () => { full: unknown[][]; open: unknown[] }): Cut {
  const known = cuts.get(of);
  if (known) return known;
  const { full, open } = cut();
  const made = { full: full.map((entries) => ({ digest: digestOf(entries), entries })), open };
  cuts.set(of, made);
  return made;
}

/** The end of a record's page falls after an entry whose key's digest says so: one in four. */
const endsPage = (key: string) => (createHash("sha1").update(key).digest()[0] ?? 0) % 4 === 0;

/** A page of a record ends at a chosen key once it holds this much, so pages are not tiny. */
const MIN_RECORD_PAGE_BYTES = 2_000;

/**
 * A record's `[key, entry]` pairs cut into pages, or left whole below `RECORD_PAGING_BYTES`.
 * A page ends after an entry whose key `endsPage` chooses, once it holds a few kilobytes, or
 * before the entry that would take it past `PAGE_BYTES`. Where pages end thus depends on the
 * keys, not on the sizes before them: an entry that grows changes its page, and the pages
 * after it only up to the next chosen key.
 */
export function cutRecordIntoPages(entries: [string, unknown][]): {
  full: [string, unknown][][];
  open: [string, unknown][];
} {
  if (Buffer.byteLength(JSON.stringify(entries)) <= RECORD_PAGING_BYTES)
    return { full: [], open: entries };
  return cutIntoPages(entries, ([key], bytes) => bytes >= MIN_RECORD_PAGE_BYTES && endsPage(key));
}

/**
 * The head and pages a state is stored as; a small state is its own head, with no pages. The
 * lists are cut first, so a term in a page of the terms holds its lists' open ends only.
 */
export function splitSnapshot(state: AgreementState): SplitSnapshot {
  let head: AgreementState = state;
  const paged: Record<string, string[]> = {};
  const pages: SnapshotPage[] = [];
  const keep = (path: ListPath, { full, open }: Cut) => {
    if (full.length === 0) return;
    pages.push(
      ...full.map(({ digest, entries }) => ({ key: snapshotPageKey(state.id, digest), entries })),
    );
    paged[JSON.stringify(path)] = full.map(({ digest }) => digest);
    head = withList(head, path, open);
  };
  for (const path of listsOf(state)) {
    const list = listAt(state, path);
    if (list)
      keep(
        path,
        cutOnce(list, () => cutIntoPages(list)),
      );
  }
  for (const name of RECORDS) {
    keep(
      [name],
      cutOnce(state[name], () => cutRecordIntoPages(Object.entries(head[name]))),
    );
  }
  return { head: pages.length > 0 ? { ...head, paged } : head, pages };
}

/** The page keys a stored head refers to (none for a head that was small enough). */
export function pageKeysOf(head: SnapshotHead): string[] {
  return Object.values(head.paged ?? {}).flatMap((digests) =>
    digests.map((digest) => snapshotPageKey(head.id, digest)),
  );
}

export class MissingSnapshotPageError extends Error {
  constructor(key: string) {
    super(`the snapshot page ${key} is missing`);
    this.name = "MissingSnapshotPageError";
  }
}

/**
 * The whole state from a head and its pages' entries, keyed as `pageKeysOf` names them. The
 * records are joined first, so that each term is whole before its lists are.
 */
export function joinSnapshot(head: SnapshotHead, pages: Map<string, unknown[]>): AgreementState {
  const { paged, ...rest } = head;
  let state: AgreementState = rest;
  const paths = Object.entries(paged ?? {}).map(
    ([pathJson, digests]) => [JSON.parse(pathJson) as ListPath, digests] as const,
  );
  const records = new Map<RecordName, Cut>();
  for (const [path, digests] of [
    ...paths.filter(([path]) => isRecordPath(path)),
    ...paths.filter(([path]) => !isRecordPath(path)),
  ]) {
    const full = digests.map((digest) => {
      const key = snapshotPageKey(head.id, digest);
      const entries = pages.get(key);
      if (!entries) throw new MissingSnapshotPageError(key);
      return { digest, entries };
    });
    const open = listAt(state, path) ?? [];
    const list = [...full.flatMap(({ entries }) => entries), ...open];
    // Cutting the joined list or record again gives these pages: what a commit on it would.
    if (isRecordPath(path)) records.set(path[0], { full, open });
    else cuts.set(list, { full, open });
    state = withList(state, path, list);
  }
  for (const [name, cut] of records) cuts.set(state[name], cut);
  return state;
}
