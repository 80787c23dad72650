import type { AgreementState, Term } from "../agreement/state.ts";
import { termVersions } from "../agreement/term-timeline.ts";
import { type Catalog, findProduct, findProvider } from "../catalog/catalog.ts";
import type { CoverageValue } from "../events/vocabulary.ts";
import type { EntitlementCell } from "./cell-timeline.ts";
import {
  type Channels,
  channelsOf,
  covers,
  inSegment,
  type ProductRef,
  rightKinds,
} from "./terms-in-play.ts";

interface Asked {
  product: ProductRef;
  segment: string;
  provider: string;
  isCloud: boolean;
  channels: Channels;
}

/** Whether one version of a right-bearing term of `agreement` can move this provider's answer. */
function decidesFor(
  kind: Term["kind"],
  attributes: Record<string, unknown>,
  asked: Asked,
  agreement: AgreementState,
) {
  if (!covers(attributes as CoverageValue, asked.product, agreement, asked.channels)) return false;
  if (!inSegment(attributes, asked.segment)) return false;
  // Every exclusivity shuts out others or grants its holder, and shuts out a priority's holder.
  if (kind === "exclusivity") return true;
  if (kind === "first-ship-priority") return asked.isCloud;
  const granted = attributes.providers;
  if (granted === "any-cloud") return asked.isCloud;
  return Array.isArray(granted) && granted.includes(asked.provider);
}

const namedByDispute = (agreement: AgreementState, term: Term) =>
  Object.values(agreement.disputes).some(({ concerns }) => concerns?.termIds?.includes(term.id));

function bears(agreement: AgreementState, term: Term, asked: Asked): boolean {
  if (!rightKinds.has(term.kind)) return false;
  // A dispute naming a term in play puts the cell in doubt whichever provider the term names.
  const decides = namedByDispute(agreement, term)
    ? (_kind: Term["kind"], attributes: Record<string, unknown>) =>
        covers(attributes as CoverageValue, asked.product, agreement, asked.channels) &&
        inSegment(attributes, asked.segment)
    : decidesFor;
  return termVersions(term).attributes.some((attributes) =>
    decides(term.kind, attributes, asked, agreement),
  );
}

/**
 * The agreements as they can bear on one cell: each with only the terms that could, in some
 * version, decide this product for this provider and segment (or that a dispute names), and
 * only agreements left with such a term or with a dispute. An answer depends on these alone,
 * and its doubts too: a term that never reaches the provider cannot make its answer
 * uncertain. Asking on these rather than on the whole portfolio is what keeps a cell's
 * timeline from costing the square of the tenant's size: its change dates and each day's
 * terms are the cell's own.
 */
export function bearingOn(
  agreements: AgreementState[],
  catalog: Catalog,
  cell: EntitlementCell,
): AgreementState[] {
  const product = { id: cell.product, ...findProduct(catalog, cell.product) };
  const isCloud = findProvider(catalog, cell.provider)?.channel === "cloud";
  const channels = channelsOf(catalog);
  const asked = { product, segment: cell.segment, provider: cell.provider, isCloud, channels };
  return agreements.flatMap((agreement) => {
    const terms = Object.entries(agreement.terms).filter(([, term]) =>
      bears(agreement, term, asked),
    );
    if (terms.length === 0 && Object.keys(agreement.disputes).length === 0) return [];
    return [{ ...agreement, terms: Object.fromEntries(terms) }];
  });
}

/**
 * Whether any of these agreements can bear on the cell: its answers, at any date and as known
 * at any instant, rest on the agreements that do, so a change to others leaves them as they are.
 */
export const bearsOnCell = (
  agreements: AgreementState[],
  catalog: Catalog,
  cell: EntitlementCell,
) => bearingOn(agreements, catalog, cell).length > 0;
