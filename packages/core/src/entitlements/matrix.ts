import type { AgreementState } from "../agreement/state.ts";
import { type ProductId, type ProviderId, products, providers, type Segment } from "../catalog.ts";
import type { CalendarDate } from "../dates.ts";
import { type Decision, type Entitlement, evaluateEntitlement } from "./evaluate.ts";

export interface Matrix {
  at: CalendarDate;
  segment: Segment;
  products: ProductId[];
  providers: ProviderId[];
  cells: {
    product: ProductId;
    provider: ProviderId;
    decision: Decision;
    reasons: Entitlement["reasons"];
  }[];
}

export function entitlementMatrix(
  agreements: AgreementState[],
  at: CalendarDate,
  segment: Segment,
): Matrix {
  const productIds = products.map(({ id }) => id);
  const providerIds = providers.map(({ id }) => id);
  const cells = productIds.flatMap((product) =>
    providerIds.map((provider) => {
      const { decision, reasons } = evaluateEntitlement(agreements, {
        product,
        provider,
        segment,
        at,
      });
      return { product, provider, decision, reasons };
    }),
  );
  return { at, segment, products: productIds, providers: providerIds, cells };
}
