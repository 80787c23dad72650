import { fuzzyValue } from "./fuzzy-date-field.tsx";
import type { Draft } from "./intents.ts";
import { parseMoney } from "./money-field.tsx";
import type { AttributeKind } from "./term-attributes.ts";

type Obj = Record<string, unknown>;

/** The new value of one attribute, from the field its kind uses; or an error for that field. */
export function newValue(
  kind: AttributeKind,
  draft: Draft,
): { value: unknown } | { error: string } {
  if (kind === "money" || kind === "cap") {
    const money = parseMoney(draft.money);
    if ("error" in money) return money;
    return { value: kind === "cap" ? { disclosed: true, amount: money } : money };
  }
  if (kind === "number" || kind === "percent" || kind === "days") {
    const number = Number(draft.number.replace(",", "."));
    if (draft.number.trim() === "" || !Number.isFinite(number))
      return { error: kind === "days" ? "Give the number of days." : "Give a number." };
    return { value: number };
  }
  if (kind === "date") {
    const value = fuzzyValue(draft.date);
    return value ? { value } : { error: "Give the date, the month or the year." };
  }
  if (kind === "boolean") {
    return draft.boolean ? { value: draft.boolean === "yes" } : { error: "Choose yes or no." };
  }
  return draft.text.trim() ? { value: draft.text.trim() } : { error: "This is required." };
}

/** `{ cap: {…} }` is recorded as RevenueShareCapped; any other attribute as a TermAmended. */
export function attributeEvent(
  termId: string,
  attribute: string,
  value: unknown,
  summary: string,
): Obj {
  const withSummary = summary.trim() ? { summary: summary.trim() } : {};
  if (attribute === "cap")
    return { type: "RevenueShareCapped", termId, cap: value, ...withSummary };
  return { type: "TermAmended", termId, changes: { [attribute]: value }, ...withSummary };
}

export const slug = (text: string) =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "")
    .split("-")
    .slice(0, 5)
    .join("-");
