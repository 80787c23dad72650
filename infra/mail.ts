/**
 * E-mail to people:
 *
 * - MailSender is the SES identity mail is sent from: the stage's `mailSender` (infra/stages.ts),
 *   a domain (mail comes from `alerts@<domain>`, DKIM records to add are in the SES console) or
 *   one address.
 *   SES verifies it before anything is sent; a new account is in the SES sandbox and reaches
 *   only verified recipients until AWS lifts that (DEPLOY.md).
 * - HourlyMail (`functions/src/mail/handler.ts`), run by EventBridge Scheduler every hour,
 *   mails the reminders due today (claimed once per person, deadline, lead time and date in
 *   the views table) and the weekly digests whose hour it is, sending only from that identity
 *   through its configuration set.
 * - WatchMail is subscribed to the bus for `EntitlementChanged` and mails each watcher once.
 * - SesFailures gets SES's later bounces and complaints (the configuration set publishes them
 *   to the default bus) and lists them for the tenant's admins.
 */
import { bus, ruleMayDeadLetter, undeliverableTo } from "./bus";
import {
  asyncFailureHandling,
  deadLetterQueue,
  functionDefaults,
  scheduledEvent,
  sendTo,
  tablePermissions,
} from "./functions";
import { router } from "./router";
import { settingsFor } from "./stages";

const senderSetting = settingsFor($app.stage).mailSender;
// SES publishes events only to the account's default bus.
const defaultBusArn = $interpolate`arn:aws:events:${aws.getRegionOutput({}).region}:${aws.getCallerIdentityOutput({}).accountId}:event-bus/default`;
export const mailSender = new sst.aws.Email("MailSender", {
  sender: senderSetting,
  // Bounces and complaints reported after SES accepted a mail, for the SesFailures Lambda.
  events: [{ name: "failures", types: ["bounce", "complaint"], bus: defaultBusArn }],
});

/** What the mail Lambda and the API (for an admin's retry) are given. */
export const mailEnvironment = {
  TERMLINE_MAIL_FROM: senderSetting.includes("@")
    ? `Termline <${senderSetting}>`
    : `Termline <alerts@${senderSetting}>`,
  TERMLINE_MAIL_CONFIGURATION_SET: mailSender.configSet,
  TERMLINE_PUBLIC_URL: router.url,
};

/** Sending from this identity through its configuration set, and nothing else in SES. */
export const sendMailPermission: sst.aws.FunctionPermissionArgs = {
  actions: ["ses:SendEmail", "ses:SendRawEmail"],
  resources: [mailSender.nodes.identity.arn, mailSender.nodes.configurationSet.arn],
};

export const mailDlq = deadLetterQueue("MailDLQ");

export const hourlyMail = new sst.aws.CronV2("HourlyMail", {
  // Hourly, because each tenant's digest goes out at an hour of its choosing in each person's zone.
  schedule: "cron(5 * * * ? *)",
  timezone: "UTC",
  function: {
    ...functionDefaults("mail"),
    handler: "functions/src/mail/handler.handler",
    description: "Mails the reminders due today, each once",
    memory: "512 MB",
    timeout: "10 minutes",
    environment: { ...functionDefaults("mail").environment, ...mailEnvironment },
    permissions: [
      tablePermissions.denyEventMutations,
      tablePermissions.readEvents,
      // Mail claims, failed mail, people and settings.
      tablePermissions.readWriteViews,
      sendMailPermission,
      sendTo(mailDlq),
    ],
    // A run that throws (storage failure): Lambda's retries, then the DLQ.
    ...asyncFailureHandling(mailDlq),
  },
  event: scheduledEvent(),
  // Scheduler's own retries and DLQ cover invocations Lambda refused. A missed hour loses
  // nothing: the next run catches up from the last day it completed.
  retries: 2,
  dlq: mailDlq.arn,
});

export const watchMailDlq = deadLetterQueue("WatchMailDLQ");

/** Mails watchers when the publisher says an answer changed (detail-type EntitlementChanged). */
export const watchMail = new sst.aws.Function("WatchMail", {
  ...functionDefaults("watch-mail"),
  handler: "functions/src/mail/watch-handler.handler",
  description: "Mails the people watching a workload or cell whose answer changed",
  memory: "512 MB",
  timeout: "2 minutes",
  environment: { ...functionDefaults("watch-mail").environment, ...mailEnvironment },
  permissions: [
    tablePermissions.denyEventMutations,
    tablePermissions.readEvents,
    tablePermissions.readWriteViews,
    sendMailPermission,
    sendTo(watchMailDlq),
  ],
  ...asyncFailureHandling(watchMailDlq),
});

export const watchMailSubscription = bus.subscribe("WatchMail", watchMail, {
  pattern: { source: ["termline"], detailType: ["EntitlementChanged"] },
  transform: { target: undeliverableTo(watchMailDlq) },
});

ruleMayDeadLetter("WatchMailDLQPolicy", watchMailDlq, watchMailSubscription.nodes.rule);

export const sesFailuresDlq = deadLetterQueue("SesFailuresDLQ");

/** Lists bounces and complaints SES reports later for the tenant's admins (GET /mail/failed). */
export const sesFailures = sst.aws.Bus.subscribe(
  "SesFailures",
  defaultBusArn,
  {
    ...functionDefaults("ses-failures"),
    handler: "functions/src/mail/ses-events-handler.handler",
    description: "Lists SES bounces and complaints as failed mail",
    memory: "256 MB",
    timeout: "30 seconds",
    permissions: [
      tablePermissions.denyEventMutations,
      tablePermissions.readWriteViews,
      sendTo(sesFailuresDlq),
    ],
    ...asyncFailureHandling(sesFailuresDlq),
  },
  { pattern: { source: ["aws.ses"] } },
);
