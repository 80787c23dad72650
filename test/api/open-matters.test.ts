import { describe, expect, it } from "vitest";
import { storeReadsDuring } from "../support/store-reads.ts";
import {
  type ApiHarness,
  expectProblem,
  harnessForFile,
  type Json,
  SEEDED_AT,
  TENANT,
  versionOf,
} from "./support.ts";

let api: ApiHarness;

harnessForFile("open-matters", { at: SEEDED_AT }, (ready) => {
  api = ready;
});

const ids = (list: Json[]) => list.map(({ agreementId, id }) => `${agreementId}/${id}`);
const disputesOn = async (at: string) => {
  const { status, text, body } = await api.get(`/open-disputes?at=${at}`);
  expect(status, text).toBe(200);
  return body.disputes as Json[];
};
const questionsOn = async (at: string) => {
  const { status, text, body } = await api.get(`/open-questions?at=${at}`);
  expect(status, text).toBe(200);
  return body.questions as Json[];
};

/** The same question put to every agreement's page: what the home page read before. */
const fromEveryAgreement = async (at: string) => {
  const { body } = await api.get(`/agreement-details?at=${at}`);
  const agreements = body.agreements as Json[];
  return {
    disputes: agreements.flatMap((a) =>
      a.disputes.filter((d: Json) => d.status === "open").map((d: Json) => `${a.id}/${d.id}`),
    ),
    questions: agreements.flatMap((a) => a.openQuestions.map((q: Json) => `${a.id}/${q.id}`)),
  };
};

