import * as z from "zod";
import { PartyId, ProductClassId, ProductId, ProviderId, Segment } from "../catalog/catalog.ts";
import { hasControlCharacters, noControlCharacters } from "./text-rules.ts";

/** Term ids name a term within its agreement, so later events (amend, end, dispute) can point at it. */
export const TermId = z
  .string()
  .regex(
    /^[a-z0-9][a-z0-9-]{0,79}$/,
    "use lowercase letters, digits and dashes (e.g. cloud-exclusivity)",
  );

export const Text = (max: number) =>
  z
    .string()
    .trim()
    .min(1, "must not be empty")
    .max(max)
    .refine((value) => !hasControlCharacters(value), noControlCharacters);

/**
 * Which products a term covers: named products, whole classes, or every product of the
 * grantor ("all"). At least one must be given.
 */
export const Coverage = {
  products: z.union([z.literal("all"), z.array(ProductId).min(1).max(20)]).optional(),
  classes: z.array(ProductClassId).min(1).max(10).optional(),
};
export interface CoverageValue {
  products?: "all" | ProductId[] | undefined;
  classes?: ProductClassId[] | undefined;
}
export const coverageGiven = (value: CoverageValue) =>
  value.products !== undefined || value.classes !== undefined;
export const coverageMessage = {
  message: 'name the products covered: products (a list, or "all") or classes',
  path: ["products"],
};

/** Segments a term applies to; absent means every segment. */
export const Segments = z.array(Segment).min(1).max(10).optional();

/** A sum of money. `up-to` and `at-least` keep what reports actually said ("up to $35B"). */
export const Money = z
  .object({
    amount: z.number().nonnegative().max(1e15),
    currency: z.string().regex(/^[A-Z]{3}$/, "an ISO 4217 code such as USD"),
    qualifier: z.enum(["exact", "approximate", "up-to", "at-least"]).default("exact"),
  })
  .strict();
export type Money = z.infer<typeof Money>;

/**
 * A cap known to exist but undisclosed is not the same as no cap, nor a cap of zero, so
 * `disclosed: false` carries no amount at all.
 */
export const Cap = z.discriminatedUnion("disclosed", [
  z.object({ disclosed: z.literal(false) }).strict(),
  z.object({ disclosed: z.literal(true), amount: Money }).strict(),
]);
export type Cap = z.infer<typeof Cap>;

export const ExclusivityScope = z.enum([
  "api-layer",
  "hosting",
  "third-party-cloud-distribution",
  "all-channels",
]);
export type ExclusivityScope = z.infer<typeof ExclusivityScope>;

export const ProvidersGranted = z.union([
  z.literal("any-cloud"),
  z.array(ProviderId).min(1).max(20),
]);

export { PartyId, ProviderId };
