import { describeDate, type Precision } from "./dates.ts";

/**
 * How sure an entitlement answer is, and what each reason rests on, in words. The API sends
 * `certainty` on every answer; a reason may carry the term's `effective` period, `later` changes
 * (dated after the asked date) and `evidence` (read loosely: older servers leave it out).
 */
export type Certainty = "certain" | "uncertain";

export interface Effective {
  from: string;
  fromPrecision: string;
  to: string | null;
  toPrecision: string | null;
  endCondition: string | null;
}

export interface ReasonLike {
  code: string;
  summary: string;
  effective?: Effective | undefined;
  later?: { on: string; precision: string }[] | undefined;
}

/** The reason codes that make an answer uncertain. */
export const UNCERTAIN_CODES: readonly string[] = ["imprecise-date", "disputed"];

const precisionOf = (value: string | null | undefined): Precision =>
  value === "year" || value === "month" ? value : "day";

/** A date so far ahead that it stands for "no end" (the API's open end is 9999-12-31 or alike). */
export const isOpenEnd = (date: string | null | undefined): boolean =>
  !date || Number(date.slice(0, 4)) >= 2100;

/** "from 2022 (year only) to 26 Apr 2026", "from 27 Apr 2026 on", "from Mar 2026 until …". */
export function effectiveText(effective: Effective): string {
  const start = `from ${describeDate(effective.from, precisionOf(effective.fromPrecision))}`;
  const end = isOpenEnd(effective.to)
    ? null
    : describeDate(effective.to ?? "", precisionOf(effective.toPrecision));
  if (effective.endCondition)
    return `${start}${end ? ` to ${end}, or` : ""} until ${effective.endCondition}`;
  return end ? `${start} to ${end}` : `${start} on`;
}

/** "27 Apr 2026", "27 Apr 2026, 2030 (year only)": changes known, not yet in force. */
export const laterText = (later: ReasonLike["later"]): string | null =>
  later && later.length > 0
    ? later.map((change) => describeDate(change.on, precisionOf(change.precision))).join(", ")
    : null;

const EVIDENCE: Record<string, string> = {
  primary: "primary source",
  "press-only": "press reports only",
  unmarked: "sources not marked primary or press",
  none: "no source recorded",
};

/** What a reason rests on, in words, or null when the API does not say. */
export function evidenceText(reason: object): string | null {
  const evidence = (reason as { evidence?: unknown }).evidence;
  return typeof evidence === "string" ? (EVIDENCE[evidence] ?? evidence) : null;
}

/** The imprecise-date and disputed reasons: why an answer is uncertain. */
export const uncertaintyReasons = <R extends ReasonLike>(reasons: readonly R[]): R[] =>
  reasons.filter((reason) => UNCERTAIN_CODES.includes(reason.code));

/** "Certain" or "Uncertain: <why>", the first line of an answer's explanation. */
export function certaintyText(certainty: Certainty, reasons: readonly ReasonLike[]): string {
  if (certainty === "certain") return "Certain";
  const why = uncertaintyReasons(reasons).map((reason) => reason.summary);
  return why.length > 0 ? `Uncertain: ${why.join(" ")}` : "Uncertain";
}
