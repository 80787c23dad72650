import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { DeleteTableCommand } from "@aws-sdk/client-dynamodb";
import type { StoredEvent } from "@termline/core";
import { createDynamoClients, LocalBus } from "@termline/store";
import { afterAll, beforeAll, expect, inject } from "vitest";
import { parseTokens } from "../../functions/src/api/auth.ts";
import { startLocalPipeline } from "../../functions/src/local/pipeline.ts";
import { seedReferenceCase } from "../../functions/src/local/seed.ts";
import { type Wiring, wire } from "../../functions/src/local/wiring.ts";
import type { DeliveryOptions } from "../../functions/src/notify/deliver.ts";

export const BASE = "/api/v1";
export const TOKENS =
  "viewer-a:viewer:acme,editor-a:editor:acme,admin-a:admin:acme,editor-b:editor:beta,admin-b:admin:beta";
export const TENANT = "acme";
/** When the reference case is recorded, unless a test file says otherwise. */
export const SEEDED_AT = "2026-06-01T00:00:00.000Z";

/** A response body as tests read it: loosely, since the assertions check the shape. */
// biome-ignore lint/suspicious/noExplicitAny: response bodies are checked by the assertions
export type Json = Record<string, any>;

export interface ApiResponse {
  status: number;
  headers: Headers;
  text: string;
  /** The parsed body, or undefined when it is not JSON. */
  // biome-ignore lint/suspicious/noExplicitAny: response bodies are checked by the assertions
  body: any;
}

export interface CallOptions {
  /** The bearer token; `null` sends none. Defaults to the acme editor. */
  token?: string | null;
  /** Sent as JSON, unless `raw` is given. */
  body?: unknown;
  /** Sent as is (for malformed or non-JSON bodies). */
  raw?: string;
  headers?: Record<string, string>;
}

export interface HarnessOptions {
  seed?: boolean;
  at?: string;
  /** The mailer and outbox the mail routes use. */
  mail?: Parameters<typeof wire>[0]["mail"];
  /**
   * Runs what `npm start` runs around the API (stream projector, publisher, in-process bus and
   * webhook notifier), so recorded events reach webhooks and replays are sent; no alert timer.
   */
  pipeline?: { delivery?: DeliveryOptions };
  /** How long one `POST /admin/answers/refresh` may run (0: one product a call). */
  answerSliceMs?: number;
  /** How long one `POST /admin/rebuild` may run (0: one page of streams, or one product, a call). */
  rebuildSliceMs?: number;
  /** The items a page of a rebuild's scan of the events reads. */
  rebuildStreamPage?: number;
}

/**
 * Without a pipeline nothing writes the answers a request leaves to the stream, so the
 * harness gives requests all the time they need: a loaded machine (test files side by side)
 * must not leave cells unwritten. Suites about the budget set their own.
 */
export const HARNESS_INLINE_ANSWERS_MS = 10 * 60 * 1000;

export interface ApiHarness extends Wiring {
  /** Sets the clock the app reads (recordedAt, "today"). */
  setNow(instant: string): void;
  now(): Date;
  call(method: string, path: string, options?: CallOptions): Promise<ApiResponse>;
  get(path: string, token?: string | null): Promise<ApiResponse>;
  /** Deletes the tables; call it in afterAll. */
  drop(): Promise<void>;
}

/**
 * The real app on its own uniquely named tables, optionally with the reference case seeded
 * into tenant acme. Requests go through `app.request`, as a real HTTP client would send them
 * (a JSON body carries its Content-Type and Content-Length).
 */
