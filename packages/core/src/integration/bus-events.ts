import * as z from "zod";
import { CalendarDate, Precision } from "../dates.ts";

/**
 * What Termline publishes on its event bus (EventBridge on AWS, an in-process bus locally).
 * `source` is always `termline`. Consumers dedupe by `id` (a committed event's id, or the
 * alert's id), since delivery is at least once.
 */
export const BUS_SOURCE = "termline";

/** Every committed domain event: detail-type is the event's type, e.g. `ExclusivityEnded`. */
export const DomainEventDetail = z.object({
  id: z.string(),
  tenant: z.string(),
  agreementId: z.string(),
  version: z.number().int().positive(),
  correlationId: z.string().optional(),
  event: z.object({
    id: z.string(),
    type: z.string(),
    version: z.number().int().positive(),
    effectiveOn: CalendarDate,
    precision: Precision,
    recordedAt: z.string(),
    recordedBy: z.string(),
    data: z.record(z.string(), z.unknown()),
    sources: z.array(z.record(z.string(), z.unknown())),
  }),
});
export type DomainEventDetail = z.infer<typeof DomainEventDetail>;

export const DEADLINE_APPROACHING = "DeadlineApproaching";

/** detail-type `DeadlineApproaching`: one per (tenant, deadline, lead time, deadline date). */
export const DeadlineApproachingDetail = z.object({
  id: z.string(),
  tenant: z.string(),
  correlationId: z.string().optional(),
  leadDays: z.number().int().min(0),
  on: CalendarDate,
  deadline: z.object({
    id: z.string(),
    date: CalendarDate,
    precision: Precision,
    kind: z.string(),
    agreementId: z.string(),
    termId: z.string().optional(),
    summary: z.string(),
  }),
});
export type DeadlineApproachingDetail = z.infer<typeof DeadlineApproachingDetail>;

export const ENTITLEMENT_CHANGED = "EntitlementChanged";

/** An entitlement decision, as the evaluator gives it (`allowed`, `conditional`, `denied`, `conflict`). */
const DecisionValue = z.enum(["allowed", "conditional", "denied", "conflict"]);

/**
 * detail-type `EntitlementChanged`: a committed change altered one cell's decision on some
 * dates. Each period says from when (`to: null` is open-ended) the decision goes from `before`
 * to `after`. It carries decisions only; a consumer that explains them evaluates the cell.
 */
export const EntitlementChangedDetail = z.object({
  id: z.string(),
  tenant: z.string(),
  correlationId: z.string().optional(),
  product: z.string(),
  provider: z.string(),
  segment: z.string(),
  periods: z
    .array(
      z.object({
        from: CalendarDate,
        to: CalendarDate.nullable(),
        before: DecisionValue,
        after: DecisionValue,
      }),
    )
    .min(1),
});
export type EntitlementChangedDetail = z.infer<typeof EntitlementChangedDetail>;

export const WEBHOOK_REPLAY_REQUESTED = "WebhookReplayRequested";

/**
 * detail-type `WebhookReplayRequested`: an admin asked for a failed webhook delivery to be
 * sent again. Only the notifier acts on it (only it may open signing secrets), and never
 * forwards it to a webhook. `id` is the request's id, which the API wrote on the failed
 * delivery: the notifier sends only while it is still the delivery's current request, so a
 * redelivered or superseded request sends nothing.
 */
export const WebhookReplayRequestedDetail = z.object({
  id: z.string(),
  tenant: z.string(),
  deliveryId: z.string(),
  correlationId: z.string().optional(),
});
export type WebhookReplayRequestedDetail = z.infer<typeof WebhookReplayRequestedDetail>;

/** One entry to publish; adapters map it to PutEvents entries or local deliveries. */
export interface BusEntry {
  detailType: string;
  detail:
    | DomainEventDetail
    | DeadlineApproachingDetail
    | EntitlementChangedDetail
    | WebhookReplayRequestedDetail;
}

/** The port both bus adapters implement. It throws if some entries could not be published after retries. */
export interface EventBus {
  publish(entries: BusEntry[]): Promise<void>;
}

/** The id an alert is known by, so it is sent once per tenant, deadline, lead time and date. */
export const alertId = (tenant: string, deadlineId: string, leadDays: number, date: CalendarDate) =>
  `${tenant}|${deadlineId}|${leadDays}|${date}`;
