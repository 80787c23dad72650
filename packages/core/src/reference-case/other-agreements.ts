import type { ReferenceAgreement } from "./reference-agreement.ts";
import { cite } from "./sources.ts";

export const awsOpenAICloud: ReferenceAgreement = {
  agreement: {
    id: "aws-openai-cloud",
    title: "AWS–OpenAI cloud agreement",
    kind: "cloud-services",
    parties: [
      { party: "openai", role: "customer" },
      { party: "amazon", role: "cloud provider (AWS)" },
    ],
    summary:
      "Signed before February 2026 (its exact date is not in the reference facts); $38B, grown to $138B over eight years on 2026-02-27.",
    effectiveOn: "2025",
    sources: [cite.infoq, cite.venturebeat],
  },
  commits: [
    [
      {
        type: "CapacityCommitted",
        effectiveOn: "2025",
        termId: "aws-cloud-services",
        buyer: "openai",
        seller: "amazon",
        provider: "aws",
        description: "buy AWS cloud services",
        value: { amount: 38e9, currency: "USD" },
        sources: [cite.infoq, cite.venturebeat],
      },
    ],
    [
      {
        type: "AgreementAmended",
        effectiveOn: "2026-02-27",
        summary:
          "The cloud agreement grows by $100B over eight years ($38B → $138B), to February 2034.",
        endsOn: "2034-02",
        sources: [cite.openai, cite.amazon, cite.infoq, cite.cnbc],
      },
      {
        type: "TermAmended",
        effectiveOn: "2026-02-27",
        termId: "aws-cloud-services",
        changes: { value: { amount: 138e9, currency: "USD", qualifier: "exact" } },
        summary: "Grows by $100B over eight years",
        sources: [cite.openai, cite.amazon, cite.infoq, cite.cnbc],
      },
    ],
  ],
};

export const fundingRound: ReferenceAgreement = {
  agreement: {
    id: "openai-2026-round",
    title: "OpenAI's $110B funding round",
    kind: "investment",
    parties: [
      { party: "openai", role: "investee" },
      { party: "amazon", role: "investor" },
      { party: "nvidia", role: "investor" },
      { party: "softbank", role: "investor" },
    ],
    summary:
      "A $110B round at $730B pre-money: $30B each from Nvidia and SoftBank, and Amazon's investment (recorded in the Amazon–OpenAI partnership).",
    effectiveOn: "2026-02-27",
    sources: [cite.openai, cite.amazon, cite.infoq, cite.cnbc],
  },
  commits: [
    [
      {
        type: "InvestmentTrancheCommitted",
        effectiveOn: "2026-02-27",
        termId: "nvidia-investment",
        investor: "nvidia",
        investee: "openai",
        amount: { amount: 30e9, currency: "USD" },
        contingent: false,
        sources: [cite.infoq, cite.cnbc],
      },
      {
        type: "InvestmentTrancheCommitted",
        effectiveOn: "2026-02-27",
        termId: "softbank-investment",
        investor: "softbank",
        investee: "openai",
        amount: { amount: 30e9, currency: "USD" },
        contingent: false,
        sources: [cite.infoq, cite.cnbc],
      },
    ],
  ],
};

export const googleOpenAI: ReferenceAgreement = {
  agreement: {
    id: "google-openai-distribution",
    title: "Google Cloud–OpenAI distribution agreement",
    kind: "distribution",
    parties: [
      { party: "google", role: "distributor (Google Cloud)" },
      { party: "openai", role: "model developer" },
    ],
    summary: "Signed before April 2026; no terms reported.",
    effectiveOn: "2026",
    sources: [cite.reuters],
  },
  commits: [
    [
      {
        type: "OpenQuestionRaised",
        effectiveOn: "2026",
        questionId: "google-scope",
        question:
          "Which products does Google Cloud's distribution agreement cover, from when, and on what terms? Reports give none.",
        sources: [cite.reuters],
      },
    ],
  ],
};

export const oracleOpenAI: ReferenceAgreement = {
  agreement: {
    id: "oracle-openai-infrastructure",
    title: "OpenAI–Oracle cloud and infrastructure deals",
    kind: "cloud-services",
    parties: [
      { party: "openai", role: "customer" },
      { party: "oracle", role: "cloud and infrastructure provider" },
    ],
    summary: "Reported before April 2026; amounts and dates are not in the reference facts.",
    effectiveOn: "2026",
    sources: [cite.reuters],
  },
  commits: [
    [
      {
        type: "CapacityCommitted",
        effectiveOn: "2026",
        termId: "oracle-infrastructure",
        buyer: "openai",
        seller: "oracle",
        provider: "oracle-cloud",
        description: "cloud and infrastructure capacity (terms not reported)",
        sources: [cite.reuters],
      },
    ],
  ],
};
