import { type SESv2Client, SendEmailCommand } from "@aws-sdk/client-sesv2";
import { type Mailer, MailSendError } from "./mailer.ts";

/**
 * SES answers that say "later": throttling and its own faults. Everything else it names
 * (MessageRejected, an unverified sender, a paused account, a bad request) will fail the same
 * way every time, so it is kept for an admin instead of retried.
 */
const RETRYABLE = new Set([
  "TooManyRequestsException",
  "LimitExceededException",
  "ThrottlingException",
  "InternalFailure",
  "InternalServerError",
  "ServiceUnavailable",
]);

/**
 * The AWS adapter: the message's own MIME bytes through SES v2 (`Content.Raw`), so what SES
 * sends is byte for byte what the tests parse from the local SMTP server. The SDK's own
 * retries are left to the client's configuration; `sendWithRetries` adds backoff on top.
 */
export function sesMailer(
  client: SESv2Client,
  options: { configurationSet?: string } = {},
): Mailer {
  return {
    async send(mail) {
      try {
        await client.send(
          new SendEmailCommand({
            FromEmailAddress: mail.from,
            Destination: { ToAddresses: [mail.to] },
            Content: { Raw: { Data: new Uint8Array(mail.raw) } },
            ...(options.configurationSet ? { ConfigurationSetName: options.configurationSet } : {}),
            EmailTags: [{ Name: "tenant", Value: mail.tenant.replace(/[^A-Za-z0-9_-]/g, "_") }],
          }),
        );
      } catch (error) {
        const name = error instanceof Error ? error.name : "Error";
        const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata
          ?.httpStatusCode;
        const retryable = RETRYABLE.has(name) || (status !== undefined && status >= 500);
        const message = error instanceof Error ? error.message : String(error);
        throw new MailSendError(`SES ${name}: ${message}`, retryable);
      }
    },
  };
}
