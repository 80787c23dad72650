import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type ApiHarness,
  type CallOptions,
  createApiHarness,
  expectProblem,
  footprint,
  type Json,
  note,
} from "./support.ts";

let api: ApiHarness;

beforeAll(async () => {
  api = await createApiHarness("bad");
});
afterAll(async () => {
  await api?.drop();
});

const MS = "microsoft-openai";
const EVENTS = `/agreements/${MS}/events`;

interface BadRequest {
  name: string;
  method?: string;
  path: string;
  /** The request; `version` is the agreement's current version, for a valid expectedVersion. */
  send?: (version: number) => CallOptions;
  status: number;
  /** A field at fault: some `errors[].path` must be exactly this. */
  errorPath?: string;
  /** What the detail must say, so a person can act on it. */
  detail?: RegExp;
  /** The agreement whose version and log must not move (default microsoft-openai). */
  agreement?: string;
}

const append =
  (events: unknown[], extra: Json = {}) =>
  (version: number): CallOptions => ({ body: { expectedVersion: version, events, ...extra } });

const revenueShare = (ratePercent: unknown) => ({
  type: "RevenueShareSet",
  effectiveOn: "2026-05-01",
  termId: "new-share",
  payer: "openai",
  payee: "microsoft",
  ratePercent,
});

