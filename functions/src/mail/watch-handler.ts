import { SESv2Client } from "@aws-sdk/client-sesv2";
import type { EventBridgeEvent } from "aws-lambda";
import { required } from "../aws/deployment-env.ts";
import {
  correlationIdOfBusEvent,
  count,
  instrumented,
  logger,
  metricNames,
} from "../aws/observability.ts";
import { runtimeFromEnv } from "../aws/runtime-from-env.ts";
import { sesMailer } from "./ses.ts";
import { createWatchMailer } from "./watch-mail.ts";

/**
 * The Lambda on the bus rule for `EntitlementChanged`: mails the people watching the cell.
 * Mail that fails is kept for admins; only an unreadable event or a storage failure throws,
 * so Lambda retries it and then dead-letters it. Claims keep a retry from mailing twice.
 */
const mailWatchers = createWatchMailer(
  runtimeFromEnv(),
  sesMailer(new SESv2Client({ maxAttempts: 1 }), {
    configurationSet: process.env.TERMLINE_MAIL_CONFIGURATION_SET,
  }),
  {
    from: required("TERMLINE_MAIL_FROM"),
    baseUrl: required("TERMLINE_PUBLIC_URL").replace(/\/+$/, ""),
  },
);

export const handler = instrumented(async (event: EventBridgeEvent<string, unknown>) => {
  const result = await mailWatchers(event);
  count(metricNames.mailSent, result.sent.length);
  count(metricNames.mailFailed, result.failed.length);
  if (result.sent.length + result.failed.length > 0)
    logger.info("watch mail sent", { eventId: event.id, ...result });
  return result;
}, correlationIdOfBusEvent);
