import type { EventBus } from "@termline/core";
import { handle } from "hono/aws-lambda";
import { required } from "../aws/deployment-env.ts";
import { instrumented, logger } from "../aws/observability.ts";
import { runtimeFromEnv } from "../aws/runtime-from-env.ts";
import type { Mailer } from "../mail/mailer.ts";
import type { createViewProjector } from "../projector/agreement-projection.ts";
import { createApp } from "./app.ts";
import { tableTokenRegistry } from "./token-registry.ts";

/**
 * The API behind a Lambda Function URL / API Gateway v2: the same Hono app as `npm start`, with
 * its access log (method, path, status, duration, tenant, correlation id; never tokens or
 * bodies) as Powertools JSON lines instead of the console.
 *
 * What only an admin's rare requests need is imported by the first of them, not at cold start
 * (each is a chunk of its own in the bundle): the projector for a rebuild, the EventBridge client
 * for a webhook replay, SES for a mail retry.
 */
const runtime = runtimeFromEnv();
const busName = required("TERMLINE_BUS_NAME");
const configurationSet = process.env.TERMLINE_MAIL_CONFIGURATION_SET;

let projector: Promise<ReturnType<typeof createViewProjector>> | undefined;
let bus: Promise<EventBus> | undefined;
let mailer: Promise<Mailer> | undefined;

const viewProjector = () => {
  projector ??= import("../projector/agreement-projection.ts").then((loaded) =>
    loaded.createViewProjector(runtime),
  );
  return projector;
};

const app = createApp({
  runtime,
  tokens: tableTokenRegistry(runtime.viewStore),
  // Half the function's 60 s: a slice stops after the page or product that crosses it.
  rebuild: async (tenant, after) =>
    (await viewProjector()).rebuildInSlices(tenant, { after, budgetMs: 30_000 }),
  // Half the function's 60 s: a slice stops after the product that crosses it.
  refreshAnswers: async (tenant, after) =>
    (await viewProjector()).refreshAnswersInSlices(tenant, { after, budgetMs: 30_000 }),
  // Replay requests for the notifier: the API may not open signing secrets, so it never sends.
  bus: {
    publish: async (entries) => {
      bus ??= import("./replay-bus.ts").then((loaded) => loaded.replayBus(busName));
      return (await bus).publish(entries);
    },
  },
  // Only an admin's retry of a failed mail sends from the API.
  mail: {
    mailer: {
      send: async (mail) => {
        mailer ??= import("./retry-mailer.ts").then((loaded) =>
          loaded.retryMailer(configurationSet),
        );
        return (await mailer).send(mail);
      },
    },
  },
  accessLog: (entry) => logger.info("request", { ...entry }),
});

const serve = handle(app);

export const handler = instrumented((event: Parameters<typeof serve>[0], context) =>
  serve(event, context),
);
