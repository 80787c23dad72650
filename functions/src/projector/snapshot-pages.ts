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
 */
export const PAGE_BYTES = 8_000;

export const SNAPSHOT_PAGE_PREFIX = "agreement-page#";
export const snapshotPageKey = (agreementId: string, digest: string) =>
  `${SNAPSHOT_PAGE_PREFIX}${agreementId}#${digest}`;

/** A list's place in the state: `["amendments"]` or `["terms", termId, "changes"]`. */
type ListPath = [string] | [string, string, string];
const TERM_LISTS = ["changes", "cited", "versions", "sources"] as const;

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

function listsOf(state: AgreementState): ListPath[] {
  const terms = Object.keys(state.terms).flatMap((termId) =>
    TERM_LISTS.map((list): ListPath => ["terms", termId, list]),
  );
  return [["amendments"], ...terms];
}

function listAt(state: AgreementState, path: ListPath): unknown[] | undefined {
  if (path.length === 1) return state.amendments;
  const term = state.terms[path[1]] as unknown as Record<string, unknown> | undefined;
  const list = term?.[path[2]];
  return Array.isArray(list) ? list : undefined;
}

/** A copy of the state with one list replaced: the terms are copied only where they change. */
function withList(state: AgreementState, path: ListPath, list: unknown[]): AgreementState {
  if (path.length === 1) return { ...state, amendments: list as AgreementState["amendments"] };
  const [, termId, name] = path;
  const term = state.terms[termId];
  if (!term) return state;
  return { ...state, terms: { ...state.terms, [termId]: { ...term, [name]: list } } };
}

/** Full pages from the start of a list, and what is left open after them. */
export function cutIntoPages(entries: unknown[]): { full: unknown[][]; open: unknown[] } {
  const full: unknown[][] = [];
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
 * Each list's cut, by the list itself: states are never changed in place, so a list a commit
 * did not touch (every term's, for a note) is the very array it was, and is not cut again.
 */
const cuts = new WeakMap<unknown[], Cut>();

function cutOf(list: unknown[]): Cut {
  const known = cuts.get(list);
  if (known) return known;
  const { full, open } = cutIntoPages(list);
  const cut = { full: full.map((entries) => ({ digest: digestOf(entries), entries })), open };
  cuts.set(list, cut);
  return cut;
}

/** The head and pages a state is stored as; a small state is its own head, with no pages. */
export function splitSnapshot(state: AgreementState): SplitSnapshot {
  let head: AgreementState = state;
  const paged: Record<string, string[]> = {};
  const pages: SnapshotPage[] = [];
  for (const path of listsOf(state)) {
    const list = listAt(state, path);
    if (!list) continue;
    const { full: cut, open } = cutOf(list);
    if (cut.length === 0) continue;
    pages.push(
      ...cut.map(({ digest, entries }) => ({ key: snapshotPageKey(state.id, digest), entries })),
    );
    paged[JSON.stringify(path)] = cut.map(({ digest }) => digest);
    head = withList(head, path, open);
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

/** The whole state from a head and its pages' entries, keyed as `pageKeysOf` names them. */
export function joinSnapshot(head: SnapshotHead, pages: Map<string, unknown[]>): AgreementState {
  const { paged, ...rest } = head;
  let state: AgreementState = rest;
  for (const [pathJson, digests] of Object.entries(paged ?? {})) {
    const path = JSON.parse(pathJson) as ListPath;
    const full = digests.map((digest) => {
      const key = snapshotPageKey(head.id, digest);
      const entries = pages.get(key);
      if (!entries) throw new MissingSnapshotPageError(key);
      return { digest, entries };
    });
    const open = listAt(state, path) ?? [];
    const list = [...full.flatMap(({ entries }) => entries), ...open];
    // The cut is greedy from the start, so cutting the joined list again gives these pages.
    cuts.set(list, { full, open });
    state = withList(state, path, list);
  }
  return state;
}
