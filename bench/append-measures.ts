/** The write path, timed against a raw conditional PutItem. */
import { randomUUID } from "node:crypto";
import { todayIn } from "@termline/core";
import { type Bench, client, type Row } from "./bench-harness.ts";
import { LONG_EVENTS, SAMPLING } from "./bench-settings.ts";
import { captureOnce, type Metered, meterOnce, type SentCommand } from "./capacity.ts";
import { elapsed, log } from "./log.ts";
import { describeCalls, overOwnCalls, ownCallsRaw } from "./own-calls.ts";
import type { Raw } from "./raw-baselines.ts";
import { longAgreement, shortAgreement, tenantCatalog, writeAgreements } from "./seed.ts";
import { measurePaired, type Sample } from "./stats.ts";

/** Appends one NoteAdded through the API to each of a pool of short agreements, and to long logs. */
export async function appends(bench: Bench, tenant: string, raw: Raw): Promise<Row[]> {
  const { eventStore } = bench.wiring.runtime;
  const { request } = client(bench, tenant);
  const catalog = await tenantCatalog(eventStore, tenant);
  const today = todayIn(new Date());
  // One append each: those measured, the one metered, and the one whose calls are replayed.
  const pool = SAMPLING.iterations + SAMPLING.warmup + 2;
  const short = Array.from({ length: pool }, (_, index) => ({
    id: `short-${index}`,
    events: shortAgreement(index + 1),
  }));
  const longCount = 3;
  const long = Array.from({ length: longCount }, (_, index) => ({
    id: `long-${index}`,
    events: longAgreement(index + 1, LONG_EVENTS),
  }));
  const started = performance.now();
  const options = {
    eventStore,
    tenant,
    catalog,
    today,
    recordedAt: () => new Date().toISOString(),
    newId: randomUUID,
  };
  await writeAgreements(short, options);
  await writeAgreements(long, { ...options, concurrency: longCount });
  // Their snapshots, as the API's own commits would have left them: an append decides on one.
  for (const { id } of [...short, ...long]) await bench.wiring.projector.projectStream(tenant, id);
  log(
    `  ${tenant}: ${pool} 5-event and ${longCount} ${LONG_EVENTS}-event agreements written in ${elapsed(started)}`,
  );

  const versions = new Map<string, number>([
    ...short.map(({ id }) => [id, 5] as const),
    ...long.map(({ id }) => [id, LONG_EVENTS] as const),
  ]);
  const append = async (id: string, text: string) => {
    const version = versions.get(id) ?? 0;
    await request(`/agreements/${id}/events`, {
      method: "POST",
      body: JSON.stringify({ expectedVersion: version, events: [{ type: "NoteAdded", text }] }),
    });
    versions.set(id, version + 1);
  };
  let next = 0;
  const shortAppend = () => append(`short-${next++ % pool}`, "bench note");
  const shortCalls = await captureOnce(shortAppend);
  const {
    sample: shortSample,
    base: shortBase,
    second: shortFloor,
  } = await measurePaired(shortAppend, raw.put, SAMPLING, ownCallsRaw(bench, shortCalls));
  const shortCost = await meterOnce(shortAppend);

  // A projection that fails after the commit (a view or answer refresh) says so on
  // console.warn, once per append; counted here instead of printed.
  const warn = console.warn;
  let viewWritesFailed = 0;
  console.warn = () => {
    viewWritesFailed += 1;
  };
  let longNext = 0;
  const longAppend = () => append(`long-${longNext++ % longCount}`, "bench note");
  let longSample: Sample;
  let longBase: Sample;
  let longFloor: Sample | undefined;
  let longCost: Metered;
  let longCalls: SentCommand[];
  try {
    // Each long agreement appended to once first: the calls replayed are a warm container's.
    for (let index = 0; index < longCount; index++) await longAppend();
    longCalls = await captureOnce(longAppend);
    ({
      sample: longSample,
      base: longBase,
      second: longFloor,
    } = await measurePaired(longAppend, raw.put, SAMPLING, ownCallsRaw(bench, longCalls)));
    longCost = await meterOnce(longAppend);
  } finally {
    console.warn = warn;
  }
  const renames = await renameMeasure(bench, tenant, raw);
  return [
    {
      name: "append to a 5-event agreement",
      sample: shortSample,
      base: shortBase,
      baseline: "raw conditional PutItem",
      cost: shortCost,
      note: `NoteAdded; ${pool} agreements, one append each`,
    },
    {
      name: `append to a ${LONG_EVENTS}-event agreement`,
      sample: longSample,
      base: longBase,
      baseline: "raw conditional PutItem",
      cost: longCost,
      note:
        viewWritesFailed > 0
          ? `inline view write failed ${viewWritesFailed}× (view over 400 KB)`
          : "NoteAdded",
    },
    ...ownCallRows("append to a 5-event agreement", {
      sample: shortSample,
      base: shortBase,
      floor: shortFloor,
      calls: shortCalls,
    }),
    ...ownCallRows(`append to a ${LONG_EVENTS}-event agreement`, {
      sample: longSample,
      base: longBase,
      floor: longFloor,
      calls: longCalls,
    }),
    renames,
  ];
}

/**
 * The append's own DynamoDB calls made raw, timed in the same rounds: beside the raw PutItem,
 * what the design costs on this database; under the append, what the code around them adds.
 */
function ownCallRows(
  name: string,
  measured: {
    sample: Sample;
    /** The raw conditional PutItem, timed in the same rounds. */
    base: Sample;
    floor: Sample | undefined;
    calls: SentCommand[];
  },
): Row[] {
  const { sample, base, floor, calls } = measured;
  if (!floor) return [];
  return [
    {
      name: `${name}: its calls, raw`,
      sample: floor,
      base,
      baseline: "raw conditional PutItem",
      note: describeCalls(calls),
    },
    overOwnCalls(name, sample, calls, floor),
  ];
}

/**
 * Renaming a cloud through the API (PATCH /catalog/providers/azure), names alternating: stored
 * answers and deadlines cite entries by placeholder, so it writes the catalog alone whatever N.
 */
async function renameMeasure(bench: Bench, tenant: string, raw: Raw): Promise<Row> {
  const { request } = client(bench, tenant);
  let count = 0;
  const rename = () =>
    request("/catalog/providers/azure", {
      method: "PATCH",
      body: JSON.stringify({ name: `Microsoft Azure ${++count % 2 === 0 ? "Cloud" : "Platform"}` }),
    });
  const { sample, base } = await measurePaired(rename, raw.put, SAMPLING);
  return {
    name: "rename a cloud (PATCH /catalog/providers/azure)",
    sample,
    base,
    baseline: "raw conditional PutItem",
    cost: await meterOnce(rename),
    note: "CatalogEntryChanged",
  };
}
