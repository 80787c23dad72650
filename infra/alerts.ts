/**
 * Alerts that reach people:
 *
 * - DailyAlerts (`functions/src/alerts/handler.ts`), run by EventBridge Scheduler at 06:00 UTC,
 *   publishes `DeadlineApproaching` for every alert due (catching up missed days). It claims
 *   each alert in the views table before publishing, so overlapping runs send it once.
 * - Notify (`functions/src/notify/handler.ts`) is subscribed to the bus and delivers every
 *   `termline` event to the tenants' webhook subscriptions, signed with each subscription's
 *   own secret. Those secrets live with their subscriptions in the views table (written
 *   through the API, never in code or in this stack).
 */
import { bus, putEventsPermission } from "./bus";
import { deadLetterQueue, functionDefaults, sendTo, tablePermissions } from "./functions";

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
    ],
  },
  // EventBridge Scheduler fills in these placeholders on every invocation, so the handler
  // receives the shape of an EventBridge scheduled event: `id` (one per attempt) becomes the
  // run's correlation id and `time` is the time the run was scheduled for.
  event: {
    version: "0",
    id: "<aws.scheduler.execution-id>",
    "detail-type": "Scheduled Event",
    source: "aws.scheduler",
    account: aws.getCallerIdentityOutput({}).accountId,
    time: "<aws.scheduler.scheduled-time>",
    region: aws.getRegionOutput({}).region,
    resources: ["<aws.scheduler.schedule-arn>"],
    detail: {},
  },
  // Scheduler retries a failed invocation, then leaves the event in the DLQ. A missed day is
  // not lost either way: the next run catches up from the last day it completed.
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
    // Subscriptions (with their signing secrets) and delivery records, failures included.
    tablePermissions.readWriteViews,
    sendTo(notifyDlq),
  ],
  // Asynchronous invocations from EventBridge: two retries, then the on-failure destination.
  retries: 2,
  transform: {
    eventInvokeConfig: {
      maximumEventAgeInSeconds: 6 * 60 * 60,
      destinationConfig: { onFailure: { destination: notifyDlq.arn } },
    },
  },
});

export const notifySubscription = bus.subscribe("Notify", notify, {
  pattern: { source: ["termline"] },
  transform: {
    target: {
      // Events EventBridge could not hand to Lambda at all (throttled for a day, deleted
      // function) go to the same DLQ instead of being dropped.
      retryPolicy: { maximumEventAgeInSeconds: 24 * 60 * 60, maximumRetryAttempts: 185 },
      deadLetterConfig: { arn: notifyDlq.arn },
    },
  },
});

// EventBridge needs the queue's own permission to dead-letter into it.
new aws.sqs.QueuePolicy("NotifyDLQPolicy", {
  queueUrl: notifyDlq.url,
  policy: $jsonStringify({
    Version: "2012-10-17",
    Statement: [
      {
        Effect: "Allow",
        Principal: { Service: "events.amazonaws.com" },
        Action: "sqs:SendMessage",
        Resource: notifyDlq.arn,
        Condition: { ArnEquals: { "aws:SourceArn": notifySubscription.nodes.rule.arn } },
      },
    ],
  }),
});
