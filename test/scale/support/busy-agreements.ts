import type { PendingEvent } from "@termline/core";
import { expect } from "vitest";
import { type ApiHarness, TENANT } from "../../api/support.ts";

/** The most events one commit of the store takes: an import writes in commits this size. */
export const IMPORT_CHUNK = 98;

/**
 * A catalog of one product on one cloud, and an agreement granting it there until mid-2030
 * (versions 1 and 2), recorded through the API: what the suites of long histories build on.
 */
export async function givenCodexOnAws(api: ApiHarness, agreementId: string, title: string) {
  const post = (path: string, body: unknown) => api.call("POST", path, { body });
  for (const [kind, entry] of [
    ["parties", { id: "openai", name: "OpenAI" }],
    ["parties", { id: "amazon", name: "Amazon" }],
    ["providers", { id: "aws", name: "AWS", party: "amazon", channel: "cloud" }],
    ["product-classes", { id: "coding-agent", name: "Coding agents" }],
    ["products", { id: "codex", name: "Codex", class: "coding-agent", owner: "openai" }],
  ] as const)
    expect((await post(`/catalog/${kind}`, entry)).status).toBe(201);
  const created = await post("/agreements", {
    id: agreementId,
    title,
    parties: [
      { party: "openai", role: "licensor" },
      { party: "amazon", role: "distributor" },
    ],
    effectiveOn: "2026-01-01",
  });
  expect(created.status, created.text).toBe(201);
  const granted = await post(`/agreements/${agreementId}/events`, {
    expectedVersion: 1,
    events: [
      {
        type: "DistributionRightGranted",
        effectiveOn: "2026-02-01",
        termId: "codex-on-aws",
        providers: ["aws"],
        products: ["codex"],
        until: "2030-06-30",
      },
    ],
  });
  expect(granted.status, granted.text).toBe(201);
}

/**
 * Events written straight through the store after version `from`, in full commits, as an
 * import would: thousands in seconds, with no view written (the projector's work).
 */
export async function writeBehind(
  api: ApiHarness,
  agreementId: string,
  events: PendingEvent[],
  from: number,
) {
  for (let start = 0; start < events.length; start += IMPORT_CHUNK)
    await api.runtime.eventStore.append({
      tenant: TENANT,
      agreementId,
      expectedVersion: from + start,
      events: events.slice(start, start + IMPORT_CHUNK),
      recordedAt: api.now().toISOString(),
      recordedBy: "importer",
      newEventId: api.runtime.newId,
    });
}
