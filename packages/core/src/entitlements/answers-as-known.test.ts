import { describe, expect, it } from "vitest";
import type { Catalog, Product } from "../catalog/catalog.ts";
import { deriveDeadlines } from "../deadlines/derive.ts";
import { defaultAgreement, givenAgreement, type Step } from "../testing/decider-spec.ts";
import { foldReference, referenceCatalog } from "../testing/in-memory-agreements.ts";
import { namesIn } from "../views/names.ts";
import { type Entitlement, evaluateEntitlement } from "./evaluate.ts";

/**
 * How sure an answer is, what it cites, and how far a first-ship priority reaches: each case
 * is a small agreement read as counsel would read it, or a fact of the reference case.
 */
let count = 0;
const deal = (...steps: Step[]) =>
  givenAgreement({ ...defaultAgreement, id: `deal-${++count}` }, ...steps).state;
const ask = (
  states: ReturnType<typeof deal>[],
  product: string,
  provider: string,
  at: string,
  catalog: Catalog = referenceCatalog,
): Entitlement =>
  evaluateEntitlement(states, { product, provider, at, segment: "commercial" }, catalog);
const codes = (answer: Entitlement) => answer.reasons.map(({ code }) => code);
const codexTo = (over: Record<string, unknown> = {}) => ({
  type: "DistributionRightGranted",
  effectiveOn: "2025-01-01",
  termId: "codex-grant",
  providers: ["aws"],
  products: ["codex"],
  ...over,
});

describe("certainty", () => {
  it("is uncertain inside the span of a start known only to the month, certain outside it", () => {
    const states = [deal(codexTo({ effectiveOn: "2026-03" }))];
    const inside = ask(states, "codex", "aws", "2026-03-15");
    expect(inside).toMatchObject({ decision: "allowed", certainty: "uncertain" });
    expect(inside.reasons.find(({ code }) => code === "imprecise-date")?.summary).toContain(
      "starts Mar 2026",
    );
    expect(ask(states, "codex", "aws", "2026-04-01")).toMatchObject({
      certainty: "certain",
      decision: "allowed",
    });
    expect(ask(states, "codex", "aws", "2026-02-28")).toMatchObject({
      certainty: "certain",
      decision: "denied",
    });
  });

  it("is uncertain in the last year of a term that runs until a year", () => {
    const states = [deal(codexTo({ until: "2030" }))];
    expect(ask(states, "codex", "aws", "2030-06-01").certainty).toBe("uncertain");
    expect(ask(states, "codex", "aws", "2029-06-01").certainty).toBe("certain");
    expect(ask(states, "codex", "aws", "2031-01-01")).toMatchObject({
      decision: "denied",
      certainty: "certain",
    });
  });

  it("stays certain when the imprecise date changes nothing for this cell", () => {
    const states = [deal(codexTo(), codexTo({ termId: "again", effectiveOn: "2026-03" }))];
    expect(ask(states, "codex", "aws", "2026-03-15")).toMatchObject({
      decision: "allowed",
      certainty: "certain",
    });
  });

  it("is uncertain where the answer rests on a disputed term (the stateless API after the amendment)", () => {
    const { agreements, catalog } = foldReference();
    const answer = ask(agreements, "openai-api", "aws", "2026-05-01", catalog);
    expect(answer).toMatchObject({ decision: "conditional", certainty: "uncertain" });
    expect(codes(answer)).toContain("disputed");
    expect(answer.reasons.find(({ code }) => code === "disputed")?.summary).toMatch(
      /^Contested since /,
    );
  });
});

