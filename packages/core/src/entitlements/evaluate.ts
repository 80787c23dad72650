import type { AgreementState } from "../agreement/state.ts";
import {
  type Catalog,
  findProduct,
  findProvider,
  type ProductId,
  type ProviderId,
  type Segment,
} from "../catalog/catalog.ts";
import { type CalendarDate, describeDate, earliestDay } from "../dates.ts";
import { type Names, namesIn } from "../views/names.ts";
import { bearingOn } from "./bearing-terms.ts";
import { type CellMemo, cellMemo } from "./cell-memo.ts";
import { disputedDateReasons, imprecisionReasons } from "./certainty.ts";
import { firstShipReason } from "./first-ship.ts";
import {
  disputeReason,
  generalReason,
  type Reason,
  type ReasonCode,
  termReason,
} from "./reasons.ts";
import {
  channelsOf,
  disputesInPlay,
  rightTermsOf,
  type TermInPlay,
  termsInPlay,
} from "./terms-in-play.ts";

export type { Reason, ReasonCode };

export type Decision = "allowed" | "conditional" | "denied" | "conflict";

export type Certainty = "certain" | "uncertain";

export interface EntitlementQuery {
  product: ProductId;
  provider: ProviderId;
  segment: Segment;
  at: CalendarDate;
}

export interface Entitlement extends EntitlementQuery {
  decision: Decision;
  /** `uncertain` when a date it depends on is known only to the month or year, or a term it rests on is disputed. */
  certainty: Certainty;
  reasons: Reason[];
}

type Cell = Omit<Entitlement, "certainty">;

const inForce = (list: TermInPlay[]) => list.filter(({ status }) => status === "in-force");

/** How far an exclusivity reaches a provider: the owner's own channel is apart from first-party ones of others. */
type Reach = "own" | "cloud" | "first-party" | "reseller";

/** Scopes that are about clouds: a reseller neither hosts nor distributes as a cloud does. */
const cloudScopes = new Set(["hosting", "third-party-cloud-distribution"]);

/**
 * Whether an exclusivity shuts `provider` out: only all-channel ones reach the owner's own
 * channel, and cloud scopes do not reach resellers.
 */
function excludes(item: TermInPlay, provider: ProviderId, channel: Reach | undefined): boolean {
  if (item.attributes.holder === provider) return false;
  if (item.attributes.scope === "all-channels") return true;
  if (channel === "own") return false;
  return !(channel === "reseller" && cloudScopes.has(String(item.attributes.scope)));
}

function grantsTo(
  item: TermInPlay,
  provider: ProviderId,
  isCloud: boolean,
): "exclusive" | "named" | "generic" | undefined {
  const { kind } = item.term;
  if (kind === "exclusivity") return item.attributes.holder === provider ? "exclusive" : undefined;
  if (kind !== "distribution-right") return undefined;
  const granted = item.attributes.providers;
  if (granted === "any-cloud") return isCloud ? "generic" : undefined;
  return Array.isArray(granted) && granted.includes(provider) ? "named" : undefined;
}

/** A product the catalog dates in the future cannot be served by anyone, whatever the terms say. */
function notYetAvailable(
  catalog: Catalog,
  query: EntitlementQuery,
  names: Names,
): Cell | undefined {
  const launch = findProduct(catalog, query.product)?.availableFrom;
  if (!launch || earliestDay(launch) <= query.at) return undefined;
  const summary = `${names.product(query.product)} is not available before ${describeDate(launch)}`;
  return { ...query, decision: "denied", reasons: [generalReason("not-yet-available", summary)] };
}

/**
 * Decides whether `provider` may serve `product` to `segment` on `at`, and how sure that is:
 * an answer that would differ within the span of an imprecise date it depends on, or that
 * rests on a disputed term, is `uncertain`, with the reasons why.
 */
export function evaluateEntitlement(
  portfolio: AgreementState[],
  query: EntitlementQuery,
  catalog: Catalog,
  names: Names = namesIn(catalog),
): Entitlement {
  return answerOn(bearingOn(portfolio, catalog, query), query, catalog, names, cellMemo());
}

/**
 * `evaluateEntitlement` on agreements already cut to what bears on the cell, with what the
 * cell's questions on other days worked out (`memo`, for these agreements, catalog and names
 * only). Doubts ask the decision on the days around each imprecise date; many dates share
 * those days (every "2031" is bounded by the same two), so each day is decided once per cell.
 */
export function answerOn(
  agreements: AgreementState[],
  query: EntitlementQuery,
  catalog: Catalog,
  names: Names,
  memo: CellMemo,
): Entitlement {
  const product = { id: query.product, ...findProduct(catalog, query.product) };
  memo.terms ??= rightTermsOf(agreements);
  const { terms } = memo;
  memo.disputing ??= agreements.filter(({ disputes }) => Object.keys(disputes).length > 0);
  // Asked once for the day: the decision and its doubts read the same terms.
  const channels = channelsOf(catalog);
  const inPlay = termsInPlay(terms, product, query.segment, query.at, channels);
  const asked = { agreements, catalog, names, memo };
  const cell = decideCell(asked, query, inPlay);
  const { decisions } = memo;
  decisions.set(query.at, cell.decision);
  const decisionOn = (at: CalendarDate) => {
    const known = decisions.get(at);
    if (known) return known;
    const day = { ...query, at };
    const inPlayThen = termsInPlay(terms, product, query.segment, at, channels);
    const decision = decideCell({ ...asked, decisionOnly: true }, day, inPlayThen).decision;
    decisions.set(at, decision);
    return decision;
  };
  const doubts = [
    ...imprecisionReasons(inPlay, product, query.at, names, decisionOn, memo),
    ...disputedDateReasons(memo.disputing, query.at, decisionOn),
  ];
  const disputed = cell.reasons.some(({ code }) => code === "disputed");
  return {
    ...cell,
    certainty: doubts.length > 0 || disputed ? "uncertain" : "certain",
    reasons: [...cell.reasons, ...doubts],
  };
}

