import type { ScheduledEvent } from "aws-lambda";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AlertRun } from "../../functions/src/alerts/run-alerts.ts";
import { createToken } from "../../functions/src/api/token-registry.ts";
import { scheduledEvent } from "./support/events.ts";
import {
  agreementInput,
  givenCatalogOf,
  type HttpHandler,
  invokeHttp,
  trancheEvent,
} from "./support/http.ts";
import { type LambdaEnv, setUpLambdaEnv } from "./support/lambda-env.ts";

let env: LambdaEnv;
let api: HttpHandler;
let alerts: (event: ScheduledEvent) => Promise<AlertRun>;

/** The handler reads the real clock, so the deadline is placed relative to today (UTC). */
const day = (offset: number) =>
  new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

beforeAll(async () => {
  env = await setUpLambdaEnv("lambda-alerts", ["api", "alerts"]);
  const editor = await createToken(
    env.tables.viewStore,
    { tenant: "acme", role: "editor", name: "Edie" },
    new Date(),
  );
  api = await env.load("api");
  await givenCatalogOf(env.tables.viewStore, "acme");
  alerts = await env.load("alerts");
  // Recorded through the front door, which also registers the tenant the job iterates over.
  for (const [url, body] of [
    ["/api/v1/agreements", agreementInput("acme-cloud")],
    [
      "/api/v1/agreements/acme-cloud/events",
      { expectedVersion: 1, events: [trancheEvent(day(7))] },
    ],
  ] as const) {
    const reply = await invokeHttp(api, "POST", url, { token: editor, body });
    expect(reply.status, reply.text).toBe(201);
  }
});
afterAll(() => env?.close());

describe("the alerts bundle, on an EventBridge scheduled event", () => {
  const alertId = `acme|acme-cloud:first-tranche:tranche-due|7|${day(7)}`;

  it("publishes DeadlineApproaching for the deadline 7 days out, correlated to the event", async () => {
    const event = scheduledEvent();
    const run = await alerts(event);
    expect(run).toMatchObject({ today: day(0), published: [alertId], failed: [] });

    expect(env.eventBridge.calls).toHaveLength(1);
    const [entry] = env.eventBridge.calls[0]?.entries ?? [];
    expect(entry).toMatchObject({
      EventBusName: env.busName,
      Source: "termline",
      DetailType: "DeadlineApproaching",
    });
    expect(JSON.parse(entry?.Detail ?? "{}")).toEqual({
      id: alertId,
      tenant: "acme",
      correlationId: event.id,
      leadDays: 7,
      on: day(0),
      deadline: expect.objectContaining({
        date: day(7),
        precision: "day",
        agreementId: "acme-cloud",
        termId: "first-tranche",
      }),
    });
  });

  it("publishes nothing again when the schedule fires twice the same day", async () => {
    const run = await alerts(scheduledEvent());
    // The first run recorded today as done, so the second has nothing left to consider.
    expect(run).toMatchObject({ today: day(0), published: [], pending: [], failed: [] });
    expect(env.eventBridge.calls).toHaveLength(1);
  });
});
