import {
  type OpenDispute,
  type OpenMatterStretch,
  openMatterIndexOf,
  type UnansweredQuestion,
} from "@termline/core";
import type { ViewStore } from "@termline/store";
import { FOREVER, readHolding, readHoldingPage, type StretchIndex } from "./stretch-index.ts";

/**
 * What is unsettled across the tenant's agreements: one item per open dispute or unanswered
 * question and stretch of business dates it stays open for, keyed by the day it stops being
 * open, so "open on `at`" is one range Query from `at` on, which skips everything settled
 * before: its cost follows what is open, not the number of agreements or of matters ever.
 */
export type OpenMatterKind = OpenMatterStretch["kind"];
const PREFIXES = { dispute: "open-dispute#", question: "open-question#" } as const;

export const openMatterIndex: StretchIndex<OpenMatterStretch> = {
  prefixes: Object.values(PREFIXES),
  entriesOf: openMatterIndexOf,
  keyOf: ({ kind, value, validFrom, validTo }) =>
    `${PREFIXES[kind]}${validTo ?? FOREVER}#${value.agreementId}#${value.id}#${validFrom}`,
  fieldsOf: ({ kind, value, validFrom, validTo }) => ({
    itemType: "open-matter",
    kind,
    agreementId: value.agreementId,
    validFrom,
    validTo: validTo ?? FOREVER,
    matter: value,
  }),
};

/** The stretches still open after `at`: those whose end (exclusive) is later than `at`. */
const rangeOf = (kind: OpenMatterKind, at: string) => ({
  from: `${PREFIXES[kind]}${at}#\uffff`,
  to: `${PREFIXES[kind]}\uffff`,
});

export interface OpenMatterOf {
  dispute: OpenDispute;
  question: UnansweredQuestion;
}

/** Every matter of a kind open on `at`, in the order they close (those with no end last). */
export async function readOpenMatters<K extends OpenMatterKind>(
  viewStore: ViewStore,
  tenant: string,
  kind: K,
  at: string,
): Promise<OpenMatterOf[K][]> {
  const items = await readHolding(viewStore, tenant, rangeOf(kind, at), at);
  return items.map((item) => item.matter as OpenMatterOf[K]);
}

/** Whether a cursor is one this index hands out for this kind and date. */
export const isOpenMatterCursor = (cursor: string, kind: OpenMatterKind, at: string) => {
  const { from, to } = rangeOf(kind, at);
  return cursor > from && cursor <= to;
};

/** A page of them: `limit` after `cursor`, with the key to resume after if there may be more. */
export async function readOpenMatterPage<K extends OpenMatterKind>(
  viewStore: ViewStore,
  tenant: string,
  kind: K,
  query: { at: string; limit: number; cursor?: string | undefined },
): Promise<{ matters: OpenMatterOf[K][]; next?: string }> {
  const page = await readHoldingPage(viewStore, tenant, rangeOf(kind, query.at), query);
  const matters = page.items.map((item) => item.matter as OpenMatterOf[K]);
  return page.next === undefined ? { matters } : { matters, next: page.next };
}
