import type { Term } from "../api/types.ts";

/** Which field a person fills in for an attribute's new value. */
export type AttributeKind =
  | "money"
  | "cap"
  | "number"
  | "percent"
  | "days"
  | "date"
  | "boolean"
  | "text"
  | "scope";

const KIND_OF_ATTRIBUTE: Record<string, AttributeKind> = {
  cap: "cap",
  amount: "money",
  value: "money",
  ratePercent: "percent",
  percent: "percent",
  windowDays: "days",
  until: "date",
  dueBy: "date",
  exclusive: "boolean",
  contingent: "boolean",
  approximate: "boolean",
  scope: "scope",
};

export const attributeKind = (attribute: string): AttributeKind =>
  KIND_OF_ATTRIBUTE[attribute] ?? "text";

/** The attributes an amendment may change through the guided form, per kind of term. */
export const EDITABLE: Record<string, string[]> = {
  exclusivity: ["until", "untilCondition", "scope"],
  "distribution-right": ["until", "untilCondition"],
  "first-ship-priority": ["windowDays", "waiverCondition", "until", "untilCondition"],
  license: ["exclusive", "subject", "until", "untilCondition"],
  "revenue-share": ["ratePercent", "cap", "until", "untilCondition"],
  "investment-tranche": ["amount", "conditions", "dueBy", "contingent"],
  "capacity-commitment": ["value", "description", "until", "untilCondition"],
  stake: ["percent", "approximate"],
  clause: ["title", "text"],
};

/** The amounts a term of each kind carries (what "an amount became known" can set). */
export const AMOUNTS: Record<string, string[]> = {
  "revenue-share": ["cap", "ratePercent"],
  "investment-tranche": ["amount"],
  "capacity-commitment": ["value"],
  stake: ["percent"],
};

/** The event that ends a term of each kind (capacity commitments end by their date). */
export const END_OF_KIND: Record<string, string> = {
  exclusivity: "ExclusivityEnded",
  "distribution-right": "DistributionRightEnded",
  "first-ship-priority": "FirstShipPriorityEnded",
  license: "LicenseEnded",
  "revenue-share": "RevenueShareEnded",
  "investment-tranche": "InvestmentTrancheLapsed",
  stake: "StakeSold",
  clause: "ClauseRemoved",
};

export const SCOPES: { value: string; label: string }[] = [
  { value: "api-layer", label: "the API layer" },
  { value: "hosting", label: "hosting" },
  { value: "third-party-cloud-distribution", label: "third-party cloud distribution" },
  { value: "all-channels", label: "every channel" },
];

/** An amount the term leaves unknown (an undisclosed cap or rate) or, failing that, its first amount. */
export function unknownAmountOf(term: Term): { attribute: string; unknown: boolean } | undefined {
  const amounts = AMOUNTS[term.kind];
  if (!amounts) return undefined;
  const attributes = term.attributes;
  const unknown = amounts.find((attribute) => {
    const value = attributes[attribute];
    if (attribute === "cap")
      return (
        typeof value === "object" &&
        value !== null &&
        "disclosed" in value &&
        value.disclosed === false
      );
    return value === null;
  });
  const first = amounts[0];
  return unknown
    ? { attribute: unknown, unknown: true }
    : first
      ? { attribute: first, unknown: false }
      : undefined;
}
