/**
 * What every Termline function shares: the runtime, the architecture, logs, and the
 * environment the handlers read (`functions/src/aws/runtime-from-env.ts`, `deployment-env.ts`). The code never reads
 * SST's `Resource`: table and bus names arrive as plain environment variables, as they do
 * under `npm start` and in the tests.
 */
import { bus } from "./bus";
import { eventsTable, tablePermissions, viewsTable } from "./storage";

export const functionEnvironment = {
  TERMLINE_EVENTS_TABLE: eventsTable.name,
  TERMLINE_VIEWS_TABLE: viewsTable.name,
  TERMLINE_BUS_NAME: bus.name,
  TERMLINE_STAGE: $app.stage,
};

/**
 * Defaults for `sst.aws.Function` arguments. Node 24 is Lambda's newest runtime and SST's
 * default; the code also runs on the Node 20 used locally. arm64 is about 20 % cheaper per
 * GB-second than x86_64 and the bundles are pure JavaScript.
 */
export function functionDefaults(service: string) {
  return {
    runtime: "nodejs24.x",
    architecture: "arm64",
    // JSON: Lambda's own lines (START, REPORT) are JSON too, and the Powertools lines the
    // handlers write stay one JSON object each (functions/src/aws/observability.ts).
    logging: { retention: "1 month", format: "json" },
    environment: { ...functionEnvironment, TERMLINE_SERVICE: service },
    // Smaller bundles, so faster cold starts: the environment's credentials only (what Lambda
    // provides) and zod's English messages only. scripts/bundle-functions.ts, which the tests
    // and `npm run bench:bundles` use, applies the same file. The path is from sst.config.ts.
    nodejs: { plugins: "infra/bundling/plugins.mjs" },
  } satisfies Omit<sst.aws.FunctionArgs, "handler">;
}

/** A dead-letter queue: standard SQS, messages kept the maximum 14 days. */
export function deadLetterQueue(name: string) {
  return new sst.aws.Queue(name, {
    transform: { queue: { messageRetentionSeconds: 14 * 24 * 60 * 60 } },
  });
}

/** Lets a function's role send to a DLQ (Lambda uses the execution role for on-failure destinations). */
export const sendTo = (queue: sst.aws.Queue): sst.aws.FunctionPermissionArgs => ({
  actions: ["sqs:SendMessage"],
  resources: [queue.arn],
});

/**
 * For functions Lambda invokes asynchronously (EventBridge Scheduler, bus rules): the function's
 * own errors are retried twice by Lambda, then the event goes to `dlq` as an on-failure record
 * (the event under `requestPayload`). A scheduler's or rule's own DLQ only gets events it could
 * not hand to Lambda at all, so without this a failing run would be dropped after the retries.
 */
export function asyncFailureHandling(dlq: sst.aws.Queue) {
  return {
    retries: 2,
    transform: {
      eventInvokeConfig: {
        maximumEventAgeInSeconds: 6 * 60 * 60,
        destinationConfig: { onFailure: { destination: dlq.arn } },
      },
    },
  } satisfies Pick<sst.aws.FunctionArgs, "retries" | "transform">;
}

/**
 * What EventBridge Scheduler sends a function: it fills in these placeholders on every
 * invocation, so the handler receives the shape of an EventBridge scheduled event (`id`, one
 * per attempt, becomes the run's correlation id; `time` is the time the run was scheduled for).
 */
export function scheduledEvent() {
  return {
    version: "0",
    id: "<aws.scheduler.execution-id>",
    "detail-type": "Scheduled Event",
    source: "aws.scheduler",
    account: aws.getCallerIdentityOutput({}).accountId,
    time: "<aws.scheduler.scheduled-time>",
    region: aws.getRegionOutput({}).region,
    resources: ["<aws.scheduler.schedule-arn>"],
    detail: {},
  };
}

export { tablePermissions };
