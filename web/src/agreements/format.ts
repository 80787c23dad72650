import type { Term } from "../api/types.ts";
import { describeDate, type Precision } from "../lib/dates.ts";
import { type Namer, namedValue } from "../lib/names.ts";

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
  "agreement-ended": "Ended with its agreement",
};

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * An event field as a person reads it: catalog ids as names ("holder: Harbor Cloud"), an
 * agreement's parties with their roles, an amendment's changes and a dispute's concerns field
 * by field. `termKind` is the amended term's kind (it decides what a changed `holder` names).
 */
export function fieldText(
  names: Namer,
  field: string,
  value: unknown,
  context: { type: string; termKind?: string | undefined },
): string {
  const named = namedValue(names, field, value, context);
  if (named !== undefined) return named;
  if (field === "parties" && Array.isArray(value))
    return value
      .map((item) =>
        isRecord(item) && typeof item.party === "string"
          ? `${names.party(item.party)}${typeof item.role === "string" ? ` (${item.role})` : ""}`
          : valueText(item),
      )
      .join(", ");
  if ((field === "changes" || field === "concerns") && isRecord(value)) {
    const inner = field === "changes" ? { type: "", termKind: context.termKind } : context;
    return Object.entries(value)
      .map(([key, item]) => `${key} ${fieldText(names, key, item, inner)}`)
      .join("; ");
  }
  return valueText(value);
}
