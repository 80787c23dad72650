/** Calendar dates as the API writes them (YYYY-MM-DD, UTC), and how a person reads them. */
import { addMonths, differenceInCalendarDays, differenceInCalendarMonths } from "date-fns";

export type Precision = "day" | "month" | "year";

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const DAY = 86_400_000;

export const AXIS_START = "2019-01-01";
export const AXIS_END = "2034-12-31";

export function todayUtc(now = new Date()): string {
  return now.toISOString().slice(0, 10);
}

export function isCalendarDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const time = Date.parse(`${value}T00:00:00Z`);
  return !Number.isNaN(time) && new Date(time).toISOString().slice(0, 10) === value;
}

export const toTime = (date: string): number => Date.parse(`${date}T00:00:00Z`);
export const fromTime = (time: number): string => new Date(time).toISOString().slice(0, 10);
export const addDays = (date: string, days: number): string => fromTime(toTime(date) + days * DAY);
export const daysBetween = (from: string, to: string): number =>
  Math.round((toTime(to) - toTime(from)) / DAY);

function lastDayOfMonth(year: number, month: number): string {
  return fromTime(Date.UTC(year, month, 0));
}

/** The days a date known to a precision could fall on: `2030` (year) is all of 2030. */
export function periodOf(date: string, precision: Precision): { start: string; end: string } {
  const year = Number(date.slice(0, 4));
  if (precision === "year") return { start: `${year}-01-01`, end: `${year}-12-31` };
  if (precision === "month") {
    const month = Number(date.slice(5, 7));
    return { start: `${date.slice(0, 7)}-01`, end: lastDayOfMonth(year, month) };
  }
  return { start: date, end: date };
}

/** `2030 (year only)`, `Feb 2034`, `27 Apr 2026`: never more precise than what is known. */
export function describeDate(date: string, precision: Precision = "day"): string {
  const month = MONTHS[Number(date.slice(5, 7)) - 1] ?? "";
  if (precision === "year") return `${date.slice(0, 4)} (year only)`;
  if (precision === "month") return `${month} ${date.slice(0, 4)}`;
  return `${Number(date.slice(8, 10))} ${month} ${date.slice(0, 4)}`;
}

/** The day as date-fns counts it, in local time (`parseISO` would cost the first visit 1 KiB). */
const localDay = (date: string): Date =>
  new Date(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)));

const plural = (count: number, unit: string) => `${count} ${unit}${count === 1 ? "" : "s"}`;

/**
 * "in 3 years, 2 months", "in 5 months", "in 12 days", "today", "5 days ago". Years and months
 * are the whole calendar months between the two dates (so never "12 months"), less than a
 * month left over dropped; a date less than two whole months away is counted in days.
 */
export function countdown(from: string, to: string): string {
  const days = daysBetween(from, to);
  if (days === 0) return "today";
  const earlier = localDay(days > 0 ? from : to);
  const later = localDay(days > 0 ? to : from);
  // The most months that can be added to the earlier date without passing the later one (31 Jan
  // plus one month is 28 or 29 Feb). date-fns' `differenceInMonths` is not that at the ends of
  // months: 29 Jan 2027 to 28 Feb 2028 would be 13 months, though 29 Feb 2028 is not yet reached.
  let whole = differenceInCalendarMonths(later, earlier);
  // Compared as calendar days: where a clock skips midnight, a date starts at 01:00.
  if (differenceInCalendarDays(addMonths(earlier, whole), later) > 0) whole--;
  const years = Math.floor(whole / 12);
  const months = whole % 12;
  const text =
    whole < 2
      ? plural(Math.abs(days), "day")
      : years > 0
        ? `${plural(years, "year")}${months > 0 ? `, ${plural(months, "month")}` : ""}`
        : plural(months, "month");
  return days > 0 ? `in ${text}` : `${text} ago`;
}

export function describeInstant(instant: string): string {
  const date = instant.slice(0, 10);
  return `${describeDate(date)} ${instant.slice(11, 16)} UTC`;
}

/**
 * A countdown that is never more precise than the date: a deadline known only to the year
 * happens "during 2027", not on 31 December; one known to the month "during May 2027".
 */
export function countdownFor(today: string, date: string, precision: Precision = "day"): string {
  if (precision === "day") return countdown(today, date);
  const { start, end } = periodOf(date, precision);
  const period = precision === "year" ? date.slice(0, 4) : describeDate(date, "month");
  if (today > end) return `${countdown(today, end)} (end of ${period})`;
  if (today >= start) return `during ${period} (now)`;
  return `during ${period}`;
}

/** `2026-05-01T09:30:00.000Z` from a date and a `HH:MM` time, both UTC; null when either is bad. */
export function instantOf(date: string, time: string): string | null {
  if (!isCalendarDate(date) || !/^([01]\d|2[0-3]):[0-5]\d$/.test(time)) return null;
  return new Date(`${date}T${time}:00Z`).toISOString();
}

/** The same day `years` on (or back, if negative); 29 February is the 28th in a common year. */
export function yearsOn(date: string, years: number): string {
  const year = Number(date.slice(0, 4)) + years;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return `${year}-${date.slice(5) === "02-29" && !leap ? "02-28" : date.slice(5)}`;
}
