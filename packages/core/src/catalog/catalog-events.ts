import * as z from "zod";
import { CalendarDate, FuzzyDate, Precision } from "../dates.ts";
import { Sources } from "../events/envelope.ts";
import { CatalogId, CatalogKind, Channel } from "./catalog.ts";
import type { CatalogAddedType } from "./catalog-event-types.ts";

const Name = z.string().trim().min(1, "must not be empty").max(200);
const envelope = {
  effectiveOn: FuzzyDate.optional(),
  precision: Precision.optional(),
  sources: Sources.optional(),
};

/**
 * The catalog's events, one "added" type per kind and one for later changes. Each names its
 * entry by a field of the kind's own name (`party`, `provider`…), so an exported event can
 * still carry its own `id`.
 */
export const catalogAddedShapes = {
  PartyAdded: { party: CatalogId, name: Name },
  ProviderAdded: { provider: CatalogId, name: Name, party: CatalogId, channel: Channel },
  ProductClassAdded: { productClass: CatalogId, name: Name },
  ProductAdded: {
    product: CatalogId,
    name: Name,
    class: CatalogId,
    owner: CatalogId,
    availableFrom: FuzzyDate.optional(),
    availableBy: CalendarDate.optional(),
  },
  SegmentAdded: { segment: CatalogId, name: Name },
} as const satisfies Record<CatalogAddedType, z.core.$ZodShape>;
/** A rename, a new launch date (`null` removes it) or a retirement; entries are never deleted. */
export const CatalogEntryChangedShape = {
  kind: CatalogKind,
  entry: CatalogId,
  name: Name.optional(),
  availableFrom: FuzzyDate.nullable().optional(),
  availableBy: CalendarDate.nullable().optional(),
  retired: z.boolean().optional(),
};

const schemas = new Map<string, z.ZodType>([
  ...Object.entries(catalogAddedShapes).map(
    ([type, shape]) =>
      [type, z.object({ type: z.literal(type), ...envelope, ...shape }).strict()] as const,
  ),
  [
    "CatalogEntryChanged",
    z
      .object({ type: z.literal("CatalogEntryChanged"), ...envelope, ...CatalogEntryChangedShape })
      .strict()
      .refine(
        (value) =>
          value.name !== undefined ||
          value.availableFrom !== undefined ||
          value.availableBy !== undefined ||
          value.retired !== undefined,
        {
          message: "change at least one of name, availableFrom, availableBy, retired",
          path: ["name"],
        },
      ),
  ],
]);

export const catalogEventTypes = [...schemas.keys()];

export const catalogEventSchemaOf = (type: string): z.ZodType | undefined => schemas.get(type);

/** One catalog event as a person or an import document sends it. */
export const CatalogEventInput = z
  .object({ type: z.string() })
  .loose()
  .meta({
    description: `A change to the tenant's catalog. \`type\` is one of: ${catalogEventTypes.join(", ")}.`,
  });
export type CatalogEventInput = { type: string; [field: string]: unknown };