/** What a day's decision is asked on; `decisionOnly` when its reasons go unread. */
interface Asking {
  agreements: AgreementState[];
  catalog: Catalog;
  names: Names;
  memo: CellMemo;
  decisionOnly?: boolean;
}

/**
 * The decision on one day, term by term. `all` must be `termsInPlay` for this same query's
 * product, segment and day (`answerOn` asks it once for the decision and its doubts).
 * Exclusivities carve out generic grants ("any cloud"); a grant that names the provider
 * against someone else's exclusivity, or two exclusive holders at once, is a conflict that
 * the user must see rather than one the tool resolves. With `decisionOnly`, the reasons carry
 * their codes alone: the decision reads nothing else of them.
 */
function decideCell(
  { agreements, catalog, names, memo, decisionOnly }: Asking,
  query: EntitlementQuery,
  all: TermInPlay[],
): Cell {
  const { product, provider, segment, at } = query;
  const unavailable = notYetAvailable(catalog, query, names);
  if (unavailable) return unavailable;
  const productEntry = { id: product, ...findProduct(catalog, product) };
  const channel = findProvider(catalog, provider);
  const ownChannel = channel?.channel === "first-party" && channel.party === productEntry.owner;
  const isCloud = channel?.channel === "cloud";
  const reach: Reach | undefined = ownChannel ? "own" : channel?.channel;
  const providerName = names.provider;
  const reason = (code: ReasonCode, item: TermInPlay, lead: string) =>
    decisionOnly ? generalReason(code, "") : termReason(code, item, at, lead, names, memo.reasons);
  const live = inForce(all);
  const exclusivities = live.filter(({ term }) => term.kind === "exclusivity");
  const shutOut = exclusivities.filter((item) => excludes(item, provider, reach));
  const grants = live.flatMap((item) => {
    const how = grantsTo(item, provider, isCloud);
    return how ? [{ item, how }] : [];
  });
  const disputing = memo.disputing ?? agreements;
  const channels = channelsOf(catalog);
  const disputes = disputesInPlay(disputing, all, productEntry, provider, at, channels).map(
    disputeReason,
  );
  const decide = (decision: Decision, reasons: Reason[]): Cell => ({
    ...query,
    decision,
    reasons: [...reasons, ...disputes],
  });

  if (shutOut.length > 0) {
    const against = shutOut.map((item) =>
      reason("exclusive-to-other", item, `Exclusive to ${providerName(item.attributes.holder)}`),
    );
    const held = grants.filter(({ how }) => how !== "generic");
    if (held.length > 0) {
      // Each held grant says what it is: an exclusivity of its own overlaps, a grant naming the
      // provider contradicts (a non-exclusive grant is never an "overlapping exclusivity").
      const contradicting = held.map(({ item, how }) =>
        how === "exclusive"
          ? reason("conflicting-exclusivity", item, "Overlapping exclusivity")
          : reason("grant-contradicts-exclusivity", item, "Grant that contradicts it"),
      );
      return decide("conflict", [...contradicting, ...against]);
    }
    const yielded = grants.map(({ item }) =>
      reason("yields-to-exclusivity", item, "Non-exclusive grant that yields to the exclusivity"),
    );
    return decide("denied", [...against, ...yielded]);
  }

  const granted = grants.map(({ item, how }) =>
    reason("granted", item, how === "exclusive" ? "Exclusive grant" : "Non-exclusive grant"),
  );
  if (ownChannel)
    granted.push(
      generalReason(
        "owner-channel",
        `${providerName(provider)} is the product owner's own channel, which no exclusivity in force reaches`,
      ),
    );
  if (granted.length === 0) {
    const lapsed = all
      .filter(({ status }) => status !== "in-force")
      .filter((item) => grantsTo(item, provider, isCloud) !== undefined)
      .map((item) =>
        reason(
          item.status === "not-yet-effective" ? "not-yet-effective" : "expired",
          item,
          item.status === "not-yet-effective" ? "Not yet in force" : lapsedLead(item),
        ),
      );
    const none = generalReason(
      "no-grant",
      `No term in force lets ${providerName(provider)} serve ${names.product(product)} (${names.segment(segment)})`,
    );
    return decide("denied", [none, ...lapsed]);
  }

  const priorities = live
    .filter(({ term }) => term.kind === "first-ship-priority")
    .filter((item) => item.attributes.holder !== provider && isCloud);
  const holderShutOut = (holder: unknown) =>
    exclusivities.some((item) => item.attributes.holder !== holder);
  const restrictions = priorities.map((item) =>
    firstShipReason(item, { product: productEntry, at, names, holderShutOut, made: memo.reasons }),
  );
  const binding =
    restrictions.some(({ code }) => code === "first-ship-priority") || disputes.length > 0;
  return decide(binding ? "conditional" : "allowed", [...granted, ...restrictions]);
}

const lapseWords: Record<string, string> = {
  expired: "it expired",
  ended: "it was ended",
  terminated: "its agreement was terminated",
  "agreement-ended": "it ended with its agreement",
};
const lapsedLead = (item: TermInPlay) =>
  `No longer in force (${lapseWords[item.status] ?? item.status})`;
