import type { IndexedDeadline } from "@termline/core";
import type { ViewStore } from "@termline/store";
import type { SideFields } from "./stretch-index.ts";

/**
 * Who must not miss a deadline is a record of its own (services/deadline-owners.ts), not an
 * event: it names a person, who may be erased. Each of the deadline's items in the index by
 * date carries a mark of it (the owner's id and the record's revision), so a page of deadlines
 * names its owners in the one Query that reads it. A record's revision only grows (a removal
 * keeps the record, without its person) and a mark gives way only to a newer one, so the
 * marks end as the records say whichever writer, the projector's or the assignment's, is last.
 */
export const OWNER_PREFIX = "deadline-owner#";

export const ownerKey = (deadlineId: string) => `${OWNER_PREFIX}${deadlineId}`;

/** A deadline's owner as its index items carry it; revision 0: never assigned. */
export interface OwnerMark {
  ownerId: string | undefined;
  ownerRevision: number;
}

/** The mark an owner record (or its absence) calls for; records from before revisions are 0. */
export const markOf = (record: Record<string, unknown> | undefined): OwnerMark => ({
  ownerId: typeof record?.personId === "string" ? record.personId : undefined,
  ownerRevision: typeof record?.revision === "number" ? record.revision : 0,
});

/**
 * The marks of one agreement's deadlines (a deadline's id begins with its agreement's and a
 * colon), or of the whole tenant's: one consistent read of their records.
 */
async function readMarks(viewStore: ViewStore, tenant: string, agreementId?: string) {
  const prefix = agreementId === undefined ? OWNER_PREFIX : `${OWNER_PREFIX}${agreementId}:`;
  const records = await viewStore.listItems(tenant, prefix);
  const marks = new Map(records.map((record) => [String(record.deadlineId), markOf(record)]));
  return ({ deadline }: IndexedDeadline): Record<string, unknown> => ({
    ...(marks.get(deadline.id) ?? markOf(undefined)),
  });
}

/**
 * Marks one index item, unless it is gone or carries this revision or a newer one. Whether it
 * did.
 */
export const setOwnerMark = (
  viewStore: ViewStore,
  tenant: string,
  sk: string,
  mark: OwnerMark,
): Promise<boolean> =>
  viewStore.setFields(
    tenant,
    sk,
    { ownerId: mark.ownerId, ownerRevision: mark.ownerRevision },
    {
      expression: "attribute_not_exists(#frevision) OR #frevision < :frevision",
      names: { "#frevision": "ownerRevision" },
      values: { ":frevision": mark.ownerRevision },
    },
  );

export const ownerMarks: SideFields<IndexedDeadline> = {
  read: readMarks,
  set: (viewStore, tenant, sk, fields) =>
    setOwnerMark(viewStore, tenant, sk, {
      ownerId: typeof fields.ownerId === "string" ? fields.ownerId : undefined,
      ownerRevision: Number(fields.ownerRevision),
    }),
};

/**
 * The owner an index item names: `{}` for nobody, undefined for an item written before marks
 * were (its owner is then read from the records).
 */
export const ownerNamedBy = (item: Record<string, unknown>): { ownerId?: string } | undefined => {
  if (typeof item.ownerRevision !== "number") return undefined;
  return typeof item.ownerId === "string" ? { ownerId: item.ownerId } : {};
};
