import { EventBridgeClient } from "@aws-sdk/client-eventbridge";
import { SESv2Client } from "@aws-sdk/client-sesv2";
import { EventBridgeBus } from "@termline/store";
import { handle } from "hono/aws-lambda";
import { instrumented, logger } from "../aws/observability.ts";
import { required, runtimeFromEnv } from "../aws/runtime-from-env.ts";
import { sesMailer } from "../mail/ses.ts";
import { createViewProjector } from "../projector/agreement-projection.ts";
import { createApp } from "./app.ts";
import { tableTokenRegistry } from "./token-registry.ts";

/**
 * The API behind a Lambda Function URL / API Gateway v2: the same Hono app as `npm start`, with
 * its access log (method, path, status, duration, tenant, correlation id; never tokens or
 * bodies) as Powertools JSON lines instead of the console.
 */
const runtime = runtimeFromEnv();
const projector = createViewProjector(runtime);
const app = createApp({
  runtime,
  tokens: tableTokenRegistry(runtime.viewStore),
  rebuild: projector.rebuildAll,
  // Replay requests for the notifier: the API may not open signing secrets, so it never sends.
  bus: new EventBridgeBus({
    client: new EventBridgeClient({}),
    busName: required("TERMLINE_BUS_NAME"),
  }),
  // Only an admin's retry of a failed mail sends from the API.
  mail: {
    mailer: sesMailer(new SESv2Client({ maxAttempts: 1 }), {
      configurationSet: process.env.TERMLINE_MAIL_CONFIGURATION_SET,
    }),
  },
  accessLog: (entry) => logger.info("request", { ...entry }),
});

const serve = handle(app);

export const handler = instrumented((event: Parameters<typeof serve>[0], context) =>
  serve(event, context),
);
