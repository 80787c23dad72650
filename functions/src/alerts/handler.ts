import { EventBridgeClient } from "@aws-sdk/client-eventbridge";
import { EventBridgeBus } from "@termline/store";
import type { ScheduledEvent } from "aws-lambda";
import { required } from "../aws/deployment-env.ts";
import { count, instrumented, logger, metricNames } from "../aws/observability.ts";
import { runtimeFromEnv } from "../aws/runtime-from-env.ts";
import { runAlertJob } from "./run-alerts.ts";

/**
 * The daily schedule's target. It throws if any alert failed, so Lambda retries the run and
 * then sends it to the alerts DLQ (infra/alerts.ts); the scheduler's execution id is the run's
 * correlation id.
 */
const runtime = runtimeFromEnv();
const bus = new EventBridgeBus({
  client: new EventBridgeClient({}),
  busName: required("TERMLINE_BUS_NAME"),
});

export const handler = instrumented(
  async (event: ScheduledEvent) => {
    const run = await runAlertJob(runtime, bus, { correlationId: event.id });
    count(metricNames.alertsSent, run.published.length);
    count(metricNames.alertsFailed, run.failed.length);
    logger.info("alert job finished", { ...run });
    if (run.failed.length > 0)
      throw new Error(
        `${run.failed.length} alerts could not be published; they are kept for the next run`,
      );
    return run;
  },
  (event) => event.id,
);
