/**
 * What the bundles write to CloudWatch: JSON log lines through Powertools (service, Lambda
 * context, cold start, the invocation's correlation id) and Embedded Metric Format lines that
 * CloudWatch turns into metrics, among them the ones infra/monitoring.ts alarms on.
 */
import { randomUUID } from "node:crypto";
import type { EventBridgeEvent, ScheduledEvent } from "aws-lambda";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AlertRun } from "../../functions/src/alerts/run-alerts.ts";
import type { NotifyResult } from "../../functions/src/notify/notify.ts";
import { createWebhook } from "../../functions/src/services/webhooks.ts";
import { startWebhookReceiver, type WebhookReceiver } from "../support/webhook-receiver.ts";
import { scheduledEvent } from "./support/events.ts";
import { type LambdaEnv, setUpLambdaEnv } from "./support/lambda-env.ts";

let env: LambdaEnv;
let receiver: WebhookReceiver;
let alerts: (event: ScheduledEvent) => Promise<AlertRun>;
let notify: (event: EventBridgeEvent<string, unknown>) => Promise<NotifyResult>;

/**
 * infra/functions.ts gives each function its service name, and Lambda says how the container
 * started (Powertools counts a cold start only for `on-demand`); bundles read both when loaded.
 */
async function loadAs<E, R>(name: "alerts" | "notify", service: string) {
  Object.assign(process.env, {
    TERMLINE_SERVICE: service,
    AWS_LAMBDA_INITIALIZATION_TYPE: "on-demand",
  });
  try {
    return await env.load<E, R>(name);
  } finally {
    delete process.env.TERMLINE_SERVICE;
    delete process.env.AWS_LAMBDA_INITIALIZATION_TYPE;
  }
}

beforeAll(async () => {
  [env, receiver] = await Promise.all([
    setUpLambdaEnv("lambda-observability", ["alerts", "notify"]),
    startWebhookReceiver(),
  ]);
  alerts = await loadAs("alerts", "alerts");
  notify = await loadAs("notify", "notify");
});
afterAll(async () => {
  await Promise.all([env?.close(), receiver?.close()]);
});

type Line = Record<string, unknown>;

/** Every JSON line the invocation writes (Lambda forwards stdout and stderr to CloudWatch). */
async function captured<T>(invoke: () => Promise<T>): Promise<{ lines: Line[]; result: T }> {
  const lines: Line[] = [];
  const streams = [process.stdout, process.stderr];
  const writes = streams.map((stream) => stream.write.bind(stream));
  streams.forEach((stream, index) => {
    stream.write = ((chunk: string | Uint8Array, ...rest: never[]) => {
      for (const text of String(chunk).split("\n"))
        if (text.startsWith("{")) lines.push(JSON.parse(text) as Line);
      return writes[index]?.(chunk, ...rest) ?? true;
    }) as typeof stream.write;
  });
  try {
    return { lines, result: await invoke() };
  } catch (error) {
    throw Object.assign(error as Error, { lines });
  } finally {
    streams.forEach((stream, index) => {
      const write = writes[index];
      if (write) stream.write = write;
    });
  }
}

/** The metrics an EMF line declares, with their values and dimensions. */
function metricsOf(lines: Line[]) {
  return lines.flatMap((line) => {
    const aws = line._aws as
      | {
          CloudWatchMetrics: {
            Namespace: string;
            Dimensions: string[][];
            Metrics: { Name: string }[];
          }[];
        }
      | undefined;
    if (!aws) return [];
    return aws.CloudWatchMetrics.flatMap(({ Namespace, Dimensions, Metrics }) =>
      Metrics.map(({ Name }) => ({
        namespace: Namespace,
        name: Name,
        value: line[Name],
        dimensions: Object.fromEntries((Dimensions[0] ?? []).map((key) => [key, line[key]])),
      })),
    );
  });
}

