import { describe, expect, it } from "vitest";
import {
  AlreadyExistsError,
  NotFoundError,
  RuleViolationError,
  ValidationError,
} from "../errors.ts";
import {
  append,
  appendCommand,
  defaultAgreement,
  given,
  givenNoAgreement,
  record,
} from "../testing/decider-spec.ts";

const exclusivity = (over: Record<string, unknown> = {}) => ({
  type: "ExclusivityGranted",
  effectiveOn: "2022-01-01",
  termId: "excl",
  holder: "azure",
  scope: "api-layer",
  products: "all",
  ...over,
});
const revenueShare = (over: Record<string, unknown> = {}) => ({
  type: "RevenueShareSet",
  effectiveOn: "2022-01-01",
  termId: "share",
  payer: "openai",
  payee: "microsoft",
  ratePercent: 20,
  ...over,
});
const tranche = (over: Record<string, unknown> = {}) => ({
  type: "InvestmentTrancheCommitted",
  effectiveOn: "2026-02-27",
  termId: "tranche",
  investor: "amazon",
  investee: "openai",
  amount: { amount: 15e9, currency: "USD" },
  contingent: false,
  ...over,
});
const note = (text = "a note", over: Record<string, unknown> = {}) => ({
  type: "NoteAdded",
  effectiveOn: "2026-01-01",
  text,
  ...over,
});
const raise = (over: Record<string, unknown> = {}) => ({
  type: "DisputeRaised",
  effectiveOn: "2026-02-01",
  disputeId: "claim",
  kind: "party-claim",
  claim: "Microsoft says the exclusivity still holds",
  ...over,
});
const resolve = (over: Record<string, unknown> = {}) => ({
  type: "DisputeResolved",
  effectiveOn: "2026-04-27",
  disputeId: "claim",
  resolution: "settled",
  ...over,
});

describe("recording an agreement", () => {
  it("records it at the precision written", () => {
    givenNoAgreement()
      .when(record({ ...defaultAgreement, effectiveOn: "2019", endsOn: "2034-02" }))
      .then([
        {
          type: "AgreementRecorded",
          effectiveOn: "2019-01-01",
          precision: "year",
          data: { title: defaultAgreement.title, kind: "partnership", endsOn: "2034-02" },
        },
      ]);
  });

  it("refuses an id that already exists", () => {
    given().when(record(defaultAgreement)).thenThrows(AlreadyExistsError, '"deal" already exists');
  });

  it("refuses an end before the agreement takes effect", () => {
    givenNoAgreement()
      .when(record({ ...defaultAgreement, effectiveOn: "2026-02-27", endsOn: "2025" }))
      .thenThrows(RuleViolationError, "endsOn 2025 is before", "endsOn");
  });
});

