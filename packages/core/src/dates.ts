import { format, parseISO } from "date-fns";
import * as z from "zod";

/** How much of a date is known. Reports often give only a month or a year, and that must stay so. */
export const Precision = z.enum(["day", "month", "year"]);
export type Precision = z.infer<typeof Precision>;

const FUZZY_DATE = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/;

// Arithmetic rather than parsing and formatting a Date: every request's dates are checked
// (parseISO and format were 2% of an entitlement's CPU), and Date reads years 0–99 as 19xx.
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const isLeapYear = (year: number) => year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
const daysInMonth = (year: number, month: number) =>
  month === 2 && isLeapYear(year) ? 29 : (DAYS_IN_MONTH[month - 1] ?? 0);

function isRealCalendarDate(value: string): boolean {
  const match = FUZZY_DATE.exec(value);
  if (!match) return false;
  const [, year, month, day] = match;
  if (month === undefined) return true;
  if (Number(month) < 1 || Number(month) > 12) return false;
  if (day === undefined) return true;
  return Number(day) >= 1 && Number(day) <= daysInMonth(Number(year), Number(month));
}

/** A calendar date known to the day (`2026-04-27`), the month (`2034-02`) or the year (`2030`). */
export const FuzzyDate = z.string().refine(isRealCalendarDate, {
  message: "must be a real calendar date: YYYY-MM-DD, YYYY-MM or YYYY",
});
export type FuzzyDate = string;

/** A calendar date known to the day. */
export const CalendarDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date written YYYY-MM-DD")
  .refine(isRealCalendarDate, { message: "is not a real calendar date" });
export type CalendarDate = string;

export function precisionOf(date: FuzzyDate): Precision {
  if (date.length === 4) return "year";
  if (date.length === 7) return "month";
  return "day";
}

/** The first day a fuzzy date could be: where a term starts, it is taken to start as early as reported. */
export function earliestDay(date: FuzzyDate): CalendarDate {
  if (date.length === 4) return `${date}-01-01`;
  if (date.length === 7) return `${date}-01`;
  return date;
}

/** The last day a fuzzy date could be: deadlines and alerts are computed from it, never later. */
export function latestDay(date: FuzzyDate): CalendarDate {
  if (date.length === 4) return `${date}-12-31`;
  if (date.length === 7) return lastOfMonth(date);
  return date;
}

// A timeline asks each term's end on hundreds of days; there are few months to remember.
const lastDays = new Map<string, CalendarDate>();

/** Day 0 of the next month is this month's last; in UTC, so no zone moves it. */
const lastOfMonth = (month: string): CalendarDate => {
  const known = lastDays.get(month);
  if (known) return known;
  const last = new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 0));
  const day = `${month}-${String(last.getUTCDate()).padStart(2, "0")}`;
  if (lastDays.size < 100_000) lastDays.set(month, day);
  return day;
};

/** Cuts a full date down to the precision it is known to: `2030-12-31` at year precision is `2030`. */
export function toFuzzy(date: CalendarDate, precision: Precision): FuzzyDate {
  if (precision === "year") return date.slice(0, 4);
  if (precision === "month") return date.slice(0, 7);
  return date;
}

/** A date with its precision, as the API shows it: `{ date: "2030-12-31", precision: "year" }`. */
export interface DatedValue {
  date: CalendarDate;
  precision: Precision;
}

export function atLatest(date: FuzzyDate): DatedValue {
  return { date: latestDay(date), precision: precisionOf(date) };
}

export function atEarliest(date: FuzzyDate): DatedValue {
  return { date: earliestDay(date), precision: precisionOf(date) };
}

/** How a person reads a fuzzy date: `2030` (year only), `Feb 2034`, `27 Apr 2026`. */
export function describeDate(date: FuzzyDate): string {
  let described = descriptions.get(date);
  if (described === undefined) {
    if (descriptions.size > 10_000) descriptions.clear();
    described = describe(date);
    descriptions.set(date, described);
  }
  return described;
}

// Reasons describe the same few dates on every day a timeline is evaluated.
const descriptions = new Map<FuzzyDate, string>();

function describe(date: FuzzyDate): string {
  const precision = precisionOf(date);
  if (precision === "year") return `${date} (year only)`;
  if (precision === "month") return format(parseISO(`${date}-01`), "MMM yyyy");
  return format(parseISO(date), "d MMM yyyy");
}

export function todayIn(now: Date): CalendarDate {
  return now.toISOString().slice(0, 10);
}