export async function createApiHarness(
  label: string,
  options: HarnessOptions = {},
): Promise<ApiHarness> {
  const endpoint = inject("dynamoEndpoint");
  const suffix = `${label}-${randomUUID().slice(0, 8)}`;
  const tables = { events: `api-events-${suffix}`, views: `api-views-${suffix}` };
  let current = new Date(options.at ?? SEEDED_AT);
  const bus = options.pipeline ? new LocalBus({ awaitDelivery: true }) : undefined;
  const wiring = await wire({
    endpoint,
    tables,
    tokens: parseTokens(TOKENS),
    clock: () => current,
    mail: options.mail,
    bus,
    answerSliceMs: options.answerSliceMs,
    rebuildSliceMs: options.rebuildSliceMs,
    rebuildStreamPage: options.rebuildStreamPage,
    inlineAnswersMs: HARNESS_INLINE_ANSWERS_MS,
  });
  if (options.seed !== false) await seedReferenceCase(wiring.runtime, TENANT);
  const pipeline =
    bus &&
    startLocalPipeline({
      endpoint,
      eventsTable: tables.events,
      wiring,
      bus,
      alertIntervalMs: 60 * 60 * 1000,
      delivery: options.pipeline?.delivery,
    });
  // The seed goes through the publisher before any test subscribes, so no webhook receives it.
  await pipeline?.drain();

  const call = async (
    method: string,
    path: string,
    { token = "editor-a", body, raw, headers = {} }: CallOptions = {},
  ): Promise<ApiResponse> => {
    const sent: Record<string, string> = { ...headers };
    if (token !== null) sent.authorization = `Bearer ${token}`;
    const payload = raw ?? (body === undefined ? undefined : JSON.stringify(body));
    if (payload !== undefined) {
      if (raw === undefined && !Object.keys(sent).some((h) => h.toLowerCase() === "content-type"))
        sent["content-type"] = "application/json";
      sent["content-length"] = String(Buffer.byteLength(payload));
    }
    const response = await wiring.app.request(`${BASE}${path}`, {
      method,
      headers: sent,
      ...(payload !== undefined ? { body: payload } : {}),
    });
    const text = await response.text();
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = undefined;
    }
    return { status: response.status, headers: response.headers, text, body: parsed };
  };

  return {
    ...wiring,
    setNow(instant) {
      current = new Date(instant);
    },
    now: () => current,
    call,
    get: (path, token = "viewer-a") => call("GET", path, { token }),
    async drop() {
      await pipeline?.stop();
      const { client } = createDynamoClients({ endpoint });
      await Promise.all(
        [tables.events, tables.views].map((TableName) =>
          client.send(new DeleteTableCommand({ TableName })).catch(() => undefined),
        ),
      );
      client.destroy();
    },
  };
}

/** An RFC 9457 problem document with the given status, readable by a person, with no internals. */
export function expectProblem(response: ApiResponse, status: number): Json {
  expect(response.status, response.text).toBe(status);
  expect(response.headers.get("content-type")).toMatch(/^application\/problem\+json/);
  const problem = response.body as Json;
  expect(problem).toMatchObject({
    type: expect.any(String),
    title: expect.any(String),
    status,
    detail: expect.any(String),
  });
  expect(problem.detail.length).toBeGreaterThan(0);
  expectNoInternals(response.text);
  return problem;
}

/** No stack trace, file path or internal error name leaks into a response. */
export function expectNoInternals(text: string): void {
  expect(text).not.toMatch(/\bat .+\(.+:\d+:\d+\)/);
  expect(text).not.toMatch(/\.ts:\d+/);
  expect(text).not.toMatch(/node_modules|"stack"/);
  expect(text).not.toMatch(/TypeError|ReferenceError|SyntaxError: /);
}

/** The agreement's version and event count, read back through the API. */
export async function footprint(
  api: ApiHarness,
  agreementId: string,
  token = "viewer-a",
): Promise<{ version: number; events: number }> {
  const agreement = await api.get(`/agreements/${agreementId}`, token);
  const log = await api.get(`/agreements/${agreementId}/events?limit=500`, token);
  expect(agreement.status, agreement.text).toBe(200);
  expect(log.status, log.text).toBe(200);
  return { version: agreement.body.version, events: log.body.events.length };
}

/** The current version of an agreement, for an append's expectedVersion. */
export async function versionOf(api: ApiHarness, agreementId: string): Promise<number> {
  const response = await api.get(`/agreements/${agreementId}`);
  expect(response.status, response.text).toBe(200);
  return response.body.version as number;
}

/**
 * The reference case's AWS exclusive distribution of Frontier (in `amazon-openai`) amended,
 * through the API, to end on `until` from 2026-06-01: before it, Azure is shut out of Frontier
 * on every later day. The events the amendment recorded, what its response says of the
 * answers it moves, and the same request sent again (a retry, with the same Idempotency-Key).
 */
