import type { EventBridgeEvent } from "aws-lambda";
import * as z from "zod";
import type { Runtime } from "../services/runtime.ts";
import { mailClaims, saveFailedMail } from "./failed-mail.ts";

/**
 * What SES publishes (through the configuration set's EventBridge destination) when a mail it
 * accepted later bounces or draws a complaint. Only the fields used are read; the tenant is
 * the `tenant` tag every send carries, and the mail's id its `X-Termline-Mail-Id` header.
 */
const SesEventDetail = z.object({
  eventType: z.string(),
  mail: z.object({
    destination: z.array(z.string()).default([]),
    headers: z.array(z.object({ name: z.string(), value: z.string() })).default([]),
    commonHeaders: z.object({ subject: z.string().optional() }).partial().default({}),
    tags: z.record(z.string(), z.array(z.string())).default({}),
  }),
  bounce: z
    .object({
      bounceType: z.string(),
      bouncedRecipients: z
        .array(z.object({ emailAddress: z.string(), diagnosticCode: z.string().optional() }))
        .default([]),
    })
    .optional(),
  complaint: z
    .object({ complainedRecipients: z.array(z.object({ emailAddress: z.string() })).default([]) })
    .optional(),
});

export type SesEventOutcome =
  | { recorded: true; tenant: string; mailId: string; failureId: string }
  | { recorded: false; reason: string };

/**
 * Lists a bounced or complained-about mail for the tenant's admins, beside the mail that
 * failed at once, and marks its claim `bounced`. A soft (transient) bounce is SES still
 * trying, so it is left alone. The same SES event delivered twice is listed once.
 */
export async function recordSesEvent(
  runtime: Runtime,
  event: EventBridgeEvent<string, unknown>,
): Promise<SesEventOutcome> {
  if (event.source !== "aws.ses") return { recorded: false, reason: "not an SES event" };
  const parsed = SesEventDetail.safeParse(event.detail);
  if (!parsed.success) throw new Error(`SES event ${event.id} has an unreadable detail`);
  const { eventType, mail, bounce, complaint } = parsed.data;
  if (eventType !== "Bounce" && eventType !== "Complaint")
    return { recorded: false, reason: `${eventType} is not a failure` };
  if (bounce && bounce.bounceType === "Transient")
    return { recorded: false, reason: "a transient bounce: SES is still trying" };
  const tenant = mail.tags.tenant?.[0];
  const mailId = mail.headers.find(
    ({ name }) => name.toLowerCase() === "x-termline-mail-id",
  )?.value;
  if (!tenant || !mailId) return { recorded: false, reason: "not a Termline mail" };
  const to =
    mail.headers.find(({ name }) => name.toLowerCase() === "to")?.value ??
    mail.destination.join(", ");
  const error =
    eventType === "Complaint"
      ? `complaint: ${complaint?.complainedRecipients.map(({ emailAddress }) => emailAddress).join(", ") ?? "the recipient"} marked it as spam`
      : `bounced (${bounce?.bounceType ?? "Permanent"}): ${
          bounce?.bouncedRecipients
            .map(
              ({ emailAddress, diagnosticCode }) =>
                `${emailAddress}${diagnosticCode ? ` ${diagnosticCode}` : ""}`,
            )
            .join(", ") ?? ""
        }`;
  const failureId = `ses-${event.id}`;
  await saveFailedMail(runtime, tenant, {
    id: failureId,
    mailId,
    to,
    subject: mail.commonHeaders.subject ?? "",
    attempts: 1,
    lastError: error,
  });
  await mailClaims(runtime).mark(tenant, mailId, "bounced");
  return { recorded: true, tenant, mailId, failureId };
}
