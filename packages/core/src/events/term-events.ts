import * as z from "zod";
import { FuzzyDate } from "../dates.ts";
import { type TermKind, termKindOfGrant } from "./term-kinds.ts";
import {
  Cap,
  Coverage,
  ExclusivityScope,
  Money,
  PartyId,
  ProviderId,
  ProvidersGranted,
  Segments,
  TermId,
  Text,
} from "./vocabulary.ts";

// The kind each event names lives apart from the schemas: a fold needs the names, not the schemas.
export * from "./term-kinds.ts";

/**
 * The events that bring a term into being, one per kind of term. Their data (less `termId`)
 * becomes the term's attributes; amendments later change some of them from a date on.
 */
/** `untilCondition: null` removes a condition (e.g. an AGI clause) that an amendment strikes out. */
const until = { until: FuzzyDate.optional(), untilCondition: Text(300).nullable().optional() };
const summary = { summary: Text(500).optional() };

export const termGrantShapes = {
  ExclusivityGranted: {
    termId: TermId,
    holder: ProviderId,
    scope: ExclusivityScope,
    ...Coverage,
    segments: Segments,
    ...until,
    ...summary,
  },
  DistributionRightGranted: {
    termId: TermId,
    providers: ProvidersGranted,
    ...Coverage,
    segments: Segments,
    ...until,
    ...summary,
  },
  FirstShipPriorityGranted: {
    termId: TermId,
    holder: ProviderId,
    ...Coverage,
    segments: Segments,
    waiverCondition: Text(500).optional(),
    /** `null`: a window exists in the wording but its length is unknown. */
    windowDays: z.number().int().min(0).max(3650).nullable(),
    ...until,
    ...summary,
  },
  LicenseGranted: {
    termId: TermId,
    licensor: PartyId,
    licensee: PartyId,
    subject: Text(300),
    exclusive: z.boolean(),
    ...until,
    ...summary,
  },
  RevenueShareSet: {
    termId: TermId,
    payer: PartyId,
    payee: PartyId,
    /** `null`: a share is paid but its rate is undisclosed. */
    ratePercent: z
      .number()
      .gt(0, "a revenue share must be above 0%")
      .max(100, "a rate cannot be above 100%")
      .nullable(),
    cap: Cap.optional(),
    ...until,
    ...summary,
  },
  InvestmentTrancheCommitted: {
    termId: TermId,
    investor: PartyId,
    investee: PartyId,
    amount: Money,
    contingent: z.boolean(),
    /** `null`: conditions exist but are undisclosed. */
    conditions: Text(1000).nullable().optional(),
    dueBy: FuzzyDate.optional(),
    ...summary,
  },
  CapacityCommitted: {
    termId: TermId,
    buyer: PartyId,
    seller: PartyId,
    provider: ProviderId.optional(),
    description: Text(500),
    value: Money.optional(),
    quantity: z
      .object({ amount: z.number().positive().max(1e12), unit: Text(20) })
      .strict()
      .optional(),
    milestones: z
      .array(z.object({ on: FuzzyDate, description: Text(300) }).strict())
      .max(20)
      .optional(),
    ...until,
    ...summary,
  },
  StakeRecorded: {
    termId: TermId,
    holder: PartyId,
    in: PartyId,
    entity: Text(200).optional(),
    percent: z.number().gt(0).max(100, "a stake cannot be above 100%"),
    approximate: z.boolean().default(false),
    ...summary,
  },
  ClauseAdded: {
    termId: TermId,
    title: Text(200),
    text: Text(2000),
    ...summary,
  },
} as const;

export type TermGrantType = keyof typeof termGrantShapes;

const reason = { reason: Text(500).optional() };

/** Events that end a term, each only for the kind it names, so a typo cannot end the wrong thing. */
export const termEndShapes = {
  ExclusivityEnded: { termId: TermId, ...reason },
  DistributionRightEnded: { termId: TermId, ...reason },
  FirstShipPriorityEnded: { termId: TermId, ...reason },
  LicenseEnded: { termId: TermId, ...reason },
  RevenueShareEnded: { termId: TermId, ...reason },
  InvestmentTrancheLapsed: { termId: TermId, ...reason },
  StakeSold: { termId: TermId, ...reason },
  ClauseRemoved: { termId: TermId, ...reason },
} as const;

export type TermEndType = keyof typeof termEndShapes;

/**
 * Events that change a term from their effective date on. `TermAmended` is the general form:
 * its `changes` are checked against the attributes of the term's kind when decided.
 */
export const termChangeShapes = {
  TermAmended: {
    termId: TermId,
    changes: z.record(z.string(), z.unknown()).refine((value) => Object.keys(value).length > 0, {
      message: "name at least one attribute to change",
    }),
    ...summary,
  },
  LicenseAmended: {
    termId: TermId,
    exclusive: z.boolean().optional(),
    until: FuzzyDate.nullable().optional(),
    untilCondition: Text(300).nullable().optional(),
    subject: Text(300).optional(),
    ...summary,
  },
  RevenueShareCapped: { termId: TermId, cap: Cap, ...summary },
  InvestmentTrancheFunded: { termId: TermId, amount: Money.optional(), ...summary },
} as const;

export type TermChangeType = keyof typeof termChangeShapes;

/** The attributes of each kind of term, for checking a `TermAmended`'s changes. */
export const termAttributeSchemas = Object.fromEntries(
  Object.entries(termGrantShapes).map(([type, shape]) => {
    const { termId: _termId, ...attributes } = shape;
    return [termKindOfGrant[type as TermGrantType], z.object(attributes).partial().strict()];
  }),
) as unknown as Record<TermKind, z.ZodType<Record<string, unknown>>>;
