import type { EventBridgeEvent } from "aws-lambda";
import { runtimeFromEnv } from "../aws/runtime-from-env.ts";
import { recordSesEvent } from "./ses-events.ts";

/**
 * The Lambda on the default bus for SES's own events (bounces and complaints published by the
 * mail configuration set): each is listed for the tenant's admins beside mail that failed at
 * once. It throws only on an unreadable event or a storage failure, so EventBridge retries.
 */
const runtime = runtimeFromEnv();

export async function handler(event: EventBridgeEvent<string, unknown>) {
  const outcome = await recordSesEvent(runtime, event);
  console.log(
    JSON.stringify({ level: "info", message: "SES event", eventId: event.id, ...outcome }),
  );
  return outcome;
}
