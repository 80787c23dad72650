import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type ApiHarness,
  createApiHarness,
  expectProblem,
  footprint,
  type Json,
  note,
} from "./support.ts";

/**
 * What a change would do (dry runs) on the seeded case: every cell whose decision it alters on
 * any date, and the deadlines it moves. Real amendments moving deadlines: moved-deadlines.test.ts.
 */
let api: ApiHarness;

beforeAll(async () => {
  api = await createApiHarness("effects");
});
afterAll(async () => {
  await api?.drop();
});

const appendTo = (id: string, body: Json, headers: Record<string, string> = {}, query = "") =>
  api.call("POST", `/agreements/${id}/events${query}`, { token: "editor-a", body, headers });

const MS = "microsoft-openai";
/** An entitlement effect as one line: the cell, its period, and before → after. */
const periodText = ({ product, provider, from, to, before, after }: Json) =>
  `${product} on ${provider} ${from}..${to}: ${before} → ${after}`;

describe("dry runs", () => {
  it("ending a term previews the entitlement cells it changes, and writes nothing", async () => {
    const before = await footprint(api, "microsoft-openai");
    const response = await appendTo(
      "microsoft-openai",
      {
        expectedVersion: before.version,
        events: [
          { type: "FirstShipPriorityEnded", effectiveOn: "2026-06-01", termId: "azure-first-ship" },
        ],
      },
      {},
      "?dryRun=true",
    );
    expect(response.status, response.text).toBe(200);
    expect(response.body.version).toBe(before.version + 1);
    expect(response.body.events).toEqual([{ id: expect.any(String), version: before.version + 1 }]);
    const cells = response.body.effects.entitlements as Json[];
    expect(cells.length).toBeGreaterThan(0);
    for (const cell of cells) expect(cell.before).not.toBe(cell.after);
    // Other clouds no longer wait for Azure, from the end on and with nothing to end that.
    expect(cells).toContainEqual({
      product: "codex",
      provider: "aws",
      segment: "commercial",
      from: "2026-06-01",
      to: null,
      before: "conditional",
      after: "allowed",
    });
    for (const cell of cells) expect(cell).toMatchObject({ from: "2026-06-01", to: null });
    expect(await footprint(api, "microsoft-openai")).toEqual(before);
    const codex = await api.get("/entitlements?product=codex&provider=aws&at=2026-06-01");
    expect(codex.body.decision).toBe("conditional");
  });

  it("moving a date previews the deadline it moves, and writes nothing", async () => {
    const before = await footprint(api, "microsoft-openai");
    const response = await appendTo(
      "microsoft-openai",
      {
        expectedVersion: before.version,
        events: [
          {
            type: "LicenseAmended",
            effectiveOn: "2026-06-01",
            termId: "microsoft-ip-license",
            until: "2031-06-30",
          },
        ],
      },
      {},
      "?dryRun=true",
    );
    expect(response.status, response.text).toBe(200);
    expect(response.body.effects.deadlines).toContainEqual(
      expect.objectContaining({
        id: "microsoft-openai:microsoft-ip-license:license-end",
        before: { date: "2032-12-31", precision: "year" },
        after: { date: "2031-06-30", precision: "day" },
      }),
    );
    expect(await footprint(api, "microsoft-openai")).toEqual(before);
  });

  it("an earlier end of Microsoft's API exclusivity previews every cell and period it changes", async () => {
    // Had Microsoft's API-layer exclusivity run only to the end of 2025 (its stateless
    // hosting exclusivity unchanged), the changes fall in January–April 2026, before today.
    const before = await footprint(api, MS);
    const response = await appendTo(
      MS,
      {
        expectedVersion: before.version,
        events: [
          {
            type: "TermAmended",
            effectiveOn: "2025-01-01",
            termId: "azure-api-exclusivity",
            changes: { until: "2025" },
          },
        ],
      },
      {},
      "?dryRun=true",
    );
    expect(response.status, response.text).toBe(200);
    const cells = response.body.effects.entitlements as Json[];
    expect(cells.filter(({ segment }) => segment === "commercial").map(periodText)).toEqual([
      // Azure had the other products only through the API exclusivity.
      "frontier on azure 2026-01-01..2026-02-26: allowed → denied",
      // AWS's Frontier exclusivity no longer meets Microsoft's: Azure is shut out, AWS holds
      // it (conditional: Microsoft disputes the Amazon deal until the amendment).
      "frontier on azure 2026-02-27..2026-04-26: conflict → denied",
      "frontier on aws 2026-02-27..2026-04-26: conflict → conditional",
      "stateful-runtime on azure 2026-01-01..2026-04-26: allowed → denied",
      "stateful-runtime on aws 2026-02-27..2026-04-26: conflict → conditional",
      "codex on azure 2026-01-01..2026-04-26: allowed → denied",
      "gpt-oss on azure 2026-01-01..2026-04-26: allowed → denied",
    ]);
    // AWS's government deal (March 2026) no longer contradicts an exclusivity for Codex.
    expect(cells).toContainEqual(
      expect.objectContaining({
        product: "codex",
        provider: "aws",
        segment: "government",
        from: "2026-03-01",
        to: "2026-04-26",
        before: "conflict",
        after: "allowed",
      }),
    );
    expect(await footprint(api, MS)).toEqual(before);
  });

  it("correcting the date an exclusivity began previews the year it moves", async () => {
    const before = await footprint(api, MS);
    const log = await api.get(`/agreements/${MS}/events?limit=500`);
    const grant = (log.body.events as Json[]).find(
      (event) =>
        event.type === "ExclusivityGranted" && event.data.termId === "azure-api-exclusivity",
    );
    expect(grant?.effectiveOn).toBe("2022-01-01");
    const response = await appendTo(
      MS,
      {
        expectedVersion: before.version,
        events: [
          {
            type: "EventCorrected",
            correctsVersion: grant?.version,
            reason: "The relationship was defined in 2023",
            replacement: { ...grant?.data, effectiveOn: "2023" },
          },
        ],
      },
      {},
      "?dryRun=true",
    );
    expect(response.status, response.text).toBe(200);
    // In 2022 Azure would have had nothing but the stateless hosting (the OpenAI API).
    const commercial = (response.body.effects.entitlements as Json[])
      .filter(({ segment }) => segment === "commercial")
      .map(periodText);
    expect(commercial).toEqual(
      ["frontier", "stateful-runtime", "codex", "gpt-oss"].map(
        (product) => `${product} on azure 2022-01-01..2022-12-31: allowed → denied`,
      ),
    );
  });

  it("a note previews no entitlement change", async () => {
    const before = await footprint(api, MS);
    const response = await appendTo(
      MS,
      { expectedVersion: before.version, events: [note("what if")] },
      {},
      "?dryRun=true",
    );
    expect(response.status, response.text).toBe(200);
    expect(response.body.effects).toEqual({ entitlements: [], deadlines: [] });
  });

  it("a dry run at a stale version is refused like a real append", async () => {
    const before = await footprint(api, "microsoft-openai");
    const response = await appendTo(
      "microsoft-openai",
      { expectedVersion: before.version - 1, events: [note("what if")] },
      {},
      "?dryRun=true",
    );
    expect(expectProblem(response, 409).currentVersion).toBe(before.version);
  });
});
