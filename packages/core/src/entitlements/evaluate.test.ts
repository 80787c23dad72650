import { describe, expect, it } from "vitest";
import type { AgreementState } from "../agreement/state.ts";
import type { ProductId, ProviderId, Segment } from "../catalog/catalog.ts";
import { earliestDay } from "../dates.ts";
import { defaultAgreement, givenAgreement, type Step } from "../testing/decider-spec.ts";
import { foldReference } from "../testing/in-memory-agreements.ts";
import {
  cellText,
  expected,
  mapValues,
  normalised,
  row,
  type Table,
} from "../testing/reference-tables.ts";
import { type Entitlement, evaluateEntitlement } from "./evaluate.ts";
import { entitlementMatrix } from "./matrix.ts";

const { agreements: reference, catalog } = foldReference();

/** These tables pin decisions and reasons; certainty is pinned in reference-case-dates.test.ts. */
const decisionText = ({ decision, reasons }: Pick<Entitlement, "decision" | "reasons">) =>
  cellText({ decision, reasons });

/** The table with AWS's cells replaced (a string per product) or extended (one reason for all). */
const withAws = (table: Table, aws: Partial<Record<ProductId, string>> | string): Table =>
  mapValues(table, (cells, product) => ({
    ...cells,
    aws:
      typeof aws === "string" ? `${cells.aws}, ${aws}` : (aws[product as ProductId] ?? cells.aws),
  })) as Table;

// 2020-06-01: no right has begun. Each cloud is denied, listing the grants to it that are still ahead.
const before: Table = {
  "openai-api": row(
    "denied: no-grant, not-yet-effective API, not-yet-effective HOST, not-yet-effective ANY",
    "denied: no-grant, not-yet-effective ANY, not-yet-effective BGC",
    "denied: no-grant, not-yet-effective ANY",
  ),
  frontier: row(
    "denied: no-grant, not-yet-effective API, not-yet-effective ANY",
    "denied: no-grant, not-yet-effective ANY, not-yet-effective AWSF",
    "denied: no-grant, not-yet-effective ANY",
  ),
  "stateful-runtime": row(
    "denied: no-grant, not-yet-effective API, not-yet-effective ANY",
    "denied: no-grant, not-yet-effective ANY, not-yet-effective SRB",
    "denied: no-grant, not-yet-effective ANY",
  ),
  codex: row(
    "denied: no-grant, not-yet-effective API, not-yet-effective ANY",
    "denied: no-grant, not-yet-effective ANY, not-yet-effective BGC",
    "denied: no-grant, not-yet-effective ANY",
  ),
  "gpt-oss": row(
    "denied: no-grant, not-yet-effective API, not-yet-effective ANY",
    "denied: no-grant, not-yet-effective ANY, not-yet-effective OSS",
    "denied: no-grant, not-yet-effective ANY",
  ),
};
const beforeGov = withAws(before, "not-yet-effective GOV");

