import { randomUUID } from "node:crypto";
import { DeleteTableCommand } from "@aws-sdk/client-dynamodb";
import { LocalBus } from "@termline/store";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { parseTokens } from "../../functions/src/api/auth.ts";
import { seedReferenceCase } from "../../functions/src/local/seed.ts";
import { type Wiring, wire } from "../../functions/src/local/wiring.ts";

/** A tenant's admin runs the alert job for its own tenant: another tenant's alerts stay unsent. */
const suffix = randomUUID().slice(0, 8);
const tables = { events: `alerts-scope-events-${suffix}`, views: `alerts-scope-views-${suffix}` };
// The 7-day alert of the Trainium4 milestone (2027-12-31) is due in both tenants this day.
const now = new Date("2027-12-24T06:00:00.000Z");
const bus = new LocalBus();
const published: { detailType: string; tenant: string }[] = [];
let wiring: Wiring;

beforeAll(async () => {
  bus.subscribe("record", async (event) => {
    published.push({ detailType: event["detail-type"], tenant: event.detail.tenant });
  });
  wiring = await wire({
    endpoint: inject("dynamoEndpoint"),
    tables,
    tokens: parseTokens("admin-a:admin:acme,admin-b:admin:beta"),
    clock: () => now,
    bus,
  });
  for (const tenant of ["acme", "beta"]) await seedReferenceCase(wiring.runtime, tenant);
}, 60_000);
afterAll(async () => {
  const { createDynamoClients } = await import("@termline/store");
  const { client } = createDynamoClients({ endpoint: inject("dynamoEndpoint") });
  for (const TableName of Object.values(tables))
    await client.send(new DeleteTableCommand({ TableName })).catch(() => undefined);
});

const runAlerts = async (token: string) => {
  const response = await wiring.app.request("/api/v1/admin/alerts/run", {
    method: "POST",
    headers: { authorization: `Bearer ${token}` },
  });
  expect(response.status).toBe(200);
  return (await response.json()) as { published: string[]; skipped: string[] };
};

describe("POST /admin/alerts/run", () => {
  it("publishes the caller's tenant's alerts only, and reports only them", async () => {
    const acme = await runAlerts("admin-a");
    await bus.drain();
    expect(acme.published.length).toBeGreaterThan(0);
    expect(acme.published.every((id) => id.startsWith("acme|"))).toBe(true);
    expect(new Set(published.map(({ tenant }) => tenant))).toEqual(new Set(["acme"]));

    // beta's alerts were left for beta's own run, which sends the same deadlines for beta.
    const beta = await runAlerts("admin-b");
    await bus.drain();
    expect(beta.published.map((id) => id.replace(/^beta\|/, "acme|")).sort()).toEqual(
      [...acme.published].sort(),
    );
    expect(beta.skipped.every((id) => id.startsWith("beta|"))).toBe(true);
  });
});