describe("the alerts bundle's logs and metrics", () => {
  it("logs the run as JSON with its correlation id and counts a cold start once", async () => {
    const first = scheduledEvent();
    const { lines } = await captured(() => alerts(first));
    expect(lines).toContainEqual(
      expect.objectContaining({
        level: "INFO",
        message: "alert job finished",
        service: "alerts",
        correlationId: first.id,
        cold_start: true,
        function_name: "termline-test-alerts",
        published: [],
        failed: [],
      }),
    );
    expect(metricsOf(lines)).toEqual(
      expect.arrayContaining([
        {
          namespace: "Termline",
          name: "ColdStart",
          value: 1,
          dimensions: { service: "alerts", stage: "test", function_name: "termline-test-alerts" },
        },
        {
          namespace: "Termline",
          name: "AlertsSent",
          value: 0,
          dimensions: { service: "alerts", stage: "test" },
        },
        {
          namespace: "Termline",
          name: "AlertsFailed",
          value: 0,
          dimensions: { service: "alerts", stage: "test" },
        },
      ]),
    );

    const second = scheduledEvent();
    const again = await captured(() => alerts(second));
    const runLine = again.lines.find((line) => line.message === "alert job finished");
    expect(runLine).toMatchObject({ cold_start: false, correlationId: second.id });
    expect(metricsOf(again.lines).map(({ name }) => name)).not.toContain("ColdStart");
  });
});

describe("the notify bundle's logs and metrics", () => {
  const detail = (tenant: string, correlationId: string) => ({
    id: randomUUID(),
    tenant,
    agreementId: "acme-cloud",
    version: 2,
    correlationId,
    event: {
      id: randomUUID(),
      type: "TermAmended",
      version: 2,
      effectiveOn: "2027-01-01",
      precision: "day",
      recordedAt: new Date().toISOString(),
      recordedBy: "Edie",
      data: {},
      sources: [],
    },
  });
  const busEvent = (body: unknown): EventBridgeEvent<string, unknown> => ({
    version: "0",
    id: randomUUID(),
    "detail-type": "TermAmended",
    source: "termline",
    account: "123456789012",
    time: new Date().toISOString(),
    region: "us-east-1",
    resources: [],
    detail: body,
  });

  it("counts a failed webhook delivery (what the WebhooksFailed alarm watches) under the change's correlation id", async () => {
    const runtime = {
      eventStore: env.tables.eventStore,
      viewStore: env.tables.viewStore,
      clock: () => new Date(),
      newId: randomUUID,
    };
    await createWebhook(runtime, "acme", { url: receiver.url, events: ["TermAmended"] });
    // 410: the receiver refuses the request itself, so the notifier gives up at once.
    receiver.reply(410);
    const correlationId = randomUUID();
    const { lines, result } = await captured(() => notify(busEvent(detail("acme", correlationId))));
    expect(result.failed).toHaveLength(1);
    expect(lines).toContainEqual(
      expect.objectContaining({
        level: "WARN",
        message: "notify: bus event handled",
        service: "notify",
        correlationId,
        tenant: "acme",
        delivered: 0,
      }),
    );
    expect(metricsOf(lines)).toEqual(
      expect.arrayContaining([
        {
          namespace: "Termline",
          name: "WebhooksFailed",
          value: 1,
          dimensions: { service: "notify", stage: "test" },
        },
        {
          namespace: "Termline",
          name: "WebhooksDelivered",
          value: 0,
          dimensions: { service: "notify", stage: "test" },
        },
      ]),
    );
  });

  it("logs an error with the event's id before an unreadable event is thrown back to Lambda", async () => {
    const unreadable = busEvent({ tenant: "acme" });
    const failure = await captured(() => notify(unreadable)).catch(
      (error: Error & { lines: Line[] }) => error,
    );
    expect(failure).toBeInstanceOf(Error);
    expect((failure as Error).message).toContain("has an unreadable detail");
    expect((failure as Error & { lines: Line[] }).lines).toContainEqual(
      expect.objectContaining({
        level: "ERROR",
        message: "invocation failed; Lambda retries or dead-letters the event",
        service: "notify",
        correlationId: unreadable.id,
      }),
    );
  });
});