export async function amendFrontierDistribution(
  api: ApiHarness,
  until: string,
): Promise<{ events: StoredEvent[]; answers: unknown; retry: () => Promise<ApiResponse> }> {
  const version = await versionOf(api, "amazon-openai");
  const send = () =>
    api.call("POST", "/agreements/amazon-openai/events", {
      headers: { "Idempotency-Key": `amend-frontier-${version}-${until}` },
      body: {
        expectedVersion: version,
        events: [
          {
            type: "TermAmended",
            effectiveOn: "2026-06-01",
            termId: "aws-frontier-distribution",
            changes: { until },
          },
        ],
      },
    });
  const response = await send();
  expect(response.status, response.text).toBe(201);
  const events = await api.runtime.eventStore.readStream(TENANT, "amazon-openai", {
    afterVersion: version,
  });
  return { events, answers: response.body.answers, retry: send };
}

export const note = (text: string, extra: Json = {}): Json => ({
  type: "NoteAdded",
  effectiveOn: "2026-05-01",
  text,
  ...extra,
});

/**
 * One harness for a whole test file: created before its tests, its tables dropped after them.
 * `ready` hands it to the file's own `let api`, so the tests read as before.
 */
export function harnessForFile(
  name: string,
  options: HarnessOptions,
  ready: (api: ApiHarness) => void,
): void {
  let harness: ApiHarness | undefined;
  beforeAll(async () => {
    harness = await createApiHarness(name, options);
    ready(harness);
  });
  afterAll(async () => {
    await harness?.drop();
  });
}

/** What `rebuildToTheEnd` found: the last reply, and the calls' counts and failures added up. */
export interface WholeRebuild {
  calls: number;
  last: ApiResponse;
  streams: number;
  events: number;
  failed: { agreementId: string; reason: string }[];
}

/**
 * `POST /admin/rebuild` called again with each `next` until none is left, as an operator's
 * script would; each call must answer 200. `call` sends one request to the path given; `from`
 * goes on from a `next` already given.
 */
export async function rebuildToTheEnd(
  call: (path: string) => Promise<ApiResponse>,
  options: { from?: string; onSlice?: (reply: ApiResponse) => Promise<void> } = {},
): Promise<WholeRebuild> {
  const whole = { calls: 0, streams: 0, events: 0, failed: [] as WholeRebuild["failed"] };
  for (let after = options.from; ; ) {
    const reply = await call(`/admin/rebuild${after ? `?after=${after}` : ""}`);
    expect(reply.status, reply.text).toBe(200);
    whole.calls++;
    whole.streams += reply.body.streams;
    whole.events += reply.body.events;
    whole.failed.push(...reply.body.failed);
    await options.onSlice?.(reply);
    after = reply.body.next;
    if (after === undefined) return { ...whole, last: reply };
    expect(whole.calls, "a rebuild that does not end").toBeLessThan(10_000);
  }
}

/**
 * The reference case as known at the seed, then changed an hour later: gpt-oss granted on
 * Google Cloud from 2027 (`gpt-oss-on-google`), through the API. Returns the seed's instant, as
 * of which the grant is not known.
 */
export async function grantGptOssOnGoogleAnHourLater(api: ApiHarness): Promise<string> {
  const google = "google-openai-distribution";
  const seeded = api.now().toISOString();
  const { version } = (await api.get(`/agreements/${google}`)).body as { version: number };
  api.setNow(new Date(Date.parse(seeded) + 60 * 60 * 1000).toISOString());
  const granted = await api.call("POST", `/agreements/${google}/events`, {
    body: {
      expectedVersion: version,
      events: [
        {
          type: "DistributionRightGranted",
          effectiveOn: "2027-01-01",
          termId: "gpt-oss-on-google",
          providers: ["google-cloud"],
          products: ["gpt-oss"],
        },
      ],
    },
  });
  expect(granted.status, granted.text).toBe(201);
  return seeded;
}

/** The second worked example (a regional model licence), as `POST /import` takes it. */
export const regionalExample = () =>
  JSON.parse(
    readFileSync(
      new URL("../../data/examples/regional-model-licensing.json", import.meta.url),
      "utf8",
    ),
  );
