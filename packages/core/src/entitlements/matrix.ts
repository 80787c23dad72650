import type { AgreementState } from "../agreement/state.ts";
import {
  active,
  type Catalog,
  type ProductId,
  type ProviderId,
  type Segment,
} from "../catalog/catalog.ts";
import type { CalendarDate } from "../dates.ts";
import { type Names, namesIn } from "../views/names.ts";
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
    certainty: Entitlement["certainty"];
    reasons: Entitlement["reasons"];
  }[];
}

/**
 * The matrix as the grid shows it: each cell's decision and certainty. Reasons are a cell's own
 * question (the entitlement), and a matrix citing every grant in force in every cell is
 * megabytes for a large portfolio.
 */
export interface DecisionMatrix extends Omit<Matrix, "cells"> {
  cells: Omit<Matrix["cells"][number], "reasons">[];
}

export const withoutReasons = (matrix: Matrix): DecisionMatrix => ({
  ...matrix,
  cells: matrix.cells.map(({ product, provider, decision, certainty }) => ({
    product,
    provider,
    decision,
    certainty,
  })),
});

/** Every product against every provider the tenant's catalog still offers (retired ones drop out). */
export function entitlementMatrix(
  agreements: AgreementState[],
  at: CalendarDate,
  segment: Segment,
  catalog: Catalog,
  names: Names = namesIn(catalog),
): Matrix {
  const productIds = active(catalog.products).map(({ id }) => id);
  const providerIds = active(catalog.providers).map(({ id }) => id);
  const cells = productIds.flatMap((product) =>
    providerIds.map((provider) => {
      const { decision, certainty, reasons } = evaluateEntitlement(
        agreements,
        { product, provider, segment, at },
        catalog,
        names,
      );
      return { product, provider, decision, certainty, reasons };
    }),
  );
  return { at, segment, products: productIds, providers: providerIds, cells };
}
