import { amazonOpenAI } from "./amazon-openai.ts";
import { microsoftOpenAI } from "./microsoft-openai.ts";
import { awsOpenAICloud, fundingRound, googleOpenAI, oracleOpenAI } from "./other-agreements.ts";
import type { ReferenceAgreement } from "./reference-agreement.ts";

/** The Microsoft–OpenAI–Amazon case of `shared/domain/partnership-facts.md`, in the order it happened. */
export const referenceCase: ReferenceAgreement[] = [
  microsoftOpenAI,
  awsOpenAICloud,
  amazonOpenAI,
  fundingRound,
  googleOpenAI,
  oracleOpenAI,
];

export type { ReferenceAgreement };
