import type { TransactPut, ViewStore } from "@termline/store";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { agreementViewKey, listingKey } from "../../functions/src/projector/agreement-keys.ts";
import { createViewProjector } from "../../functions/src/projector/agreement-projection.ts";
import type { RebuildSliceReport } from "../../functions/src/projector/rebuild-slices.ts";
import { watchSnapshotReads } from "../support/store-reads.ts";
import {
  type ApiHarness,
  createApiHarness,
  expectProblem,
  grantGptOssOnGoogleAnHourLater,
  rebuildToTheEnd,
  regionalExample,
  TENANT,
} from "./support.ts";

/**
 * `POST /admin/rebuild` in slices: each call stops once its budget has passed, after a page of
 * the tenant's streams or a unit of its answers, and says where to go on. A budget of 0 and
 * pages of four streams make every call one page or one unit, so a small tenant takes many calls.
 */
let api: ApiHarness;
const OTHER = "beta";
const example = regionalExample();
/** The reference case's six agreements and acme's catalog. */
const ACME_STREAMS = 7;
let seeded: string;
const asked =
  "/entitlements?product=gpt-oss&provider=google-cloud&segment=commercial&at=2027-06-01";

const rebuildAs = (token: string) => (path: string) => api.call("POST", path, { token });

beforeAll(async () => {
  api = await createApiHarness("rebuild-slices", { rebuildSliceMs: 0, rebuildStreamPage: 4 });
  expect((await api.call("POST", "/import", { token: "admin-b", body: example })).status).toBe(200);
  // A grant recorded an hour after the seed: as known at the seed, it is not cited.
  seeded = await grantGptOssOnGoogleAnHourLater(api);
});
afterAll(() => api?.drop());

/** The reads an architect and a lawyer make, as they answer now. */
async function readsNow() {
  const paths = [
    "/agreements",
    asked,
    `${asked}&knownAt=${encodeURIComponent(seeded)}`,
    "/entitlements/matrix?segment=commercial&at=2028-01-01",
    "/deadlines",
  ];
  return Object.fromEntries(
    await Promise.all(paths.map(async (path) => [path, (await api.get(path)).body] as const)),
  );
}

