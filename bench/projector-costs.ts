import { randomUUID } from "node:crypto";
import { decideAppend, fold, type StoredEvent, todayIn } from "@termline/core";
import { parseTokens } from "../functions/src/api/auth.ts";
import { seedReferenceCase } from "../functions/src/local/seed.ts";
import { type Wiring, wire } from "../functions/src/local/wiring.ts";
import { loadCatalog } from "../functions/src/services/catalog-reads.ts";
import { insertRecord } from "../test/support/events.ts";
import { editor } from "./bench-harness.ts";
import { type Metered, meterOnce } from "./capacity.ts";
import { summarize } from "./stats.ts";

/**
 * What the stream projector spends on one record, on tables of its own with the reference case
 * imported: an amendment appended to the log alone (the stream does the answers' refresh), the
 * same record delivered again (a retried batch), and an amendment or a note through the API,
 * whose own refresh the stream then finds done (answers-through.ts). Each amendment moves the
 * end of AWS's Frontier distribution, so it changes answers every time.
 */
const SAMPLES = 8;
const AGREEMENT = "amazon-openai";
const TENANT = "projector";

export interface ProjectorCost {
  path: string;
  samples: number;
  median: number;
  p99: number;
  cost: Metered;
}

export async function projectorCosts(endpoint: string): Promise<ProjectorCost[]> {
  const tables = {
    events: `proj-events-${randomUUID().slice(0, 8)}`,
    views: `proj-views-${randomUUID().slice(0, 8)}`,
  };
  const tokens = parseTokens(`${editor(TENANT)}:editor:${TENANT}`);
  const wiring = await wire({ endpoint, tables, tokens });
  await seedReferenceCase(wiring.runtime, TENANT);
  const paths = {
    logAlone: "amendment appended to the log alone (the stream refreshes)",
    again: "the same record delivered again",
    api: "amendment through the API, then its record",
    note: "note through the API, then its record",
    older: "an amendment delivered again after later commits",
  };
  const measured = new Map<string, { ms: number[]; cost: Metered }>();
  let sequence = 1;
  const deliver = async (path: string, events: StoredEvent[]) => {
    const Records = events.map((event) => insertRecord(event, String(sequence++)));
    const started = performance.now();
    const cost = await meterOnce(async () => {
      const { batchItemFailures } = await wiring.projector.handler({ Records });
      if (batchItemFailures.length > 0) throw new Error(`${path}: the batch failed`);
    });
    // The last delivery's calls and units: the first of each path warms the caches.
    const ms = [...(measured.get(path)?.ms ?? []), performance.now() - started];
    measured.set(path, { ms, cost });
  };
  let previous: StoredEvent[] = [];
  for (let sample = 0; sample < SAMPLES; sample++) {
    // A retried batch, or a record the stream reaches after the API refreshed later ones.
    if (sample > 0) await deliver(paths.older, previous);
    const until = `20${29 + (sample % 2)}-12-31`;
    const appended = await appendAlone(wiring, amendment(until));
    previous = appended;
    await deliver(paths.logAlone, appended);
    await deliver(paths.again, appended);
    await deliver(
      paths.api,
      await appendThroughApi(wiring, amendment(`20${31 + (sample % 2)}-12-31`)),
    );
    await deliver(
      paths.note,
      await appendThroughApi(wiring, { type: "NoteAdded", text: "Checked" }),
    );
  }
  return Object.values(paths).map((path) => {
    const { ms, cost } = measured.get(path) ?? { ms: [], cost: undefined };
    const summary = summarize(ms);
    if (!cost) throw new Error(`${path}: not measured`);
    return { path, samples: ms.length, median: summary.median, p99: summary.p99, cost };
  });
}

const amendment = (until: string) => ({
  type: "TermAmended",
  effectiveOn: "2026-06-01",
  termId: "aws-frontier-distribution",
  changes: { until },
});

/** Decided as the API would, appended without its inline projection or refresh. */
async function appendAlone(wiring: Wiring, event: Record<string, unknown>) {
  const { eventStore } = wiring.runtime;
  const state = fold(TENANT, AGREEMENT, await eventStore.readStream(TENANT, AGREEMENT));
  const catalog = await loadCatalog(wiring.runtime, TENANT);
  const command = { expectedVersion: state.version, events: [event] };
  const pending = decideAppend(state, command, { today: todayIn(new Date()), catalog });
  const { events } = await eventStore.append({
    tenant: TENANT,
    agreementId: AGREEMENT,
    expectedVersion: state.version,
    events: pending,
    recordedAt: new Date().toISOString(),
    recordedBy: "bench",
    newEventId: randomUUID,
  });
  return events;
}

async function appendThroughApi(wiring: Wiring, event: Record<string, unknown>) {
  const { eventStore } = wiring.runtime;
  const version = (await eventStore.readStream(TENANT, AGREEMENT)).at(-1)?.version ?? 0;
  const response = await wiring.app.request(`/api/v1/agreements/${AGREEMENT}/events`, {
    method: "POST",
    headers: { Authorization: `Bearer ${editor(TENANT)}`, "Content-Type": "application/json" },
    body: JSON.stringify({ expectedVersion: version, events: [event] }),
  });
  if (response.status !== 201)
    throw new Error(`append: ${response.status} ${await response.text()}`);
  return eventStore.readStream(TENANT, AGREEMENT, { afterVersion: version });
}
