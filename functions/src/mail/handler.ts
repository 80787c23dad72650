import { SESv2Client } from "@aws-sdk/client-sesv2";
import type { ScheduledEvent } from "aws-lambda";
import { required } from "../aws/deployment-env.ts";
import { count, instrumented, logger, metricNames } from "../aws/observability.ts";
import { runtimeFromEnv } from "../aws/runtime-from-env.ts";
import { runMailJobs } from "./jobs.ts";
import { sesMailer } from "./ses.ts";

/**
 * The hourly mail schedule's target: reminders due today (claimed once each), and the weekly
 * digests whose hour it is in each person's time zone. Mail that fails is kept for admins,
 * not thrown; only a storage failure throws, and Lambda retries the run, then dead-letters it.
 */
const runtime = runtimeFromEnv();
// SES's own throttling retries are left to sendWithRetries' backoff, so one policy counts tries.
const mailer = sesMailer(new SESv2Client({ maxAttempts: 1 }), {
  configurationSet: process.env.TERMLINE_MAIL_CONFIGURATION_SET,
});
const site = {
  from: required("TERMLINE_MAIL_FROM"),
  baseUrl: required("TERMLINE_PUBLIC_URL").replace(/\/+$/, ""),
};

export const handler = instrumented(
  async (_event: ScheduledEvent) => {
    const run = await runMailJobs(runtime, mailer, site);
    count(metricNames.mailSent, run.reminders.sent.length + run.digests.sent.length);
    count(metricNames.mailFailed, run.reminders.failed.length + run.digests.failed.length);
    logger.info("mail job finished", { ...run });
    return run;
  },
  (event) => event.id,
);
