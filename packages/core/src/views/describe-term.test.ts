import { describe, expect, it } from "vitest";
import type { Term } from "../agreement/state.ts";
import { emptyCatalog } from "../catalog/catalog.ts";
import { describeTerm } from "./describe-term.ts";
import { namesIn } from "./names.ts";

const names = namesIn(emptyCatalog());
const dated = (on: string, version: number) => ({ on, precision: "day" as const, version });

/** A revenue share whose cap was first reported undisclosed (with a summary), then disclosed (without). */
const share: Term = {
  id: "share",
  kind: "revenue-share",
  grantedBy: "RevenueShareSet",
  granted: dated("2019-01-01", 1),
  attributes: { payer: "a", payee: "b", rate: { percent: 20 } },
  changes: [
    {
      ...dated("2026-04-27", 2),
      changes: { cap: { disclosed: false } },
      summary: "Payments are now under an undisclosed cap",
    },
    {
      ...dated("2026-11-30", 3),
      changes: { cap: { disclosed: true, amount: { amount: 38e9, currency: "USD" } } },
    },
  ],
  sources: [],
  versions: [1, 2, 3],
};

describe("a term described on a date", () => {
  it("given a change with a summary, when asked after it, then the summary leads the line", () => {
    expect(describeTerm(share, "2026-05-01", names)).toMatch(
      /^Payments are now under an undisclosed cap — .*under a cap whose amount is undisclosed/,
    );
  });

  it("given a later change without a summary, when asked after it, then the stale summary is gone", () => {
    const line = describeTerm(share, "2026-12-01", names);
    expect(line).not.toContain("undisclosed");
    expect(line).toContain("capped at 38 billion USD");
  });
});
