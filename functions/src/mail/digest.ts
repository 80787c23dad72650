import {
  type AgreementState,
  type CalendarDate,
  conflictPeriods,
  type Deadline,
  daysAfter,
  deriveDeadlines,
  type StoredEvent,
  todayIn,
} from "@termline/core";
import { readConflicts } from "../services/conflict-reads.ts";
import { type DeadlineOwner, listOwners } from "../services/deadline-owners.ts";
import { type MailSettings, mailSettingsOf } from "../services/mail-settings.ts";
import {
  listPeople,
  listSubscriptions,
  type Person,
  type Subscription,
} from "../services/people.ts";
import { loadPortfolio, type Portfolio } from "../services/portfolio.ts";
import type { Runtime } from "../services/runtime.ts";
import { isSnoozed, type Snooze, snoozesHolding } from "../services/snoozes.ts";
import { listTenants } from "../services/tenants.ts";
import { type Block, buildMail, dateInWords, type MailSite } from "./compose.ts";
import { deliverOnce } from "./failed-mail.ts";
import { signLink } from "./links.ts";
import type { Mailer, SendOptions } from "./mailer.ts";
import { matches } from "./reminders.ts";

/** What one person's weekly digest holds; empty lists send nothing. */
export interface DigestContent {
  deadlines: Deadline[];
  changes: { agreementTitle: string; type: string; recordedAt: string; recordedBy: string }[];
  disputes: { agreementTitle: string; claim: string; raisedOn: CalendarDate }[];
  conflicts: { product: string; provider: string; segment: string; from: string; to: string }[];
}

export interface DigestRun {
  sent: string[];
  skipped: string[];
  failed: { mailId: string; failureId: string; error: string }[];
}

const HORIZON_DAYS = 90;
const WEEK_MS = 7 * 24 * 60 * 60 * 1000;
const DAYS = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"];

/** The person's own calendar day, weekday and hour at an instant (Intl knows the zone's rules). */
export function localTime(instant: Date, timeZone: string) {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-US", {
      timeZone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      hourCycle: "h23",
      weekday: "long",
    })
      .formatToParts(instant)
      .map(({ type, value }) => [type, value]),
  );
  return {
    date: `${parts.year}-${parts.month}-${parts.day}`,
    weekday: String(parts.weekday).toLowerCase(),
    hour: Number(parts.hour),
  };
}

/**
 * Due from the tenant's hour on its day, in the person's zone, until that day ends: a run that
 * missed the hour still sends it that day, and the claim (one per person and local day) keeps
 * later runs from sending it again.
 */
export function digestDue(instant: Date, person: Person, settings: MailSettings) {
  const local = localTime(instant, person.timeZone);
  const due =
    DAYS.includes(local.weekday) &&
    local.weekday === settings.digest.day &&
    local.hour >= settings.digest.hour;
  return due ? local.date : undefined;
}

function follows(
  person: Person,
  deadline: Deadline,
  owners: DeadlineOwner[],
  subscriptions: Subscription[],
) {
  return (
    owners.some((o) => o.personId === person.id && o.deadlineId === deadline.id) ||
    subscriptions.some((s) => s.personId === person.id && matches(s, deadline))
  );
}

/** The agreements a person follows: named ones, everything, or those of the deadlines they follow. */
function followedAgreements(
  person: Person,
  agreements: AgreementState[],
  deadlines: Deadline[],
  owners: DeadlineOwner[],
  subscriptions: Subscription[],
) {
  const mine = subscriptions.filter((s) => s.personId === person.id);
  if (mine.some((s) => s.to === "everything")) return new Set(agreements.map(({ id }) => id));
  const ids = new Set(mine.flatMap((s) => (s.to === "agreement" ? [s.agreementId] : [])));
  for (const deadline of deadlines)
    if (follows(person, deadline, owners, subscriptions)) ids.add(deadline.agreementId);
  return ids;
}

