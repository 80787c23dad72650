import {
  type AgreementState,
  type AlertPolicy,
  alertsDueBetween,
  type CalendarDate,
  type Deadline,
  deriveDeadlines,
  todayIn,
} from "@termline/core";
import { format, parseISO, subDays } from "date-fns";
import { type DeadlineOwner, listOwners } from "../services/deadline-owners.ts";
import { mailSettingsOf } from "../services/mail-settings.ts";
import {
  listPeople,
  listSubscriptions,
  type Person,
  type Subscription,
} from "../services/people.ts";
import { loadPortfolio } from "../services/portfolio.ts";
import type { Runtime } from "../services/runtime.ts";
import { alertPolicyOf } from "../services/settings.ts";
import { isSnoozed, snoozesHolding } from "../services/snoozes.ts";
import { listTenants } from "../services/tenants.ts";
import { type Block, buildMail, dateInWords, leadInWords, type MailSite } from "./compose.ts";
import { deliverOnce } from "./failed-mail.ts";
import { signLink } from "./links.ts";
import type { Mailer, SendOptions } from "./mailer.ts";

export interface MailRun {
  today: CalendarDate;
  sent: string[];
  /** Mails a run before had already sent (or kept as failed). */
  skipped: string[];
  failed: { mailId: string; failureId: string; error: string }[];
}

/** A reminder to one person: why they get it and at which lead times. */
interface Recipient {
  person: Person;
  leadDays: Set<number>;
  reasons: string[];
}

const LAST_RUN = "mail#last-run";
/** An acknowledge link works for this long after it was sent (and once). */
const ACK_LINK_DAYS = 30;
const dayBefore = (date: CalendarDate) => format(subDays(parseISO(date), 1), "yyyy-MM-dd");
const KIND_WORDS: Record<string, string> = {
  "tranche-due": "investment tranche",
  "revenue-share-end": "revenue-share end",
  "license-end": "licence end",
  "term-end": "term end",
  "capacity-end": "capacity end",
  "capacity-milestone": "capacity milestone",
  "agreement-end": "agreement end",
};

/** The id a reminder is claimed under: once per person, deadline, lead time and date. */
export const reminderId = (
  tenant: string,
  deadline: Pick<Deadline, "id" | "date">,
  leadDays: number,
  personId: string,
) => `${tenant}|${deadline.id}|${leadDays}|${deadline.date}|${personId}`;

export function matches(subscription: Subscription, deadline: Deadline) {
  if (subscription.to === "everything") return true;
  if (subscription.to === "agreement") return subscription.agreementId === deadline.agreementId;
  return subscription.kind === deadline.kind;
}

function reasonOf(subscription: Subscription, agreements: AgreementState[]) {
  if (subscription.to === "everything") return "You follow every deadline.";
  if (subscription.to === "agreement") {
    const title = agreements.find(({ id }) => id === subscription.agreementId)?.title;
    return `You follow the agreement “${title ?? subscription.agreementId}”.`;
  }
  return `You follow every ${KIND_WORDS[subscription.kind] ?? subscription.kind} deadline.`;
}

/** Who is reminded of a deadline: its owner at the tenant's lead times, and every matching subscriber at theirs. */
export function recipientsOf(
  deadline: Deadline,
  people: Person[],
  owners: DeadlineOwner[],
  subscriptions: Subscription[],
  policy: AlertPolicy,
  agreements: AgreementState[],
): Recipient[] {
  const byPerson = new Map<string, Recipient>();
  const add = (personId: string, leadDays: number[], reason: string) => {
    const person = people.find(({ id }) => id === personId);
    // One place to stop all mail: an unsubscribed person gets none, owned deadlines included.
    if (!person || person.unsubscribedAt) return;
    const recipient = byPerson.get(personId) ?? { person, leadDays: new Set(), reasons: [] };
    for (const days of leadDays) recipient.leadDays.add(days);
    if (!recipient.reasons.includes(reason)) recipient.reasons.push(reason);
    byPerson.set(personId, recipient);
  };
  for (const owner of owners)
    if (owner.deadlineId === deadline.id)
      add(owner.personId, policy.leadDays, "You are this deadline’s owner.");
  for (const subscription of subscriptions)
    if (matches(subscription, deadline))
      add(
        subscription.personId,
        subscription.leadDays ?? policy.leadDays,
        reasonOf(subscription, agreements),
      );
  return [...byPerson.values()];
}

interface Reminder {
  tenant: string;
  deadline: Deadline;
  agreementTitle: string;
  leadDays: number;
  recipient: Recipient;
}