describe("what a reason says of its term", () => {
  const { agreements, catalog } = foldReference();

  it("cites only the sources in force on the asked date, and marks later changes as later", () => {
    const march = ask(agreements, "openai-api", "aws", "2026-03-15", catalog);
    const api = march.reasons.find(({ termId }) => termId === "azure-api-exclusivity");
    const cited = api?.sources.map(({ publication }) => publication) ?? [];
    expect(cited).toEqual(expect.arrayContaining(["Microsoft", "Reuters"]));
    expect(cited).not.toContain("Microsoft Blog");
    expect(api?.later).toEqual([{ on: "2026-04-27", precision: "day" }]);
  });

  it("marks a later day once, however many changes take effect on it", () => {
    // Two amendments both take effect on 1 July 2026 (an extension, then a correction of it);
    // asked in May, the grant is in force and has one later day, not two.
    const amend = (until: string) => ({
      type: "TermAmended",
      effectiveOn: "2026-07-01",
      termId: "codex-grant",
      changes: { until },
      sources: [{ publication: "Reuters", kind: "press" }],
    });
    const states = [deal(codexTo(), amend("2030-12-31"), amend("2031-06-30"))];
    const grant = ask(states, "codex", "aws", "2026-05-01").reasons.find(
      ({ termId }) => termId === "codex-grant",
    );
    expect(grant?.later).toEqual([{ on: "2026-07-01", precision: "day" }]);
  });

  it("says what a reason rests on: the parties' own word, or press reports alone", () => {
    const may = ask(agreements, "openai-api", "aws", "2026-05-01", catalog);
    expect(may.reasons.find(({ termId }) => termId === "any-cloud-distribution")?.evidence).toBe(
      "primary",
    );
    // Only Reuters reported the government deal.
    const government = evaluateEntitlement(
      agreements,
      { product: "openai-api", provider: "aws", at: "2026-05-01", segment: "government" },
      catalog,
    );
    const deal = government.reasons.find(({ termId }) => termId === "aws-government-distribution");
    expect(deal?.evidence).toBe("press-only");
    expect(deal?.summary).toMatch(/\[press reports only\]$/);
  });

  it("carries the term's effective period at the precision it is known", () => {
    const march = ask(agreements, "openai-api", "aws", "2026-03-15", catalog);
    const api = march.reasons.find(({ termId }) => termId === "azure-api-exclusivity");
    expect(api?.effective).toMatchObject({ from: "2022-01-01", fromPrecision: "year" });
  });
});

describe("a first-ship priority", () => {
  const priority = (over: Record<string, unknown>) => ({
    type: "FirstShipPriorityGranted",
    effectiveOn: "2026-04-27",
    termId: "first-ship",
    holder: "azure",
    products: ["codex"],
    windowDays: null,
    ...over,
  });
  const launching = (availableFrom: string): Catalog => withCodex({ availableFrom });
  const withCodex = (launch: Partial<Product>): Catalog => ({
    ...referenceCatalog,
    products: referenceCatalog.products.map((product) =>
      product.id === "codex" ? { ...product, ...launch } : product,
    ),
  });

  it("with a window of unknown length holds other clouds back (conditional)", () => {
    const states = [deal(codexTo(), priority({}))];
    expect(ask(states, "codex", "aws", "2026-06-01", launching("2026-05-01")).decision).toBe(
      "conditional",
    );
  });

  it("with a known window binds only during it after the product's launch", () => {
    const states = [deal(codexTo(), priority({ windowDays: 90 }))];
    const catalog = launching("2026-05-01");
    expect(ask(states, "codex", "aws", "2026-06-01", catalog).decision).toBe("conditional");
    const after = ask(states, "codex", "aws", "2026-07-30", catalog);
    expect(after.decision).toBe("allowed");
    expect(codes(after)).toContain("first-ship-priority-moot");
    expect(
      ask(states, "codex", "aws", "2026-06-01", launching("2026-05-01")).reasons[1]?.summary,
    ).toContain("90 days");
  });

  it("with a window of 0 days never holds anyone back", () => {
    const states = [deal(codexTo(), priority({ windowDays: 0 }))];
    expect(ask(states, "codex", "aws", "2026-06-01", launching("2026-05-01")).decision).toBe(
      "allowed",
    );
  });

  it("does not bind a product that launched before the priority began", () => {
    const states = [deal(codexTo(), priority({}))];
    const answer = ask(states, "codex", "aws", "2026-06-01", launching("2025-08"));
    expect(answer.decision).toBe("allowed");
    expect(
      answer.reasons.find(({ code }) => code === "first-ship-priority-moot")?.summary,
    ).toContain("was available (Aug 2025) when the priority began");
  });

  // "open-weight gpt-oss-20b and gpt-oss-120b were already on Bedrock" (AWS, 2026-04-28): the
  // launch is unreported, only bounded; a priority that began that day or later cannot bind it.
  it("does not bind a product known to be available on or before the day it began", () => {
    const states = [deal(codexTo(), priority({}))];
    const answer = ask(
      states,
      "codex",
      "aws",
      "2026-06-01",
      withCodex({ availableBy: "2026-04-27" }),
    );
    expect(answer.decision).toBe("allowed");
    expect(
      answer.reasons.find(({ code }) => code === "first-ship-priority-moot")?.summary,
    ).toContain("was available (on or before 27 Apr 2026) when the priority began");
  });

  it("binds a product known only to be available by a later day, within its window from then", () => {
    const states = [deal(codexTo(), priority({ windowDays: 30 }))];
    const catalog = withCodex({ availableBy: "2026-05-10" });
    expect(ask(states, "codex", "aws", "2026-05-20", catalog).decision).toBe("conditional");
    // 30 days after the latest day it could have launched, the window is surely over.
    expect(ask(states, "codex", "aws", "2026-06-09", catalog).decision).toBe("allowed");
  });

  it("is never a reason to call a product with only an on-or-before date unavailable", () => {
    const states = [deal(codexTo(), priority({}))];
    const early = ask(
      states,
      "codex",
      "aws",
      "2026-02-01",
      withCodex({ availableBy: "2026-04-27" }),
    );
    expect(codes(early)).not.toContain("not-yet-available");
    expect(early.decision).toBe("allowed");
  });
});

