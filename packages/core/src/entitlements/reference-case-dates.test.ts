import { describe, expect, it } from "vitest";
import type { Segment } from "../catalog/catalog.ts";
import { foldReference } from "../testing/in-memory-agreements.ts";
import {
  cellText,
  mapValues,
  normalised,
  type Row,
  row,
  type Table,
  UNCERTAIN,
} from "../testing/reference-tables.ts";
import { entitlementMatrix } from "./matrix.ts";

// The reference case at six more dates, written from partnership-facts.md and the rules in
// ARCHITECTURE.md ("The domain is pure", "Answers a lawyer can check"), certainty included.

const { agreements: reference, catalog } = foldReference();

/** Marks a cell's expected text as uncertain. */
const u = (text: string) => `${text}${UNCERTAIN}`;

/** Every AWS cell with one more reason, keeping its certainty. */
const withAws = (table: Table, reason: string): Table =>
  mapValues(table, (cells: Row) => {
    const cell = cells.aws ?? "";
    const uncertain = cell.endsWith(UNCERTAIN);
    const aws = `${cell.replace(UNCERTAIN, "")}, ${reason}`;
    return { ...cells, aws: uncertain ? u(aws) : aws };
  }) as Table;

// 2022-06-01: Microsoft's exclusivities are dated only to 2022. A term takes effect from the
// earliest day it could mean, so they hold; but on Azure the answer was "denied" before 2022 and
// "allowed" after it, so Azure's cells are uncertain. Elsewhere the answer is "denied" on both
// sides of 2022 (no grant, then someone else's exclusivity): the imprecise year changes nothing.
const y2022: Table = {
  "openai-api": row(
    u("allowed: granted API, granted HOST, imprecise-date API, imprecise-date HOST"),
    "denied: exclusive-to-other API, exclusive-to-other HOST",
    "denied: exclusive-to-other API, exclusive-to-other HOST",
  ),
  frontier: row(
    u("allowed: granted API, imprecise-date API"),
    "denied: exclusive-to-other API",
    "denied: exclusive-to-other API",
  ),
  "stateful-runtime": row(
    u("allowed: granted API, imprecise-date API"),
    "denied: exclusive-to-other API",
    "denied: exclusive-to-other API",
  ),
  codex: row(
    u("allowed: granted API, imprecise-date API"),
    "denied: exclusive-to-other API",
    "denied: exclusive-to-other API",
  ),
  "gpt-oss": row(
    u("allowed: granted API, imprecise-date API"),
    "denied: exclusive-to-other API",
    "denied: exclusive-to-other API",
  ),
};

// 2025-11-01: the same rights, now surely in force. The $250B Azure commitment (2025-10) and the
// $38B AWS cloud deal (2025) buy capacity and grant no distribution right.
const nov2025: Table = {
  "openai-api": row(
    "allowed: granted API, granted HOST",
    "denied: exclusive-to-other API, exclusive-to-other HOST",
    "denied: exclusive-to-other API, exclusive-to-other HOST",
  ),
  frontier: row(
    "allowed: granted API",
    "denied: exclusive-to-other API",
    "denied: exclusive-to-other API",
  ),
  "stateful-runtime": row(
    "allowed: granted API",
    "denied: exclusive-to-other API",
    "denied: exclusive-to-other API",
  ),
  codex: row(
    "allowed: granted API",
    "denied: exclusive-to-other API",
    "denied: exclusive-to-other API",
  ),
  "gpt-oss": row(
    "allowed: granted API",
    "denied: exclusive-to-other API",
    "denied: exclusive-to-other API",
  ),
};

// 2026-02-27: the Amazon deal's first day. AWS's Frontier exclusivity overlaps Microsoft's
// all-products exclusivity (a conflict on both holders), and the Bedrock runtime grant names AWS
// against Microsoft's. Microsoft's dispute (dated only to February 2026, so open from the 1st)
// names those two AWS cells, which rest on disputed terms: uncertain. Its imprecise month does not
// add `imprecise-date`: those cells are a conflict whether the dispute is open yet or not.
// The government grant (2026-03) is not yet in force and no AWS cell lacks a grant reason, so the
// government table is the same.
const feb27: Table = {
  ...nov2025,
  frontier: row(
    "conflict: conflicting-exclusivity API, exclusive-to-other AWSF",
    u("conflict: conflicting-exclusivity AWSF, exclusive-to-other API, disputed amazon-openai"),
    "denied: exclusive-to-other API, exclusive-to-other AWSF",
  ),
  "stateful-runtime": row(
    "allowed: granted API",
    u(
      "conflict: grant-contradicts-exclusivity SRB, exclusive-to-other API, disputed amazon-openai",
    ),
    "denied: exclusive-to-other API",
  ),
};

