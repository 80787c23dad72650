import { randomUUID } from "node:crypto";
import {
  createDynamoClients,
  EventStore,
  ensureTables,
  type TableNames,
  ViewStore,
} from "@termline/store";
import { createApp } from "../api/app.ts";
import { type Principal, registryOf } from "../api/auth.ts";
import { createAgreementProjector } from "../projector/agreement-projection.ts";
import type { Runtime } from "../services/runtime.ts";

export interface Wiring {
  runtime: Runtime;
  projector: ReturnType<typeof createAgreementProjector>;
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
  };
  const projector = createAgreementProjector({ eventStore, viewStore });
  const app = createApp({
    runtime,
    tokens: registryOf(options.tokens),
    rebuild: projector.rebuildAll,
  });
  return { runtime, projector, app };
}
