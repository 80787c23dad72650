import type { AgreementState, Dispute, Term } from "../agreement/state.ts";
import { attributesAt, type TermStatus, termStatusAt } from "../agreement/term-timeline.ts";
import type { Catalog, Product, Segment } from "../catalog/catalog.ts";
import type { CalendarDate } from "../dates.ts";
import type { CoverageValue } from "../events/vocabulary.ts";
import type { RightTerm } from "./cell-memo.ts";

export const rightKinds = new Set(["exclusivity", "distribution-right", "first-ship-priority"]);

/** A right-bearing term as it stands on the asked date, with what it says on that date. */
export interface TermInPlay {
  agreement: AgreementState;
  term: Term;
  status: TermStatus;
  attributes: Record<string, unknown> & CoverageValue;
}

/**
 * The product as the catalog has it: its class decides what class-wide terms reach it, its
 * owner whether a term over "all" products or a class does.
 */
export type ProductRef = Pick<Product, "id"> & Partial<Pick<Product, "class" | "owner">>;

/** The agreement a coverage was written in: whose products its "all" and its classes mean. */
export type AgreementParties = Pick<AgreementState, "parties">;

/** The catalog's providers as coverage reads them: whose channel each is, and the clouds'. */
export interface Channels {
  thirdPartyOf(provider: string): string | undefined;
  cloudParties: ReadonlySet<string>;
}

const channelsByCatalog = new WeakMap<object, Channels>();

/** The channels of a catalog, worked out once per catalog. */
export function channelsOf(catalog: Pick<Catalog, "providers">): Channels {
  const known = channelsByCatalog.get(catalog);
  if (known) return known;
  const thirdParties = new Map(
    catalog.providers
      .filter(({ channel }) => channel !== "first-party")
      .map(({ id, party }) => [id, party]),
  );
  const channels = {
    thirdPartyOf: (provider: string) => thirdParties.get(provider),
    cloudParties: new Set(
      catalog.providers.filter(({ channel }) => channel === "cloud").map(({ party }) => party),
    ),
  };
  channelsByCatalog.set(catalog, channels);
  return channels;
}

/**
 * Whether a coverage grants to `party` through a third party's channel: as its holder's, a
 * named provider's, or any cloud's for "any-cloud". An owner's own (first-party) channel grants
 * to no one: a right it holds reserves the owner's products for itself. Asked on every check of
 * a wholesale term while answers are worked out, so it allocates nothing.
 */
function grantsTo(
  coverage: CoverageValue & { holder?: unknown; providers?: unknown },
  party: string,
  channels: Channels,
): boolean {
  const { holder, providers } = coverage;
  if (typeof holder === "string" && channels.thirdPartyOf(holder) === party) return true;
  if (providers === "any-cloud") return channels.cloudParties.has(party);
  return Array.isArray(providers) && providers.some((id) => channels.thirdPartyOf(id) === party);
}

/**
 * A party grants rights over its own products only. "all" and a class are the grantor's
 * products: those of a party to the agreement that the right is not granted to. Azure's
 * exclusivity over "all" in Microsoft's agreement with OpenAI, OpenAI's any-cloud grant, or
 * AWS's government distribution in Amazon's, reach OpenAI's products: not Microsoft's or
 * Amazon's own, and never another vendor's that the tenant's catalog also holds. A product
 * named is reached whoever makes it; one whose owner is not known is reached as before owners
 * were kept.
 */
function ownedByGrantor(
  coverage: CoverageValue,
  product: ProductRef,
  { parties }: AgreementParties,
  channels: Channels,
) {
  const { owner } = product;
  if (owner === undefined) return true;
  return parties.some(({ party }) => party === owner) && !grantsTo(coverage, owner, channels);
}

export function covers(
  coverage: CoverageValue | undefined,
  product: ProductRef,
  agreement: AgreementParties,
  channels: Channels,
): boolean {
  if (!coverage) return false;
  if (coverage.products !== "all" && coverage.products?.includes(product.id)) return true;
  const wholesale =
    coverage.products === "all" || (coverage.classes?.some((id) => id === product.class) ?? false);
  return wholesale && ownedByGrantor(coverage, product, agreement, channels);
}

export const inSegment = (attributes: Record<string, unknown>, segment: Segment) =>
  !Array.isArray(attributes.segments) || attributes.segments.includes(segment);

/** The agreements' exclusivities, distribution rights and first-ship priorities, each with its agreement. */
export const rightTermsOf = (agreements: AgreementState[]): RightTerm[] =>
  agreements.flatMap((agreement) =>
    Object.values(agreement.terms)
      .filter((term) => rightKinds.has(term.kind))
      .map((term) => ({ agreement, term })),
  );

/** Every exclusivity, distribution right and first-ship priority for the product and segment, in force or not. */
export function termsInPlay(
  terms: RightTerm[],
  product: ProductRef,
  segment: Segment,
  at: CalendarDate,
  channels: Channels,
): TermInPlay[] {
  const found: TermInPlay[] = [];
  for (const { agreement, term } of terms) {
    const attributes = attributesAt(term, at);
    if (!covers(attributes, product, agreement, channels) || !inSegment(attributes, segment))
      continue;
    found.push({ agreement, term, status: termStatusAt(agreement, term, at), attributes });
  }
  return found;
}

export interface DisputeInPlay {
  agreement: AgreementState;
  dispute: Dispute;
}

const isOpenOn = (dispute: Dispute, at: CalendarDate) =>
  dispute.raised.on <= at && (!dispute.resolved || dispute.resolved.on > at);

/**
 * Open disputes that put this cell in doubt: those naming a term in play, or the product (or
 * its class) and, when they name providers, this provider.
 */
export function disputesInPlay(
  agreements: AgreementState[],
  inPlay: TermInPlay[],
  product: ProductRef,
  provider: string,
  at: CalendarDate,
  channels: Channels,
): DisputeInPlay[] {
  // Built only when a dispute names terms: most days of a busy cell have none open.
  let keys: Set<string> | undefined;
  const termKeys = () => {
    keys ??= new Set(inPlay.map(({ agreement, term }) => `${agreement.id}/${term.id}`));
    return keys;
  };
  return agreements.flatMap((agreement) =>
    Object.values(agreement.disputes)
      .filter((dispute) => isOpenOn(dispute, at))
      .filter(({ concerns }) => {
        if (!concerns) return false;
        const namesTerm =
          concerns.termIds?.some((termId) => termKeys().has(`${agreement.id}/${termId}`)) ?? false;
        const namesProvider = !concerns.providers || concerns.providers.includes(provider);
        return (
          namesProvider &&
          (namesTerm || covers(concerns as CoverageValue, product, agreement, channels))
        );
      })
      .map((dispute) => ({ agreement, dispute })),
  );
}