// 2026-04-27, as recorded: the amendment ends Microsoft's exclusivities, any cloud may serve
// everything, Azure ships first (window unknown), and Microsoft's dispute of the Amazon deal is
// resolved. One report dates the amendment 2026-04-28: every cell whose decision differs from the
// day before (all but Azure's unchanged "allowed", the other clouds' unchanged Frontier denial and
// OpenAI's own channel) is uncertain, with one more `disputed microsoft-openai`. The Bedrock
// listings (2026-04-28) are not yet in force; AWS has a grant, so they are not listed.
const DD = "disputed microsoft-openai"; // the amendment-date dispute
const apr27: Table = {
  "openai-api": row(
    "allowed: granted ANY",
    u(`conditional: granted ANY, first-ship-priority FS, disputed microsoft-openai, ${DD}`),
    u(`conditional: granted ANY, first-ship-priority FS, disputed microsoft-openai, ${DD}`),
  ),
  frontier: row(
    u(`denied: exclusive-to-other AWSF, yields-to-exclusivity ANY, ${DD}`),
    u(`allowed: granted ANY, granted AWSF, first-ship-priority-moot FS, ${DD}`),
    "denied: exclusive-to-other AWSF, yields-to-exclusivity ANY",
  ),
  "stateful-runtime": row(
    "allowed: granted ANY",
    u(`conditional: granted ANY, granted SRB, first-ship-priority FS, ${DD}`),
    u(`conditional: granted ANY, first-ship-priority FS, ${DD}`),
  ),
  codex: row(
    "allowed: granted ANY",
    u(`conditional: granted ANY, first-ship-priority FS, ${DD}`),
    u(`conditional: granted ANY, first-ship-priority FS, ${DD}`),
  ),
  // gpt-oss was already out when the priority began (see the catalog's availableBy), so only
  // the disputed day of the amendment leaves it unsure.
  "gpt-oss": row(
    "allowed: granted ANY",
    u(`allowed: granted ANY, first-ship-priority-moot FS, ${DD}`),
    u(`allowed: granted ANY, first-ship-priority-moot FS, ${DD}`),
  ),
};
// In government the day before was a conflict on every AWS cell (the March grant against
// Microsoft's exclusivity), so every AWS cell changes too.
const apr27Gov = withAws(apr27, "granted GOV");

// 2026-04-28: both dates of the amendment agree, and the Bedrock listings take effect. Only the
// open stateless-API dispute (non-Azure clouds) leaves cells uncertain. Nothing right-bearing ends
// later: the AWS cloud agreement's end (2034-02) carries capacity, not rights, so 2034-06-01 and
// its month's span change nothing.
const apr28: Table = {
  "openai-api": row(
    "allowed: granted ANY",
    u("conditional: granted ANY, granted BGC, first-ship-priority FS, disputed microsoft-openai"),
    u("conditional: granted ANY, first-ship-priority FS, disputed microsoft-openai"),
  ),
  frontier: row(
    "denied: exclusive-to-other AWSF, yields-to-exclusivity ANY",
    "allowed: granted ANY, granted AWSF, first-ship-priority-moot FS",
    "denied: exclusive-to-other AWSF, yields-to-exclusivity ANY",
  ),
  "stateful-runtime": row(
    "allowed: granted ANY",
    "conditional: granted ANY, granted SRB, first-ship-priority FS",
    "conditional: granted ANY, first-ship-priority FS",
  ),
  codex: row(
    "allowed: granted ANY",
    "conditional: granted ANY, granted BGC, first-ship-priority FS",
    "conditional: granted ANY, first-ship-priority FS",
  ),
  "gpt-oss": row(
    "allowed: granted ANY",
    "allowed: granted ANY, granted OSS, first-ship-priority-moot FS",
    "allowed: granted ANY, first-ship-priority-moot FS",
  ),
};
const apr28Gov = withAws(apr28, "granted GOV");

const tables: [string, Segment, Table][] = [
  ["2022-06-01", "commercial", y2022],
  ["2022-06-01", "government", y2022],
  ["2025-11-01", "commercial", nov2025],
  ["2025-11-01", "government", nov2025],
  ["2026-02-27", "commercial", feb27],
  ["2026-02-27", "government", feb27],
  ["2026-04-27", "commercial", apr27],
  ["2026-04-27", "government", apr27Gov],
  ["2026-04-28", "commercial", apr28],
  ["2026-04-28", "government", apr28Gov],
  ["2034-06-01", "commercial", apr28],
  ["2034-06-01", "government", apr28Gov],
];

function actualTable(at: string, segment: Segment): Table {
  const table: Record<string, Record<string, string>> = {};
  for (const cell of entitlementMatrix(reference, at, segment, catalog).cells) {
    table[cell.product] = { ...table[cell.product], [cell.provider]: cellText(cell) };
  }
  return table as Table;
}

describe("the reference case at six more dates, certainty included", () => {
  it.each(tables)("on %s for the %s segment", (at, segment, table) => {
    expect(actualTable(at, segment)).toEqual(normalised(table));
  });
});
