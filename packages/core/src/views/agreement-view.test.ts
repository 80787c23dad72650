import { describe, expect, it } from "vitest";
import type { AgreementState } from "../agreement/state.ts";
import { foldReference } from "../testing/in-memory-agreements.ts";
import { agreementAt as viewAt } from "./agreement-view.ts";
import { namesIn } from "./names.ts";

const { agreements: states, catalog } = foldReference();
const names = namesIn(catalog);
const agreementAt = (state: AgreementState, at: string) => viewAt(state, at, names);
const byId = (id: string) => states.find((state) => state.id === id) as AgreementState;
const microsoft = byId("microsoft-openai");
const amazon = byId("amazon-openai");

const before = agreementAt(microsoft, "2026-03-15");
const after = agreementAt(microsoft, "2026-05-01");
const term = (view: ReturnType<typeof agreementAt>, id: string) => {
  const found = view.terms.find((candidate) => candidate.id === id);
  if (!found) throw new Error(`no term ${id} in ${view.id}`);
  return found;
};
const dispute = (view: ReturnType<typeof agreementAt>, id: string) =>
  view.disputes.find((candidate) => candidate.id === id);

describe("agreementAt on microsoft-openai", () => {
  it("is the same active agreement on both dates", () => {
    for (const view of [before, after]) {
      expect(view).toMatchObject({ id: "microsoft-openai", status: "active", version: 24 });
      expect(view.started).toEqual({ on: "2019-01-01", precision: "year" });
    }
    expect(before.at).toBe("2026-03-15");
    expect(after.amendments).toMatchObject([{ on: "2026-04-27", precision: "day" }]);
  });

  describe("Microsoft's license to OpenAI IP", () => {
    it("is exclusive, with no end, on 2026-03-15", () => {
      const license = term(before, "microsoft-ip-license");
      expect(license.status).toBe("in-force");
      expect(license.attributes).toMatchObject({ exclusive: true });
      expect(license.attributes.until).toBeUndefined();
      expect(license.effective).toEqual({
        from: "2022-01-01",
        fromPrecision: "year",
        to: null,
        toPrecision: null,
        endCondition: null,
      });
    });

    it("is non-exclusive through 2032, known only to the year, on 2026-05-01", () => {
      const license = term(after, "microsoft-ip-license");
      expect(license.status).toBe("in-force");
      expect(license.attributes).toMatchObject({ exclusive: false, until: "2032" });
      expect(license.effective).toMatchObject({ to: "2032-12-31", toPrecision: "year" });
      expect(license.changes).toMatchObject([
        { on: "2026-04-27", summary: "The license becomes non-exclusive and runs through 2032" },
      ]);
    });

    // Regression: describeTerm once kept the grant's summary ("Microsoft's exclusive license ...")
    // after an amendment had made it untrue.
    it("is described as non-exclusive once it is", () => {
      expect(term(after, "microsoft-ip-license").summary).toContain("non-exclusive");
    });
  });

  describe("Microsoft's API-layer exclusivity", () => {
    it("is in force on 2026-03-15 and ended on 2026-05-01", () => {
      expect(term(before, "azure-api-exclusivity").status).toBe("in-force");
      const ended = term(after, "azure-api-exclusivity");
      expect(ended.status).toBe("ended");
      expect(ended.ended).toMatchObject({
        on: "2026-04-27",
        precision: "day",
        reason: "Microsoft's exclusivity at the API layer ends",
      });
      expect(ended.effective).toMatchObject({ from: "2022-01-01", fromPrecision: "year" });
      expect(ended.sources.map(({ publication }) => publication)).toContain("Microsoft Blog");
    });

    it("cites each source once, though its grant and its end both cite Reuters and CNBC", () => {
      const cited = term(after, "azure-api-exclusivity").sources.map(
        ({ publication, title }) => `${publication}|${title ?? ""}`,
      );
      expect(cited).toEqual([...new Set(cited)]);
      expect(cited).toEqual(
        expect.arrayContaining([
          "Reuters|",
          "CNBC|",
          "Microsoft Blog|The next chapter of the Microsoft–OpenAI partnership",
        ]),
      );
    });

    // Regression: termEnd is "the last day the term holds ... the day before it was ended", and
    // `to` is inclusive for an `until`; an ended term once got its end day instead.
    it("gives the last day it held as effective.to, as an until date would", () => {
      const ended = term(after, "azure-api-exclusivity");
      expect(ended.effective).toMatchObject({ to: "2026-04-26", toPrecision: "day" });
    });

    it("and the terms that replace it are not yet effective on 2026-03-15", () => {
      expect(term(before, "any-cloud-distribution").status).toBe("not-yet-effective");
      expect(term(before, "azure-first-ship").status).toBe("not-yet-effective");
      expect(term(after, "any-cloud-distribution").status).toBe("in-force");
    });
  });

  describe("disputes", () => {
    it("lists the two disputes of the amendment as open on 2026-05-01", () => {
      expect(dispute(after, "amendment-date")).toMatchObject({
        kind: "conflicting-reports",
        status: "open",
        raisedOn: "2026-04-27",
        resolvedOn: null,
      });
      const stateless = dispute(after, "stateless-api-exclusivity");
      expect(stateless).toMatchObject({ status: "open", concerns: { classes: ["stateless-api"] } });
      expect(stateless?.sources.map(({ publication }) => publication)).toContain(
        "Two press reports",
      );
    });

    // Regression: disputeView once called a dispute raised after `at` "open", while the
    // entitlement evaluator (isOpenOn) does not count it until it is raised.
    it("does not call a dispute open before it was raised", () => {
      const raisedLater = before.disputes.filter(({ raisedOn }) => raisedOn > before.at);
      expect(raisedLater.map(({ id }) => id).sort()).toEqual([
        "amendment-date",
        "stateless-api-exclusivity",
      ]);
      for (const item of raisedLater) expect(item.status).not.toBe("open");
    });

    it("shows Microsoft's dispute of the Amazon deal open, then resolved", () => {
      const open = dispute(agreementAt(amazon, "2026-03-15"), "microsoft-disputes-amazon-deal");
      expect(open).toMatchObject({
        status: "open",
        claimedBy: "microsoft",
        raisedOn: "2026-02-01",
        resolution: null,
      });
      // Before it was raised it is listed as not yet raised, citing nothing yet.
      const early = dispute(agreementAt(amazon, "2025-06-01"), "microsoft-disputes-amazon-deal");
      expect(early).toMatchObject({ status: "not-yet-raised", sources: [] });
      const resolved = dispute(agreementAt(amazon, "2026-05-01"), "microsoft-disputes-amazon-deal");
      expect(resolved).toMatchObject({ status: "resolved", resolvedOn: "2026-04-27" });
      expect(resolved?.resolution).toContain("Overtaken by the amended Microsoft–OpenAI agreement");
    });
  });

  describe("open questions", () => {
    it("include the undisclosed cap and the unknown first-ship window on 2026-05-01", () => {
      expect(after.openQuestions).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            termId: "openai-pays-microsoft",
            origin: "derived",
            answer: null,
            question: expect.stringContaining("undisclosed"),
          }),
          expect.objectContaining({
            termId: "azure-first-ship",
            origin: "derived",
            question: expect.stringContaining("first-ship window"),
          }),
        ]),
      );
    });

    it("do not ask about the cap before the cap was agreed", () => {
      expect(before.openQuestions.map(({ termId }) => termId)).not.toContain(
        "openai-pays-microsoft",
      );
      expect(term(before, "openai-pays-microsoft").attributes.cap).toBeUndefined();
      expect(term(after, "openai-pays-microsoft").attributes).toMatchObject({
        ratePercent: 20,
        until: "2030",
        untilCondition: null,
        cap: { disclosed: false },
      });
    });

    it("keep recorded questions beside derived ones (amazon-openai)", () => {
      const view = agreementAt(amazon, "2026-05-01");
      expect(view.openQuestions.map(({ id, origin }) => `${origin}:${id}`)).toEqual(
        expect.arrayContaining([
          "recorded:frontier-hosting",
          "derived:amazon-contingent-tranches:conditions",
        ]),
      );
    });
  });
});