/** The logs of every agreement some person due a digest follows, read once per tenant. */
async function logsFollowed(
  runtime: Runtime,
  tenant: string,
  portfolio: Portfolio,
  context: {
    due: { person: Person }[];
    owners: DeadlineOwner[];
    subscriptions: Subscription[];
    now: Date;
  },
): Promise<Map<string, StoredEvent[]>> {
  const { agreements, names } = portfolio;
  const all = deriveDeadlines(agreements, todayIn(context.now), names);
  const ids = new Set(
    context.due.flatMap(({ person }) => [
      ...followedAgreements(person, agreements, all, context.owners, context.subscriptions),
    ]),
  );
  const read = async (id: string) =>
    [id, await runtime.eventStore.readStream(tenant, id, { consistent: false })] as const;
  return new Map(await Promise.all([...ids].map(read)));
}

/**
 * The conflict periods of the next 90 days, once per tenant: from the answers model (a few
 * reads, whatever the number of agreements), or, where it cannot say, evaluated from the
 * portfolio the digest has read anyway.
 */
async function conflictsAhead(
  runtime: Runtime,
  tenant: string,
  portfolio: Portfolio,
  today: CalendarDate,
): Promise<ReturnType<typeof conflictPeriods>> {
  const range = { from: today, to: daysAfter(today, HORIZON_DAYS) };
  const { answer } = await readConflicts(runtime, tenant, range);
  return (
    answer?.periods ??
    conflictPeriods(portfolio.agreements, portfolio.catalog, range, portfolio.names)
  );
}

/** An event type as words: `NoteAdded` → "Note added". */
const words = (type: string) =>
  type.replace(
    /([a-z])([A-Z])/g,
    (_, last: string, next: string) => `${last} ${next.toLowerCase()}`,
  );

/**
 * One person's digest: the deadlines they follow in the next 90 days, what was recorded in the
 * last 7 days on the agreements they follow, those agreements' open disputes, and the conflict
 * periods (next 90 days) that rest on their terms. A deadline the person has snoozed is left
 * out while the snooze holds: the digest is a reminder too.
 */
export function digestFor(
  person: Person,
  portfolio: Portfolio,
  owners: DeadlineOwner[],
  subscriptions: Subscription[],
  now: Date,
  conflicts: () => ReturnType<typeof conflictPeriods>,
  /** The events of the agreements the person follows (snapshots keep no log). */
  logs: Map<string, StoredEvent[]>,
  snoozes: readonly Snooze[] = [],
): DigestContent {
  const { agreements, names } = portfolio;
  const today = todayIn(now);
  const horizon = daysAfter(today, HORIZON_DAYS);
  const all = deriveDeadlines(agreements, today, names);
  const followed = followedAgreements(person, agreements, all, owners, subscriptions);
  const titleOf = (id: string) => agreements.find((a) => a.id === id)?.title ?? id;
  const since = new Date(now.getTime() - WEEK_MS).toISOString();
  const mine = agreements.filter(({ id }) => followed.has(id));
  return {
    deadlines: all.filter(
      (d) =>
        d.date >= today &&
        d.date <= horizon &&
        follows(person, d, owners, subscriptions) &&
        !isSnoozed(snoozes, person.id, d.id, today),
    ),
    changes: mine.flatMap((agreement) =>
      (logs.get(agreement.id) ?? [])
        .filter(({ recordedAt }) => recordedAt >= since && recordedAt < now.toISOString())
        .map(({ type, recordedAt, recordedBy }) => ({
          agreementTitle: agreement.title,
          type: words(type),
          recordedAt,
          recordedBy,
        })),
    ),
    disputes: mine.flatMap((agreement) =>
      Object.values(agreement.disputes)
        .filter((dispute) => !dispute.resolved)
        .map((dispute) => ({
          agreementTitle: titleOf(agreement.id),
          claim: dispute.claim,
          raisedOn: dispute.raised.on,
        })),
    ),
    conflicts:
      followed.size === 0
        ? []
        : conflicts()
            .filter(({ terms }) => terms.some(({ agreementId }) => followed.has(agreementId)))
            .map(({ product, provider, segment, from, to }) => ({
              product: names.product(product),
              provider: names.provider(provider),
              segment: names.segment(segment),
              from,
              to,
            })),
  };
}

const isEmpty = (content: DigestContent) =>
  content.deadlines.length +
    content.changes.length +
    content.disputes.length +
    content.conflicts.length ===
  0;

