import type { InferResponseType } from "hono/client";
import type { api } from "./client.ts";

export type Me = InferResponseType<typeof api.me.$get, 200>;
export type Catalog = InferResponseType<typeof api.catalog.$get, 200>;
export type CatalogEvent = InferResponseType<typeof api.catalog.events.$get, 200>["events"][number];
export type ImportReport = InferResponseType<typeof api.import.$post, 200>;
export type ExportDocument = InferResponseType<typeof api.export.$get, 200>;
export type AgreementSummary = InferResponseType<
  typeof api.agreements.$get,
  200
>["agreements"][number];
export type Agreement = InferResponseType<(typeof api.agreements)[":id"]["$get"], 200>;
export type Term = Agreement["terms"][number];
export type StoredEvent = InferResponseType<
  (typeof api.agreements)[":id"]["events"]["$get"],
  200
>["events"][number];
export type Matrix = InferResponseType<typeof api.entitlements.matrix.$get, 200>;
export type MatrixChanges = InferResponseType<typeof api.entitlements.changes.$get, 200>;
export type Cell = Matrix["cells"][number];
export type Entitlement = InferResponseType<typeof api.entitlements.$get, 200>;
export type Reason = Entitlement["reasons"][number];
export type Decision = Cell["decision"];
export type Deadline = InferResponseType<typeof api.deadlines.$get, 200>["deadlines"][number];
export type Workload = InferResponseType<typeof api.workloads.$get, 200>["workloads"][number];
export type WorkloadEntitlements = InferResponseType<
  (typeof api.workloads)[":id"]["entitlements"]["$get"],
  200
>;
export type Source = Reason["sources"][number];

/** One cell whose decision the change would alter, and for which period. */
export interface EntitlementEffect {
  product: string;
  provider: string;
  segment: string;
  /** The first day the decision differs. */
  from: string;
  /** The last day it differs; null: from then on. */
  to: string | null;
  before: Decision;
  after: Decision;
}

/** What a dry run says the change would alter (the API types it loosely as `unknown`). */
export interface Effects {
  entitlements: EntitlementEffect[];
  deadlines: {
    id: string;
    summary: string;
    before: { date: string; precision: string } | null;
    after: { date: string; precision: string } | null;
  }[];
}
