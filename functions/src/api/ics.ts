import type { DeadlineAlert, DeadlineWithAlerts } from "@termline/core";
import ical, { ICalAlarmType } from "ical-generator";

export interface IcsOptions {
  calendarName: string;
  /** Written as each event's DTSTAMP; passed in so the same deadlines always render the same text. */
  now: Date;
}

const DAY_SECONDS = 24 * 60 * 60;

const imprecision = { day: undefined, month: "month only", year: "year only" } as const;

/**
 * A calendar date as UTC midnight. With no calendar time zone set, ical-generator writes an
 * all-day date from the UTC fields, so the day cannot shift with the server's zone.
 */
const utcDay = (date: string, plusDays = 0) => {
  const [year, month, day] = date.split("-").map(Number);
  return new Date(Date.UTC(year ?? 0, (month ?? 1) - 1, (day ?? 1) + plusDays));
};

function summaryOf(deadline: DeadlineWithAlerts): string {
  const note = imprecision[deadline.precision];
  // Calendar clients show the event on a precise day, so an estimated one must say so up front.
  return note ? `(${note}) ${deadline.summary}` : deadline.summary;
}

function describeAlert(alert: DeadlineAlert): string {
  return alert.leadDays === 0
    ? `on the day (${alert.on})`
    : `${alert.leadDays} days before (${alert.on})`;
}

function descriptionOf(deadline: DeadlineWithAlerts): string {
  const note = imprecision[deadline.precision];
  const date = note
    ? `${deadline.date} (known to the ${deadline.precision} only; shown on the last day it could fall)`
    : deadline.date;
  return [
    deadline.summary,
    "",
    `Kind: ${deadline.kind}`,
    `Agreement: ${deadline.agreementId}`,
    ...(deadline.termId ? [`Term: ${deadline.termId}`] : []),
    `Date: ${date}`,
    `Precision: ${deadline.precision}`,
    `Alerts: ${deadline.alerts.length ? deadline.alerts.map(describeAlert).join("; ") : "none"}`,
  ].join("\n");
}

/**
 * The deadlines as an iCalendar feed: one all-day event per deadline, with a display alarm per
 * lead time. UIDs come from the deadline ids, so a calendar updates an event rather than
 * duplicating it when a deadline moves.
 */
export function renderDeadlinesIcs(deadlines: DeadlineWithAlerts[], options: IcsOptions): string {
  const calendar = ical({
    name: options.calendarName,
    prodId: { company: "Termline", product: "Deadlines", language: "EN" },
  });
  for (const deadline of deadlines) {
    const summary = summaryOf(deadline);
    const event = calendar.createEvent({
      id: `${deadline.id}@termline`,
      start: utcDay(deadline.date),
      // DTEND is exclusive; set explicitly because some clients mis-handle an all-day event without one.
      end: utcDay(deadline.date, 1),
      allDay: true,
      summary,
      description: descriptionOf(deadline),
      stamp: options.now,
    });
    for (const alert of deadline.alerts) {
      event.createAlarm({
        type: ICalAlarmType.display,
        // A positive trigger is seconds before the start: written as TRIGGER:-P{n}D.
        trigger: alert.leadDays * DAY_SECONDS,
        description:
          alert.leadDays === 0 ? `Today: ${summary}` : `In ${alert.leadDays} days: ${summary}`,
      });
    }
  }
  return calendar.toString();
}
