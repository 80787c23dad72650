import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { AgreementState } from "../agreement/state.ts";
import { dayAfter, eachDay } from "../calendar-days.ts";
import type { Catalog } from "../catalog/catalog.ts";
import { foldReference } from "../testing/in-memory-agreements.ts";
import { opArbitrary, portfolioOps } from "../testing/portfolio-arbitraries.ts";
import { buildPortfolio } from "../testing/portfolio-builder.ts";
import type { ExportedEvent } from "../transfer/export-document.ts";
import { type DecisionChange, decisionChanges } from "./decision-changes.ts";
import { entitlementMatrix } from "./matrix.ts";

const { agreements: reference, catalog } = foldReference();

/** The reference case with these events appended to one agreement's log. */
const withAppended = (agreementId: string, ...added: ExportedEvent[]) =>
  foldReference(({ id, events }) => (id === agreementId ? [...events, ...added] : events))
    .agreements;

const line = ({ product, provider, segment, from, to, before, after }: DecisionChange) =>
  `${product} on ${provider} (${segment}) ${from}..${to}: ${before} → ${after}`;

describe("what a change does on every date, from the reference facts", () => {
  const wholeHistory = { from: "2019-01-01", to: "2034-03-01", segment: "commercial" };

  it("reports every cell and period that an earlier end of Microsoft's API exclusivity changes", () => {
    // Given the reference case, and the same with Microsoft's API-layer exclusivity lapsing at
    // the end of 2025 (its hosting exclusivity for stateless calls left as it is)
    const after = withAppended("microsoft-openai", {
      type: "TermAmended",
      effectiveOn: "2025-01-01",
      termId: "azure-api-exclusivity",
      changes: { until: "2025" },
    });
    // When the two are compared over the whole history
    // Then Azure loses everything but the stateless API from 2026 to the amendment; AWS's
    // Frontier exclusivity and Bedrock runtime no longer meet a contrary exclusivity (they stay
    // conditional on Microsoft's dispute), and Azure is shut out of Frontier meanwhile
    expect(decisionChanges(reference, after, catalog, wholeHistory).map(line)).toEqual([
      "frontier on azure (commercial) 2026-01-01..2026-02-26: allowed → denied",
      "frontier on azure (commercial) 2026-02-27..2026-04-26: conflict → denied",
      "frontier on aws (commercial) 2026-02-27..2026-04-26: conflict → conditional",
      "stateful-runtime on azure (commercial) 2026-01-01..2026-04-26: allowed → denied",
      "stateful-runtime on aws (commercial) 2026-02-27..2026-04-26: conflict → conditional",
      "codex on azure (commercial) 2026-01-01..2026-04-26: allowed → denied",
      "gpt-oss on azure (commercial) 2026-01-01..2026-04-26: allowed → denied",
    ]);
  });

  it("reports a change from its date to the end of the range when nothing ends it", () => {
    // Ending Azure's first-ship priority on 2026-06-01 frees the other clouds from then on.
    const after = withAppended("microsoft-openai", {
      type: "FirstShipPriorityEnded",
      effectiveOn: "2026-06-01",
      termId: "azure-first-ship",
    });
    const changes = decisionChanges(reference, after, catalog, {
      ...wholeHistory,
      segment: "commercial",
    });
    expect(changes.map(line)).toContain(
      "codex on aws (commercial) 2026-06-01..2034-03-01: conditional → allowed",
    );
    expect(
      changes.every(({ from, before }) => from === "2026-06-01" && before === "conditional"),
    ).toBe(true);
  });

  it("reports nothing for a note", () => {
    const after = withAppended("microsoft-openai", {
      type: "NoteAdded",
      effectiveOn: "2026-05-01",
      text: "Checked with legal.",
    });
    expect(
      decisionChanges(reference, after, catalog, { from: "2019-01-01", to: "2035-01-01" }),
    ).toEqual([]);
  });
});

/** Fewer cells, so that the property can afford every day: three products on four providers. */
const smallerOf = (full: Catalog): Catalog => ({
  ...full,
  products: full.products.map((product) =>
    ["openai-api", "frontier", "codex"].includes(product.id)
      ? product
      : { ...product, retired: true },
  ),
  providers: full.providers.map((provider) =>
    provider.id === "oracle-cloud" ? { ...provider, retired: true } : provider,
  ),
});

/** Each day a cell's decision differs, as `cell|day|before>after`, from the matrix day by day. */
function dailyDifferences(
  before: AgreementState[],
  after: AgreementState[],
  onCatalog: Catalog,
  range: { from: string; to: string; segment: string },
): string[] {
  return eachDay(range.from, range.to).flatMap((day) => {
    const was = entitlementMatrix(before, day, range.segment, onCatalog).cells;
    return entitlementMatrix(after, day, range.segment, onCatalog).cells.flatMap((cell, index) => {
      const previous = was[index]?.decision;
      return previous === cell.decision
        ? []
        : [`${cell.product}/${cell.provider}/${range.segment}|${day}|${previous}>${cell.decision}`];
    });
  });
}

describe("decision changes equal the day-by-day difference of the matrix", () => {
  // Events within four months of 2026, the range a fortnight either side of them.
  const dense = { epoch: "2026-01-01", spanDays: 120, reference: false };
  const range = { from: "2025-12-15", to: "2026-05-15" };

  it("for a history and the same history with one more step", () => {
    fc.assert(
      fc.property(
        portfolioOps(dense),
        opArbitrary(dense),
        fc.nat(),
        fc.constantFrom("commercial", "government"),
        (ops, step, pick, segment) => {
          const { agreements: before, catalog: launched } = buildPortfolio(ops);
          const target = pick % ops.agreements.length;
          const changed = ops.agreements.map((steps, index) =>
            index === target ? [...steps, step] : steps,
          );
          const { agreements: after } = buildPortfolio({ ...ops, agreements: changed });
          const onCatalog = smallerOf(launched);
          const asked = { ...range, segment };
          const changes = decisionChanges(before, after, onCatalog, asked);
          const expanded = changes.flatMap((change) =>
            eachDay(change.from, change.to).map(
              (day) =>
                `${change.product}/${change.provider}/${change.segment}|${day}|${change.before}>${change.after}`,
            ),
          );
          expect(expanded.sort()).toEqual(dailyDifferences(before, after, onCatalog, asked).sort());
          // Consecutive days with the same before and after are one entry.
          changes.forEach((change, index) => {
            const next = changes[index + 1];
            const sameCell = next?.product === change.product && next.provider === change.provider;
            if (sameCell && next.from === dayAfter(change.to))
              expect([next.before, next.after]).not.toEqual([change.before, change.after]);
          });
        },
      ),
      { numRuns: 12 },
    );
  });
});
