import { EventBridgeClient } from "@aws-sdk/client-eventbridge";
import { EventBridgeBus } from "@termline/store";
import type { ScheduledEvent } from "aws-lambda";
import { required, runtimeFromEnv } from "../aws/runtime-from-env.ts";
import { runAlertJob } from "./run-alerts.ts";

/** The daily schedule's target. It throws if any alert failed, so the failure shows in metrics and retries. */
const runtime = runtimeFromEnv();
const bus = new EventBridgeBus({
  client: new EventBridgeClient({}),
  busName: required("TERMLINE_BUS_NAME"),
});

export async function handler(event: ScheduledEvent) {
  const run = await runAlertJob(runtime, bus, { correlationId: event.id });
  console.log(
    JSON.stringify({
      level: "info",
      message: "alert job finished",
      correlationId: event.id,
      ...run,
    }),
  );
  if (run.failed.length > 0)
    throw new Error(
      `${run.failed.length} alerts could not be published; they are kept for the next run`,
    );
  return run;
}
