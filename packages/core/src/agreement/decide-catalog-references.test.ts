import { describe, expect, it } from "vitest";
import { RuleViolationError } from "../errors.ts";
import {
  amendShare,
  event,
  exclusivity,
  note,
  raise,
  revenueShare,
} from "../testing/decider-events.ts";
import {
  append,
  defaultAgreement,
  given,
  givenNoAgreement,
  record,
} from "../testing/decider-spec.ts";

/** The decider specs check ids against the reference case's catalog (parties, clouds, products). */
describe("ids the tenant's catalog does not hold", () => {
  it.each([
    ["a provider holding an exclusivity", exclusivity({ holder: "coreweave" }), "holder"],
    ["one product of a list", exclusivity({ products: ["codex", "gpt-5"] }), "products.1"],
    ["a product class", exclusivity({ products: undefined, classes: ["robots"] }), "classes.0"],
    ["a segment", exclusivity({ segments: ["commercial", "eu"] }), "segments.1"],
    [
      "a provider of a distribution right",
      event("DistributionRightGranted", "2026-01-01", {
        termId: "dist",
        providers: ["aws", "coreweave"],
        products: ["codex"],
      })(),
      "providers.1",
    ],
    ["a party paying a revenue share", revenueShare({ payer: "anthropic" }), "payer"],
    [
      "a product a dispute concerns",
      raise({ concerns: { products: ["gpt-5"], providers: ["aws"] } }),
      "concerns.products.0",
    ],
  ])("refuses %s with a 422 naming the field, and decides nothing", (_name, input, field) => {
    const error = given()
      .when(append(input))
      .thenThrows(RuleViolationError, "in the tenant's catalog", `events.0.${field}`);
    expect(error.status).toBe(422);
  });

  it("reads `holder` by the event type: a stake's holder is a party, so a cloud id is refused", () => {
    const stake = event("StakeRecorded", "2026-04-27", {
      termId: "stake",
      holder: "azure",
      in: "openai",
      percent: 27,
    })();
    given()
      .when(append(stake))
      .thenThrows(RuleViolationError, 'no party "azure"', "events.0.holder");
  });

  it("checks an amendment's changes against its term's kind", () => {
    const moveTo = (holder: string) =>
      event("TermAmended", "2026-05-01", { termId: "excl", changes: { holder } })();
    given(exclusivity())
      .when(append(moveTo("coreweave")))
      .thenThrows(RuleViolationError, 'no provider "coreweave"', "events.0.changes.holder");
    given(exclusivity())
      .when(append(moveTo("aws")))
      .then([{ type: "TermAmended" }]);
    given(revenueShare())
      .when(append(amendShare({ payee: "nobody-we-know" })))
      .thenThrows(RuleViolationError, "", "events.0.changes.payee");
  });

  it("takes the words that are not ids: all products, any cloud", () => {
    given()
      .when(
        append(
          exclusivity({ products: "all" }),
          event("DistributionRightGranted", "2026-01-01", {
            termId: "dist",
            providers: "any-cloud",
            products: "all",
          })(),
        ),
      )
      .then([{ type: "ExclusivityGranted" }, { type: "DistributionRightGranted" }]);
  });

  it("refuses a commit as a whole when a later event names an unknown id", () => {
    given()
      .when(append(note(), exclusivity({ holder: "coreweave" })))
      .thenThrows(RuleViolationError, "", "events.1.holder");
  });

  it("refuses to record an agreement with a party the catalog lacks, at its path", () => {
    const parties = [
      { party: "openai", role: "model developer" },
      { party: "coreweave", role: "cloud" },
    ];
    givenNoAgreement()
      .when(record({ ...defaultAgreement, parties }))
      .thenThrows(RuleViolationError, 'no party "coreweave"', "parties.1.party");
  });
});
