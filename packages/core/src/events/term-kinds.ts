import type { TermChangeType, TermEndType, TermGrantType } from "./term-events.ts";

/*
 * The kind of term each term event grants, ends or changes: plain names, apart from the events'
 * schemas (term-events.ts, which re-exports them) so that what only folds events (evolve.ts, and
 * through it every read of an agreement) does not build those schemas on import.
 */

export const termKindOfGrant = {
  ExclusivityGranted: "exclusivity",
  DistributionRightGranted: "distribution-right",
  FirstShipPriorityGranted: "first-ship-priority",
  LicenseGranted: "license",
  RevenueShareSet: "revenue-share",
  InvestmentTrancheCommitted: "investment-tranche",
  CapacityCommitted: "capacity-commitment",
  StakeRecorded: "stake",
  ClauseAdded: "clause",
} as const satisfies Record<TermGrantType, string>;

export type TermKind = (typeof termKindOfGrant)[TermGrantType];

export const termKindOfEnd = {
  ExclusivityEnded: "exclusivity",
  DistributionRightEnded: "distribution-right",
  FirstShipPriorityEnded: "first-ship-priority",
  LicenseEnded: "license",
  RevenueShareEnded: "revenue-share",
  InvestmentTrancheLapsed: "investment-tranche",
  StakeSold: "stake",
  ClauseRemoved: "clause",
} as const satisfies Record<TermEndType, TermKind>;

export const termKindOfChange = {
  TermAmended: undefined,
  LicenseAmended: "license",
  RevenueShareCapped: "revenue-share",
  InvestmentTrancheFunded: "investment-tranche",
} as const satisfies Record<TermChangeType, TermKind | undefined>;
