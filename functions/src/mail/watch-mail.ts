import {
  BUS_SOURCE,
  dayBefore,
  ENTITLEMENT_CHANGED,
  EntitlementChangedDetail,
  evaluateEntitlement,
} from "@termline/core";
import type { EventBridgeEvent } from "aws-lambda";
import { mailSettingsOf } from "../services/mail-settings.ts";
import { listPeople } from "../services/people.ts";
import { loadPortfolio, type Portfolio } from "../services/portfolio.ts";
import type { Runtime } from "../services/runtime.ts";
import { listWatches, listWorkloads, watchCovers } from "../services/watches.ts";
import { type Block, buildMail, type MailSite } from "./compose.ts";
import { deliverOnce } from "./failed-mail.ts";
import { signLink } from "./links.ts";
import type { Mailer, SendOptions } from "./mailer.ts";

export interface WatchMailResult {
  sent: string[];
  skipped: string[];
  failed: { mailId: string; failureId: string; error: string }[];
}

type Period = EntitlementChangedDetail["periods"][number];
type Cell = Pick<EntitlementChangedDetail, "product" | "provider" | "segment">;

/** The reasons behind a decision on a date, one line each, as the evaluator words them. */
function reasonsAt(portfolio: Portfolio, cell: Cell, at: string) {
  const { agreements, catalog, names } = portfolio;
  const answer = evaluateEntitlement(agreements, { ...cell, at }, catalog, names);
  return { decision: answer.decision, lines: answer.reasons.map(({ summary }) => summary) };
}

/**
 * The event carries decisions only, so the reasons are worked out when mailing. After: the
 * cell on `from` with the terms as they now stand. Before: the terms as known just before the
 * bus event, if they gave the decision the event says; else the day before `from`, if that
 * gave it (the usual case: a term starting or ending); else the mail says so.
 */
function explain(now: Portfolio, earlier: Portfolio, cell: Cell, period: Period) {
  const after = reasonsAt(now, cell, period.from);
  const candidates = [
    reasonsAt(earlier, cell, period.from),
    reasonsAt(now, cell, dayBefore(period.from)),
  ];
  const before = candidates.find(({ decision }) => decision === period.before);
  return { after: after.lines, before: before?.lines };
}

const listOr = (lines: string[] | undefined, none: string) =>
  lines && lines.length > 0 ? lines : [none];

/**
 * The bus subscriber for `EntitlementChanged`: each person watching the cell (directly, or
 * through a workload) gets one e-mail per event saying what changes, from when, and why;
 * claimed per (event, person), so a redelivered event mails nobody twice.
 */
export async function mailWatchers(
  runtime: Runtime,
  mailer: Mailer,
  site: MailSite,
  event: EventBridgeEvent<string, unknown>,
  options: { send?: SendOptions } = {},
): Promise<WatchMailResult> {
  const result: WatchMailResult = { sent: [], skipped: [], failed: [] };
  if (event.source !== BUS_SOURCE || event["detail-type"] !== ENTITLEMENT_CHANGED) return result;
  const parsed = EntitlementChangedDetail.safeParse(event.detail);
  if (!parsed.success)
    throw new Error(`bus event ${event.id} (${ENTITLEMENT_CHANGED}) has an unreadable detail`);
  const detail = parsed.data;
  const { tenant } = detail;
  if ((await mailSettingsOf(runtime, tenant)).paused) return result;
  const [watches, workloads, people] = await Promise.all([
    listWatches(runtime, tenant),
    listWorkloads(runtime, tenant),
    listPeople(runtime, tenant),
  ]);
  const watching = new Map<string, string[]>();
  for (const watch of watches) {
    const covered = watchCovers(watch, workloads, detail);
    if (!covered) continue;
    const why =
      covered === true ? "You watch this answer." : `You watch the workload “${covered.name}”.`;
    const reasons = watching.get(watch.personId) ?? [];
    if (!reasons.includes(why)) reasons.push(why);
    watching.set(watch.personId, reasons);
  }
  const recipients = people.filter((p) => watching.has(p.id) && !p.unsubscribedAt);
  if (recipients.length === 0) return result;

  const knownBefore = new Date(Date.parse(event.time) - 1000).toISOString();
  const [now, earlier] = await Promise.all([
    loadPortfolio(runtime, tenant),
    loadPortfolio(runtime, tenant, { knownAt: knownBefore }),
  ]);
  const { names } = now;
  const cellName = `${names.product(detail.product)} on ${names.provider(detail.provider)} (${names.segment(detail.segment)})`;
  const periodBlocks: Block[] = detail.periods.flatMap((period) => {
    const { before, after } = explain(now, earlier, detail, period);
    const span =
      period.to === null ? `from ${period.from} on` : `from ${period.from} to ${period.to}`;
    return [
      { heading: `${span}: ${period.before} → ${period.after}` },
      { text: "Before:" },
      { list: listOr(before, "The reasons before this change are no longer at hand.") },
      { text: "After:" },
      { list: listOr(after, "No term speaks to it.") },
    ];
  });
  const subject = `The answer changes: ${cellName}`;
  for (const person of recipients) {
    const id = `watch|${tenant}|${detail.id}|${person.id}`;
    const unsubscribe = await signLink(runtime, { do: "unsubscribe", tenant, person: person.id });
    const unsubscribeUrl = `${site.baseUrl}/api/v1/mail/links/${unsubscribe}`;
    const query = new URLSearchParams({
      product: detail.product,
      provider: detail.provider,
      segment: detail.segment,
      at: detail.periods[0]?.from ?? "",
    });
    const mail = await buildMail(site, {
      id,
      tenant,
      to: { name: person.name, address: person.email },
      subject,
      blocks: [
        { text: `Hello ${person.name},` },
        { text: `A recorded change alters whether ${cellName} is allowed.` },
        ...periodBlocks,
        { text: (watching.get(person.id) ?? []).join(" ") },
        { link: `${site.baseUrl}/?${query}`, label: "See the answer in Termline" },
        { link: unsubscribeUrl, label: "Stop all e-mail from Termline" },
      ],
      unsubscribeUrl,
      date: runtime.clock(),
    });
    const outcome = await deliverOnce(
      runtime,
      mailer,
      { mail, toLabel: `${person.name} <${person.email}>`, subject },
      options.send,
    );
    if (outcome.status === "sent") result.sent.push(id);
    else if (outcome.status === "failed")
      result.failed.push({ mailId: id, failureId: outcome.failureId, error: outcome.error });
    else result.skipped.push(id);
  }
  return result;
}

/** As a LocalBus subscriber or the body of the Lambda on the bus rule for EntitlementChanged. */
export const createWatchMailer =
  (runtime: Runtime, mailer: Mailer, site: MailSite, options: { send?: SendOptions } = {}) =>
  (event: EventBridgeEvent<string, unknown>) =>
    mailWatchers(runtime, mailer, site, event, options);