describe("appending", () => {
  it("refuses an agreement that does not exist", () => {
    givenNoAgreement("ghost").when(append(note())).thenThrows(NotFoundError, '"ghost"');
  });

  describe("dates and precision", () => {
    it("keeps a year or a month as written", () => {
      given()
        .when(append(exclusivity({ effectiveOn: "2022" }), note("n", { effectiveOn: "2034-02" })))
        .then([
          { effectiveOn: "2022-01-01", precision: "year" },
          { effectiveOn: "2034-02-01", precision: "month" },
        ]);
    });

    it("may make a date coarser but not finer than written", () => {
      given()
        .when(append(note("n", { effectiveOn: "2026-04-27", precision: "month" })))
        .then([{ effectiveOn: "2026-04-01", precision: "month" }]);
      given()
        .when(append(note("n", { effectiveOn: "2022", precision: "day" })))
        .thenThrows(RuleViolationError, "known only to the year", "events.0.effectiveOn");
    });

    it("refuses an impossible calendar date", () => {
      given()
        .when(append(note("n", { effectiveOn: "2026-02-30" })))
        .thenThrows(ValidationError, "events.0.effectiveOn", "events.0.effectiveOn");
    });

    it("takes effect today when no date is given", () => {
      const { effectiveOn: _absent, ...undated } = note();
      given()
        .on("2026-03-15")
        .when(append(undated))
        .then([{ type: "NoteAdded", effectiveOn: "2026-03-15", precision: "day" }]);
    });
  });

  describe("the shape of events", () => {
    it("names an unknown type at events.0.type", () => {
      const error = given()
        .when(append({ type: "Bogus" }))
        .thenThrows(ValidationError, 'unknown event type "Bogus"', "events.0.type");
      expect(error.errors).toHaveLength(1);
    });

    it("names an unknown field", () => {
      given()
        .when(append(note("n", { color: "red" })))
        .thenThrows(ValidationError, 'unknown field "color"', "events.0.color");
    });

    it("refuses a rate above 100%", () => {
      given()
        .when(append(revenueShare({ ratePercent: 150 })))
        .thenThrows(ValidationError, "above 100%", "events.0.ratePercent");
    });

    it("refuses an empty commit", () => {
      given()
        .when(appendCommand({ events: [] }))
        .thenThrows(ValidationError, "at least one event");
    });
  });

  describe("granting terms", () => {
    it("grants a term", () => {
      given()
        .when(append(exclusivity()))
        .then([
          {
            type: "ExclusivityGranted",
            data: { termId: "excl", holder: "azure", scope: "api-layer", products: "all" },
            sources: [],
          },
        ]);
    });

    it("refuses a termId already used", () => {
      given(exclusivity())
        .when(append(revenueShare({ termId: "excl" })))
        .thenThrows(RuleViolationError, 'term "excl" already exists', "events.0.termId");
    });

    it("refuses an until before the term takes effect", () => {
      given()
        .when(append(exclusivity({ effectiveOn: "2026-04-27", until: "2025-12" })))
        .thenThrows(RuleViolationError, "an end cannot come before its start", "events.0.until");
    });

    it("decides each event against the ones before it in the same commit", () => {
      const { state } = given()
        .when(
          append(revenueShare(), {
            type: "TermAmended",
            effectiveOn: "2026-04-27",
            termId: "share",
            changes: { until: "2030" },
          }),
        )
        .then([
          { type: "RevenueShareSet" },
          { type: "TermAmended", data: { changes: { until: "2030" } } },
        ]);
      expect(state.terms.share?.changes).toMatchObject([
        { on: "2026-04-27", changes: { until: "2030" } },
      ]);
    });
  });

  describe("ending terms that are not in force", () => {
    const end = (over: Record<string, unknown> = {}) => ({
      type: "ExclusivityEnded",
      effectiveOn: "2026-04-27",
      termId: "excl",
      ...over,
    });

    it("ends a term in force", () => {
      given(exclusivity())
        .when(append(end()))
        .then([{ type: "ExclusivityEnded", effectiveOn: "2026-04-27" }]);
    });

    it("refuses a term already ended", () => {
      given(exclusivity(), end())
        .when(append(end({ effectiveOn: "2026-05-01" })))
        .thenThrows(RuleViolationError, 'term "excl" already ended on 2026-04-27');
    });

    it("refuses a term that never existed, listing those that do", () => {
      given(exclusivity())
        .when(append(end({ termId: "nope" })))
        .thenThrows(
          RuleViolationError,
          'has no term "nope"; its terms are: excl',
          "events.0.termId",
        );
    });

    it("refuses an end event for another kind of term", () => {
      given(exclusivity())
        .when(append({ type: "LicenseEnded", effectiveOn: "2026-04-27", termId: "excl" }))
        .thenThrows(
          RuleViolationError,
          'term "excl" is a exclusivity, not a license',
          "events.0.type",
        );
    });

    it("refuses an end before the term starts", () => {
      given(exclusivity())
        .when(append(end({ effectiveOn: "2021-06-30" })))
        .thenThrows(RuleViolationError, 'cannot end term "excl" on 2021-06-30, before it starts');
    });

    it("refuses a term already expired", () => {
      given(exclusivity({ until: "2025" }))
        .when(append(end()))
        .thenThrows(RuleViolationError, 'term "excl": it is not in force on 2026-04-27 (expired');
    });
  });

  describe("a terminated agreement", () => {
    const terminated = given(tranche(), {
      type: "AgreementTerminated",
      effectiveOn: "2026-03-01",
      reason: "called off",
    });

    it("takes no new tranche", () => {
      terminated
        .when(append(tranche({ termId: "second" })))
        .thenThrows(RuleViolationError, "was terminated on 2026-03-01");
    });

    it("still takes notes and disputes", () => {
      terminated
        .when(append(note("after the end"), raise()))
        .then([{ type: "NoteAdded" }, { type: "DisputeRaised" }]);
    });

    it("cannot be terminated twice", () => {
      terminated
        .when(append({ type: "AgreementTerminated", reason: "again" }))
        .thenThrows(RuleViolationError, "was terminated on 2026-03-01");
    });
  });

  describe("amending a term", () => {
    const amend = (changes: Record<string, unknown>) => ({
      type: "TermAmended",
      effectiveOn: "2026-04-27",
      termId: "share",
      changes,
    });

    it("refuses a change out of range for the term's kind", () => {
      given(revenueShare())
        .when(append(amend({ ratePercent: 120 })))
        .thenThrows(RuleViolationError, "(for a revenue-share)", "events.0.changes.ratePercent");
    });

    it("refuses an attribute the kind does not have", () => {
      const error = given(revenueShare())
        .when(append(amend({ bogus: 1 })))
        .thenThrows(RuleViolationError, "bogus");
      expect(error.errors?.[0]?.path.startsWith("events.0.changes")).toBe(true);
    });

    it("refuses a kind-specific amendment on another kind", () => {
      given(exclusivity())
        .when(
          append({
            type: "LicenseAmended",
            effectiveOn: "2026-04-27",
            termId: "excl",
            exclusive: false,
          }),
        )
        .thenThrows(
          RuleViolationError,
          "LicenseAmended applies only to a license",
          "events.0.type",
        );
    });

    it("funds a tranche once only", () => {
      const funded = {
        type: "InvestmentTrancheFunded",
        effectiveOn: "2026-03-01",
        termId: "tranche",
      };
      given(tranche(), funded)
        .when(append(funded))
        .thenThrows(RuleViolationError, 'tranche "tranche" is already funded');
    });
  });

  describe("disputes", () => {
    it("raises one and resolves it", () => {
      given(raise())
        .when(append(resolve()))
        .then([{ type: "DisputeResolved", data: { disputeId: "claim" } }]);
    });

    it("refuses the same dispute twice", () => {
      given(raise())
        .when(append(raise()))
        .thenThrows(RuleViolationError, 'dispute "claim" already exists');
    });

    it("refuses concerns naming a term that does not exist", () => {
      given()
        .when(append(raise({ concerns: { termIds: ["ghost"] } })))
        .thenThrows(RuleViolationError, "no such terms", "events.0.concerns.termIds");
    });

    it("refuses resolving a dispute that does not exist, twice, or before it was raised", () => {
      given().when(append(resolve())).thenThrows(RuleViolationError, 'has no dispute "claim"');
      given(raise(), resolve())
        .when(append(resolve({ effectiveOn: "2026-05-01" })))
        .thenThrows(RuleViolationError, "already resolved on 2026-04-27");
      given(raise())
        .when(append(resolve({ effectiveOn: "2026-01-15" })))
        .thenThrows(RuleViolationError, "before it was raised", "events.0.effectiveOn");
    });
  });

  describe("corrections", () => {
    // version 1 is the recording; version 2 the revenue share.
    const correct = (
      { type: _type, ...replacement }: Record<string, unknown>,
      correctsVersion = 2,
    ) => ({ type: "EventCorrected", correctsVersion, reason: "misreported", replacement });

    it("replaces the data of the event it corrects, as the fold sees it", () => {
      const { state } = given(revenueShare())
        .when(append(correct({ ...revenueShare({ ratePercent: 25 }) })))
        .then([
          {
            type: "EventCorrected",
            data: { correctsVersion: 2, replacement: { data: { ratePercent: 25 } } },
          },
        ]);
      expect(state.terms.share?.attributes.ratePercent).toBe(25);
      expect(state.supersessions[2]).toMatchObject({ kind: "corrected", by: 3 });
    });

    it("may move the event's date", () => {
      const { state } = given(revenueShare())
        .when(append(correct({ ...revenueShare({ effectiveOn: "2023" }) })))
        .then([{ type: "EventCorrected" }]);
      expect(state.terms.share?.granted).toMatchObject({ on: "2023-01-01", precision: "year" });
    });

    it("must keep the termId others point at", () => {
      given(revenueShare())
        .when(append(correct({ ...revenueShare({ termId: "other" }) })))
        .thenThrows(RuleViolationError, 'must keep termId "share"', "events.0.replacement.termId");
    });

    it("checks the replacement against the original's type", () => {
      given(revenueShare())
        .when(append(correct({ ...revenueShare({ ratePercent: 150 }) })))
        .thenThrows(RuleViolationError, "above 100%", "events.0.replacement.ratePercent");
    });

    // Expected to fail today: the kind's attribute check of TermAmended is skipped for corrections.
    it("holds a corrected amendment to the rules of its term's kind", () => {
      const amend = {
        type: "TermAmended",
        effectiveOn: "2026-04-27",
        termId: "share",
        changes: { until: "2030" },
      };
      given(revenueShare(), amend)
        .when(append(correct({ ...amend, changes: { ratePercent: 120 } }, 3)))
        .thenThrows(RuleViolationError, "revenue-share");
    });

    // Expected to fail today: a replacement grant is not checked for an until before its start.
    it("holds a corrected grant to the rule that an end cannot come before its start", () => {
      given(exclusivity())
        .when(append(correct({ ...exclusivity(), until: "2020" })))
        .thenThrows(RuleViolationError, "an end cannot come before its start");
    });

    it("refuses a version that does not exist", () => {
      given()
        .when(append(correct({}, 9)))
        .thenThrows(RuleViolationError, "has no version 9", "events.0.correctsVersion");
    });
  });

  describe("retractions", () => {
    const retract = (retractsVersion: number) => ({
      type: "EventRetracted",
      retractsVersion,
      reason: "never happened",
    });

    it("removes the term it created", () => {
      const { state } = given(revenueShare(), exclusivity())
        .when(append(retract(2)))
        .then([{ type: "EventRetracted", data: { retractsVersion: 2 } }]);
      expect(Object.keys(state.terms)).toEqual(["excl"]);
      expect(state.supersessions[2]).toMatchObject({ kind: "retracted", by: 4 });
    });

    it("is refused while later events depend on it", () => {
      given(revenueShare(), {
        type: "RevenueShareEnded",
        effectiveOn: "2026-04-27",
        termId: "share",
      })
        .when(append(retract(2)))
        .thenThrows(
          RuleViolationError,
          "versions 3 depend on version 2",
          "events.0.retractsVersion",
        );
    });

    it("cannot retract the recording itself, nor twice", () => {
      given()
        .when(append(retract(1)))
        .thenThrows(RuleViolationError, "recording of an agreement cannot be retracted");
      given(note(), retract(2))
        .when(append(retract(2)))
        .thenThrows(RuleViolationError, "already retracted");
      given(note(), retract(2))
        .when(append(retract(3)))
        .thenThrows(RuleViolationError, "is itself a EventRetracted");
    });
  });

  describe("a commit is all or nothing", () => {
    it("throws, returning nothing, when its second event is invalid", () => {
      given()
        .when(append(note("fine"), exclusivity({ holder: "nobody" })))
        .thenThrows(ValidationError, "events.1.holder", "events.1.holder");
      given()
        .when(append(exclusivity(), exclusivity()))
        .thenThrows(RuleViolationError, 'events.1: term "excl" already exists');
    });
  });
});
