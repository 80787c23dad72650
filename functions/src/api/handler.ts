import { SESv2Client } from "@aws-sdk/client-sesv2";
import { handle } from "hono/aws-lambda";
import { runtimeFromEnv } from "../aws/runtime-from-env.ts";
import { sesMailer } from "../mail/ses.ts";
import { createViewProjector } from "../projector/agreement-projection.ts";
import { createApp } from "./app.ts";
import { tableTokenRegistry } from "./token-registry.ts";

/** The API behind a Lambda Function URL / API Gateway v2: the same Hono app as `npm start`. */
const runtime = runtimeFromEnv();
const projector = createViewProjector(runtime);
const app = createApp({
  runtime,
  tokens: tableTokenRegistry(runtime.viewStore),
  rebuild: projector.rebuildAll,
  // Only an admin's retry of a failed mail sends from the API.
  mail: {
    mailer: sesMailer(new SESv2Client({ maxAttempts: 1 }), {
      configurationSet: process.env.TERMLINE_MAIL_CONFIGURATION_SET,
    }),
  },
});

export const handler = handle(app);
