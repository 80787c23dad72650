import type { ViewStore } from "@termline/store";
import { afterAll, beforeAll, describe, expect, it, type MockInstance, vi } from "vitest";
import { insertRecord } from "../support/events.ts";
import { type ApiHarness, createApiHarness, TENANT } from "./support.ts";

/**
 * Renaming a catalog entry is a change of vocabulary, not of any contract: stored answers cite
 * entries by id and are read in today's names, so a rename writes no answer, and every way of
 * asking (today, as known before the rename, over a range, the matrix, as reported by a day)
 * says the new name at once.
 */
let api: ApiHarness;

beforeAll(async () => {
  api = await createApiHarness("renamed-entries");
});
afterAll(() => api.drop());

/** Every answer item, as stored: keys, versions and bodies. */
const answerItems = async () =>
  JSON.stringify(await api.runtime.viewStore.listViews(TENANT, "answer"));

/** The deadline index items a spied `putItems` was given. */
const writtenDeadlines = (spy: MockInstance<ViewStore["putItems"]>) =>
  spy.mock.calls
    .flatMap(([, items]) => items)
    .filter(({ sk }) => sk.startsWith("deadline#"))
    .map(({ fields }) => fields as { deadline: { summary: string } });

// From the reference case: Azure's first-ship priority on new OpenAI models does not bind
// Frontier on AWS in June 2026, because AWS's exclusive distribution shuts Azure out of it.
const OLD = /Microsoft Azure/;
const NEW = /Does not bind: Azure Cloud is itself excluded/;
const FRONTIER_ON_AWS = "product=frontier&provider=aws&segment=commercial";

describe("a catalog entry renamed", () => {
  it("given the reference case, when Azure is renamed, then no answer is written and every question says the new name", async () => {
    const before = await api.get(`/entitlements?${FRONTIER_ON_AWS}&at=2026-06-15`);
    expect(before.text).toMatch(/Does not bind: Microsoft Azure is itself excluded/);
    const knownBefore = api.now().toISOString();
    const stored = await answerItems();
    api.setNow("2026-06-02T09:00:00.000Z");

    const transactions = vi.spyOn(api.runtime.viewStore, "putViewsTogether");
    const items = vi.spyOn(api.runtime.viewStore, "putItems");
    try {
      const renamed = await api.call("PATCH", "/catalog/providers/azure", {
        body: { name: "Azure Cloud" },
      });
      expect(renamed.status, renamed.text).toBe(200);
      expect(transactions).not.toHaveBeenCalled();
      // Deadlines are read in today's names too: none is written again.
      expect(writtenDeadlines(items)).toEqual([]);
    } finally {
      transactions.mockRestore();
      items.mockRestore();
    }
    expect(await answerItems()).toBe(stored);

    const cell = NEW;
    // The ends of Azure's exclusivities under the earlier Microsoft–OpenAI terms.
    const deadline = /End of Azure Cloud's hosting exclusivity/;
    const asked: [string, RegExp][] = [
      [`/entitlements?${FRONTIER_ON_AWS}&at=2026-06-15`, cell],
      [
        `/entitlements?${FRONTIER_ON_AWS}&at=2026-06-15&knownAt=${encodeURIComponent(knownBefore)}`,
        cell,
      ],
      [`/entitlements?${FRONTIER_ON_AWS}&at=2026-06-15&reportedBy=2026-06-01`, cell],
      [`/entitlements/availability?${FRONTIER_ON_AWS}&from=2026-06-01&to=2026-06-30`, cell],
      [`/entitlements/matrix?segment=commercial&at=2026-06-15&reasons=true`, cell],
      [
        `/entitlements/matrix?segment=commercial&at=2026-06-15&reasons=true&knownAt=${encodeURIComponent(knownBefore)}`,
        cell,
      ],
      ["/deadlines?from=2026-04-01&to=2026-04-30&at=2026-04-01", deadline],
      ["/deadlines?from=2026-04-01&to=2026-04-30&at=2026-04-01&limit=5", deadline],
      [
        `/deadlines?from=2026-04-01&to=2026-04-30&at=2026-04-01&knownAt=${encodeURIComponent(knownBefore)}`,
        deadline,
      ],
    ];
    // The history's lines, written before the rename, read in the new name as well.
    const history = await api.get("/changes?agreement=microsoft-openai&limit=100");
    expect(history.status).toBe(200);
    const summaries = JSON.stringify(
      (history.body.changes as { term?: unknown }[]).map(({ term }) => term),
    );
    expect(summaries).toMatch(/Azure Cloud/);
    expect(summaries).not.toMatch(OLD);
    expect(history.text).not.toMatch(/[\uE000-\uE002]/);
    for (const [path, expected] of asked) {
      const answer = await api.get(path);
      expect({ path, status: answer.status }).toEqual({ path, status: 200 });
      expect(answer.text, path).toMatch(expected);
      expect(answer.text, path).not.toMatch(OLD);
      // No placeholder reaches a reader.
      expect(answer.text, path).not.toMatch(/[\uE000-\uE002]/);
    }
  });

  it("given a party renamed, when the API and then the stream apply it, then no answer or deadline is written and the deadlines say the new name", async () => {
    const stored = await answerItems();
    const items = vi.spyOn(api.runtime.viewStore, "putItems");
    try {
      const renamed = await api.call("PATCH", "/catalog/parties/microsoft", {
        body: { name: "Microsoft Corporation" },
      });
      expect(renamed.status, renamed.text).toBe(200);
      expect(writtenDeadlines(items)).toEqual([]);
    } finally {
      items.mockRestore();
    }
    expect(await answerItems()).toBe(stored);
    const [rename] = (await api.runtime.eventStore.readStream(TENANT, "_catalog", {})).slice(-1);
    if (!rename) throw new Error("the rename is in the catalog's log");
    const Records = [insertRecord(rename, "900")];
    expect(await api.projector.handler({ Records })).toEqual({ batchItemFailures: [] });
    expect(await answerItems()).toBe(stored);
    // The licence Microsoft holds to OpenAI's IP ends in 2032 (the reference case's facts).
    const deadlines = await api.get("/deadlines?from=2026-01-01");
    expect(deadlines.status).toBe(200);
    expect(deadlines.text).toMatch(/End of Microsoft Corporation's non-exclusive license/);
    expect(deadlines.text).not.toMatch(/End of Microsoft's/);
  });
});
