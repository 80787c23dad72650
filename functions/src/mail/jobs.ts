import type { Runtime } from "../services/runtime.ts";
import type { MailSite } from "./compose.ts";
import { runDigests } from "./digest.ts";
import type { Mailer, SendOptions } from "./mailer.ts";
import { runReminderMail } from "./reminders.ts";

/** Everything the hourly mail run does, in one call: the local pipeline and the Lambda share it. */
export async function runMailJobs(
  runtime: Runtime,
  mailer: Mailer,
  site: MailSite,
  options: { send?: SendOptions } = {},
) {
  const reminders = await runReminderMail(runtime, mailer, site, options);
  const digests = await runDigests(runtime, mailer, site, options);
  return { reminders, digests };
}
