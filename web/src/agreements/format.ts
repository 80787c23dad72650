import type { Term } from "../api/types.ts";
import { describeDate, type Precision } from "../lib/dates.ts";

const precisionOf = (value: string | null): Precision =>
  value === "year" || value === "month" ? value : "day";

/** "2022 (year only) → 26 Apr 2026", "27 Apr 2026 → open-ended". */
export function effectiveText(term: Term): string {
  const { from, fromPrecision, to, toPrecision, endCondition } = term.effective;
  const start = describeDate(from, precisionOf(fromPrecision));
  const end = to ? describeDate(to, precisionOf(toPrecision)) : "no end date";
  return `${start} → ${end}${endCondition ? `, or until ${endCondition}` : ""}`;
}

/** A value from an event's data, in words rather than JSON where it is simple. */
export function valueText(value: unknown): string {
  if (value === null) return "unknown (recorded as not disclosed)";
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (Array.isArray(value) && value.every((item) => typeof item === "string"))
    return value.join(", ");
  return JSON.stringify(value);
}

export const STATUS_TEXT: Record<Term["status"], string> = {
  "not-yet-effective": "Not yet in force",
  "in-force": "In force",
  expired: "Expired",
  ended: "Ended",
  terminated: "Terminated",
};
