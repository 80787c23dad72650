import { fold } from "../agreement/evolve.ts";
import type { AgreementState } from "../agreement/state.ts";
import { earliestDay, type FuzzyDate, precisionOf } from "../dates.ts";
import type { StoredEvent } from "../events/envelope.ts";
import { referenceCatalog } from "../testing/in-memory-agreements.ts";
import { namesIn } from "../views/names.ts";

/** Deadline summaries read the reference case's names. */
export const names = namesIn(referenceCatalog);

/** Hand-made agreements for the deadline tests (not a test file itself, so vitest does not run it). */
export type Step = [type: string, effectiveOn: FuzzyDate, data: Record<string, unknown>];

/** An agreement as `fold` builds it from a hand-made log, so the tests go through the real evolve. */
export function agreement(id: string, steps: Step[]): AgreementState {
  const log: StoredEvent[] = steps.map(([type, effectiveOn, data], index) => ({
    tenant: "t1",
    agreementId: id,
    id: `${id}-${index + 1}`,
    version: index + 1,
    type,
    effectiveOn: earliestDay(effectiveOn),
    precision: precisionOf(effectiveOn),
    recordedAt: "2026-04-27T00:00:00.000Z",
    recordedBy: "analyst",
    data,
    sources: [],
  }));
  return fold("t1", id, log);
}

const amazonTranche: Step = [
  "InvestmentTrancheCommitted",
  "2026-02-27",
  {
    termId: "contingent-tranches",
    investor: "amazon",
    investee: "openai",
    amount: { amount: 35e9, currency: "USD", qualifier: "up-to" },
    contingent: true,
    conditions: null,
    dueBy: "2028-12-31",
  },
];

export const amazonOpenai = (...later: Step[]) =>
  agreement("amazon-openai", [
    [
      "AgreementRecorded",
      "2026-02-27",
      { title: "Amazon–OpenAI", kind: "investment", parties: [] },
    ],
    amazonTranche,
    [
      "CapacityCommitted",
      "2026-02-27",
      {
        termId: "aws-capacity",
        buyer: "openai",
        seller: "amazon",
        provider: "aws",
        description: "Expanded AWS cloud agreement",
        milestones: [{ on: "2027", description: "Trainium4 expected" }],
        until: "2034-02",
      },
    ],
    ...later,
  ]);

export const microsoftOpenai = agreement("microsoft-openai", [
  [
    "AgreementRecorded",
    "2019",
    { title: "Microsoft–OpenAI partnership", kind: "partnership", parties: [] },
  ],
  [
    "RevenueShareSet",
    "2019",
    { termId: "rev-share", payer: "openai", payee: "microsoft", ratePercent: 20, until: "2030" },
  ],
  [
    "LicenseGranted",
    "2019",
    {
      termId: "ip-license",
      licensor: "openai",
      licensee: "microsoft",
      subject: "OpenAI IP",
      exclusive: false,
      until: "2032",
    },
  ],
]);
