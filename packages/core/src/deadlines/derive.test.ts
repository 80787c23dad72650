import { describe, expect, it } from "vitest";
import { alertsFor, defaultAlertPolicy } from "./alert-schedule.ts";
import { type Deadline, deriveDeadlines } from "./derive.ts";
import { agreement, amazonOpenai, microsoftOpenai, names } from "./test-fixtures.ts";

const byId = (deadlines: Deadline[], id: string) =>
  deadlines.find((deadline) => deadline.id === id);
const ids = (deadlines: Deadline[]) => deadlines.map((deadline) => deadline.id);

describe("deriveDeadlines", () => {
  it("lists the reference case's dates, latest day of each, sorted by date then id", () => {
    // given the two reference agreements, when derived on 27 April 2026
    const deadlines = deriveDeadlines([microsoftOpenai, amazonOpenai()], "2026-04-27", names);
    // then every date the product must warn about is there, in date order
    expect(deadlines.map(({ id, date, precision }) => [id, date, precision])).toEqual([
      ["amazon-openai:aws-capacity:capacity-milestone:0", "2027-12-31", "year"],
      ["amazon-openai:contingent-tranches:tranche-due", "2028-12-31", "day"],
      ["microsoft-openai:rev-share:revenue-share-end", "2030-12-31", "year"],
      ["microsoft-openai:ip-license:license-end", "2032-12-31", "year"],
      ["amazon-openai:aws-capacity:capacity-end", "2034-02-28", "month"],
    ]);
  });

  it("says whose deadline it is and how precisely it is known", () => {
    const deadlines = deriveDeadlines([microsoftOpenai, amazonOpenai()], "2026-04-27", names);
    expect(byId(deadlines, "amazon-openai:contingent-tranches:tranche-due")?.summary).toBe(
      "Last date for Amazon's contingent tranche (up to 35 billion USD) to OpenAI, 31 Dec 2028",
    );
    expect(byId(deadlines, "microsoft-openai:rev-share:revenue-share-end")?.summary).toBe(
      "End of OpenAI's 20% revenue share to Microsoft, 2030 (year only)",
    );
    expect(byId(deadlines, "amazon-openai:aws-capacity:capacity-end")?.summary).toContain(
      "Feb 2034",
    );
    expect(byId(deadlines, "amazon-openai:aws-capacity:capacity-milestone:0")).toMatchObject({
      kind: "capacity-milestone",
      termId: "aws-capacity",
      summary: "Trainium4 expected (OpenAI–Amazon capacity commitment), 2027 (year only)",
    });
  });

  it("takes a year-only date at 31 December and a month at its last day, keeping the precision", () => {
    const deadlines = deriveDeadlines([microsoftOpenai, amazonOpenai()], "2026-04-27", names);
    expect(byId(deadlines, "microsoft-openai:ip-license:license-end")).toMatchObject({
      date: "2032-12-31",
      precision: "year",
    });
    expect(byId(deadlines, "amazon-openai:aws-capacity:capacity-end")).toMatchObject({
      date: "2034-02-28",
      precision: "month",
    });
  });

  describe("given an amendment effective 2027-03-01 that moves the tranche's date to 2029-06-30", () => {
    const amended = amazonOpenai([
      "TermAmended",
      "2027-03-01",
      { termId: "contingent-tranches", changes: { dueBy: "2029-06-30" } },
    ]);
    const trancheOn = (at: string) =>
      byId(deriveDeadlines([amended], at, names), "amazon-openai:contingent-tranches:tranche-due");

    it("when seen before it takes effect, then the deadline stays on 2028-12-31", () => {
      expect(trancheOn("2027-02-28")?.date).toBe("2028-12-31");
    });

    it("when seen from its effective date on, then the deadline and its alerts move", () => {
      const moved = trancheOn("2027-03-01");
      expect(moved?.date).toBe("2029-06-30");
      expect(moved && alertsFor(moved, defaultAlertPolicy).map((alert) => alert.on)).toEqual([
        "2028-06-30",
        "2029-01-01",
        "2029-04-01",
        "2029-05-31",
        "2029-06-23",
      ]);
    });
  });

  it("given a funded tranche, when seen after the funding, then it has no deadline", () => {
    const funded = amazonOpenai([
      "InvestmentTrancheFunded",
      "2027-01-15",
      { termId: "contingent-tranches" },
    ]);
    const trancheIds = (at: string) =>
      ids(deriveDeadlines([funded], at, names)).filter((id) => id.includes("tranche"));
    expect(trancheIds("2027-01-14")).toEqual(["amazon-openai:contingent-tranches:tranche-due"]);
    expect(trancheIds("2027-01-15")).toEqual([]);
  });

  it("given a lapsed tranche, when seen after the lapse, then it has no deadline", () => {
    const lapsed = amazonOpenai([
      "InvestmentTrancheLapsed",
      "2027-06-01",
      { termId: "contingent-tranches" },
    ]);
    expect(ids(deriveDeadlines([lapsed], "2027-06-01", names))).not.toContain(
      "amazon-openai:contingent-tranches:tranche-due",
    );
  });

  it("keeps a term through its last (year-only) day and drops it once expired", () => {
    expect(ids(deriveDeadlines([microsoftOpenai], "2030-12-31", names))).toContain(
      "microsoft-openai:rev-share:revenue-share-end",
    );
    expect(ids(deriveDeadlines([microsoftOpenai], "2031-01-01", names))).not.toContain(
      "microsoft-openai:rev-share:revenue-share-end",
    );
  });

  it("given a terminated agreement, when seen from the termination on, then it has no deadlines", () => {
    const terminated = amazonOpenai([
      "AgreementTerminated",
      "2026-09-01",
      { reason: "Ended by both parties" },
    ]);
    expect(deriveDeadlines([terminated], "2026-08-31", names)).not.toEqual([]);
    expect(deriveDeadlines([terminated], "2026-09-01", names)).toEqual([]);
  });

  it("warns of the agreement's own end date until it has passed", () => {
    const ending = agreement("cloud", [
      [
        "AgreementRecorded",
        "2026-02-27",
        {
          title: "AWS–OpenAI cloud agreement",
          kind: "cloud-services",
          parties: [],
          endsOn: "2034-02",
        },
      ],
    ]);
    expect(deriveDeadlines([ending], "2026-04-27", names)).toEqual([
      {
        id: "cloud:agreement-end",
        date: "2034-02-28",
        precision: "month",
        kind: "agreement-end",
        agreementId: "cloud",
        summary: "End of AWS–OpenAI cloud agreement, Feb 2034",
      },
    ]);
    expect(deriveDeadlines([ending], "2034-03-01", names)).toEqual([]);
  });

  it("ignores an until removed by an amendment", () => {
    const open = agreement("ms", [
      ["AgreementRecorded", "2019", { title: "MS", kind: "license", parties: [] }],
      [
        "LicenseGranted",
        "2019",
        {
          termId: "ip",
          licensor: "openai",
          licensee: "microsoft",
          subject: "IP",
          exclusive: false,
          until: "2032",
        },
      ],
      [
        "LicenseAmended",
        "2025-10-28",
        { termId: "ip", until: null, untilCondition: "AGI is declared" },
      ],
    ]);
    expect(ids(deriveDeadlines([open], "2025-10-27", names))).toEqual(["ms:ip:license-end"]);
    expect(deriveDeadlines([open], "2025-10-28", names)).toEqual([]);
  });
});
