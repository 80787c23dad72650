import {
  DEADLINE_APPROACHING,
  DeadlineApproachingDetail,
  DomainEventDetail,
  ENTITLEMENT_CHANGED,
  EntitlementChangedDetail,
} from "@termline/core";
import type { EventBridgeEvent } from "aws-lambda";

export type BusEventIn = EventBridgeEvent<string, unknown>;
export type Detail = DomainEventDetail | DeadlineApproachingDetail | EntitlementChangedDetail;

/** What one webhook receives for one bus event; `body` is kept verbatim for replays. */
export interface WebhookMessage {
  eventId: string;
  eventType: string;
  body: string;
}

/** Parses a bus event's detail by its type; a detail that is not ours is an error, not a guess. */
export function detailOf(event: BusEventIn): Detail {
  const type = event["detail-type"];
  const schema =
    type === DEADLINE_APPROACHING
      ? DeadlineApproachingDetail
      : type === ENTITLEMENT_CHANGED
        ? EntitlementChangedDetail
        : DomainEventDetail;
  const parsed = schema.safeParse(event.detail);
  if (!parsed.success)
    throw new Error(`bus event ${event.id} (${event["detail-type"]}) has an unreadable detail`);
  return parsed.data;
}

/** Slack renders `&`, `<` and `>` as markup, so text from users is escaped. */
const escapeSlack = (text: string) =>
  text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");

function isAlert(type: string, detail: Detail): detail is DeadlineApproachingDetail {
  return type === DEADLINE_APPROACHING && "deadline" in detail;
}

export function summaryOf(type: string, detail: Detail): string {
  if (isAlert(type, detail)) {
    const { deadline, leadDays } = detail;
    const when = leadDays === 0 ? "today" : `in ${leadDays} day${leadDays === 1 ? "" : "s"}`;
    return `:alarm_clock: *Deadline ${when}* (${deadline.date}): ${escapeSlack(deadline.summary)} — agreement \`${escapeSlack(deadline.agreementId)}\``;
  }
  if ("periods" in detail) {
    const periods = detail.periods
      .map(({ from, to, before, after }) => `${from}–${to ?? "open"}: ${before} → ${after}`)
      .join("; ");
    return `*Answer changes* for \`${escapeSlack(detail.product)}\` on \`${escapeSlack(detail.provider)}\` (${escapeSlack(detail.segment)}): ${escapeSlack(periods)}`;
  }
  if ("event" in detail) {
    const { event, agreementId } = detail;
    return `*${escapeSlack(type)}* recorded on agreement \`${escapeSlack(agreementId)}\` (version ${event.version}), effective ${event.effectiveOn}, by ${escapeSlack(event.recordedBy)}`;
  }
  return `*${escapeSlack(type)}*`;
}

/** The JSON format carries the whole detail; the Slack format is an incoming-webhook message. */
export function messageFor(
  format: "json" | "slack",
  event: BusEventIn,
  detail: Detail,
): WebhookMessage {
  const type = event["detail-type"];
  const body =
    format === "slack"
      ? {
          text: summaryOf(type, detail),
          blocks: [
            { type: "section", text: { type: "mrkdwn", text: summaryOf(type, detail) } },
            {
              type: "context",
              elements: [
                {
                  type: "mrkdwn",
                  text: `Termline · tenant ${escapeSlack(detail.tenant)} · ${escapeSlack(detail.id)}`,
                },
              ],
            },
          ],
        }
      : { id: detail.id, type, time: event.time, tenant: detail.tenant, detail };
  return { eventId: detail.id, eventType: type, body: JSON.stringify(body) };
}