// A slice a call makes many calls; beside the scale suites, on two cores, some took 14 s.
describe("POST /admin/rebuild, a slice a call", { timeout: 60_000 }, () => {
  it("given views lost, when an admin follows each `next`, then every stream is refolded once, the views are back and the past is read from revisions again", async () => {
    const { viewStore } = api.runtime;
    const before = await readsNow();
    for (const [tenant, id] of [
      [TENANT, "amazon-openai"],
      [OTHER, "lumen-nimbus"],
    ] as const) {
      await viewStore.deleteItem(tenant, agreementViewKey(id));
      await viewStore.deleteItem(tenant, listingKey(id));
    }

    const whole = await rebuildToTheEnd(rebuildAs("admin-a"), {
      onSlice: async (reply) => {
        const going = reply.body.next !== undefined;
        expect(reply.body.complete, "complete only on the last call").toBe(!going);
        expect(reply.body.failedBefore).toBe(0);
      },
    });
    expect(whole.last.body).toMatchObject({ complete: true, failed: [], failedBefore: 0 });
    expect(whole.streams, "each of acme's streams once, none of beta's").toBe(ACME_STREAMS);
    // Two pages of four of acme's streams, then a unit of the answers a call.
    expect(whole.calls).toBeGreaterThan(ACME_STREAMS);

    expect(await viewStore.getView(TENANT, agreementViewKey("amazon-openai"))).toBeDefined();
    expect(await viewStore.getView(OTHER, agreementViewKey("lumen-nimbus"))).toBeUndefined();
    expect(await readsNow()).toEqual(before);
    const past = await api.get(`${asked}&knownAt=${encodeURIComponent(seeded)}`);
    expect(JSON.stringify(past.body)).not.toContain("gpt-oss-on-google");
    expect(JSON.stringify((await api.get(asked)).body)).toContain("gpt-oss-on-google");
    const watch = watchSnapshotReads(api.runtime);
    try {
      await api.get(`${asked}&knownAt=${encodeURIComponent(seeded)}`);
      expect(watch.read(), "read from the history the rebuild wrote again").toEqual([]);
    } finally {
      watch.restore();
    }
  });

  it("answers every read as before between any two of its calls", async () => {
    const before = await readsNow();
    const whole = await rebuildToTheEnd(rebuildAs("admin-a"), {
      onSlice: async (reply) => {
        expect(await readsNow(), `after a call that said next: ${reply.body.next}`).toEqual(before);
      },
    });
    expect(whole.last.body.complete).toBe(true);
  });

  it("refuses a cursor it did not give, or another tenant's, and does nothing then", async () => {
    const { viewStore } = api.runtime;
    const first = await api.call("POST", "/admin/rebuild", { token: "admin-a" });
    const acmes = first.body.next as string;
    expect(acmes).toEqual(expect.any(String));
    await viewStore.deleteItem(OTHER, agreementViewKey("lumen-nimbus"));
    for (const [token, after] of [
      ["admin-a", "not-a-cursor"],
      ["admin-a", Buffer.from('{"step":"indexes"}').toString("base64url")],
      ["admin-b", acmes],
    ] as const) {
      const refused = await api.call("POST", `/admin/rebuild?after=${after}`, { token });
      const problem = expectProblem(refused, 400);
      expect(problem.errors).toEqual([{ path: "after", message: expect.any(String) }]);
    }
    expect(await viewStore.getView(OTHER, agreementViewKey("lumen-nimbus"))).toBeUndefined();
    // acme's cursor still goes on for acme, and beta's own rebuild puts its view back.
    const acme = await rebuildToTheEnd(rebuildAs("admin-a"), { from: acmes });
    expect(acme.last.body.complete).toBe(true);
    expect((await rebuildToTheEnd(rebuildAs("admin-b"))).streams).toBe(4);
    expect(await viewStore.getView(OTHER, agreementViewKey("lumen-nimbus"))).toBeDefined();
  });
});

/** The view store, but no write of a view of `agreementId` succeeds. */
function failingFor(viewStore: ViewStore, agreementId: string) {
  const failing: ViewStore = Object.create(viewStore);
  const refuse = (keys: string[]) => {
    if (keys.some((key) => key.endsWith(`#${agreementId}`)))
      throw new Error(`${agreementId} cannot be written`);
  };
  failing.putView = async (...args: Parameters<ViewStore["putView"]>) => {
    refuse([args[1]]);
    return viewStore.putView(...args);
  };
  failing.putViewsTogether = async (puts: TransactPut[]) => {
    refuse(puts.map(({ Item }) => String(Item.sk)));
    return viewStore.putViewsTogether(puts);
  };
  return failing;
}

describe("a rebuild in slices with a stream that cannot be written", { timeout: 60_000 }, () => {
  it("reports it in the slice that met it, and counts it in every later one, so the last does not end complete", async () => {
    const { eventStore, viewStore } = api.runtime;
    const projector = createViewProjector({
      eventStore,
      viewStore: failingFor(viewStore, "amazon-openai"),
    });
    const reports: RebuildSliceReport[] = [];
    for (let after: string | undefined; ; ) {
      const report = await projector.rebuildInSlices(TENANT, { after, budgetMs: 0, streamPage: 4 });
      reports.push(report);
      after = report.next;
      if (after === undefined) break;
    }
    const met = reports.findIndex(({ failed }) => failed.length > 0);
    // Its snapshot with its listing, and the history's copy of it.
    expect(reports[met]?.failed).toEqual([
      { tenant: TENANT, agreementId: "amazon-openai", reason: "amazon-openai cannot be written" },
      { tenant: TENANT, agreementId: "amazon-openai", reason: "amazon-openai cannot be written" },
    ]);
    expect(met, "met before the last slice, so the count is carried").toBeLessThan(
      reports.length - 1,
    );
    for (const later of reports.slice(met + 1)) {
      expect(later.failed).toEqual([]);
      expect(later.failedBefore).toBe(2);
    }
  });
});