// 2026-03-15: Microsoft's API-layer exclusivity (all products) overlaps AWS's Frontier
// exclusivity; Microsoft's dispute of the Amazon deal (Feb 2026, aws only) is open.
const mar15: Table = {
  "openai-api": row(
    "allowed: granted API, granted HOST",
    "denied: exclusive-to-other API, exclusive-to-other HOST",
    "denied: exclusive-to-other API, exclusive-to-other HOST",
  ),
  frontier: row(
    "conflict: conflicting-exclusivity API, exclusive-to-other AWSF",
    "conflict: conflicting-exclusivity AWSF, exclusive-to-other API, disputed amazon-openai",
    "denied: exclusive-to-other API, exclusive-to-other AWSF",
  ),
  "stateful-runtime": row(
    "allowed: granted API",
    "conflict: grant-contradicts-exclusivity SRB, exclusive-to-other API, disputed amazon-openai",
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
// AWS's government grant (all products) names AWS against Microsoft's exclusivity: a conflict.
// It is not exclusive, so it contradicts the exclusivity; only AWS's Frontier right overlaps it.
// The government deal is dated only to March 2026: on the 15th it may not yet have been signed,
// and where it alone makes the conflict, the answer is uncertain.
const mar15Gov = withAws(mar15, {
  "openai-api":
    "conflict: grant-contradicts-exclusivity GOV, exclusive-to-other API, exclusive-to-other HOST, imprecise-date GOV",
  frontier:
    "conflict: conflicting-exclusivity AWSF, grant-contradicts-exclusivity GOV, exclusive-to-other API, disputed amazon-openai",
  "stateful-runtime":
    "conflict: grant-contradicts-exclusivity SRB, grant-contradicts-exclusivity GOV, exclusive-to-other API, disputed amazon-openai",
  codex: "conflict: grant-contradicts-exclusivity GOV, exclusive-to-other API, imprecise-date GOV",
  "gpt-oss":
    "conflict: grant-contradicts-exclusivity GOV, exclusive-to-other API, imprecise-date GOV",
});

// 2026-05-01 (and still 2033-06-01: nothing right-bearing ends in between): any cloud may serve
// everything; Azure ships first (window unknown) except where AWS's Frontier exclusivity shuts
// Azure out; the stateless-API reports stay disputed for the non-Azure clouds.
const may1: Table = {
  "openai-api": row(
    "allowed: granted ANY",
    "conditional: granted ANY, granted BGC, first-ship-priority FS, disputed microsoft-openai",
    "conditional: granted ANY, first-ship-priority FS, disputed microsoft-openai",
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
  // gpt-oss was "already on Bedrock" when AWS announced the listings on 2026-04-28, so it was
  // out by the day the priority began: "ship first on Azure" cannot hold a product already out.
  "gpt-oss": row(
    "allowed: granted ANY",
    "allowed: granted ANY, granted OSS, first-ship-priority-moot FS",
    "allowed: granted ANY, first-ship-priority-moot FS",
  ),
};
const may1Gov = withAws(may1, "granted GOV");

const tables: [string, Segment, Table][] = [
  ["2020-06-01", "commercial", before],
  ["2020-06-01", "government", beforeGov],
  ["2026-03-15", "commercial", mar15],
  ["2026-03-15", "government", mar15Gov],
  ["2026-05-01", "commercial", may1],
  ["2026-05-01", "government", may1Gov],
  ["2033-06-01", "commercial", may1],
  ["2033-06-01", "government", may1Gov],
];

function actualTable(states: AgreementState[], at: string, segment: Segment): Table {
  const table: Record<string, Record<string, string>> = {};
  for (const cell of entitlementMatrix(states, at, segment, catalog).cells) {
    table[cell.product] = {
      ...table[cell.product],
      [cell.provider]: decisionText(cell),
    };
  }
  return table as Table;
}

type Query = [product: ProductId, provider: ProviderId, at: string, segment?: Segment];
const evaluate = (states: AgreementState[], ...[product, provider, at, segment]: Query) =>
  evaluateEntitlement(states, { product, provider, at, segment: segment ?? "commercial" }, catalog);

describe("the reference case, cell by cell", () => {
  it.each(tables)("on %s for the %s segment", (at, segment, table) => {
    expect(actualTable(reference, at, segment)).toEqual(normalised(table));
  });

  it("answers a single query as the matrix does", () => {
    const cell = entitlementMatrix(reference, "2026-05-01", "commercial", catalog).cells.find(
      ({ product, provider }) => product === "openai-api" && provider === "aws",
    );
    const { decision, reasons } = evaluate(reference, "openai-api", "aws", "2026-05-01");
    expect(cell).toMatchObject({ decision, reasons });
  });
});

describe("the reference case, the cells that explain it", () => {
  it("denies the OpenAI API on AWS while Microsoft's exclusivity holds, saying whose it is", () => {
    const result = evaluate(reference, "openai-api", "aws", "2026-03-15");
    expect(result.decision).toBe("denied");
    const reason = result.reasons.find(({ termId }) => termId === "azure-api-exclusivity");
    expect(reason).toMatchObject({ code: "exclusive-to-other", agreementId: "microsoft-openai" });
    expect(reason?.summary).toContain("Exclusive to Microsoft Azure");
    expect(reason?.sources.map(({ publication }) => publication)).toEqual(
      expect.arrayContaining(["Microsoft", "Reuters", "CNBC"]),
    );
  });

  it("makes it conditional after the amendment: granted, Azure ships first, and disputed", () => {
    const result = evaluate(reference, "openai-api", "aws", "2026-05-01");
    expect(result.decision).toBe("conditional");
    expect(result.reasons.map(({ code }) => code)).toEqual(
      expect.arrayContaining(["granted", "first-ship-priority", "disputed"]),
    );
    expect(result.reasons.find(({ code }) => code === "first-ship-priority")).toMatchObject({
      agreementId: "microsoft-openai",
      termId: "azure-first-ship",
    });
    const disputed = result.reasons.find(({ code }) => code === "disputed");
    expect(disputed).toMatchObject({
      agreementId: "microsoft-openai",
      termId: "azure-stateless-hosting",
    });
    expect(disputed?.sources.length).toBeGreaterThan(0);
  });

  it("shows the overlapping exclusivities on Frontier as a conflict, then AWS's alone", () => {
    for (const provider of ["aws", "azure"] as const) {
      const result = evaluate(reference, "frontier", provider, "2026-03-15");
      expect(result.decision).toBe("conflict");
      expect(result.reasons.map(({ code }) => code)).toContain("conflicting-exclusivity");
    }
    const after = evaluate(reference, "frontier", "aws", "2026-05-01");
    expect(after.decision).toBe("allowed");
    expect(after.reasons.map(({ code }) => code)).toContain("first-ship-priority-moot");
  });

  it("always allows OpenAI's own channel", () => {
    for (const at of ["2020-06-01", "2026-03-15", "2026-05-01"])
      expect(evaluate(reference, "frontier", "openai-direct", at).reasons).toMatchObject([
        { code: "owner-channel", termId: null },
      ]);
  });
});

describe("the reference case as known at an earlier time", () => {
  /** Each agreement's record and the events that took effect before `cutoff`, as the log stood then. */
  const knownBefore = (cutoff: string) =>
    foldReference(({ events }) =>
      events.filter(
        ({ effectiveOn }, index) => index === 0 || earliestDay(String(effectiveOn)) < cutoff,
      ),
    ).agreements;

  it("denies the OpenAI API on AWS on 2026-05-01 when the amendment is not yet known", () => {
    const result = evaluate(knownBefore("2026-04-27"), "openai-api", "aws", "2026-05-01");
    expect(decisionText(result)).toBe(
      expected("denied: exclusive-to-other API, exclusive-to-other HOST"),
    );
  });

  it("would see the Bedrock listing as contradicting Microsoft's exclusivity without the amendment", () => {
    // Microsoft–OpenAI's record and its first nine events: everything before the April amendment.
    const withoutAmendment = foldReference(({ id, events }) =>
      id === "microsoft-openai" ? events.slice(0, 10) : events,
    ).agreements;
    const result = evaluate(withoutAmendment, "openai-api", "aws", "2026-05-01");
    expect(decisionText(result)).toBe(
      expected(
        "conflict: grant-contradicts-exclusivity BGC, exclusive-to-other API, exclusive-to-other HOST",
      ),
    );
  });
});

describe("hand-made agreements", () => {
  let count = 0;
  const agreement = (...steps: Step[]) =>
    givenAgreement({ ...defaultAgreement, id: `a${++count}` }, ...steps).state;
  const codexTo = (providers: string[] | "any-cloud", over: Record<string, unknown> = {}) => ({
    type: "DistributionRightGranted",
    effectiveOn: "2025-01-01",
    termId: "codex-grant",
    providers,
    products: ["codex"],
    ...over,
  });
  const exclusiveTo = (holder: string, over: Record<string, unknown> = {}) => ({
    type: "ExclusivityGranted",
    effectiveOn: "2025-01-01",
    termId: `${holder}-excl`,
    holder,
    scope: "third-party-cloud-distribution",
    classes: ["coding-agent"],
    ...over,
  });
  /** The reason codes, sorted, as one string. */
  const codes = (result: Entitlement) =>
    result.reasons
      .map(({ code }) => code)
      .sort()
      .join(" ");

  it("makes two exclusivities for different holders a conflict only while they overlap", () => {
    const states = [
      agreement(exclusiveTo("azure")),
      agreement(exclusiveTo("aws", { effectiveOn: "2026-01-01" })),
    ];
    expect(evaluate(states, "codex", "aws", "2026-06-01").decision).toBe("conflict");
    expect(codes(evaluate(states, "codex", "azure", "2026-06-01"))).toBe(
      "conflicting-exclusivity exclusive-to-other",
    );
    expect(codes(evaluate(states, "codex", "google-cloud", "2026-06-01"))).toBe(
      "exclusive-to-other exclusive-to-other",
    );
    expect(evaluate(states, "codex", "azure", "2025-06-01").decision).toBe("allowed");
  });

  it("lets an exclusivity carve out a grant to any cloud", () => {
    const states = [agreement(codexTo("any-cloud"), exclusiveTo("azure"))];
    const result = evaluate(states, "codex", "aws", "2026-06-01");
    expect(result.decision).toBe("denied");
    expect(codes(result)).toBe("exclusive-to-other yields-to-exclusivity");
    expect(codes(evaluate(states, "codex", "azure", "2026-06-01"))).toBe("granted granted");
  });

  it("calls a grant naming the provider against another's exclusivity a conflict", () => {
    const states = [agreement(codexTo(["aws"])), agreement(exclusiveTo("azure"))];
    const result = evaluate(states, "codex", "aws", "2026-06-01");
    expect(result.decision).toBe("conflict");
    expect(codes(result)).toBe("exclusive-to-other grant-contradicts-exclusivity");
  });

  it("denies a grant past its until date (inclusive) or after it ended, as expired", () => {
    const states = [agreement(codexTo(["aws"], { until: "2025-06" }))];
    expect(evaluate(states, "codex", "aws", "2025-06-30").decision).toBe("allowed");
    const result = evaluate(states, "codex", "aws", "2025-07-01");
    expect(result.decision).toBe("denied");
    expect(codes(result)).toBe("expired no-grant");
    const end = {
      type: "DistributionRightEnded",
      effectiveOn: "2026-01-01",
      termId: "codex-grant",
    };
    const ended = [agreement(codexTo(["aws"]), end)];
    expect(codes(evaluate(ended, "codex", "aws", "2026-01-01"))).toBe("expired no-grant");
  });

  it("denies a grant not yet in force, saying so", () => {
    const states = [agreement(codexTo(["aws"], { effectiveOn: "2027" }))];
    const result = evaluate(states, "codex", "aws", "2026-06-01");
    expect(result.decision).toBe("denied");
    expect(codes(result)).toBe("no-grant not-yet-effective");
    expect(evaluate(states, "codex", "aws", "2027-01-01").decision).toBe("allowed");
  });

  it("applies a segment-limited grant to its segment only", () => {
    const states = [agreement(codexTo(["aws"], { segments: ["government"] }))];
    expect(evaluate(states, "codex", "aws", "2026-06-01", "government").decision).toBe("allowed");
    expect(codes(evaluate(states, "codex", "aws", "2026-06-01", "commercial"))).toBe("no-grant");
  });

  it("doubts an answer only for dates of terms that reach its provider", () => {
    // Google Cloud's grant ends some day in 2027; AWS's ends on 30 June 2027, exactly. For AWS
    // the answer turns on a known day, so it is sure on each side of it, even though within 2027
    // Google Cloud's grant may or may not be in force (which leaves Google Cloud's own answer unsure).
    const states = [
      agreement(codexTo(["google-cloud"], { termId: "google-grant", until: "2027" })),
      agreement(codexTo(["aws"], { termId: "aws-grant", until: "2027-06-30" })),
    ];
    const aws = evaluate(states, "codex", "aws", "2027-03-01");
    expect([aws.decision, aws.certainty, codes(aws)]).toEqual(["allowed", "certain", "granted"]);
    const later = evaluate(states, "codex", "aws", "2027-09-01");
    expect([later.decision, later.certainty]).toEqual(["denied", "certain"]);
    const google = evaluate(states, "codex", "google-cloud", "2027-03-01");
    expect([google.decision, google.certainty, codes(google)]).toEqual([
      "allowed",
      "uncertain",
      "granted imprecise-date",
    ]);
  });

  it("puts in doubt every cell a disputed term is in play for, whichever provider it names", () => {
    // Google Cloud's grant of Codex is contested. AWS has a grant of its own; the dispute names
    // no provider, so AWS's answer rests on a contested picture of Codex's distribution too.
    const raise = {
      type: "DisputeRaised",
      effectiveOn: "2026-03-01",
      disputeId: "google-grant-contested",
      kind: "party-claim",
      claim: "Google Cloud's right to Codex is contested",
      concerns: { termIds: ["google-grant"] },
    };
    const states = [
      agreement(codexTo(["google-cloud"], { termId: "google-grant" }), raise),
      agreement(codexTo(["aws"], { termId: "aws-grant" })),
    ];
    const aws = evaluate(states, "codex", "aws", "2026-06-01");
    expect([aws.decision, codes(aws)]).toEqual(["conditional", "disputed granted"]);
    expect(evaluate(states, "codex", "aws", "2026-02-01").decision).toBe("allowed");
  });

  it("keeps a third-party exclusivity off the owner's own channel, but not an all-channel one", () => {
    expect(
      evaluate([agreement(exclusiveTo("azure"))], "codex", "openai-direct", "2026-06-01").decision,
    ).toBe("allowed");
    const allChannels = [agreement(exclusiveTo("azure", { scope: "all-channels" }))];
    expect(codes(evaluate(allChannels, "codex", "openai-direct", "2026-06-01"))).toBe(
      "exclusive-to-other",
    );
  });
});
