import { randomUUID } from "node:crypto";
import { decideAppend, fold, todayIn } from "@termline/core";
import { createDynamoClients, LocalBus } from "@termline/store";
import { parseTokens } from "../functions/src/api/auth.ts";
import { startLocalPipeline } from "../functions/src/local/pipeline.ts";
import { wire } from "../functions/src/local/wiring.ts";
import { admin, type Bench, client, editor } from "./bench-harness.ts";
import { LAG_SAMPLES } from "./bench-settings.ts";
import { tenantCatalog, tenantDocument } from "./seed.ts";
import { summarize } from "./stats.ts";

/**
 * Commit → view visible with the local pipeline (stream pollers, projector, publisher) running,
 * on tables of their own. Commits go through the event store's append, which writes no view,
 * so what is timed is the stream projector alone; an append through the API writes its view
 * inline before answering, which is checked separately.
 */
export async function lag(endpoint: string) {
  const tables = {
    events: `lag-events-${randomUUID().slice(0, 8)}`,
    views: `lag-views-${randomUUID().slice(0, 8)}`,
  };
  const tenant = "lag";
  const tokens = parseTokens(`${editor(tenant)}:editor:${tenant},${admin(tenant)}:admin:${tenant}`);
  const wiring = await wire({ endpoint, tables, tokens });
  const bench: Bench = {
    wiring,
    setClock: () => {},
    raw: createDynamoClients({ endpoint }).doc,
    tables,
    tokens,
  };
  const { request, get } = client(bench, tenant);
  await request("/import", {
    method: "POST",
    headers: { Authorization: `Bearer ${admin(tenant)}` },
    body: JSON.stringify(tenantDocument()),
  });
  const bus = new LocalBus();
  const pipeline = startLocalPipeline({
    endpoint,
    eventsTable: tables.events,
    wiring,
    bus,
    alertIntervalMs: 36e5,
  });
  const { eventStore } = wiring.runtime;
  const catalog = await tenantCatalog(eventStore, tenant);
  const id = "microsoft-openai";
  const visible = async (version: number) => {
    const body = JSON.parse(await get(`/agreements/${id}`)) as { version: number };
    return body.version >= version;
  };
  try {
    // Lets the pollers read past what the import wrote.
    await new Promise((done) => setTimeout(done, 2000));
    const lags: number[] = [];
    let pollMs = 0;
    let polls = 0;
    // Sample -1 is a warm-up, not timed: it is seen only once the projector has done with the
    // import (a whole tenant's answers, seconds of work), which would otherwise be timed as lag.
    for (let sample = -1; sample < LAG_SAMPLES; sample++) {
      const state = fold(tenant, id, await eventStore.readStream(tenant, id));
      const pending = decideAppend(
        state,
        { expectedVersion: state.version, events: [{ type: "NoteAdded", text: `lag ${sample}` }] },
        { today: todayIn(new Date()), catalog },
      );
      const { version } = await eventStore.append({
        tenant,
        agreementId: id,
        expectedVersion: state.version,
        events: pending,
        recordedAt: new Date().toISOString(),
        recordedBy: "bench",
        newEventId: randomUUID,
      });
      const committed = performance.now();
      for (;;) {
        const t = performance.now();
        const seen = await visible(version);
        pollMs += performance.now() - t;
        polls += 1;
        if (seen) break;
        if (performance.now() - committed > 30_000)
          throw new Error("the view did not catch up in 30 s");
        await new Promise((done) => setTimeout(done, 2));
      }
      if (sample >= 0) lags.push(performance.now() - committed);
      // Commits arrive at random moments relative to the poller's 250 ms cycle.
      await new Promise((done) => setTimeout(done, Math.random() * 250));
    }
    let inline = 0;
    const apiSamples = Math.min(LAG_SAMPLES, 20);
    for (let sample = 0; sample < apiSamples; sample++) {
      const { version } = JSON.parse(await get(`/agreements/${id}`)) as { version: number };
      await request(`/agreements/${id}/events`, {
        method: "POST",
        body: JSON.stringify({
          expectedVersion: version,
          events: [{ type: "NoteAdded", text: `api ${sample}` }],
        }),
      });
      if (await visible(version + 1)) inline += 1;
    }
    return { lag: summarize(lags), pollMs: pollMs / polls, inline, apiSamples };
  } finally {
    await pipeline.stop();
  }
}