describe("a term and its agreement", () => {
  it("ends with its agreement unless recorded to run longer, and the reason says so", () => {
    const ending = givenAgreement(
      { ...defaultAgreement, id: "ending", endsOn: "2030-06-30" },
      codexTo(),
      codexTo({ termId: "longer", providers: ["google-cloud"], until: "2032" }),
    ).state;
    expect(ask([ending], "codex", "aws", "2030-06-30").decision).toBe("allowed");
    const after = ask([ending], "codex", "aws", "2030-07-01");
    expect(after.decision).toBe("denied");
    expect(after.reasons.find(({ code }) => code === "expired")?.summary).toContain(
      "ended with its agreement",
    );
    expect(ask([ending], "codex", "google-cloud", "2031-01-01").decision).toBe("allowed");
  });
});

describe("an end known only to the year", () => {
  const exclusive = {
    type: "ExclusivityGranted",
    effectiveOn: "2025-01-01",
    termId: "excl",
    holder: "azure",
    scope: "third-party-cloud-distribution",
    products: ["codex"],
  };
  const anyCloud = codexTo({ termId: "any", providers: "any-cloud" });
  const byEnd = deal(anyCloud, exclusive, {
    type: "ExclusivityEnded",
    effectiveOn: "2027",
    termId: "excl",
  });
  const byUntil = deal(anyCloud, { ...exclusive, until: "2027" });

  it("reads the same whether recorded as an end in 2027 or as `until: 2027`: held through 2027, uncertain within it", () => {
    for (const states of [[byEnd], [byUntil]]) {
      expect(ask(states, "codex", "aws", "2026-12-31")).toMatchObject({
        decision: "denied",
        certainty: "certain",
      });
      expect(ask(states, "codex", "aws", "2027-06-01")).toMatchObject({
        decision: "denied",
        certainty: "uncertain",
      });
      expect(
        ask(states, "codex", "aws", "2028-01-01").reasons.map(({ code }) => code),
      ).not.toContain("exclusive-to-other");
    }
  });

  it("gives the same deadline either way: the last day of 2027, known to the year", () => {
    const names = namesIn(referenceCatalog);
    for (const state of [byEnd, byUntil])
      expect(deriveDeadlines([state], "2026-06-01", names)).toEqual([
        expect.objectContaining({ date: "2027-12-31", precision: "year", kind: "term-end" }),
      ]);
  });
});

describe("a disputed date (the reference case: four reports say 2026-04-27, one says 2026-04-28)", () => {
  const { agreements, catalog } = foldReference();
  const matrixOn = (at: string) =>
    catalog.products.flatMap((product) =>
      catalog.providers.map((provider) => ask(agreements, product.id, provider.id, at, catalog)),
    );
  const changesThatDay = matrixOn("2026-04-26").filter(
    (before, index) => before.decision !== matrixOn("2026-04-27")[index]?.decision,
  );

  it("makes every cell whose decision changes that day uncertain on 2026-04-27, citing the reports", () => {
    expect(changesThatDay.length).toBeGreaterThan(0);
    for (const { product, provider } of changesThatDay) {
      const answer = ask(agreements, product, provider, "2026-04-27", catalog);
      expect(answer.certainty, `${product} on ${provider}`).toBe("uncertain");
      const reason = answer.reasons.find(({ summary }) => summary.startsWith("Reports disagree"));
      expect(reason).toMatchObject({ code: "disputed", agreementId: "microsoft-openai" });
      expect(reason?.summary).toContain("27 Apr 2026 or 28 Apr 2026");
    }
  });

  it("leaves the days around it alone", () => {
    for (const at of ["2026-04-26", "2026-04-28"])
      for (const answer of matrixOn(at))
        expect(answer.reasons.some(({ summary }) => summary.startsWith("Reports disagree"))).toBe(
          false,
        );
  });
});