describe("the sources an agreement cites on a date", () => {
  const publications = (sources: { publication: string }[]) =>
    sources.map(({ publication }) => publication).sort();

  it("cite for OpenAI's revenue share on 2026-03-15 only its 2022 terms, not the amendment of 2026-04-27", () => {
    // RevenueShareSet (2022): Reuters, CNBC. The amendment and the cap (2026-04-27) add the
    // Microsoft Blog, OpenAI and TechCrunch.
    expect(publications(term(before, "openai-pays-microsoft").sources)).toEqual([
      "CNBC",
      "Reuters",
    ]);
    expect(publications(term(after, "openai-pays-microsoft").sources)).toEqual([
      "CNBC",
      "Microsoft Blog",
      "OpenAI",
      "Reuters",
      "TechCrunch",
    ]);
  });

  it("cite for Microsoft's dispute of the Amazon deal its claim while open, and its resolution once resolved", () => {
    // Raised in February 2026 (Microsoft, Financial Times); resolved on 2026-04-27 by the
    // amended agreement (Microsoft Blog, CNBC, Reuters).
    const open = dispute(agreementAt(amazon, "2026-03-15"), "microsoft-disputes-amazon-deal");
    expect(open?.status).toBe("open");
    expect(publications(open?.sources ?? [])).toEqual(["Financial Times", "Microsoft"]);
    // Before it was raised it is listed as not yet raised, citing nothing yet.
    const early = dispute(agreementAt(amazon, "2025-06-01"), "microsoft-disputes-amazon-deal");
    expect(early).toMatchObject({ status: "not-yet-raised", sources: [] });
    const resolved = dispute(agreementAt(amazon, "2026-05-01"), "microsoft-disputes-amazon-deal");
    expect(resolved?.status).toBe("resolved");
    expect(publications(resolved?.sources ?? [])).toEqual([
      "CNBC",
      "Financial Times",
      "Microsoft",
      "Microsoft Blog",
      "Reuters",
    ]);
  });
});
