import type { RecordAgreementCommand } from "../agreement/decide.ts";

/**
 * One agreement of the reference case: how it is recorded, then its commits in order. Events
 * are plain inputs, as a user would send them: they pass through the same schemas and decider.
 */
export interface ReferenceAgreement {
  agreement: RecordAgreementCommand & { id: string };
  commits: { type: string; [field: string]: unknown }[][];
}
