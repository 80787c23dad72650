import type { EventBridgeEvent } from "aws-lambda";
import { count, instrumented, logger, metricNames } from "../aws/observability.ts";
import { runtimeFromEnv } from "../aws/runtime-from-env.ts";
import { recordSesEvent } from "./ses-events.ts";

/**
 * The Lambda on the default bus for SES's own events (bounces and complaints published by the
 * mail configuration set): each is listed for the tenant's admins beside mail that failed at
 * once. It throws only on an unreadable event or a storage failure, so Lambda retries it and
 * then dead-letters it.
 */
const runtime = runtimeFromEnv();

export const handler = instrumented(
  async (event: EventBridgeEvent<string, unknown>) => {
    const outcome = await recordSesEvent(runtime, event);
    count(metricNames.sesFailuresRecorded, outcome.recorded ? 1 : 0);
    logger.info("SES event", { eventId: event.id, ...outcome });
    return outcome;
  },
  (event) => event.id,
);