function blocksOf(person: Person, content: DigestContent, site: MailSite): Block[] {
  const blocks: Block[] = [{ text: `Hello ${person.name}, here is your week in Termline.` }];
  if (content.deadlines.length > 0)
    blocks.push(
      { heading: `Deadlines in the next ${HORIZON_DAYS} days` },
      {
        list: content.deadlines.map(
          (d) =>
            `${d.summary} — due ${dateInWords(d.date, d.precision)}${d.acknowledged ? " (acknowledged)" : ""}`,
        ),
      },
    );
  if (content.changes.length > 0)
    blocks.push(
      { heading: "Recorded last week" },
      {
        list: content.changes.map(
          (c) =>
            `${c.agreementTitle}: ${c.type}, by ${c.recordedBy} on ${c.recordedAt.slice(0, 10)}`,
        ),
      },
    );
  if (content.disputes.length > 0)
    blocks.push(
      { heading: "Open disputes" },
      {
        list: content.disputes.map((d) => `${d.agreementTitle}: ${d.claim} (raised ${d.raisedOn})`),
      },
    );
  if (content.conflicts.length > 0)
    blocks.push(
      { heading: "Conflicting terms" },
      {
        list: content.conflicts.map(
          (c) => `${c.product} on ${c.provider} (${c.segment}), ${c.from} to ${c.to}`,
        ),
      },
    );
  blocks.push({ link: `${site.baseUrl}/deadlines`, label: "Open the deadlines in Termline" });
  return blocks;
}

/**
 * The weekly digest, run hourly: for each person whose digest hour it is in their zone, one
 * e-mail with what they follow, claimed once per person and local day; nothing if nothing.
 */
export async function runDigests(
  runtime: Runtime,
  mailer: Mailer,
  site: MailSite,
  options: { tenants?: string[]; send?: SendOptions } = {},
): Promise<DigestRun> {
  const run: DigestRun = { sent: [], skipped: [], failed: [] };
  const now = runtime.clock();
  for (const tenant of options.tenants ?? (await listTenants(runtime))) {
    const settings = await mailSettingsOf(runtime, tenant);
    if (settings.paused) continue;
    const people = (await listPeople(runtime, tenant)).filter((p) => !p.unsubscribedAt);
    const due = people.flatMap((person) => {
      const day = digestDue(now, person, settings);
      return day ? [{ person, day }] : [];
    });
    if (due.length === 0) continue;
    const today = todayIn(now);
    const [portfolio, owners, subscriptions, snoozes] = await Promise.all([
      loadPortfolio(runtime, tenant),
      listOwners(runtime, tenant),
      listSubscriptions(runtime, tenant),
      snoozesHolding(runtime, tenant, today),
    ]);
    const periods = await conflictsAhead(runtime, tenant, portfolio, today);
    const conflicts = () => periods;
    const logs = await logsFollowed(runtime, tenant, portfolio, {
      due,
      owners,
      subscriptions,
      now,
    });
    for (const { person, day } of due) {
      const content = digestFor(
        person,
        portfolio,
        owners,
        subscriptions,
        now,
        conflicts,
        logs,
        snoozes,
      );
      if (isEmpty(content)) continue;
      const id = `digest|${tenant}|${person.id}|${day}`;
      const unsubscribe = await signLink(runtime, { do: "unsubscribe", tenant, person: person.id });
      const unsubscribeUrl = `${site.baseUrl}/api/v1/mail/links/${unsubscribe}`;
      const subject = `Your week in Termline: ${content.deadlines.length} deadline${content.deadlines.length === 1 ? "" : "s"} ahead`;
      const mail = await buildMail(site, {
        id,
        tenant,
        to: { name: person.name, address: person.email },
        subject,
        blocks: [
          ...blocksOf(person, content, site),
          { link: unsubscribeUrl, label: "Stop all e-mail from Termline" },
        ],
        unsubscribeUrl,
        date: now,
      });
      const result = await deliverOnce(
        runtime,
        mailer,
        { mail, toLabel: `${person.name} <${person.email}>`, subject },
        options.send,
      );
      if (result.status === "sent") run.sent.push(id);
      else if (result.status === "failed")
        run.failed.push({ mailId: id, failureId: result.failureId, error: result.error });
      else run.skipped.push(id);
    }
  }
  return run;
}
