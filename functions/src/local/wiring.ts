import { randomBytes, randomUUID } from "node:crypto";
import type { EventBus } from "@termline/core";
import {
  createDynamoClients,
  EventStore,
  ensureTables,
  type TableNames,
  ViewStore,
} from "@termline/store";
import { runAlertJob } from "../alerts/run-alerts.ts";
import { type AppDependencies, createApp } from "../api/app.ts";
import { type Principal, registryOf } from "../api/auth.ts";
import { localSecretBox, type SecretBox } from "../aws/secret-box.ts";
import { createViewProjector } from "../projector/agreement-projection.ts";
import type { Runtime } from "../services/runtime.ts";

export interface Wiring {
  runtime: Runtime;
  projector: ReturnType<typeof createViewProjector>;
  app: ReturnType<typeof createApp>;
}

/**
 * Wires the real handlers to DynamoDB tables at an endpoint: what `npm start`, the seed and
 * rebuild commands, the integration tests and the benchmark all share.
 */
export async function wire(options: {
  endpoint?: string;
  tables: TableNames;
  tokens: Map<string, Principal>;
  clock?: () => Date;
  /** With a bus, admins can run the alert job and replay failed webhooks through the API. */
  bus?: EventBus;
  /** Where access-log lines go (`npm start` prints them). */
  accessLog?: AppDependencies["accessLog"];
  /** The mailer and the local outbox, for the mail routes. */
  mail?: AppDependencies["mail"];
  /** Seals webhook secrets; by default a key held by this process only. */
  secretBox?: SecretBox;
  /** How long one `POST /admin/rebuild` may run before it stops (default 30 s). */
  rebuildSliceMs?: number;
  /** The items a page of a rebuild's scan of the events reads (default 400). */
  rebuildStreamPage?: number;
  /** How long one `POST /admin/answers/refresh` may run before it stops (default 30 s). */
  answerSliceMs?: number;
  /** How long a request refreshes answers before leaving them to the stream (`INLINE_ANSWERS_MS`). */
  inlineAnswersMs?: number;
}): Promise<Wiring> {
  const { client, doc } = createDynamoClients(
    options.endpoint ? { endpoint: options.endpoint } : {},
  );
  await ensureTables(client, options.tables);
  const eventStore = new EventStore(doc, options.tables.events);
  const viewStore = new ViewStore(doc, options.tables.views);
  const runtime: Runtime = {
    eventStore,
    viewStore,
    clock: options.clock ?? (() => new Date()),
    newId: randomUUID,
    secretBox: options.secretBox ?? localSecretBox(randomBytes(32)),
    inlineAnswersMs: options.inlineAnswersMs,
  };
  const projector = createViewProjector({ eventStore, viewStore });
  const { bus } = options;
  const app = createApp({
    runtime,
    tokens: registryOf(options.tokens),
    rebuild: (tenant, after) =>
      projector.rebuildInSlices(tenant, {
        after,
        budgetMs: options.rebuildSliceMs ?? 30_000,
        streamPage: options.rebuildStreamPage,
      }),
    refreshAnswers: (tenant, after) =>
      projector.refreshAnswersInSlices(tenant, {
        after,
        budgetMs: options.answerSliceMs ?? 30_000,
      }),
    runAlerts: bus ? (tenant) => runAlertJob(runtime, bus, { tenants: [tenant] }) : undefined,
    bus,
    accessLog: options.accessLog,
    mail: options.mail,
  });
  return { runtime, projector, app };
}
