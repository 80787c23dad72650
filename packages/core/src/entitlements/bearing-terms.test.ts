import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { termVersions } from "../agreement/term-timeline.ts";
import { daysAfter } from "../calendar-days.ts";
import { findProduct } from "../catalog/catalog.ts";
import type { CoverageValue } from "../events/vocabulary.ts";
import { cellArbitrary, EPOCH, portfolioOps, SPAN_DAYS } from "../testing/portfolio-arbitraries.ts";
import { buildPortfolio } from "../testing/portfolio-builder.ts";
import { namesIn } from "../views/names.ts";
import { bearingOn } from "./bearing-terms.ts";
import { cellMemo } from "./cell-memo.ts";
import { answerOn, type Entitlement, evaluateEntitlement } from "./evaluate.ts";
import { channelsOf, covers, inSegment, rightKinds } from "./terms-in-play.ts";

const cell = cellArbitrary;
const day = fc.integer({ min: -200, max: 2 * SPAN_DAYS }).map((days) => daysAfter(EPOCH, days));

const doubts = (answer: Entitlement) =>
  answer.reasons.filter(({ code }) => code === "imprecise-date");
const withoutDoubts = (answer: Entitlement) => ({
  ...answer,
  certainty: undefined,
  reasons: answer.reasons.filter(({ code }) => code !== "imprecise-date"),
});

describe("the terms that bear on a cell", () => {
  it("leave out nothing that decides: the answer is the whole portfolio's, less doubts from terms that cannot reach the cell", () => {
    fc.assert(
      fc.property(
        portfolioOps(),
        cell,
        fc.array(day, { minLength: 3, maxLength: 8 }),
        (ops, asked, days) => {
          const { agreements, catalog } = buildPortfolio(ops);
          const names = namesIn(catalog);
          for (const at of days) {
            const query = { ...asked, at };
            const bearing = evaluateEntitlement(agreements, query, catalog, names);
            // The same evaluation on every agreement and term, nothing left out.
            const whole = answerOn(agreements, query, catalog, names, cellMemo());
            expect(withoutDoubts(bearing), at).toEqual(withoutDoubts(whole));
            // Every doubt it keeps is one the whole portfolio has; it may drop some.
            expect(whole.reasons).toEqual(expect.arrayContaining(doubts(bearing)));
            if (doubts(whole).length === doubts(bearing).length)
              expect(bearing.certainty).toBe(whole.certainty);
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it("drops the agreements with nothing for the cell, and keeps only the terms that can reach it", () => {
    fc.assert(
      fc.property(portfolioOps(), cell, (ops, asked) => {
        const { agreements, catalog } = buildPortfolio(ops);
        const kept = bearingOn(agreements, catalog, asked);
        const product = { id: asked.product, ...findProduct(catalog, asked.product) };
        for (const agreement of kept) {
          const original = agreements.find(({ id }) => id === agreement.id);
          for (const [termId, term] of Object.entries(agreement.terms)) {
            expect(original?.terms[termId]).toBe(term);
            // A licence, a revenue share or a grant of other products never reaches the cell.
            expect(rightKinds.has(term.kind), term.kind).toBe(true);
            const reaches = termVersions(term).attributes.some(
              (attributes) =>
                covers(attributes as CoverageValue, product, agreement, channelsOf(catalog)) &&
                inSegment(attributes, asked.segment),
            );
            expect(reaches, `${agreement.id}/${termId}`).toBe(true);
          }
          const hasSomething =
            Object.keys(agreement.terms).length > 0 || Object.keys(agreement.disputes).length > 0;
          expect(hasSomething).toBe(true);
        }
      }),
      { numRuns: 40 },
    );
  });
});
