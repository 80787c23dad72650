import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { AgreementState } from "../agreement/state.ts";
import { dayAfter, daysAfter, eachDay } from "../calendar-days.ts";
import type { Catalog } from "../catalog/catalog.ts";
import { defaultAgreement, givenAgreement } from "../testing/decider-spec.ts";
import { foldReference, referenceCatalog } from "../testing/in-memory-agreements.ts";
import { EPOCH, portfolioOps, SPAN_DAYS } from "../testing/portfolio-arbitraries.ts";
import { buildPortfolio } from "../testing/portfolio-builder.ts";
import { type AvailabilityQuery, availabilityWindows } from "./availability.ts";
import { evaluateEntitlement } from "./evaluate.ts";

const { agreements: reference, catalog } = foldReference();

/** The windows without their reasons, as the examples below state them. */
const windowsOf = (agreements: AgreementState[], query: AvailabilityQuery, on = catalog) =>
  availabilityWindows(agreements, on, query).windows.map(({ reasons: _reasons, ...window }) => ({
    ...window,
  }));
const reasonTokens = (agreements: AgreementState[], query: AvailabilityQuery, index: number) =>
  availabilityWindows(agreements, catalog, query).windows[index]?.reasons.map(
    ({ code, termId }) => `${code} ${termId}`,
  );

describe("availability over time, from the reference facts", () => {
  const openaiApiOnAws = {
    product: "openai-api",
    provider: "aws",
    segment: "commercial",
    from: "2025-01-01",
    to: "2027-01-01",
  };

  it("denies the OpenAI API on AWS until the amendment, then makes it conditional", () => {
    // Given Microsoft's API-layer and stateless-hosting exclusivities (2022) ended on 2026-04-27
    // When asked from 2025 to 2027
    // Then denied up to 2026-04-26, conditional from 2026-04-27 to the end of the range
    expect(windowsOf(reference, openaiApiOnAws)).toEqual([
      { from: "2025-01-01", to: "2026-04-26", decision: "denied", certainty: "certain" },
      {
        from: "2026-04-27",
        to: "2027-01-01",
        decision: "conditional",
        // Two reports still say Azure keeps stateless exclusivity: the answer rests on a dispute.
        certainty: "uncertain",
        uncertainPeriods: [{ from: "2026-04-27", to: "2027-01-01" }],
      },
    ]);
    expect(reasonTokens(reference, openaiApiOnAws, 0)).toEqual([
      "exclusive-to-other azure-api-exclusivity",
      "exclusive-to-other azure-stateless-hosting",
    ]);
    expect(reasonTokens(reference, openaiApiOnAws, 1)).toEqual(
      expect.arrayContaining([
        "granted any-cloud-distribution",
        "first-ship-priority azure-first-ship",
        "disputed azure-stateless-hosting",
      ]),
    );
  });

  it("shows Frontier on AWS denied, then in conflict while both exclusivities overlap, then allowed", () => {
    const query = { ...openaiApiOnAws, product: "frontier", from: "2026-01-01", to: "2026-12-31" };
    const decisions = windowsOf(reference, query).map(({ from, to, decision }) => ({
      from,
      to,
      decision,
    }));
    expect(decisions).toEqual([
      { from: "2026-01-01", to: "2026-02-26", decision: "denied" },
      { from: "2026-02-27", to: "2026-04-26", decision: "conflict" },
      { from: "2026-04-27", to: "2026-12-31", decision: "allowed" },
    ]);
    expect(reasonTokens(reference, query, 1)).toEqual(
      expect.arrayContaining([
        "conflicting-exclusivity aws-frontier-distribution",
        "exclusive-to-other azure-api-exclusivity",
      ]),
    );
  });

  it("marks where a government deal known only to its month makes the conflict uncertain", () => {
    // AWS's government deal is dated March 2026: it contradicts Microsoft's exclusivity from
    // some day of March; in March it may not yet have been signed.
    const query = { ...openaiApiOnAws, segment: "government", from: "2026-02-01" };
    const [before, conflict, after] = windowsOf(reference, query);
    expect(before).toMatchObject({ from: "2026-02-01", to: "2026-02-28", decision: "denied" });
    expect(conflict).toEqual({
      from: "2026-03-01",
      to: "2026-04-26",
      decision: "conflict",
      certainty: "uncertain",
      uncertainPeriods: [{ from: "2026-03-01", to: "2026-03-31" }],
    });
    expect(after).toMatchObject({ from: "2026-04-27", decision: "conditional" });
  });

  it("answers a one-day range with one window, and an empty range with none", () => {
    const day = { ...openaiApiOnAws, from: "2026-04-27", to: "2026-04-27" };
    expect(windowsOf(reference, day)).toMatchObject([
      { from: "2026-04-27", to: "2026-04-27", decision: "conditional" },
    ]);
    expect(windowsOf(reference, { ...day, to: "2026-04-26" })).toEqual([]);
  });
});

