import { createTransport } from "nodemailer";

/** One message, already built (MIME bytes), with the envelope it goes out on. */
export interface OutgoingMail {
  /** The send's claim id: the same mail always has the same id (and Message-ID). */
  id: string;
  tenant: string;
  from: string;
  to: string;
  raw: Buffer;
}

/** The port both adapters implement: SES on AWS, SMTP locally. It throws MailSendError. */
export interface Mailer {
  send(mail: OutgoingMail): Promise<void>;
}

/**
 * Why a send failed, and whether trying again can help: a throttle or a dropped connection
 * can; a rejected address or an unverified sender cannot (that is a bounce, kept for admins).
 */
export class MailSendError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
    this.name = "MailSendError";
  }
}

export interface SendOptions {
  /** Tries per mail, the first included. */
  maxAttempts?: number;
  /** Backoff before try n+1 is retryBaseMs × 2^(n-1): 1 s, 2 s, 4 s by default. */
  retryBaseMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

export type SendOutcome =
  | { sent: true; attempts: number }
  | { sent: false; attempts: number; error: string };

const pause = (ms: number) => new Promise<void>((done) => setTimeout(done, ms));

/** Sends until accepted, refused for good, or out of tries, backing off in between. */
export async function sendWithRetries(
  mailer: Mailer,
  mail: OutgoingMail,
  options: SendOptions = {},
): Promise<SendOutcome> {
  const maxAttempts = Math.max(1, options.maxAttempts ?? 4);
  const sleep = options.sleep ?? pause;
  let error = "unknown error";
  for (let attempt = 1; attempt <= maxAttempts; attempt += 1) {
    try {
      await mailer.send(mail);
      return { sent: true, attempts: attempt };
    } catch (caught) {
      const retryable = caught instanceof MailSendError ? caught.retryable : true;
      error = caught instanceof Error ? caught.message : String(caught);
      if (!retryable || attempt === maxAttempts) return { sent: false, attempts: attempt, error };
      await sleep((options.retryBaseMs ?? 1_000) * 2 ** (attempt - 1));
    }
  }
  return { sent: false, attempts: maxAttempts, error };
}

/**
 * The local adapter: plain SMTP to a server on this machine (the in-process one `npm start`
 * runs). A 4xx reply is temporary and retried; a 5xx is a refusal, like a bounce.
 */
export function smtpMailer(options: { host: string; port: number }): Mailer {
  const transport = createTransport({
    host: options.host,
    port: options.port,
    secure: false,
    ignoreTLS: true,
    connectionTimeout: 5_000,
    socketTimeout: 10_000,
  });
  return {
    async send(mail) {
      try {
        await transport.sendMail({ envelope: { from: mail.from, to: [mail.to] }, raw: mail.raw });
      } catch (error) {
        const code = (error as { responseCode?: number }).responseCode;
        const message = error instanceof Error ? error.message : String(error);
        throw new MailSendError(message, code === undefined || code < 500);
      }
    },
  };
}
