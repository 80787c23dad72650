import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { dayAfter, dayBefore, daysAfter } from "../calendar-days.ts";
import { active } from "../catalog/catalog.ts";
import { foldReference } from "../testing/in-memory-agreements.ts";
import { portfolioOps } from "../testing/portfolio-arbitraries.ts";
import { buildPortfolio } from "../testing/portfolio-builder.ts";
import {
  type CitedReason,
  type ConflictPeriod,
  type ConflictStretch,
  conflictPeriods,
  conflictsWithin,
} from "./conflicts.ts";
import { evaluateEntitlement } from "./evaluate.ts";
import { entitlementMatrix } from "./matrix.ts";

const { agreements: reference, catalog } = foldReference();

/** A period as one line: the cell, the days, and the terms at odds sorted. */
const line = ({ product, provider, segment, from, to, terms }: ConflictPeriod) =>
  `${product} on ${provider} (${segment}) ${from}..${to}: ${terms
    .map(({ agreementId, termId }) => `${agreementId}/${termId}`)
    .sort()
    .join(" + ")}`;

/** The reason codes that name a term at odds in a conflict. */
const atOdds = new Set([
  "conflicting-exclusivity",
  "grant-contradicts-exclusivity",
  "exclusive-to-other",
]);

const API = "microsoft-openai/azure-api-exclusivity";
const HOST = "microsoft-openai/azure-stateless-hosting";
const AWSF = "amazon-openai/aws-frontier-distribution";
const SRB = "amazon-openai/stateful-runtime-on-bedrock";
const GOV = "amazon-openai/aws-government-distribution";

describe("conflicts in the reference case", () => {
  it("finds Frontier in conflict on AWS and Azure while the two exclusivities overlap", () => {
    // Given Microsoft's API exclusivity (2022 until 2026-04-27) and AWS's Frontier
    // exclusivity (from 2026-02-27), and the Bedrock runtime grant naming AWS
    // When the commercial segment is asked over the whole history
    const conflicts = conflictPeriods(reference, catalog, {
      from: "2019-01-01",
      to: "2035-12-31",
      segment: "commercial",
    });
    // Then these cells conflict from 2026-02-27 to 2026-04-26, and no others, ever
    expect(conflicts.map(line)).toEqual([
      `frontier on azure (commercial) 2026-02-27..2026-04-26: ${AWSF} + ${API}`,
      `frontier on aws (commercial) 2026-02-27..2026-04-26: ${AWSF} + ${API}`,
      `stateful-runtime on aws (commercial) 2026-02-27..2026-04-26: ${SRB} + ${API}`,
    ]);
    for (const { terms } of conflicts)
      for (const term of terms) {
        expect(term.summary.length).toBeGreaterThan(0);
        expect(term.sources.length).toBeGreaterThan(0);
      }
  });

  it("adds the government deal's conflicts from its month, with every term at odds in a period", () => {
    const conflicts = conflictPeriods(reference, catalog, { from: "2026-01-01", to: "2026-12-31" });
    const government = conflicts.filter(({ segment }) => segment === "government").map(line);
    expect(government).toEqual(
      expect.arrayContaining([
        // The government grant joins the Frontier conflict a few days after it began.
        `frontier on aws (government) 2026-02-27..2026-04-26: ${AWSF} + ${GOV} + ${API}`,
        `openai-api on aws (government) 2026-03-01..2026-04-26: ${GOV} + ${API} + ${HOST}`,
        `codex on aws (government) 2026-03-01..2026-04-26: ${GOV} + ${API}`,
      ]),
    );
    expect(conflicts.map(({ from }) => from)).toEqual(conflicts.map(({ from }) => from).sort());
  });

  it("finds none once Microsoft's exclusivity has ended, nor within a range that ends before", () => {
    expect(conflictPeriods(reference, catalog, { from: "2026-04-27", to: "2036-01-01" })).toEqual(
      [],
    );
    expect(conflictPeriods(reference, catalog, { from: "2019-01-01", to: "2026-02-26" })).toEqual(
      [],
    );
  });
});

