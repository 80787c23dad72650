/** The measured tenants' data, seeded before any measure runs. */
import { randomUUID } from "node:crypto";
import { todayIn } from "@termline/core";
import { readDeadlines } from "../functions/src/projector/deadline-index.ts";
import { assignOwner } from "../functions/src/services/deadline-owners.ts";
import { createPerson, type Person } from "../functions/src/services/people.ts";
import { admin, type Bench, client } from "./bench-harness.ts";
import { AT, BENCH_WORKLOAD, SEEDED_DAYS, SEEDED_FROM } from "./bench-settings.ts";
import { elapsed, log } from "./log.ts";
import { generatedAgreement, tenantCatalog, tenantDocument, writeAgreements } from "./seed.ts";

/** A tenant with the reference case, the generated catalog and `count` generated agreements, views rebuilt. */
export async function seedTenant(bench: Bench, tenant: string, count: number): Promise<string> {
  const started = performance.now();
  const { eventStore } = bench.wiring.runtime;
  // The catalog and the reference case through the public import, recorded on 2026-01-01,
  // so a knownAt in the past still knows them.
  bench.setClock("2026-01-01T00:00:00.000Z");
  await client(bench, tenant).request("/import", {
    method: "POST",
    headers: { Authorization: `Bearer ${admin(tenant)}` },
    body: JSON.stringify(tenantDocument()),
  });
  bench.setClock();
  const catalog = await tenantCatalog(eventStore, tenant);
  const agreements = Array.from({ length: count }, (_, index) => ({
    id: `g-${String(index + 1).padStart(5, "0")}`,
    events: generatedAgreement(index + 1),
  }));
  const events = await writeAgreements(agreements, {
    eventStore,
    tenant,
    catalog,
    today: todayIn(new Date()),
    // Spread over 300 days from 2026-01-02: about 150 days of it are before KNOWN_AT.
    recordedAt: (index) =>
      new Date(
        SEEDED_FROM + Math.floor((index / Math.max(1, count)) * SEEDED_DAYS) * 864e5,
      ).toISOString(),
    newId: randomUUID,
  });
  const seeded = elapsed(started);
  const rebuildStarted = performance.now();
  const rebuilt = await rebuildThroughTheApi(bench, tenant);
  log(
    `  ${tenant}: ${count} generated agreements (${events} events) + the reference case seeded in ${seeded}; ` +
      `POST /admin/rebuild: ${rebuilt.streams} views from ${rebuilt.events} events in ${elapsed(rebuildStarted)}, ` +
      `${rebuilt.calls.length} calls of ${rebuilt.calls.map((ms) => (ms / 1000).toFixed(1)).join(", ")} s`,
  );
  await client(bench, tenant).request("/workloads", {
    method: "POST",
    body: JSON.stringify(BENCH_WORKLOAD),
  });
  await assignOwners(bench, tenant);
  return recordSinceTheRebuild(bench, tenant);
}

/**
 * The views built as an operator rebuilds a tenant: `POST /admin/rebuild`, again with each
 * `next` until none is left, each call within the API's budget (30 s). The longest call is
 * what must fit the function's 60 s.
 */
async function rebuildThroughTheApi(bench: Bench, tenant: string) {
  const rebuilt = { calls: [] as number[], streams: 0, events: 0 };
  for (let after: string | undefined; ; ) {
    const started = performance.now();
    const query = after === undefined ? "" : `?after=${after}`;
    const reply = await client(bench, tenant).request(`/admin/rebuild${query}`, {
      method: "POST",
      headers: { Authorization: `Bearer ${admin(tenant)}` },
    });
    rebuilt.calls.push(performance.now() - started);
    const slice = JSON.parse(reply) as { streams: number; events: number; next?: string };
    rebuilt.streams += slice.streams;
    rebuilt.events += slice.events;
    after = slice.next;
    if (after === undefined) return rebuilt;
  }
}

/**
 * Every deadline owned, as a team that must not miss a date would have it: five people, each
 * deadline one of them, through the same service as `PUT /deadlines/{id}/owner`. A page of
 * deadlines names its owners, so its cost must not follow the number of deadlines owned.
 */
async function assignOwners(bench: Bench, tenant: string): Promise<void> {
  const { runtime } = bench.wiring;
  const caller = { tenant, name: "bench-seed", role: "admin" as const };
  const people: Person[] = [];
  for (let n = 1; n <= 5; n++)
    people.push(
      await createPerson(runtime, caller, { name: `Owner ${n}`, email: `owner${n}@example.com` }),
    );
  const { deadlines } = await readDeadlines(runtime.viewStore, tenant, { at: AT });
  const queue = deadlines.map(({ id }, index) => ({ id, person: people[index % people.length] }));
  const worker = async () => {
    for (let next = queue.shift(); next; next = queue.shift())
      if (next.person) await assignOwner(runtime, caller, next.id, next.person.id);
  };
  await Promise.all(Array.from({ length: 8 }, worker));
}

/**
 * Two grants recorded through the API after the rebuild, each changing openai-api on AWS from
 * 2031: the model keeps a revision of the cell from each, as the stream writes them. Returns an
 * instant between the two, for `knownAt` reads the model answers.
 */
async function recordSinceTheRebuild(bench: Bench, tenant: string): Promise<string> {
  const { request } = client(bench, tenant);
  const id = "aws-openai-cloud";
  const grant = async (n: number) => {
    const { version } = JSON.parse(await request(`/agreements/${id}`)) as { version: number };
    await request(`/agreements/${id}/events`, {
      method: "POST",
      body: JSON.stringify({
        expectedVersion: version,
        events: [
          {
            type: "DistributionRightGranted",
            effectiveOn: `203${n}-01-01`,
            termId: `bench-recorded-${n}`,
            providers: ["aws"],
            products: ["openai-api"],
          },
        ],
      }),
    });
  };
  await grant(1);
  await new Promise((resolve) => setTimeout(resolve, 5));
  const between = new Date().toISOString();
  await new Promise((resolve) => setTimeout(resolve, 5));
  await grant(2);
  return between;
}
