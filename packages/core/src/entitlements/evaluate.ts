import type { AgreementState } from "../agreement/state.ts";
import {
  type ProductId,
  type ProviderId,
  productById,
  providerById,
  type Segment,
} from "../catalog.ts";
import type { CalendarDate } from "../dates.ts";
import type { Source } from "../events/envelope.ts";
import { agreementLabel, describeTerm } from "../views/describe-term.ts";
import { providerName } from "../views/names.ts";
import {
  type DisputeInPlay,
  disputesInPlay,
  type TermInPlay,
  termsInPlay,
} from "./terms-in-play.ts";

export type Decision = "allowed" | "conditional" | "denied" | "conflict";

export type ReasonCode =
  | "granted"
  | "owner-channel"
  | "no-grant"
  | "exclusive-to-other"
  | "yields-to-exclusivity"
  | "expired"
  | "not-yet-effective"
  | "first-ship-priority"
  | "first-ship-priority-moot"
  | "disputed"
  | "conflicting-exclusivity"
  | "grant-contradicts-exclusivity";

export interface Reason {
  code: ReasonCode;
  agreementId: string | null;
  termId: string | null;
  summary: string;
  sources: Source[];
}

export interface EntitlementQuery {
  product: ProductId;
  provider: ProviderId;
  segment: Segment;
  at: CalendarDate;
}

export interface Entitlement extends EntitlementQuery {
  decision: Decision;
  reasons: Reason[];
}

const inForce = (list: TermInPlay[]) => list.filter(({ status }) => status === "in-force");

function termReason(code: ReasonCode, item: TermInPlay, at: CalendarDate, lead: string): Reason {
  return {
    code,
    agreementId: item.agreement.id,
    termId: item.term.id,
    summary: `${lead}: ${describeTerm(item.term, at)} (${agreementLabel(item.agreement)})`,
    sources: item.term.sources,
  };
}

function disputeReason({ agreement, dispute }: DisputeInPlay): Reason {
  return {
    code: "disputed",
    agreementId: agreement.id,
    termId: dispute.concerns?.termIds?.[0] ?? null,
    summary: `Disputed since ${dispute.raised.on}: ${dispute.claim} (${agreementLabel(agreement)})`,
    sources: dispute.sources,
  };
}

/** Whether an exclusivity held by `holder` shuts `provider` out: only all-channel ones reach the owner's own channel. */
function excludes(item: TermInPlay, provider: ProviderId, product: ProductId): boolean {
  if (item.attributes.holder === provider) return false;
  if (item.attributes.scope === "all-channels") return true;
  const channel = providerById(provider);
  return !(channel.channel === "first-party" && channel.party === productById(product).owner);
}

function grantsTo(
  item: TermInPlay,
  provider: ProviderId,
): "exclusive" | "named" | "generic" | undefined {
  const { kind } = item.term;
  if (kind === "exclusivity") return item.attributes.holder === provider ? "exclusive" : undefined;
  if (kind !== "distribution-right") return undefined;
  const granted = item.attributes.providers;
  if (granted === "any-cloud")
    return providerById(provider).channel === "cloud" ? "generic" : undefined;
  return Array.isArray(granted) && granted.includes(provider) ? "named" : undefined;
}

/**
 * Decides whether `provider` may serve `product` to `segment` on `at`, term by term.
 * Exclusivities carve out generic grants ("any cloud"); a grant that names the provider
 * against someone else's exclusivity, or two exclusive holders at once, is a conflict that
 * the user must see rather than one the tool resolves.
 */
export function evaluateEntitlement(
  agreements: AgreementState[],
  query: EntitlementQuery,
): Entitlement {
  const { product, provider, segment, at } = query;
  const all = termsInPlay(agreements, product, segment, at);
  const live = inForce(all);
  const exclusivities = live.filter(({ term }) => term.kind === "exclusivity");
  const shutOut = exclusivities.filter((item) => excludes(item, provider, product));
  const grants = live.flatMap((item) => {
    const how = grantsTo(item, provider);
    return how ? [{ item, how }] : [];
  });
  const disputes = disputesInPlay(agreements, all, product, provider, at).map(disputeReason);
  const ownChannel =
    providerById(provider).channel === "first-party" &&
    providerById(provider).party === productById(product).owner;
  const decide = (decision: Decision, reasons: Reason[]): Entitlement => ({
    ...query,
    decision,
    reasons: [...reasons, ...disputes],
  });

  if (shutOut.length > 0) {
    const against = shutOut.map((item) =>
      termReason(
        "exclusive-to-other",
        item,
        at,
        `Exclusive to ${providerName(item.attributes.holder)}`,
      ),
    );
    const held = grants.filter(({ how }) => how !== "generic");
    if (held.length > 0) {
      const code = held.some(({ how }) => how === "exclusive")
        ? "conflicting-exclusivity"
        : "grant-contradicts-exclusivity";
      const lead =
        code === "conflicting-exclusivity"
          ? "Overlapping exclusivity"
          : "Grant that contradicts it";
      return decide("conflict", [
        ...held.map(({ item }) => termReason(code, item, at, lead)),
        ...against,
      ]);
    }
    const yielded = grants.map(({ item }) =>
      termReason(
        "yields-to-exclusivity",
        item,
        at,
        "Non-exclusive grant that yields to the exclusivity",
      ),
    );
    return decide("denied", [...against, ...yielded]);
  }

  const granted = grants.map(({ item, how }) =>
    termReason(
      "granted",
      item,
      at,
      how === "exclusive" ? "Exclusive grant" : "Non-exclusive grant",
    ),
  );
  if (ownChannel)
    granted.push({
      code: "owner-channel",
      agreementId: null,
      termId: null,
      summary: `${providerName(provider)} is the product owner's own channel; no exclusivity in force covers it`,
      sources: [],
    });
  if (granted.length === 0) {
    const lapsed = all
      .filter(({ status }) => status !== "in-force")
      .filter((item) => grantsTo(item, provider) !== undefined)
      .map((item) =>
        termReason(
          item.status === "not-yet-effective" ? "not-yet-effective" : "expired",
          item,
          at,
          item.status === "not-yet-effective"
            ? "Not yet in force"
            : `No longer in force (${item.status})`,
        ),
      );
    const none: Reason = {
      code: "no-grant",
      agreementId: null,
      termId: null,
      summary: `No term in force lets ${providerName(provider)} serve ${productById(product).name} (${segment}) on ${at}`,
      sources: [],
    };
    return decide("denied", [none, ...lapsed]);
  }

  const priorities = live
    .filter(({ term }) => term.kind === "first-ship-priority")
    .filter(
      (item) => item.attributes.holder !== provider && providerById(provider).channel === "cloud",
    );
  const holderShutOut = (holder: unknown) =>
    exclusivities.some((item) => item.attributes.holder !== holder);
  const restrictions = priorities.map((item) =>
    holderShutOut(item.attributes.holder)
      ? termReason(
          "first-ship-priority-moot",
          item,
          at,
          `Does not bind: ${providerName(item.attributes.holder)} is itself excluded by another's exclusivity`,
        )
      : termReason(
          "first-ship-priority",
          item,
          at,
          `First-ship priority held by ${providerName(item.attributes.holder)}`,
        ),
  );
  const binding =
    restrictions.some(({ code }) => code === "first-ship-priority") || disputes.length > 0;
  return decide(binding ? "conditional" : "allowed", [...granted, ...restrictions]);
}