describe("conflict periods are exactly the conflict cells over the range", () => {
  // Events within 2026, the range a month either side; sometimes beside the reference case.
  const dense = { epoch: "2026-01-01", spanDays: 365 };
  const range = { from: "2025-12-01", to: "2027-01-31" };
  const days = fc.uniqueArray(fc.nat({ max: 426 }), { minLength: 8, maxLength: 8 });

  it("on sampled days, and at each period's edges", () => {
    fc.assert(
      fc.property(
        portfolioOps(dense),
        fc.constantFrom(undefined, "commercial", "government"),
        days,
        (ops, segment, offsets) => {
          const { agreements, catalog: onCatalog } = buildPortfolio(ops);
          const conflicts = conflictPeriods(agreements, onCatalog, { ...range, segment });
          const segments = segment ? [segment] : active(onCatalog.segments).map(({ id }) => id);
          // Every sampled day: the matrix's conflict cells are those a period covers.
          for (const day of offsets.map((offset) => daysAfter(range.from, offset))) {
            const expected = segments.flatMap((inSegment) =>
              entitlementMatrix(agreements, day, inSegment, onCatalog)
                .cells.filter(({ decision }) => decision === "conflict")
                .map(({ product, provider }) => `${product}/${provider}/${inSegment}`),
            );
            const covered = conflicts
              .filter(({ from, to }) => from <= day && day <= to)
              .map(({ product, provider, segment: s }) => `${product}/${provider}/${s}`);
            expect(covered.sort(), day).toEqual(expected.sort());
          }
          // Every period: a conflict on its first and last day, and not the day either side.
          const decisionOn = (period: ConflictPeriod, at: string) =>
            evaluateEntitlement(agreements, { ...period, at }, onCatalog).decision;
          for (const period of conflicts) {
            expect(period.from <= period.to).toBe(true);
            expect(decisionOn(period, period.from)).toBe("conflict");
            expect(decisionOn(period, period.to)).toBe("conflict");
            if (period.from > range.from)
              expect(decisionOn(period, dayBefore(period.from))).not.toBe("conflict");
            if (period.to < range.to)
              expect(decisionOn(period, dayAfter(period.to))).not.toBe("conflict");
            // The terms at odds on its first day are among those it lists, each once.
            const keys = period.terms.map(({ agreementId, termId }) => `${agreementId}/${termId}`);
            expect(new Set(keys).size).toBe(keys.length);
            const first = evaluateEntitlement(
              agreements,
              { ...period, at: period.from },
              onCatalog,
            );
            for (const { code, agreementId, termId } of first.reasons)
              if (atOdds.has(code)) expect(keys).toContain(`${agreementId}/${termId}`);
          }
        },
      ),
      { numRuns: 15 },
    );
  });
});

describe("the terms at odds of a conflict period", () => {
  /** Reasons citing two terms with sources in turn; some equal as JSON yet other objects. */
  const source = (publication: string) => ({ publication, kind: "press" as const });
  const reason = (termId: string, summary: string, publications: string[]): CitedReason => ({
    code: "conflicting-exclusivity",
    agreementId: "deal",
    termId,
    summary,
    sources: publications.map(source),
  });
  const pool: CitedReason[] = [
    reason("a", "A", ["p1"]),
    reason("a", "A, amended", ["p1", "p2"]),
    reason("a", "A", ["p3"]),
    reason("b", "B", ["p2"]),
    reason("b", "B", ["p2", "p4"]),
    { ...reason("b", "B", []), code: "granted" },
  ];
  /** What the terms are, read plainly: each term once, first summary, every source once. */
  const plainly = (stretches: ConflictStretch[]) => {
    const terms: { agreementId: string; termId: string; summary: string; sources: unknown[] }[] =
      [];
    for (const { answer } of stretches)
      for (const { code, agreementId, termId, summary, sources } of answer.reasons) {
        if (code === "granted" || agreementId === null || termId === null) continue;
        const term = terms.find((t) => t.agreementId === agreementId && t.termId === termId);
        if (!term) terms.push({ agreementId, termId, summary, sources: [...sources] });
        else
          for (const cited of sources)
            if (!term.sources.some((seen) => JSON.stringify(seen) === JSON.stringify(cited)))
              term.sources.push(cited);
      }
    return terms;
  };

  it("given a run of stretches citing the same terms over and over, when cut into a period, then each term once, with its first summary and every source once, in the order first cited", () => {
    const stretches = fc.array(
      fc.array(fc.nat({ max: pool.length - 1 }), { minLength: 1, maxLength: 8 }),
      { minLength: 1, maxLength: 12 },
    );
    fc.assert(
      fc.property(stretches, fc.boolean(), (picks, copies) => {
        let day = "2026-01-01";
        const run: ConflictStretch[] = picks.map((indices) => {
          const from = day;
          day = daysAfter(day, 3);
          // Shared reason objects, as the read model gives them, or copies, as evaluation may.
          const reasons = indices.flatMap((index) => pool[index] ?? []);
          const cited = copies ? (JSON.parse(JSON.stringify(reasons)) as CitedReason[]) : reasons;
          return { from, to: daysAfter(from, 2), answer: { decision: "conflict", reasons: cited } };
        });
        const cell = { product: "x", provider: "y", segment: "commercial" };
        const [period] = conflictsWithin(cell, run);
        expect(period?.terms).toEqual(plainly(run));
      }),
      { numRuns: 300 },
    );
  });
});
