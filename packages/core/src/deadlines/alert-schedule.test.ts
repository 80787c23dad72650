import { addDays, format, parseISO } from "date-fns";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  AlertPolicySchema,
  alertsDueBetween,
  alertsFor,
  defaultAlertPolicy,
  filterDeadlines,
  withAlerts,
} from "./alert-schedule.ts";
import type { Deadline } from "./derive.ts";

const deadline = (id: string, date: string): Deadline => ({
  id,
  date,
  precision: "day",
  kind: "tranche-due",
  agreementId: "a",
  termId: id,
  summary: id,
});

const plus = (date: string, days: number) => format(addDays(parseISO(date), days), "yyyy-MM-dd");

describe("alertsFor", () => {
  it("given the default policy and a deadline on 2028-12-31, then alerts fall on exact days (2028 is a leap year)", () => {
    expect(alertsFor(deadline("t", "2028-12-31"), defaultAlertPolicy)).toEqual([
      { leadDays: 365, on: "2028-01-01" },
      { leadDays: 180, on: "2028-07-04" },
      { leadDays: 90, on: "2028-10-02" },
      { leadDays: 30, on: "2028-12-01" },
      { leadDays: 7, on: "2028-12-24" },
    ]);
  });

  it("given a year-only deadline (taken at 2030-12-31), then alerts count back from that last day", () => {
    expect(
      alertsFor(deadline("y", "2030-12-31"), defaultAlertPolicy).map((alert) => alert.on),
    ).toEqual(["2029-12-31", "2030-07-04", "2030-10-02", "2030-12-01", "2030-12-24"]);
  });

  it("puts each alert leadDays before the deadline, sorted by day, once per lead time", () => {
    const day = fc
      .date({
        min: new Date("1950-01-01T00:00:00Z"),
        max: new Date("2150-12-31T00:00:00Z"),
        noInvalidDate: true,
      })
      .map((date) => date.toISOString().slice(0, 10));
    const leads = fc.array(fc.integer({ min: 0, max: 3650 }), { minLength: 1, maxLength: 20 });
    fc.assert(
      fc.property(day, leads, (date, leadDays) => {
        const alerts = alertsFor(deadline("p", date), { leadDays });
        expect(alerts.map((alert) => plus(alert.on, alert.leadDays))).toEqual(
          alerts.map(() => date),
        );
        expect(alerts.map((alert) => alert.on)).toEqual(alerts.map((alert) => alert.on).sort());
        expect(alerts.map((alert) => alert.leadDays).sort()).toEqual([...new Set(leadDays)].sort());
      }),
    );
  });
});

describe("AlertPolicySchema", () => {
  it("sorts lead times longest first", () => {
    expect(AlertPolicySchema.parse({ leadDays: [7, 365, 0, 30] })).toEqual({
      leadDays: [365, 30, 7, 0],
    });
  });

  it.each([
    ["no lead time", []],
    ["a repeated lead time", [30, 30]],
    ["more than ten years", [3651]],
    ["a negative lead time", [-1]],
    ["a fraction of a day", [1.5]],
    ["more than 20 lead times", Array.from({ length: 21 }, (_, index) => index)],
  ])("refuses %s", (_, leadDays) => {
    expect(AlertPolicySchema.safeParse({ leadDays }).success).toBe(false);
  });
});

describe("alertsDueBetween", () => {
  const deadlines = [deadline("a", "2028-12-31"), deadline("b", "2029-01-05")];
  const policy = { leadDays: [30, 7] };

  it("given a job that missed days, when it catches up, then it sends what the daily runs would have, once", () => {
    const daily = Array.from({ length: 40 }, (_, index) =>
      alertsDueBetween(deadlines, policy, plus("2028-11-25", index), plus("2028-11-25", index + 1)),
    ).flat();
    const caughtUp = alertsDueBetween(deadlines, policy, "2028-11-25", plus("2028-11-25", 40));
    expect(caughtUp).toEqual(daily);
    expect(caughtUp.map(({ deadline: { id }, leadDays, on }) => [id, leadDays, on])).toEqual([
      ["a", 30, "2028-12-01"],
      ["b", 30, "2028-12-06"],
      ["a", 7, "2028-12-24"],
      ["b", 7, "2028-12-29"],
    ]);
  });

  it("excludes the day already handled and includes today", () => {
    expect(
      alertsDueBetween(deadlines, policy, "2028-12-01", "2028-12-06").map((due) => due.on),
    ).toEqual(["2028-12-06"]);
  });

  it("sends one alert per deadline and lead time even if a deadline is listed twice", () => {
    const twice = [...deadlines, deadline("a", "2028-12-31")];
    expect(alertsDueBetween(twice, policy, "2028-11-30", "2028-12-01")).toHaveLength(1);
  });

  it("any split of a window gives the same alerts as the whole window", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 60 }), (split) => {
        const middle = plus("2028-11-01", split);
        const parts = [
          ...alertsDueBetween(deadlines, policy, "2028-11-01", middle),
          ...alertsDueBetween(deadlines, policy, middle, "2029-01-01"),
        ];
        expect(parts).toEqual(alertsDueBetween(deadlines, policy, "2028-11-01", "2029-01-01"));
      }),
    );
  });
});

describe("withAlerts and filterDeadlines", () => {
  it("attaches the schedule to each deadline", () => {
    const [first] = withAlerts([deadline("a", "2028-12-31")], { leadDays: [7] });
    expect(first?.alerts).toEqual([{ leadDays: 7, on: "2028-12-24" }]);
  });

  it("keeps deadlines within the range, both ends included", () => {
    const list = ["2027-12-31", "2028-12-31", "2030-12-31", "2032-12-31"].map((date) =>
      deadline(date, date),
    );
    const dates = (from?: string, to?: string) =>
      filterDeadlines(list, { from, to }).map((d) => d.date);
    expect(dates("2028-12-31", "2030-12-31")).toEqual(["2028-12-31", "2030-12-31"]);
    expect(dates(undefined, "2028-12-31")).toEqual(["2027-12-31", "2028-12-31"]);
    expect(dates("2030-12-31")).toEqual(["2030-12-31", "2032-12-31"]);
    expect(dates()).toHaveLength(4);
  });
});