// Expected answers from shared/domain/partnership-facts.md.
describe("open disputes and questions across agreements", () => {
  it("in March 2026, Microsoft disputes the Amazon deal", async () => {
    const [dispute, ...more] = await disputesOn("2026-03-15");
    expect(more).toEqual([]);
    expect(dispute).toMatchObject({
      agreementId: "amazon-openai",
      id: "microsoft-disputes-amazon-deal",
      claimedBy: "microsoft",
      status: "open",
    });
    expect(dispute?.agreementTitle).toMatch(/Amazon/);
    expect(dispute?.claim).toMatch(/exclusive API-layer rights/);
    expect(dispute?.raisedOn.startsWith("2026-02")).toBe(true);
    expect(dispute?.sources.length).toBeGreaterThan(0);
  });

  it("after the April 2026 amendment, its date and Azure's stateless exclusivity stay disputed", async () => {
    const open = ["microsoft-openai/amendment-date", "microsoft-openai/stateless-api-exclusivity"];
    expect(ids(await disputesOn("2026-04-27"))).toEqual(open);
    expect(ids(await disputesOn("2026-06-01"))).toEqual(open);
    expect(ids(await disputesOn("2026-04-26"))).toEqual([
      "amazon-openai/microsoft-disputes-amazon-deal",
    ]);
  });

  it("asks what the sources leave unknown: the first-ship window, the cap, the tranches' conditions, Frontier's host, Google's scope", async () => {
    const questions = await questionsOn("2026-06-01");
    expect(ids(questions)).toEqual([
      "amazon-openai/amazon-contingent-tranches:conditions",
      "amazon-openai/frontier-hosting",
      "google-openai-distribution/google-scope",
      "microsoft-openai/azure-first-ship:window",
      "microsoft-openai/openai-pays-microsoft:cap",
    ]);
    expect(questions.find((q) => q.id === "azure-first-ship:window")).toMatchObject({
      origin: "derived",
      termId: "azure-first-ship",
    });
    expect(questions.find((q) => q.id === "frontier-hosting")).toMatchObject({
      origin: "recorded",
      termId: null,
    });
  });

  it("says what every agreement's page says, on any date", async () => {
    for (const at of ["2019-01-01", "2026-02-15", "2026-04-27", "2026-06-01", "2031-01-01"]) {
      const expected = fromEveryAgreement(at);
      const [disputes, questions] = await Promise.all([disputesOn(at), questionsOn(at)]);
      const sorted = (list: Json[]) => ids(list).sort();
      const { disputes: d, questions: q } = await expected;
      expect({ disputes: sorted(disputes), questions: sorted(questions) }, at).toEqual({
        disputes: d.sort(),
        questions: q.sort(),
      });
    }
  });

  it("reads one range of the index and no agreement", async () => {
    const reads = await storeReadsDuring(api.runtime, async () => {
      expect((await disputesOn("2026-06-01")).length).toBe(2);
      expect((await questionsOn("2026-06-01")).length).toBe(5);
    });
    expect(reads).toEqual({ queryItems: 2 });
  });

  it("come in pages with limit= and the next cursor, none lost, none twice", async () => {
    const whole = ids(await questionsOn("2026-06-01"));
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const query = cursor ? `&cursor=${encodeURIComponent(cursor)}` : "";
      const { status, text, body } = await api.get(`/open-questions?at=2026-06-01&limit=2${query}`);
      expect(status, text).toBe(200);
      expect(body.questions.length).toBeLessThanOrEqual(2);
      seen.push(...ids(body.questions));
      cursor = body.next;
      pages++;
    } while (cursor !== undefined && pages < 10);
    expect(pages).toBe(3);
    expect([...seen].sort()).toEqual(whole);
    // A cursor from another listing, or made up, is refused.
    const other = (await api.get("/open-disputes?at=2026-06-01&limit=1")).body.next;
    expectProblem(await api.get(`/open-questions?at=2026-06-01&limit=1&cursor=${other}`), 400);
    expectProblem(await api.get("/open-questions?limit=1&cursor=bm9wZQ"), 400);
  });

  it("as known before anything was recorded, nothing is open; pages are refused then", async () => {
    expect(
      (await api.get("/open-disputes?at=2026-06-01&knownAt=2020-01-01T00:00:00Z")).body,
    ).toEqual({ at: "2026-06-01", disputes: [] });
    expectProblem(await api.get("/open-questions?limit=5&knownAt=2020-01-01T00:00:00Z"), 400);
    expectProblem(await api.get("/open-disputes?at=2026-13-01"), 400);
  });

  it("a dispute settled or a question answered leaves the lists from its date on, at once", async () => {
    api.setNow("2026-07-01T00:00:00.000Z");
    const version = await versionOf(api, "microsoft-openai");
    const settled = await api.call("POST", "/agreements/microsoft-openai/events", {
      body: {
        expectedVersion: version,
        events: [
          {
            type: "DisputeResolved",
            effectiveOn: "2026-09-01",
            disputeId: "amendment-date",
            resolution: "The signed text is dated 2026-04-27.",
          },
          {
            type: "OpenQuestionAnswered",
            effectiveOn: "2026-09-15",
            questionId: "azure-first-ship:window",
            answer: "Thirty days before any other cloud.",
          },
        ],
      },
    });
    expect(settled.status, settled.text).toBe(201);
    expect(ids(await disputesOn("2026-08-31"))).toContain("microsoft-openai/amendment-date");
    expect(ids(await disputesOn("2026-09-01"))).toEqual([
      "microsoft-openai/stateless-api-exclusivity",
    ]);
    expect(ids(await questionsOn("2026-09-14"))).toContain(
      "microsoft-openai/azure-first-ship:window",
    );
    expect(ids(await questionsOn("2026-09-15"))).not.toContain(
      "microsoft-openai/azure-first-ship:window",
    );
    // The stream projector, delivering the same commit, agrees and writes nothing new.
    await api.projector.projectStream(TENANT, "microsoft-openai");
    expect(ids(await disputesOn("2026-09-01"))).toEqual([
      "microsoft-openai/stateless-api-exclusivity",
    ]);
    // As known before the commit, the dispute was still open on that day.
    const before = await api.get(
      `/open-disputes?at=2026-09-01&knownAt=${encodeURIComponent(SEEDED_AT)}`,
    );
    expect(ids(before.body.disputes)).toContain("microsoft-openai/amendment-date");
  });

  it("a rebuild writes the index whole again: a lost entry comes back, a stray one goes", async () => {
    const listed = () => api.runtime.viewStore.listItems(TENANT, "open-question#");
    const items = await listed();
    const lost = items.find((item) => String(item.sk).includes("frontier-hosting"));
    expect(lost).toBeDefined();
    await api.runtime.viewStore.deleteItems(TENANT, [String(lost?.sk)]);
    await api.runtime.viewStore.putItems(TENANT, [
      {
        sk: "open-question#9999-12-31#nowhere#stray#1000-01-01",
        fields: { validFrom: "1000-01-01", validTo: "9999-12-31", matter: { id: "stray" } },
      },
    ]);
    expect(ids(await questionsOn("2026-12-01"))).not.toContain("amazon-openai/frontier-hosting");
    await api.projector.rebuildAll(TENANT);
    expect((await listed()).map(({ sk }) => sk).sort()).toEqual(items.map(({ sk }) => sk).sort());
    expect(ids(await questionsOn("2026-12-01"))).toContain("amazon-openai/frontier-hosting");
  });

  it("never shows another tenant's", async () => {
    const other = await api.get("/open-disputes?at=2026-06-01", "admin-b");
    expect(other.status, other.text).toBe(200);
    expect(other.body.disputes).toEqual([]);
    expect((await api.get("/open-questions?at=2026-06-01", "admin-b")).body.questions).toEqual([]);
  });
});
