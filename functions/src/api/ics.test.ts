import type { DeadlineWithAlerts } from "@termline/core";
import { describe, expect, it } from "vitest";
import { renderDeadlinesIcs } from "./ics.ts";

const tranche: DeadlineWithAlerts = {
  id: "amazon-openai:contingent-tranches:tranche-due",
  date: "2028-12-31",
  precision: "day",
  kind: "tranche-due",
  agreementId: "amazon-openai",
  termId: "contingent-tranches",
  summary:
    "Last date for Amazon's contingent tranche (up to 35 billion USD) to OpenAI, 31 Dec 2028",
  alerts: [
    { leadDays: 365, on: "2028-01-01" },
    { leadDays: 30, on: "2028-12-01" },
    { leadDays: 0, on: "2028-12-31" },
  ],
};

const revenueShare: DeadlineWithAlerts = {
  id: "microsoft-openai:rev-share:revenue-share-end",
  date: "2030-12-31",
  precision: "year",
  kind: "revenue-share-end",
  agreementId: "microsoft-openai",
  termId: "rev-share",
  summary: "End of OpenAI's 20% revenue share to Microsoft, 2030 (year only)",
  alerts: [{ leadDays: 7, on: "2030-12-24" }],
};

const now = new Date("2026-04-27T09:30:00Z");

/** Unfolds continuation lines (RFC 5545 §3.1) and unescapes text so assertions read plainly. */
const lines = (ics: string) =>
  ics
    .replace(/\r\n[ \t]/g, "")
    .split("\r\n")
    .map((line) => line.replace(/\\n/g, "\n").replace(/\\([,;\\])/g, "$1"));

const events = (ics: string) =>
  ics
    .replace(/\r\n[ \t]/g, "")
    .split("BEGIN:VEVENT")
    .slice(1)
    .map((block) => lines(block.split("END:VEVENT")[0] ?? ""));

describe("renderDeadlinesIcs", () => {
  const ics = renderDeadlinesIcs([tranche, revenueShare], {
    calendarName: "Termline deadlines",
    now,
  });

  it("writes one all-day event per deadline, keyed by the deadline id", () => {
    const [first, second] = events(ics);
    expect(first).toContain("UID:amazon-openai:contingent-tranches:tranche-due@termline");
    expect(first).toContain("DTSTART;VALUE=DATE:20281231");
    expect(first).toContain("DTEND;VALUE=DATE:20290101");
    expect(second).toContain("UID:microsoft-openai:rev-share:revenue-share-end@termline");
    expect(second).toContain("DTSTART;VALUE=DATE:20301231");
    expect(lines(ics)).toContain("X-WR-CALNAME:Termline deadlines");
  });

  it("flags an imprecise date in the summary and the description", () => {
    const [first, second] = events(ics);
    expect(first).toContain(`SUMMARY:${tranche.summary}`);
    expect(second).toContain(`SUMMARY:(year only) ${revenueShare.summary}`);
    const description = second?.find((line) => line.startsWith("DESCRIPTION:"));
    expect(description).toContain("Kind: revenue-share-end");
    expect(description).toContain("Agreement: microsoft-openai");
    expect(description).toContain("Precision: year");
    expect(description).toContain("Alerts: 7 days before (2030-12-24)");
  });

  it("adds a display alarm per lead time, counted back from the day", () => {
    const [first, second] = events(ics);
    expect(first?.filter((line) => line.startsWith("TRIGGER"))).toEqual([
      "TRIGGER:-P365D",
      "TRIGGER:-P30D",
      "TRIGGER:PT0S",
    ]);
    expect(first?.filter((line) => line === "ACTION:DISPLAY")).toHaveLength(3);
    expect(second?.filter((line) => line.startsWith("TRIGGER"))).toEqual(["TRIGGER:-P7D"]);
  });

  it("stamps events with the given time, so the same input renders the same text", () => {
    expect(lines(ics).filter((line) => line.startsWith("DTSTAMP"))).toEqual([
      "DTSTAMP:20260427T093000Z",
      "DTSTAMP:20260427T093000Z",
    ]);
    expect(
      renderDeadlinesIcs([tranche, revenueShare], { calendarName: "Termline deadlines", now }),
    ).toBe(ics);
  });

  it("renders an empty but valid calendar when there are no deadlines", () => {
    const empty = lines(renderDeadlinesIcs([], { calendarName: "Empty", now }));
    expect(empty[0]).toBe("BEGIN:VCALENDAR");
    expect(empty).toContain("END:VCALENDAR");
    expect(empty).not.toContain("BEGIN:VEVENT");
  });
});
