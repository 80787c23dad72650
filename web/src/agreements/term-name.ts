import type { Term } from "../api/types.ts";

/**
 * How terms are named on every screen. A file of its own, with no imports that draw, so the
 * matrix and the timeline (the first screens) name terms without loading the audit trail.
 */
export const KIND_LABEL: Record<string, string> = {
  exclusivity: "Exclusivity",
  "distribution-right": "Distribution right",
  "first-ship-priority": "First-ship priority",
  license: "License",
  "revenue-share": "Revenue share",
  "investment-tranche": "Investment tranche",
  "capacity-commitment": "Capacity commitment",
  stake: "Stake",
  clause: "Clause",
};

const NAME_LENGTH = 90;

/** A term as people name it: its kind and what it says ("Revenue share: OpenAI pays Microsoft…"). */
export function termName(term: Pick<Term, "kind" | "summary">): string {
  // The API's summary is "{latest recorded summary} — {what the term says now}": name it by the latter.
  const marker = term.summary.indexOf(" — ");
  const says = marker >= 0 ? term.summary.slice(marker + 3) : term.summary;
  const text = `${KIND_LABEL[term.kind] ?? term.kind}: ${says}`;
  return text.length > NAME_LENGTH ? `${text.slice(0, NAME_LENGTH - 1)}…` : text;
}
