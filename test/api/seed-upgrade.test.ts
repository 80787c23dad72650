import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedReferenceCase } from "../../functions/src/local/seed.ts";
import { type ApiHarness, createApiHarness } from "./support.ts";

/**
 * A data directory kept from before catalogs were the tenant's own: agreements recorded, no
 * catalog. `npm start` must not leave such a tenant unable to answer.
 */
let api: ApiHarness;

beforeAll(async () => {
  api = await createApiHarness("seed-upgrade", { seed: false });
  // As the old seed wrote it: straight to the log, with ids that no catalog held then.
  await api.runtime.eventStore.append({
    tenant: "acme",
    agreementId: "aws-openai-cloud",
    expectedVersion: 0,
    events: [
      {
        type: "AgreementRecorded",
        effectiveOn: "2025-01-01",
        precision: "year",
        data: {
          title: "AWS–OpenAI cloud agreement",
          parties: [
            { party: "openai", role: "customer" },
            { party: "amazon", role: "cloud provider" },
          ],
          kind: "cloud-services",
        },
        sources: [],
      },
    ],
    recordedAt: "2026-11-01T00:00:00.000Z",
    recordedBy: "reference-seed",
    newEventId: () => "old-1",
  });
  await api.projector.projectStream("acme", "aws-openai-cloud");
});
afterAll(async () => {
  await api?.drop();
});

describe("seeding a tenant kept from before the catalog", () => {
  it("gives it the reference catalog once, and leaves its agreements as they were", async () => {
    expect((await api.get("/catalog")).body.parties).toEqual([]);
    expect(await seedReferenceCase(api.runtime, "acme")).toBe(22);
    const catalog = (await api.get("/catalog")).body;
    expect(catalog.parties.map(({ id }: { id: string }) => id)).toContain("amazon");
    expect((await api.get("/entitlements?product=codex&provider=aws&at=2026-06-01")).status).toBe(
      200,
    );
    expect(
      (await api.get("/agreements")).body.agreements.map(({ id }: { id: string }) => id),
    ).toEqual(["aws-openai-cloud"]);
    expect(await seedReferenceCase(api.runtime, "acme")).toBe(0);
  });
});
