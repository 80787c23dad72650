/**
 * Alerts that reach people:
 *
 * - DailyAlerts (`functions/src/alerts/handler.ts`), run by EventBridge Scheduler at 06:00 UTC,
 *   publishes `DeadlineApproaching` for every alert due (catching up missed days). It claims
 *   each alert in the views table before publishing, so overlapping runs send it once.
 * - Notify (`functions/src/notify/handler.ts`) is subscribed to the bus and delivers every
 *   `termline` event to the tenants' webhook subscriptions, signed with each subscription's
 *   own secret, and sends the replays admins ask for (the API puts `WebhookReplayRequested`
 *   on the bus). Those secrets live with their subscriptions in the views table (written
 *   through the API, never in code or in this stack); infra/secrets.ts declares the KMS key
 *   that seals them, which only Notify may decrypt with.
 */
import { bus, putEventsPermission, ruleMayDeadLetter, undeliverableTo } from "./bus";
import {
  asyncFailureHandling,
  deadLetterQueue,
  functionDefaults,
  scheduledEvent,
  sendTo,
  tablePermissions,
} from "./functions";
import { openSecretsPermission, secretsEnvironment } from "./secrets";

export const alertsDlq = deadLetterQueue("AlertsDLQ");

export const dailyAlerts = new sst.aws.CronV2("DailyAlerts", {
  schedule: "cron(0 6 * * ? *)",
  timezone: "UTC",
  function: {
    ...functionDefaults("alerts"),
    handler: "functions/src/alerts/handler.handler",
    description: "Publishes DeadlineApproaching for the alerts due today",
    memory: "512 MB",
    timeout: "5 minutes",
    permissions: [
      tablePermissions.denyEventMutations,
      tablePermissions.readEvents,
      // Alert claims: a conditional PutItem, then published (PutItem) or released (DeleteItem).
      tablePermissions.readWriteViews,
      putEventsPermission,
      sendTo(alertsDlq),
    ],
    // Scheduler invokes the function asynchronously: a run that throws is retried by Lambda
    // and then lands in the DLQ through this on-failure destination.
    ...asyncFailureHandling(alertsDlq),
  },
  event: scheduledEvent(),
  // Scheduler's own retries and DLQ cover only invocations Lambda refused (throttled, missing
  // function). A missed day is not lost either way: the next run catches up from the last day
  // it completed.
  retries: 2,
  dlq: alertsDlq.arn,
});

export const notifyDlq = deadLetterQueue("NotifyDLQ");

export const notify = new sst.aws.Function("Notify", {
  ...functionDefaults("notify"),
  handler: "functions/src/notify/handler.handler",
  description: $interpolate`Delivers ${bus.name} events to webhook subscriptions`,
  memory: "256 MB",
  // Deliveries run in parallel, each up to 4 tries of 10 s plus 7 s of backoff (about 47 s).
  timeout: "90 seconds",
  permissions: [
    tablePermissions.denyEventMutations,
    // Subscriptions (with their sealed signing secrets) and delivery records, failures included.
    tablePermissions.readWriteViews,
    // The only function that may open a signing secret.
    openSecretsPermission,
    sendTo(notifyDlq),
  ],
  environment: { ...functionDefaults("notify").environment, ...secretsEnvironment },
  // Asynchronous invocations from EventBridge: two retries, then the on-failure destination.
  ...asyncFailureHandling(notifyDlq),
});

export const notifySubscription = bus.subscribe("Notify", notify, {
  pattern: { source: ["termline"] },
  transform: { target: undeliverableTo(notifyDlq) },
});

ruleMayDeadLetter("NotifyDLQPolicy", notifyDlq, notifySubscription.nodes.rule);
