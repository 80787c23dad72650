/** Event inputs for the decider specs, each overridable: `exclusivity({ until: "2030" })`. */
export type Fields = Record<string, unknown>;
/** An event builder: its type, the day it takes effect and its fields, any of them overridable. */
export const event =
  (type: string, effectiveOn: string, ...fields: Fields[]) =>
  (over: Fields = {}) => ({ type, effectiveOn, ...Object.assign({}, ...fields), ...over });

export const exclusivity = event(
  "ExclusivityGranted",
  "2022-01-01",
  { termId: "excl", holder: "azure" },
  { scope: "api-layer", products: "all" },
);
export const revenueShare = event(
  "RevenueShareSet",
  "2022-01-01",
  { termId: "share", payer: "openai", payee: "microsoft" },
  { ratePercent: 20 },
);
export const tranche = event(
  "InvestmentTrancheCommitted",
  "2026-02-27",
  { termId: "tranche", investor: "amazon", investee: "openai", contingent: false },
  { amount: { amount: 15e9, currency: "USD" } },
);
export const note = event("NoteAdded", "2026-01-01", { text: "a note" });
export const raise = event(
  "DisputeRaised",
  "2026-02-01",
  { disputeId: "claim", kind: "party-claim" },
  { claim: "Microsoft says it still holds" },
);
export const resolve = event("DisputeResolved", "2026-04-27", {
  disputeId: "claim",
  resolution: "ok",
});
export const endExclusivity = event("ExclusivityEnded", "2026-04-27", { termId: "excl" });
export const amendShare = (changes: Fields) =>
  event("TermAmended", "2026-04-27", { termId: "share", changes })();
export const correct = ({ type: _type, ...replacement }: Fields, correctsVersion = 2) =>
  ({ type: "EventCorrected", correctsVersion, reason: "misreported", replacement }) as const;
export const retract = (version: number) => ({
  type: "EventRetracted",
  retractsVersion: version,
  reason: "x",
});
export const terminate = event("AgreementTerminated", "2026-03-01", { reason: "called off" });
