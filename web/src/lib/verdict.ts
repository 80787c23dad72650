import type { Decision } from "../api/types.ts";
import { type Effective, isOpenEnd, type ReasonLike } from "./certainty.ts";
import { describeDate, type Precision } from "./dates.ts";

const precisionOf = (value: string | null | undefined): Precision =>
  value === "year" || value === "month" ? value : "day";

/** A reason's summary split into its lead ("Non-exclusive grant") and what follows, if it has one. */
export function splitSummary(summary: string): { lead: string | null; rest: string } {
  const at = summary.indexOf(": ");
  // A lead is a short phrase; a colon further in belongs to the sentence.
  if (at <= 0 || at > 60) return { lead: null, rest: summary };
  return { lead: summary.slice(0, at), rest: summary.slice(at + 2) };
}

function firstShipClause(summary: string): string {
  // The provider's name is the phrase right before the window in brackets.
  const found = /ship first on ([^;(—]+?) \(([^)]+)\)/.exec(summary);
  if (!found) return "another provider gets new releases first";
  const window = found[2] === "window length unknown" ? "window unknown" : found[2];
  return `new releases reach ${found[1]} first, ${window}`;
}

const count = (n: number, one: string, many: string) =>
  n === 1 ? one : `${n === 2 ? "two" : n === 3 ? "three" : String(n)} ${many}`;

/** The clauses after the lead: what limits or clouds the answer, once each. */
function clauses(reasons: readonly ReasonLike[]): string[] {
  const has = (code: string) => reasons.some((reason) => reason.code === code);
  const out: string[] = [];
  for (const reason of reasons) {
    if (reason.code === "first-ship-priority") out.push(firstShipClause(reason.summary));
    if (reason.code === "exclusive-to-other") {
      const lead = splitSummary(reason.summary).lead;
      out.push(lead ? lead.replace(/^Exclusive/, "exclusive") : "another provider is exclusive");
    }
  }
  if (has("conflicting-exclusivity") || has("grant-contradicts-exclusivity"))
    out.push("terms in force contradict each other");
  if (has("not-yet-available")) out.push("the product has not launched yet");
  if (has("no-grant") && !has("exclusive-to-other")) out.push("no term in force grants it");
  if (has("expired")) out.push("the grant has expired");
  if (has("not-yet-effective")) out.push("the grant is not in force yet");
  if (has("owner-channel")) out.push("it is the product owner's own channel");
  const disputes = reasons.filter((reason) => reason.code === "disputed").length;
  if (disputes > 0)
    out.push(count(disputes, "a term it rests on is disputed", "disputes bear on it"));
  if (has("imprecise-date")) out.push("a date it depends on is known only to the month or year");
  return [...new Set(out)];
}

function when(effective: Effective | undefined): string {
  if (!effective) return "";
  const from = ` from ${describeDate(effective.from, precisionOf(effective.fromPrecision))}`;
  const to =
    effective.to && !isOpenEnd(effective.to)
      ? ` to ${describeDate(effective.to, precisionOf(effective.toPrecision))}`
      : "";
  return `${from}${to}`;
}

const LEADS: Record<Decision, (provider: string) => string> = {
  allowed: (provider) => `Allowed on ${provider}`,
  // The conditions follow as clauses: "Allowed on AWS from …; new releases reach Azure first".
  conditional: (provider) => `Allowed on ${provider}`,
  denied: (provider) => `Not allowed on ${provider}`,
  conflict: (provider) => `The terms contradict each other on ${provider}`,
};

/**
 * One plain sentence for an answer, before its reasons: "Allowed on AWS from 28 Apr 2026; new
 * releases reach Azure first, window unknown; a term it rests on is disputed."
 */
export function verdict(
  providerName: string,
  decision: Decision,
  reasons: readonly ReasonLike[],
): string {
  // Of the grants in force, the one in force longest says since when it is allowed.
  const grant = reasons
    .filter((reason) => reason.code === "granted" || reason.code === "owner-channel")
    .sort((a, b) => (a.effective?.from ?? "9999").localeCompare(b.effective?.from ?? "9999"))[0];
  const lead = `${LEADS[decision](providerName)}${decision === "denied" ? "" : when(grant?.effective)}`;
  const rest = clauses(reasons);
  return `${[lead, ...rest].join("; ")}.`;
}

/** "azure-api-exclusivity" as words: "Azure api exclusivity"; the id itself goes in a title. */
export const termName = (termId: string): string => {
  const words = termId.replaceAll("-", " ").replaceAll(":", ", ");
  return words.charAt(0).toUpperCase() + words.slice(1);
};

/** "DistributionRightGranted" as words: "Distribution right granted". */
export const eventTypeName = (type: string): string => {
  const words = type.replace(/([a-z0-9])([A-Z])/g, "$1 $2").toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
};

/** A workload's answer in one sentence: "Allowed on AWS and GCP; with conditions on Azure; not on Oracle." */
export function workloadVerdict(
  rows: readonly { provider: string; decision: Decision; certainty: string }[],
  providerName: (id: string) => string,
): string {
  const list = (items: string[]) =>
    items.length <= 1
      ? (items[0] ?? "")
      : `${items.slice(0, -1).join(", ")} and ${items.at(-1) ?? ""}`;
  const on = (decision: Decision) =>
    rows.filter((row) => row.decision === decision).map((row) => providerName(row.provider));
  const parts = [
    on("allowed").length > 0 ? `Allowed on ${list(on("allowed"))}` : null,
    on("conditional").length > 0 ? `allowed with conditions on ${list(on("conditional"))}` : null,
    on("conflict").length > 0 ? `terms contradict each other on ${list(on("conflict"))}` : null,
    on("denied").length > 0 ? `not allowed on ${list(on("denied"))}` : null,
  ].filter((part): part is string => part !== null);
  if (parts.length === 0) return "No provider to decide on.";
  const uncertain = rows.filter((row) => row.certainty === "uncertain").length;
  const sentence = parts.join("; ");
  const tail =
    uncertain > 0
      ? `; ${uncertain === 1 ? "one answer is" : `${uncertain} answers are`} uncertain`
      : "";
  return `${sentence.charAt(0).toUpperCase()}${sentence.slice(1)}${tail}.`;
}
