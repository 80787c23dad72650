import {
  type CalendarDate,
  deriveDeadlines,
  RuleViolationError,
  todayIn,
  VersionConflictError,
} from "@termline/core";
import { appendEvents } from "../services/agreements.ts";
import { getPerson, unsubscribePerson } from "../services/people.ts";
import { loadPortfolio } from "../services/portfolio.ts";
import type { Runtime } from "../services/runtime.ts";
import { consumeOnce, type LinkPayload, LinkRefused, releaseUse, verifyLink } from "./links.ts";

/** What a link page says before it is used: the person must press a button (scanners only GET). */
export interface LinkPreview {
  action: "acknowledge" | "unsubscribe";
  question: string;
}

export interface LinkResult {
  done: boolean;
  message: string;
}

const describe = (summary: string, date: CalendarDate) => `“${summary}” (due ${date})`;

async function currentDeadline(
  runtime: Runtime,
  link: Extract<LinkPayload, { do: "acknowledge" }>,
) {
  const today = todayIn(runtime.clock());
  const { agreements, names } = await loadPortfolio(runtime, link.tenant);
  return deriveDeadlines(agreements, today, names).find(({ id }) => id === link.deadlineId);
}

export async function previewLink(runtime: Runtime, token: string): Promise<LinkPreview> {
  const link = await verifyLink(runtime, token);
  const person = await getPerson(runtime, link.tenant, link.person).catch(() => {
    throw new LinkRefused("This link was for a person who is no longer in Termline.");
  });
  if (link.do === "unsubscribe")
    return {
      action: "unsubscribe",
      question: `Stop all e-mail from Termline to ${person.name} <${person.email}>?`,
    };
  const deadline = await currentDeadline(runtime, link);
  if (!deadline) throw new LinkRefused("This deadline no longer exists.");
  return {
    action: "acknowledge",
    question: `Acknowledge ${describe(deadline.summary, deadline.date)} as ${person.name}? Its reminders stop until its date moves.`,
  };
}

/**
 * Does what a link says, once. An acknowledgement is a `DeadlineAcknowledged` event on the
 * agreement, recorded in the person's name through the same decider as the API, so it is in
 * the audit trail; a link for a date since moved, or a deadline already acknowledged, records
 * nothing.
 */
export async function useLink(runtime: Runtime, token: string): Promise<LinkResult> {
  const link = await verifyLink(runtime, token);
  const person = await getPerson(runtime, link.tenant, link.person).catch(() => {
    throw new LinkRefused("This link was for a person who is no longer in Termline.");
  });
  if (link.do === "unsubscribe") {
    await unsubscribePerson(runtime, link.tenant, person.id);
    return {
      done: true,
      message: `${person.name} will get no more e-mail from Termline. An admin, or you in Termline, can turn it back on.`,
    };
  }
  const deadline = await currentDeadline(runtime, link);
  if (!deadline) throw new LinkRefused("This deadline no longer exists.");
  if (deadline.date !== link.date)
    throw new LinkRefused(
      `This deadline moved to ${deadline.date} since the e-mail was sent; open it in Termline to acknowledge the new date.`,
    );
  if (!(await consumeOnce(runtime, link.tenant, link)))
    throw new LinkRefused("This link was already used.");
  if (deadline.acknowledged)
    return {
      done: false,
      message: `${describe(deadline.summary, deadline.date)} was already acknowledged by ${deadline.acknowledged.by} on ${deadline.acknowledged.on}.`,
    };
  try {
    await acknowledge(runtime, link, `${person.name} (from an e-mail link)`);
  } catch (error) {
    // Nothing was recorded, so the link may be tried again.
    await releaseUse(runtime, link.tenant, link.nonce);
    if (error instanceof RuleViolationError) throw new LinkRefused(error.message);
    throw error;
  }
  return {
    done: true,
    message: `Acknowledged ${describe(deadline.summary, deadline.date)}. Its reminders stop until its date moves.`,
  };
}

async function acknowledge(
  runtime: Runtime,
  link: Extract<LinkPayload, { do: "acknowledge" }>,
  name: string,
) {
  const actor = { tenant: link.tenant, name };
  const events = [
    {
      type: "DeadlineAcknowledged",
      deadlineId: link.deadlineId,
      effectiveOn: todayIn(runtime.clock()),
    },
  ];
  const { agreements } = await loadPortfolio(runtime, link.tenant);
  let expectedVersion = agreements.find(({ id }) => id === link.agreementId)?.version ?? 0;
  // The view may be a version behind the log, or a change may land in between: decide again on the newer one.
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await appendEvents(runtime, actor, link.agreementId, { expectedVersion, events });
    } catch (error) {
      if (!(error instanceof VersionConflictError) || attempt >= 2) throw error;
      expectedVersion = error.currentVersion;
    }
  }
}
