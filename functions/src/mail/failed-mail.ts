import { NotFoundError, UnacceptableRequestError } from "@termline/core";
import { claimsOf } from "../services/claims.ts";
import type { Runtime } from "../services/runtime.ts";
import { type Mailer, type OutgoingMail, type SendOptions, sendWithRetries } from "./mailer.ts";

/**
 * One claim per (person, deadline, lead time, deadline date), or per digest or watch mail:
 * taken before sending, so two runs (or a run after a restart) cannot both send it. A claim
 * left at "sending" by a run that died is taken over after 15 minutes. Claims only need to
 * outlive the job's catch-up window, so they expire after 400 days.
 */
export const mailClaims = (runtime: Runtime) =>
  claimsOf(runtime, {
    prefix: "mail-sent#",
    itemType: "mail-claim",
    working: "sending",
    staleAfterMs: 15 * 60 * 1000,
    keepForSeconds: 400 * 24 * 60 * 60,
  });

/** A mail that could not be sent (refused, or failing every retry), kept for an admin. */
export interface FailedMail {
  id: string;
  mailId: string;
  /** Who it was for, as a person reads it: "Dana Whitfield <dana@example.com>". */
  to: string;
  subject: string;
  attempts: number;
  lastError: string;
  failedAt: string;
  lastAttemptAt: string;
}

const PREFIX = "mail-failed#";

function toFailedMail(item: Record<string, unknown>): FailedMail {
  return {
    id: String(item.id),
    mailId: String(item.mailId),
    to: String(item.to),
    subject: String(item.subject),
    attempts: Number(item.attempts),
    lastError: String(item.lastError),
    failedAt: String(item.failedAt),
    lastAttemptAt: String(item.lastAttemptAt),
  };
}

export interface MailToSend {
  mail: OutgoingMail;
  /** For the failure list: who and what, in words. */
  toLabel: string;
  subject: string;
}

export type DeliveryResult =
  | { status: "sent" }
  | { status: "duplicate"; claim: string }
  | { status: "failed"; failureId: string; error: string };

/**
 * Claims the mail, sends it with retries, and records how that ended. A failure is kept (with
 * the exact bytes, for a retry) and the claim marked "failed", so the next run does not send
 * it again behind the admin's back.
 */
export async function deliverOnce(
  runtime: Runtime,
  mailer: Mailer,
  { mail, toLabel, subject }: MailToSend,
  options: SendOptions = {},
): Promise<DeliveryResult> {
  const claims = mailClaims(runtime);
  const claim = await claims.claim(mail.tenant, mail.id);
  if (!claim.claimed) return { status: "duplicate", claim: claim.status };
  const outcome = await sendWithRetries(mailer, mail, options);
  if (outcome.sent) {
    await claims.mark(mail.tenant, mail.id, "sent");
    return { status: "sent" };
  }
  const id = `mail-${runtime.newId()}`;
  await saveFailedMail(runtime, mail.tenant, {
    id,
    mailId: mail.id,
    to: toLabel,
    subject,
    attempts: outcome.attempts,
    lastError: outcome.error,
    sent: mail,
  });
  await claims.mark(mail.tenant, mail.id, "failed");
  return { status: "failed", failureId: id, error: outcome.error };
}

/**
 * Keeps a failure for the tenant's admins. With the mail's bytes it can be retried; a bounce
 * reported later by SES has none (the address needs fixing, then the next reminder goes).
 */
export async function saveFailedMail(
  runtime: Runtime,
  tenant: string,
  failure: Omit<FailedMail, "failedAt" | "lastAttemptAt"> & { sent?: OutgoingMail },
) {
  const now = runtime.clock().toISOString();
  const { sent, ...fields } = failure;
  await runtime.viewStore.putItem(tenant, `${PREFIX}${failure.id}`, {
    itemType: "mail-failed",
    ...fields,
    ...(sent
      ? { envelopeFrom: sent.from, envelopeTo: sent.to, raw: sent.raw.toString("base64") }
      : {}),
    failedAt: now,
    lastAttemptAt: now,
  });
}

export async function listFailedMail(runtime: Runtime, tenant: string): Promise<FailedMail[]> {
  const items = await runtime.viewStore.listItems(tenant, PREFIX);
  return items.map(toFailedMail).sort((a, b) => a.failedAt.localeCompare(b.failedAt));
}

/** Sends a kept mail again, once (the admin asking is the retry); on success the record goes. */
export async function retryFailedMail(
  runtime: Runtime,
  mailer: Mailer,
  tenant: string,
  id: string,
): Promise<{ id: string; sent: boolean; attempts: number; lastError?: string }> {
  const item = await runtime.viewStore.getItem(tenant, `${PREFIX}${id}`);
  if (!item) throw new NotFoundError(`failed mail "${id}" does not exist (already sent?)`);
  const failure = toFailedMail(item);
  if (typeof item.raw !== "string")
    throw new UnacceptableRequestError(
      `this mail bounced after it was sent (${failure.lastError}); correct ${failure.to}'s address, then discard it`,
    );
  const mail: OutgoingMail = {
    id: failure.mailId,
    tenant,
    from: String(item.envelopeFrom),
    to: String(item.envelopeTo),
    raw: Buffer.from(String(item.raw), "base64"),
  };
  const outcome = await sendWithRetries(mailer, mail, { maxAttempts: 1 });
  const attempts = failure.attempts + outcome.attempts;
  if (outcome.sent) {
    await mailClaims(runtime).mark(tenant, failure.mailId, "sent");
    await runtime.viewStore.deleteItem(tenant, `${PREFIX}${id}`);
    return { id, sent: true, attempts };
  }
  await runtime.viewStore.putItem(tenant, `${PREFIX}${id}`, {
    ...item,
    attempts,
    lastError: outcome.error,
    lastAttemptAt: runtime.clock().toISOString(),
  });
  return { id, sent: false, attempts, lastError: outcome.error };
}

export async function discardFailedMail(runtime: Runtime, tenant: string, id: string) {
  if (!(await runtime.viewStore.getItem(tenant, `${PREFIX}${id}`)))
    throw new NotFoundError(`failed mail "${id}" does not exist`);
  await runtime.viewStore.deleteItem(tenant, `${PREFIX}${id}`);
}