describe("availability of a product the catalog dates", () => {
  it("is denied before a launch known to the month, uncertain within that month, then allowed", () => {
    // Given a grant of Codex to AWS from 2025, and Codex launching in March 2027
    const launching: Catalog = {
      ...referenceCatalog,
      products: referenceCatalog.products.map((product) =>
        product.id === "codex" ? { ...product, availableFrom: "2027-03" } : product,
      ),
    };
    const grant = {
      type: "DistributionRightGranted",
      effectiveOn: "2025-01-01",
      termId: "codex-on-aws",
      providers: ["aws"],
      products: ["codex"],
    };
    const states = [givenAgreement({ ...defaultAgreement }, grant).state];
    // When asked over 2026 and 2027
    const query = { product: "codex", provider: "aws", segment: "commercial" };
    const windows = windowsOf(
      states,
      { ...query, from: "2026-01-01", to: "2027-12-31" },
      launching,
    );
    // Then denied until the month begins; allowed from its first day, uncertain through it
    expect(windows).toEqual([
      { from: "2026-01-01", to: "2027-02-28", decision: "denied", certainty: "certain" },
      {
        from: "2027-03-01",
        to: "2027-12-31",
        decision: "allowed",
        certainty: "uncertain",
        uncertainPeriods: [{ from: "2027-03-01", to: "2027-03-31" }],
      },
    ]);
  });
});

/** Windows tile the range, each boundary changes the decision, and every day's answer agrees. */
function expectEveryDayAgrees(
  agreements: AgreementState[],
  onCatalog: Catalog,
  query: AvailabilityQuery,
): void {
  const { from, to, ...cell } = query;
  const { windows } = availabilityWindows(agreements, onCatalog, query);
  expect(windows[0]?.from).toBe(from);
  expect(windows.at(-1)?.to).toBe(to);
  windows.forEach((window, index) => {
    expect(window.from <= window.to).toBe(true);
    const next = windows[index + 1];
    if (next) {
      expect(next.from).toBe(dayAfter(window.to));
      expect(next.decision).not.toBe(window.decision);
    }
    const first = evaluateEntitlement(agreements, { ...cell, at: window.from }, onCatalog);
    expect(window.reasons).toEqual(first.reasons);
    const periods = window.uncertainPeriods ?? [];
    expect(window.certainty).toBe(periods.length > 0 ? "uncertain" : "certain");
    for (const day of eachDay(window.from, window.to)) {
      const answer = evaluateEntitlement(agreements, { ...cell, at: day }, onCatalog);
      expect(answer.decision, `${day}`).toBe(window.decision);
      const inPeriod = periods.some((period) => period.from <= day && day <= period.to);
      expect(answer.certainty === "uncertain", `${day} certainty`).toBe(inPeriod);
    }
  });
}

const PRODUCTS = ["openai-api", "frontier", "stateful-runtime", "codex", "gpt-oss"];
const PROVIDERS = ["azure", "aws", "google-cloud", "oracle-cloud", "openai-direct"];
const segment = fc.constantFrom("commercial", "government");

describe("availability windows agree with the answer on every day", () => {
  const cell = fc.record({
    product: fc.constantFrom(...PRODUCTS),
    provider: fc.constantFrom(...PROVIDERS),
    segment,
  });
  // Ranges of up to two years, starting anywhere from a quarter before the events to their end.
  const range = fc
    .record({ start: fc.integer({ min: -90, max: SPAN_DAYS }), days: fc.nat({ max: 730 }) })
    .map(({ start, days }) => {
      const from = daysAfter(EPOCH, start);
      return { from, to: daysAfter(from, days) };
    });

  it("for one cell over up to two years of three-year histories, the reference case among them", () => {
    fc.assert(
      fc.property(portfolioOps(), cell, range, (ops, asked, dates) => {
        const { agreements, catalog: onCatalog } = buildPortfolio(ops);
        expectEveryDayAgrees(agreements, onCatalog, { ...asked, ...dates });
      }),
      { numRuns: 30 },
    );
  });

  // Every event within one year, the range around it, every provider of a product: each
  // run meets every change its portfolio has, on the cells most terms name.
  const dense = { epoch: "2026-01-01", spanDays: 365, reference: false };
  const around = { from: "2025-12-01", to: "2027-01-31" };

  it("for every provider of a product over a year dense with changes", () => {
    fc.assert(
      fc.property(
        portfolioOps(dense),
        fc.constantFrom(...PRODUCTS),
        segment,
        (ops, product, inSegment) => {
          const { agreements, catalog: onCatalog } = buildPortfolio(ops);
          for (const provider of PROVIDERS)
            expectEveryDayAgrees(agreements, onCatalog, {
              product,
              provider,
              segment: inSegment,
              ...around,
            });
        },
      ),
      { numRuns: 15 },
    );
  });
});
