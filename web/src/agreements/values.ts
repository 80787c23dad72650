import { describeDate, type Precision } from "../lib/dates.ts";
import type { Namer } from "../lib/names.ts";
import { fieldText } from "./format.ts";

/** A sum as the log keeps it: `{ amount, currency, qualifier }`. */
export interface MoneyValue {
  amount: number;
  currency: string;
  qualifier?: "exact" | "approximate" | "up-to" | "at-least" | undefined;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

export const isMoney = (value: unknown): value is MoneyValue =>
  isRecord(value) && typeof value.amount === "number" && typeof value.currency === "string";

const SYMBOL: Record<string, string> = { USD: "$", EUR: "€", GBP: "£", JPY: "¥" };
const SCALES: [number, string][] = [
  [1e12, "T"],
  [1e9, "B"],
  [1e6, "M"],
  [1e3, "K"],
];
const QUALIFIER: Record<string, string> = {
  approximate: "about ",
  "up-to": "up to ",
  "at-least": "at least ",
};

/** "$38B", "up to $35B", "about €2.5M", "CHF 400K". */
export function moneyText(money: MoneyValue): string {
  const [scale, suffix] = SCALES.find(([size]) => money.amount >= size) ?? [1, ""];
  const figure = `${Number((money.amount / scale).toFixed(2))}${suffix}`;
  const symbol = SYMBOL[money.currency];
  const sum = symbol ? `${symbol}${figure}` : `${money.currency} ${figure}`;
  return `${QUALIFIER[money.qualifier ?? "exact"] ?? ""}${sum}`;
}

/** `2030`, `2034-02` or `2026-04-27`, read at the precision it is known to. */
export function fuzzyDateText(value: string): string {
  const precision: Precision = value.length === 4 ? "year" : value.length === 7 ? "month" : "day";
  const day =
    precision === "year" ? `${value}-01-01` : precision === "month" ? `${value}-01` : value;
  return describeDate(day, precision);
}

/** How a person names a term's attribute. */
export const ATTRIBUTE_LABEL: Record<string, string> = {
  cap: "Cap",
  ratePercent: "Rate",
  amount: "Amount",
  value: "Value",
  windowDays: "First-ship window",
  conditions: "Conditions",
  contingent: "Contingent",
  dueBy: "Due by",
  until: "Until",
  untilCondition: "Until (condition)",
  exclusive: "Exclusive",
  subject: "Subject",
  scope: "Scope",
  holder: "Holder",
  providers: "Providers",
  products: "Products",
  classes: "Product classes",
  segments: "Segments",
  waiverCondition: "Waived if",
  percent: "Stake",
  approximate: "Approximate",
  description: "Description",
  quantity: "Quantity",
  milestones: "Milestones",
  title: "Title",
  text: "Text",
  summary: "Summary",
  effectiveOn: "Effective",
  funded: "Funded",
  sources: "Sources",
};

export const attributeLabel = (key: string): string =>
  ATTRIBUTE_LABEL[key] ?? key.replace(/([A-Z])/g, " $1").replace(/^./, (c) => c.toUpperCase());

/**
 * An attribute's value in words: an undisclosed cap is "undisclosed", a window without a length
 * "unknown", a sum "$38B", a year-only date "2030 (year only)"; catalog ids become names.
 */
export function attributeText(
  key: string,
  value: unknown,
  names: Namer,
  termKind?: string | undefined,
): string {
  if (value === undefined) return "none";
  if (key === "cap") {
    if (!isRecord(value)) return "no cap";
    return value.disclosed === false
      ? "undisclosed"
      : isMoney(value.amount)
        ? moneyText(value.amount)
        : "disclosed";
  }
  if (isMoney(value)) return moneyText(value);
  if (key === "windowDays") return value === null ? "unknown" : `${String(value)} days`;
  if (key === "ratePercent" || key === "percent")
    return value === null ? "undisclosed" : `${String(value)}%`;
  if (key === "conditions" && value === null) return "undisclosed";
  if (value === null) return "none";
  if (typeof value === "boolean") return value ? "yes" : "no";
  if (
    (key === "until" || key === "dueBy" || key === "effectiveOn") &&
    typeof value === "string" &&
    /^\d{4}(-\d{2}){0,2}$/.test(value)
  )
    return fuzzyDateText(value);
  return fieldText(names, key, value, { type: "", termKind });
}

/** The attributes whose values differ between two states of a term, in a stable order. */
export function changedKeys(
  before: Record<string, unknown>,
  after: Record<string, unknown>,
): string[] {
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
  return keys.filter(
    (key) => key !== "summary" && JSON.stringify(before[key]) !== JSON.stringify(after[key]),
  );
}
