import type { ProductId, ProviderId } from "../catalog/catalog.ts";
import type { Entitlement, Reason } from "../entitlements/evaluate.ts";

/**
 * The vocabulary of the person-written tables that pin the reference case: cells as one line
 * of text ("denied: exclusive-to-other API"), with short names for its right-bearing terms.
 */
export const alias: Record<string, string> = {
  API: "azure-api-exclusivity", // Microsoft-OpenAI, 2022 (year) until 2026-04-27, all products
  HOST: "azure-stateless-hosting", // Microsoft-OpenAI, 2022 (year) until 2026-04-27, stateless-api
  ANY: "any-cloud-distribution", // Microsoft-OpenAI, from 2026-04-27
  FS: "azure-first-ship", // Microsoft-OpenAI, from 2026-04-27, window unknown
  AWSF: "aws-frontier-distribution", // Amazon-OpenAI exclusivity, from 2026-02-27
  SRB: "stateful-runtime-on-bedrock", // from 2026-02-27
  GOV: "aws-government-distribution", // from 2026-03 (month), government only
  BGC: "bedrock-gpt-codex", // from 2026-04-28
  OSS: "bedrock-gpt-oss", // from 2026-04-28
};

export const UNCERTAIN = " (uncertain)";

/** A reason as one token: its code and term; a dispute by the agreement it is recorded in. */
export const token = (reason: Reason) =>
  reason.code === "disputed"
    ? `disputed ${reason.agreementId}`
    : [reason.code, reason.termId].filter(Boolean).join(" ");

/** A cell as the tables write it; with `certainty`, an uncertain one ends in " (uncertain)". */
export const cellText = ({
  decision,
  reasons,
  certainty,
}: Pick<Entitlement, "decision" | "reasons"> & Partial<Pick<Entitlement, "certainty">>) =>
  `${decision}: ${reasons.map(token).sort().join(", ")}${certainty === "uncertain" ? UNCERTAIN : ""}`;

/** `"denied: exclusive-to-other API (uncertain)"` with aliases expanded and reasons sorted, as `cellText` writes it. */
export const expected = (text: string) => {
  const uncertain = text.endsWith(UNCERTAIN);
  const [decision, reasons = ""] = text.replace(UNCERTAIN, "").split(": ");
  const tokens = reasons.split(", ").map((item) => {
    const [code, term] = item.split(" ");
    return term ? `${code} ${alias[term] ?? term}` : item;
  });
  return `${decision}: ${tokens.sort().join(", ")}${uncertain ? UNCERTAIN : ""}`;
};

export type Row = Record<ProviderId, string>;
export type Table = Record<ProductId, Row>;
const DIRECT = "allowed: owner-channel";

/** Google Cloud and Oracle Cloud hold no right of their own in the reference case: they always agree. */
export const row = (azure: string, aws: string, otherClouds: string): Row => ({
  azure,
  aws,
  "google-cloud": otherClouds,
  "oracle-cloud": otherClouds,
  "openai-direct": DIRECT,
});

export const mapValues = <T, V>(record: Record<string, T>, f: (value: T, key: string) => V) =>
  Object.fromEntries(Object.entries(record).map(([key, value]) => [key, f(value, key)]));

/** The table with its cells' aliases expanded and reasons sorted, to compare with the actual one. */
export const normalised = (table: Table) => mapValues(table, (cells) => mapValues(cells, expected));
