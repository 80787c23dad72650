import { describe, expect, it } from "vitest";
import { deriveDeadlines } from "../deadlines/derive.ts";
import { RuleViolationError } from "../errors.ts";
import { event, tranche } from "../testing/decider-events.ts";
import { append, given } from "../testing/decider-spec.ts";
import { referenceCatalog } from "../testing/in-memory-agreements.ts";
import { describeTerm } from "../views/describe-term.ts";
import { namesIn } from "../views/names.ts";

/** Amazon's contingent tranches as reported: up to $35B, due by 2028-12-31. */
const upTo35 = () =>
  tranche({
    termId: "tranche",
    amount: { amount: 35e9, currency: "USD", qualifier: "up-to" },
    contingent: true,
    conditions: null,
    dueBy: "2028-12-31",
  });
const funding = (amount?: number, currency = "USD") =>
  event("InvestmentTrancheFunded", "2027-03-01", {
    termId: "tranche",
    ...(amount === undefined ? {} : { amount: { amount, currency } }),
  })();
const names = namesIn(referenceCatalog);
const dueIds = (spec: ReturnType<typeof given>) =>
  deriveDeadlines([spec.state], "2027-06-01", names).map(({ kind }) => kind);

describe("funding a tranche in parts", () => {
  it("given $10B of up to $35B, keeps the commitment, the $25B to come and the deadline", () => {
    const spec = given(upTo35(), funding(10e9));
    const term = spec.state.terms.tranche;
    expect(term && describeTerm(term, "2027-06-01", names)).toContain(
      "up to 35 billion USD in OpenAI (10 billion USD funded, 25 billion USD to come",
    );
    expect(dueIds(spec)).toContain("tranche-due");
  });

  it("given the rest funded, is fully funded and the deadline is met", () => {
    const spec = given(upTo35(), funding(10e9), funding(25e9));
    expect(dueIds(spec)).not.toContain("tranche-due");
    expect(
      spec.state.terms.tranche && describeTerm(spec.state.terms.tranche, "2027-06-01", names),
    ).toContain("(funded)");
  });

  it("refuses more than what remains, another currency, or anything once fully funded", () => {
    given(upTo35(), funding(10e9))
      .when(append(funding(30e9)))
      .thenThrows(RuleViolationError, "only 25000000000 USD", "events.0.amount.amount");
    given(upTo35())
      .when(append(funding(1e9, "EUR")))
      .thenThrows(RuleViolationError, "in USD", "events.0.amount.currency");
    given(upTo35(), funding())
      .when(append(funding(1e9)))
      .thenThrows(RuleViolationError, "already fully funded");
  });
});