const cases: BadRequest[] = [
  {
    name: "malformed JSON",
    path: EVENTS,
    send: (v) => ({
      raw: `{"expectedVersion": ${v}, "events": [{"type": "NoteAdded", "text": "x"`,
      headers: { "content-type": "application/json" },
    }),
    status: 400,
    detail: /json/i,
  },
  {
    name: "a JSON body sent as text/plain",
    path: EVENTS,
    send: (v) => ({
      raw: JSON.stringify({ expectedVersion: v, events: [note("x")] }),
      headers: { "content-type": "text/plain" },
    }),
    status: 415,
    detail: /application\/json/,
  },
  {
    name: "a form-encoded body",
    path: EVENTS,
    send: (v) => ({
      raw: `expectedVersion=${v}&events=x`,
      headers: { "content-type": "application/x-www-form-urlencoded" },
    }),
    status: 415,
  },
  {
    name: "an unknown field in an event",
    path: EVENTS,
    send: append([note("x", { colour: "red" })]),
    status: 400,
    errorPath: "events.0.colour",
    detail: /colour/,
  },
  {
    name: "an unknown field in the command",
    path: EVENTS,
    send: append([note("x")], { force: true }),
    status: 400,
    errorPath: "force",
    detail: /force/,
  },
  {
    name: "an unknown field when creating an agreement",
    path: "/agreements",
    send: () => ({
      body: { id: "colourful", title: "T", parties: [{ party: "openai", role: "r" }], colour: 1 },
    }),
    status: 400,
    errorPath: "colour",
    detail: /colour/,
  },
  {
    name: "expectedVersion as a string",
    path: EVENTS,
    send: (v) => ({ body: { expectedVersion: String(v), events: [note("x")] } }),
    status: 400,
    errorPath: "expectedVersion",
  },
  {
    name: "expectedVersion negative",
    path: EVENTS,
    send: () => ({ body: { expectedVersion: -1, events: [note("x")] } }),
    status: 400,
    errorPath: "expectedVersion",
  },
  {
    name: "events not an array",
    path: EVENTS,
    send: (v) => ({ body: { expectedVersion: v, events: "NoteAdded" } }),
    status: 400,
    errorPath: "events",
  },
  {
    name: "a number where a string belongs",
    path: EVENTS,
    send: append([{ type: "NoteAdded", effectiveOn: "2026-05-01", text: 42 }]),
    status: 400,
    errorPath: "events.0.text",
  },
  {
    name: "a string where a number belongs",
    path: EVENTS,
    send: append([revenueShare("20")]),
    status: 400,
    errorPath: "events.0.ratePercent",
  },
  {
    name: "the impossible date 2026-02-30 in effectiveOn",
    path: EVENTS,
    send: append([note("x", { effectiveOn: "2026-02-30" })]),
    status: 400,
    errorPath: "events.0.effectiveOn",
    detail: /date/,
  },
  {
    name: "an out-of-range rate of 150%",
    path: EVENTS,
    send: append([revenueShare(150)]),
    status: 400,
    errorPath: "events.0.ratePercent",
    detail: /100/,
  },
  {
    name: "an unknown event type",
    path: EVENTS,
    send: append([{ type: "ExclusivityGrantedd", termId: "x" }]),
    status: 400,
    errorPath: "events.0.type",
    detail: /ExclusivityGrantedd/,
  },
  {
    name: "an empty events array",
    path: EVENTS,
    send: append([]),
    status: 400,
    errorPath: "events",
  },
  {
    name: "a body over 256 KiB",
    path: EVENTS,
    send: append([note("x".repeat(300 * 1024))]),
    status: 413,
    detail: /256/,
  },
  {
    name: "an invalid dryRun flag",
    path: `${EVENTS}?dryRun=yes`,
    send: append([note("x")]),
    status: 400,
    errorPath: "dryRun",
  },
  {
    name: "an append to an agreement that does not exist",
    path: "/agreements/no-such-agreement/events",
    send: () => ({ body: { expectedVersion: 1, events: [note("x")] } }),
    status: 404,
    detail: /no-such-agreement/,
  },
  {
    name: "ending a term that already ended",
    path: EVENTS,
    send: append([
      { type: "ExclusivityEnded", effectiveOn: "2026-05-01", termId: "azure-api-exclusivity" },
    ]),
    status: 422,
    detail: /azure-api-exclusivity/,
  },
  {
    name: "ending a term before it is in force",
    path: EVENTS,
    send: append([
      { type: "FirstShipPriorityEnded", effectiveOn: "2026-03-01", termId: "azure-first-ship" },
    ]),
    status: 422,
    errorPath: "events.0.effectiveOn",
    detail: /azure-first-ship/,
  },
  {
    name: "a dry run of a change the rules refuse",
    path: `${EVENTS}?dryRun=true`,
    send: append([
      { type: "ExclusivityEnded", effectiveOn: "2026-05-01", termId: "azure-api-exclusivity" },
    ]),
    status: 422,
    detail: /azure-api-exclusivity/,
  },
  {
    name: "creating an agreement whose id exists",
    path: "/agreements",
    send: () => ({
      body: { id: MS, title: "Again", parties: [{ party: "openai", role: "model developer" }] },
    }),
    status: 409,
    detail: /microsoft-openai/,
  },
  {
    name: "a multi-event commit whose second event breaks a rule",
    path: EVENTS,
    send: append([note("first, valid"), { type: "ExclusivityEnded", termId: "no-such-term" }]),
    status: 422,
    errorPath: "events.1.termId",
    detail: /no-such-term/,
  },
  {
    name: "a multi-event commit whose second event is malformed",
    path: EVENTS,
    send: append([note("first, valid"), note("", { effectiveOn: "2026-02-30" })]),
    status: 400,
    errorPath: "events.1.effectiveOn",
  },
  {
    name: "a commit that grants a term and then amends an unknown one",
    path: `/agreements/amazon-openai/events`,
    agreement: "amazon-openai",
    send: append([
      {
        type: "DistributionRightGranted",
        effectiveOn: "2026-05-01",
        termId: "bedrock-extra",
        providers: ["aws"],
        products: ["gpt-oss"],
      },
      { type: "TermAmended", effectiveOn: "2026-05-02", termId: "missing", changes: { a: 1 } },
    ]),
    status: 422,
    errorPath: "events.1.termId",
  },
  // Reads: bad queries are refused too, and (checked like the rest) change nothing.
  {
    name: "the impossible date 2026-02-30 in at=",
    method: "GET",
    path: `/agreements/${MS}?at=2026-02-30`,
    status: 400,
    errorPath: "at",
  },
  {
    name: "an unknown product in an entitlements query",
    method: "GET",
    path: "/entitlements?product=windows&provider=aws&at=2026-05-01",
    status: 400,
    errorPath: "product",
    detail: /product/,
  },
  {
    name: "an unknown provider in an entitlements query",
    method: "GET",
    path: "/entitlements?product=openai-api&provider=ibm-cloud&at=2026-05-01",
    status: 400,
    errorPath: "provider",
    detail: /provider/,
  },
  {
    name: "an unknown segment",
    method: "GET",
    path: "/entitlements?product=openai-api&provider=aws&segment=military",
    status: 400,
    errorPath: "segment",
  },
  {
    name: "a knownAt that is not an instant",
    method: "GET",
    path: "/agreements?knownAt=yesterday",
    status: 400,
    errorPath: "knownAt",
    detail: /knownAt: must be an instant with its time and offset, such as 2026-05-01T00:00:00Z/,
  },
  {
    name: "a knownAt that is a day, not an instant",
    method: "GET",
    path: "/entitlements?product=openai-api&provider=aws&knownAt=2026-05-01",
    status: 400,
    errorPath: "knownAt",
    detail: /such as 2026-05-01T00:00:00Z/,
  },
  {
    name: "a question without its provider",
    method: "GET",
    path: "/entitlements?product=openai-api&at=2026-05-01",
    status: 400,
    errorPath: "provider",
    detail: /^The query is not valid: provider: is required$/,
  },
  {
    name: "an event without its required text",
    path: EVENTS,
    send: append([{ type: "NoteAdded" }]),
    status: 400,
    detail: /text: is required/,
  },
  {
    name: "a knownAt with an impossible date",
    method: "GET",
    path: `/agreements/${MS}?knownAt=2026-02-30T00:00:00Z`,
    status: 400,
    errorPath: "knownAt",
  },
  {
    name: "an impossible from= on deadlines",
    method: "GET",
    path: "/deadlines?from=2026-02-30",
    status: 400,
    errorPath: "from",
  },
  // A cursor without the page size it resumes was dropped unseen: the whole list came back.
  ...["/deadlines", "/agreements", "/agreement-details", "/open-disputes", "/open-questions"].map(
    (path) => ({
      name: `a cursor without limit: ${path}`,
      method: "GET",
      path: `${path}?cursor=YWJj`,
      status: 400,
      errorPath: "cursor",
      detail: /cursor: goes with limit/,
    }),
  ),
  // DynamoDB refuses a key range whose end is before its start: each was a 500.
  ...[
    "/deadlines?from=2030-01-01&to=2020-01-01",
    "/deadlines?from=2030-01-01&to=2020-01-01&limit=2",
    "/deadlines?from=2030-01-01&to=2020-01-01&knownAt=2026-11-01T00:00:00Z",
    "/deadlines?to=2020-01-01",
    "/deadlines.ics?from=2030-01-01&to=2020-01-01",
    "/changes?from=2030-01-01&to=2020-01-01",
    "/changes.csv?from=2030-01-01&to=2020-01-01",
  ].map((path) => ({
    name: `a range that runs backwards: ${path}`,
    method: "GET",
    path,
    status: 400,
    errorPath: "to",
    detail: /to: must not be before from \(20\d\d-\d\d-\d\d\)/,
  })),
];

describe("a bad request is refused with a problem and changes nothing", () => {
  it.each(cases)("$name → $status", async (bad) => {
    const agreementId = bad.agreement ?? MS;
    const before = await footprint(api, agreementId);
    const list = await api.get("/agreements");

    const response = await api.call(bad.method ?? "POST", bad.path, {
      token: "editor-a",
      ...bad.send?.(before.version),
    });

    expect(response.status).toBeLessThan(500);
    const problem = expectProblem(response, bad.status);
    if (bad.errorPath) {
      expect(problem.errors, response.text).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ path: bad.errorPath, message: expect.any(String) }),
        ]),
      );
    }
    if (bad.detail) expect(problem.detail).toMatch(bad.detail);

    expect(await footprint(api, agreementId)).toEqual(before);
    const after = await api.get("/agreements");
    expect(after.body.agreements).toEqual(list.body.agreements);
  });
});