async function reminderMail(runtime: Runtime, site: MailSite, reminder: Reminder) {
  const { tenant, deadline, leadDays, recipient } = reminder;
  const { person } = recipient;
  const id = reminderId(tenant, deadline, leadDays, person.id);
  const expires = Math.floor(runtime.clock().getTime() / 1000) + ACK_LINK_DAYS * 86_400;
  const [acknowledge, unsubscribe] = await Promise.all([
    signLink(runtime, {
      do: "acknowledge",
      tenant,
      person: person.id,
      agreementId: deadline.agreementId,
      deadlineId: deadline.id,
      date: deadline.date,
      expires,
      nonce: runtime.newId(),
    }),
    signLink(runtime, { do: "unsubscribe", tenant, person: person.id }),
  ]);
  const when = dateInWords(deadline.date, deadline.precision);
  const subject = `Due ${leadInWords(leadDays)}: ${deadline.summary}`;
  const unsubscribeUrl = `${site.baseUrl}/api/v1/mail/links/${unsubscribe}`;
  const blocks: Block[] = [
    { text: `Hello ${person.name},` },
    {
      text: `${deadline.summary} — due ${when}. ${leadDays === 0 ? "That is today." : `That is ${leadInWords(leadDays)}.`}`,
    },
    { text: `Agreement: ${reminder.agreementTitle}.` },
    {
      link: `${site.baseUrl}/deadlines#${encodeURIComponent(deadline.id)}`,
      label: "Open the deadline in Termline",
    },
    {
      link: `${site.baseUrl}/api/v1/mail/links/${acknowledge}`,
      label: `Acknowledge it: no more reminders unless its date moves (the link works once, for ${ACK_LINK_DAYS} days)`,
    },
    { text: `${recipient.reasons.join(" ")} This is the ${leadDays}-day reminder.` },
    { link: unsubscribeUrl, label: "Stop all e-mail from Termline" },
  ];
  const mail = await buildMail(site, {
    id,
    tenant,
    to: { name: person.name, address: person.email },
    subject,
    blocks,
    unsubscribeUrl,
    date: runtime.clock(),
  });
  return { mail, toLabel: `${person.name} <${person.email}>`, subject };
}

async function dueReminders(
  runtime: Runtime,
  tenant: string,
  from: CalendarDate,
  today: CalendarDate,
): Promise<Reminder[]> {
  const [{ agreements, names }, policy, people, owners, subscriptions, snoozes] = await Promise.all(
    [
      loadPortfolio(runtime, tenant),
      alertPolicyOf(runtime, tenant),
      listPeople(runtime, tenant),
      listOwners(runtime, tenant),
      listSubscriptions(runtime, tenant),
      // One Query for the whole tenant per run, whatever the number of deadlines.
      snoozesHolding(runtime, tenant, from),
    ],
  );
  // Today's terms: a moved date re-plans its reminders, and one acknowledged at its current date has none.
  const deadlines = deriveDeadlines(agreements, today, names).filter((d) => !d.acknowledged);
  const reminders: Reminder[] = [];
  for (const deadline of deadlines) {
    const agreementTitle =
      agreements.find(({ id }) => id === deadline.agreementId)?.title ?? deadline.agreementId;
    for (const recipient of recipientsOf(
      deadline,
      people,
      owners,
      subscriptions,
      policy,
      agreements,
    )) {
      const personal = { leadDays: [...recipient.leadDays] };
      for (const due of alertsDueBetween([deadline], personal, from, today)) {
        // A reminder whose day falls while its person has the deadline snoozed is skipped for
        // good, not saved up: later runs start after this window, so waking it sends no burst
        // of old reminders, only the ones whose day is on or after the wake-up day.
        if (isSnoozed(snoozes, recipient.person.id, deadline.id, due.on)) continue;
        reminders.push({ tenant, deadline, agreementTitle, leadDays: due.leadDays, recipient });
      }
    }
  }
  return reminders;
}

/**
 * The reminder mail job, run after the alert job (hourly locally, on its schedule on AWS). For
 * each tenant it mails every reminder whose day falls after its last completed run and up to
 * today, each claimed once per person, deadline, lead time and date, so a second run, an
 * overlapping one or one after a restart sends nothing twice. A paused tenant gets nothing,
 * and nothing is saved up for when it resumes.
 */
export async function runReminderMail(
  runtime: Runtime,
  mailer: Mailer,
  site: MailSite,
  options: { today?: CalendarDate; tenants?: string[]; send?: SendOptions } = {},
): Promise<MailRun> {
  const today = options.today ?? todayIn(runtime.clock());
  const run: MailRun = { today, sent: [], skipped: [], failed: [] };
  for (const tenant of options.tenants ?? (await listTenants(runtime))) {
    const last = await runtime.viewStore.getItem(tenant, LAST_RUN);
    const yesterday = dayBefore(today);
    const from = typeof last?.day === "string" ? last.day : yesterday;
    // biome-ignore lint/complexity/useMathMinMax: ISO date strings compare as text
    const start = from < yesterday ? from : yesterday;
    let unfinished = false;
    if (!(await mailSettingsOf(runtime, tenant)).paused) {
      for (const reminder of await dueReminders(runtime, tenant, start, today)) {
        const built = await reminderMail(runtime, site, reminder);
        const result = await deliverOnce(runtime, mailer, built, options.send);
        if (result.status === "sent") run.sent.push(built.mail.id);
        else if (result.status === "failed")
          run.failed.push({
            mailId: built.mail.id,
            failureId: result.failureId,
            error: result.error,
          });
        else if (result.claim === "sending") unfinished = true;
        else run.skipped.push(built.mail.id);
      }
    }
    // A mail another run is still sending keeps the window open, so it is looked at again.
    const next = unfinished ? from : today;
    if (next !== last?.day)
      await runtime.viewStore.putItem(tenant, LAST_RUN, { day: next, itemType: "settings" });
  }
  return run;
}
