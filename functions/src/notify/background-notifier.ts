import { randomUUID } from "node:crypto";
import { BUS_SOURCE, NotFoundError, WEBHOOK_REPLAY_REQUESTED } from "@termline/core";
import pLimit, { type LimitFunction } from "p-limit";
import type { Runtime } from "../services/runtime.ts";
import { type WebhookWithSecret, webhookWithSecret } from "../services/webhooks.ts";
import { longestDeliveryMs } from "./deliver.ts";
import {
  claimDelivery,
  type MarkerPolicy,
  markFailed,
  type PendingDelivery,
  takeOverAbandoned,
} from "./delivery-markers.ts";
import {
  logJson,
  type NotifierOptions,
  pendingDeliveries,
  type SendOutcome,
  sendClaimed,
} from "./notify.ts";
import type { BusEventIn } from "./payloads.ts";
import {
  type ClaimedReplay,
  claimReplay,
  type ReplayOutcome,
  replayRequestOf,
  sendReplay,
  takeOverReplays,
} from "./replay.ts";

export interface BackgroundNotifierOptions extends NotifierOptions {
  /** Requests in flight to one subscription at most; the rest wait their turn. */
  perSubscription?: number;
}

export interface Accepted {
  eventId: string | undefined;
  /** Subscriptions this event is now being sent to. */
  sending: string[];
  /** Subscriptions it had already been sent to, or is being sent to (a redelivered bus event). */
  duplicates: string[];
}

/**
 * The notifier of one long-running process (`npm start`): the bus subscriber only claims each
 * delivery, writing its message into the delivery marker, and returns; the sending goes on
 * behind it. So a receiver that hangs holds up its own deliveries, never the publisher or
 * another tenant's, and what was accepted survives a crash in the marker. One process owns
 * the local data, so a "sending" marker of any other owner was left by a run that died:
 * `resumeAbandoned` sends those at start, and a redelivered event takes its marker over.
 */
export function createBackgroundNotifier(
  runtime: Runtime,
  options: BackgroundNotifierOptions = {},
) {
  const log = options.log ?? logJson;
  const owner = randomUUID();
  const markers: MarkerPolicy = {
    owner,
    leaseMs: longestDeliveryMs(options.delivery),
    abandoned: (marker) => marker.owner !== owner,
  };
  const inFlight = new Set<Promise<void>>();
  const queues = new Map<string, LimitFunction>();
  const queueOf = (subscriptionId: string) => {
    const existing = queues.get(subscriptionId);
    if (existing) return existing;
    const created = pLimit(options.perSubscription ?? 4);
    queues.set(subscriptionId, created);
    return created;
  };

  const report = (pending: PendingDelivery, sent: SendOutcome) =>
    log({
      level: sent.delivered ? "info" : "warn",
      message: sent.delivered ? "notify: delivered" : "notify: delivery failed, kept for replay",
      tenant: pending.tenant,
      subscriptionId: pending.subscriptionId,
      eventId: pending.message.eventId,
      eventType: pending.message.eventType,
      ...(sent.delivered ? {} : { failure: sent.failure }),
    });

  const send = (webhook: Pick<WebhookWithSecret, "url" | "secret">, pending: PendingDelivery) => {
    const sending = queueOf(pending.subscriptionId)(() =>
      sendClaimed(runtime, webhook, pending, options.delivery),
    )
      .then((sent) => report(pending, sent))
      // Storage failing after the tries leaves the marker at "sending": the next start resends.
      .catch((error: unknown) =>
        log({
          level: "error",
          message: "notify: could not record a delivery; it is sent again at the next start",
          tenant: pending.tenant,
          subscriptionId: pending.subscriptionId,
          eventId: pending.message.eventId,
          error: error instanceof Error ? error.message : String(error),
        }),
      );
    track(sending);
  };

  const track = (work: Promise<void>) => {
    inFlight.add(work);
    void work.finally(() => inFlight.delete(work));
  };

  const reportReplay = (outcome: ReplayOutcome) =>
    log({
      level: outcome.delivered ? "info" : "warn",
      message: outcome.delivered ? "notify: replay delivered" : "notify: replay failed, kept",
      ...outcome,
    });

  const sendReplayLater = (replay: ClaimedReplay) =>
    track(
      queueOf(String(replay.item.subscriptionId))(() =>
        sendReplay(runtime, replay, options.delivery),
      )
        .then(reportReplay)
        // The claim stays with this process: the next start sends it.
        .catch((error: unknown) =>
          log({
            level: "error",
            message: "notify: could not finish a replay; it is sent at the next start",
            tenant: replay.tenant,
            deliveryId: replay.item.id,
            error: error instanceof Error ? error.message : String(error),
          }),
        ),
    );

  return {
    /** The bus subscriber: resolves once every delivery is claimed, before any is sent. */
    async accept(event: BusEventIn): Promise<Accepted> {
      const accepted: Accepted = { eventId: undefined, sending: [], duplicates: [] };
      if (event.source !== BUS_SOURCE) return accepted;
      if (event["detail-type"] === WEBHOOK_REPLAY_REQUESTED) {
        const request = replayRequestOf(event);
        accepted.eventId = request.id;
        // Not claimed: already handled, or being sent; nothing to report as a subscription.
        const claimed = await claimReplay(runtime, request, markers);
        if (claimed) {
          accepted.sending.push(String(claimed.item.subscriptionId));
          sendReplayLater(claimed);
        }
        return accepted;
      }
      const { detail, deliveries } = await pendingDeliveries(runtime, event);
      accepted.eventId = detail.id;
      const claims = await Promise.all(
        deliveries.map(async ({ pending }) => claimDelivery(runtime, pending, markers)),
      );
      for (const [index, { webhook, pending }] of deliveries.entries()) {
        if (!claims[index]) {
          accepted.duplicates.push(webhook.id);
          continue;
        }
        accepted.sending.push(webhook.id);
        send(webhook, pending);
      }
      return accepted;
    },

    /**
     * Sends the deliveries an earlier run claimed and never finished, and the replays it was
     * asked for and never finished; returns how many.
     */
    async resumeAbandoned(tenants: string[]): Promise<number> {
      let resumed = 0;
      for (const tenant of tenants)
        for (const pending of await takeOverAbandoned(runtime, tenant, markers)) {
          const webhook = await webhookWithSecret(runtime, tenant, pending.subscriptionId).catch(
            (error: unknown) => {
              if (error instanceof NotFoundError) return undefined;
              throw error;
            },
          );
          if (webhook) {
            send(webhook, pending);
            resumed += 1;
          } else {
            // Unsubscribed meanwhile: there is nowhere to send it.
            const { subscriptionId, message } = pending;
            await markFailed(runtime, tenant, subscriptionId, message.eventId);
          }
        }
      for (const tenant of tenants)
        for (const replay of await takeOverReplays(runtime, tenant, markers)) {
          sendReplayLater(replay);
          resumed += 1;
        }
      return resumed;
    },

    /** Resolves once every delivery under way, including those started meanwhile, has ended. */
    async drain(): Promise<void> {
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },
  };
}

export type BackgroundNotifier = ReturnType<typeof createBackgroundNotifier>;
