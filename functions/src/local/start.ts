import type { Server } from "node:net";
import { join } from "node:path";
import { serve } from "@hono/node-server";
import { LocalBus } from "@termline/store";
import { startDynamoDbLocal } from "@termline/store/local";
import { Hono } from "hono";
import { webHeaders } from "../api/http-hardening.ts";
import { localSecretBoxFromFile } from "../aws/secret-box.ts";
import { smtpMailer } from "../mail/mailer.ts";
import { lacksReadModels } from "../services/answers.ts";
import { listTenants } from "../services/tenants.ts";
import { readConfig } from "./config.ts";
import { mountApi } from "./mount-api.ts";
import { startLocalPipeline } from "./pipeline.ts";
import { assertWritableDataDir, listenEarly, StartupProblem } from "./preflight.ts";
import { seedReferenceCase, seedReferencePeople } from "./seed.ts";
import { startSmtpOutbox } from "./smtp-outbox.ts";
import { LOCAL_TABLES } from "./tables.ts";
import { serveWeb } from "./web-assets.ts";
import { wire } from "./wiring.ts";

async function main() {
  const config = readConfig();
  assertWritableDataDir(config.dataDir);
  // Until the app is wired and seeded, every request gets a 503 that says so.
  let handle: (request: Request) => Response | Promise<Response> = startingUp;
  const { server, port } = await listenEarly(
    () =>
      serve({
        fetch: (request) => handle(request),
        port: config.port,
        hostname: config.host,
        // A client that sends half a request must not hold a connection for minutes: its headers
        // have 10 s, the whole request 30 s, checked every second rather than Node's every 30.
        serverOptions: {
          requestTimeout: 30_000,
          headersTimeout: 10_000,
          connectionsCheckingInterval: 1_000,
        },
      }) as Server,
    config.port,
  );
  const database = await startDynamoDbLocal({
    dataDir: join(config.dataDir, "dynamodb"),
  });
  const bus = new LocalBus({ awaitDelivery: true });
  // Mail goes to a real SMTP server in this process, on a free loopback port, kept on disk.
  const outbox = await startSmtpOutbox({ dir: join(config.dataDir, "mail") });
  const mailer = smtpMailer(outbox);
  const base = `http://${config.host === "127.0.0.1" ? "localhost" : config.host}:${port}`;
  const wiring = await wire({
    endpoint: database.endpoint,
    tables: LOCAL_TABLES,
    tokens: config.tokens,
    clock: config.clock,
    bus,
    accessLog: (entry) =>
      console.log(JSON.stringify({ level: "info", message: "request", ...entry })),
    mail: { mailer, outbox: outbox.messages },
    // Webhook secrets stay sealed on disk, and open again after a restart.
    secretBox: await localSecretBoxFromFile(join(config.dataDir, "secret-box.key")),
  });
  const { runtime, app } = wiring;
  const pipeline = startLocalPipeline({
    endpoint: database.endpoint,
    eventsTable: LOCAL_TABLES.events,
    wiring,
    bus,
    alertIntervalMs: config.alertIntervalMs,
    mail: { mailer, site: { from: config.mailFrom, baseUrl: config.publicUrl ?? base } },
  });

  if (config.seed === "reference") {
    const tenants = [...new Set([...config.tokens.values()].map(({ tenant }) => tenant))];
    for (const tenant of tenants) {
      const recorded = await seedReferenceCase(runtime, tenant);
      if (recorded > 0)
        console.log(`Loaded the reference case into tenant "${tenant}" (${recorded} events).`);
      if ((await seedReferencePeople(runtime, tenant)) > 0)
        console.log(`Gave the reference case's deadlines their owners in tenant "${tenant}".`);
    }
  }

  for (const tenant of await listTenants(runtime))
    if (await lacksReadModels(runtime, tenant)) {
      await wiring.projector.rebuildAll(tenant);
      console.log(`Built the read models of tenant "${tenant}" from its log.`);
    }

  pipeline.startAlerts();

  const root = new Hono();
  root.use("*", (c, next) => (c.req.path.startsWith("/api/") ? next() : webHeaders(c, next)));
  mountApi(root, app);
  serveWeb(root);
  handle = root.fetch;

  console.log(`Termline is running.
  Web UI:        ${base}/
  API:           ${base}/api/v1   (reference: ${base}/api/v1/docs)
  DynamoDB Local ${database.endpoint} (data in ${config.dataDir})
  Mail:          ${base}/outbox   (SMTP server on ${outbox.host}:${outbox.port}, messages in ${join(config.dataDir, "mail")})
  Clock:         ${config.clock().toISOString()} (alert job every ${config.alertIntervalMs / 60000} min)`);
  if (config.tokensAreDefault) {
    console.log(
      "  Tokens (tenant demo): dev-viewer (viewer), dev-editor (editor), dev-admin (admin)",
    );
  } else {
    console.log(
      `  Tokens: ${[...config.tokens.values()].map(({ name, role, tenant }) => `${name} (${role}, ${tenant})`).join(", ")}`,
    );
  }
  console.log("Press Ctrl-C to stop.");

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping…`);
    // Stop taking requests first, let the pipeline finish its batches, then close the database.
    await new Promise<void>((done) => server.close(() => done()));
    await pipeline.stop();
    await outbox.close();
    await database.stop();
    console.log("Stopped. Everything committed is on disk.");
    process.exit(0);
  };
  process.on("SIGINT", () => void shutdown("SIGINT"));
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
}

function startingUp(): Response {
  return Response.json(
    {
      type: "about:blank",
      title: "Starting",
      status: 503,
      detail:
        "Termline is starting (DynamoDB Local, seed, read models); try again in a few seconds.",
    },
    { status: 503, headers: { "content-type": "application/problem+json", "retry-after": "2" } },
  );
}

main().catch((error: unknown) => {
  if (
    error instanceof StartupProblem ||
    (error instanceof Error && /Java|DynamoDB Local|TERMLINE_|PORT/.test(error.message))
  ) {
    console.error(`Termline could not start: ${error.message.split("\n")[0]}`);
  } else {
    console.error("Termline could not start:", error);
  }
  process.exit(1);
});
