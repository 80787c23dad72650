import type { ReferenceAgreement } from "./reference-agreement.ts";
import { cite } from "./sources.ts";

const announcement = [cite.openai, cite.amazon, cite.infoq, cite.cnbc];
const bedrock = [cite.openai, cite.awsJassy, cite.infoq];

export const amazonOpenAI: ReferenceAgreement = {
  agreement: {
    id: "amazon-openai",
    title: "Amazon–OpenAI strategic partnership",
    kind: "partnership",
    parties: [
      { party: "amazon", role: "investor and cloud provider (AWS)" },
      { party: "openai", role: "model developer" },
    ],
    summary:
      "Amazon invests up to $50B; AWS becomes the exclusive third-party cloud distributor of Frontier.",
    effectiveOn: "2026-02-27",
    sources: announcement,
  },
  commits: [
    [
      {
        type: "InvestmentTrancheCommitted",
        effectiveOn: "2026-02-27",
        termId: "amazon-initial-tranche",
        investor: "amazon",
        investee: "openai",
        amount: { amount: 15e9, currency: "USD" },
        contingent: false,
        summary: "Amazon's initial $15B tranche",
        sources: announcement,
      },
      {
        type: "InvestmentTrancheCommitted",
        effectiveOn: "2026-02-27",
        termId: "amazon-contingent-tranches",
        investor: "amazon",
        investee: "openai",
        amount: { amount: 35e9, currency: "USD", qualifier: "up-to" },
        contingent: true,
        conditions: null,
        dueBy: "2028-12-31",
        summary:
          "Up to $35B in later tranches, contingent on undisclosed conditions, due by 2028-12-31",
        sources: announcement,
      },
      {
        type: "ExclusivityGranted",
        effectiveOn: "2026-02-27",
        termId: "aws-frontier-distribution",
        holder: "aws",
        scope: "third-party-cloud-distribution",
        products: ["frontier"],
        summary: "AWS is the exclusive third-party cloud distribution provider for Frontier",
        sources: announcement,
      },
      {
        type: "DistributionRightGranted",
        effectiveOn: "2026-02-27",
        termId: "stateful-runtime-on-bedrock",
        providers: ["aws"],
        products: ["stateful-runtime"],
        summary: "OpenAI co-develops a Stateful Runtime Environment on Bedrock",
        sources: announcement,
      },
      {
        type: "CapacityCommitted",
        effectiveOn: "2026-02-27",
        termId: "trainium-capacity",
        buyer: "openai",
        seller: "amazon",
        provider: "aws",
        description: "about 2 GW of Trainium capacity (Trainium3 now, Trainium4 expected 2027)",
        quantity: { amount: 2, unit: "GW" },
        milestones: [{ on: "2027", description: "Trainium4 expected" }],
        sources: announcement,
      },
    ],
    [
      {
        type: "DisputeRaised",
        effectiveOn: "2026-02",
        disputeId: "microsoft-disputes-amazon-deal",
        kind: "party-claim",
        claimedBy: "microsoft",
        claim:
          "Microsoft asserts exclusive API-layer rights to all OpenAI products until AGI, Azure as the exclusive host for stateless API calls, and that Frontier stays hosted on Azure; legal action was reportedly considered.",
        concerns: {
          termIds: ["aws-frontier-distribution", "stateful-runtime-on-bedrock"],
          providers: ["aws"],
        },
        sources: [cite.microsoftStatement, cite.ft],
      },
    ],
    [
      {
        type: "DistributionRightGranted",
        effectiveOn: "2026-03",
        termId: "aws-government-distribution",
        providers: ["aws"],
        products: "all",
        segments: ["government"],
        summary: "AWS may sell OpenAI technology to US defense and government agencies",
        sources: [cite.reuters],
      },
    ],
    [
      {
        type: "DisputeResolved",
        effectiveOn: "2026-04-27",
        disputeId: "microsoft-disputes-amazon-deal",
        resolution:
          "Overtaken by the amended Microsoft–OpenAI agreement, which ends Microsoft's API-layer exclusivity; AWS's Frontier exclusivity is reported to remain in force. Where Frontier is hosted stays an open question.",
        sources: [cite.microsoftBlog, cite.cnbc, cite.reuters],
      },
      {
        type: "OpenQuestionRaised",
        effectiveOn: "2026-04-27",
        questionId: "frontier-hosting",
        question:
          "Microsoft said Frontier stays hosted on Azure while AWS holds its exclusive third-party distribution: where is Frontier hosted?",
        sources: [cite.microsoftStatement, cite.ft],
      },
      {
        type: "NoteAdded",
        effectiveOn: "2026-04-27",
        text: "AWS's exclusive third-party distribution of Frontier is reported to remain in force under the amended Microsoft–OpenAI terms.",
        sources: [cite.cnbc, cite.reuters],
      },
    ],
    [
      {
        type: "DistributionRightGranted",
        effectiveOn: "2026-04-28",
        termId: "bedrock-gpt-codex",
        providers: ["aws"],
        products: ["openai-api", "codex"],
        summary:
          'OpenAI models offered on Amazon Bedrock; GPT models and Codex generally available "within weeks"',
        sources: bedrock,
      },
      {
        type: "DistributionRightGranted",
        effectiveOn: "2026-04-28",
        termId: "bedrock-gpt-oss",
        providers: ["aws"],
        products: ["gpt-oss"],
        summary:
          "gpt-oss-20b and gpt-oss-120b on Bedrock (already there by 2026-04-28; their start is not reported)",
        sources: bedrock,
      },
    ],
  ],
};
