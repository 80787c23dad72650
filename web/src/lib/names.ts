import type { Catalog } from "../api/types.ts";

/** Short display names: "OpenAI API" for "OpenAI API (GPT models, embeddings, fine-tuning)". */
export const shortName = (name: string): string => name.replace(/\s*\(.*\)$/, "");

export function namer(catalog: Catalog | undefined) {
  const find = (list: readonly { id: string; name: string }[] | undefined, id: string) =>
    list?.find((item) => item.id === id)?.name;
  return {
    product: (id: string) => shortName(find(catalog?.products, id) ?? id),
    provider: (id: string) => shortName(find(catalog?.providers, id) ?? id),
    party: (id: string) => find(catalog?.parties, id) ?? id,
    productFull: (id: string) => find(catalog?.products, id) ?? id,
    providerFull: (id: string) => find(catalog?.providers, id) ?? id,
  };
}
export type Namer = ReturnType<typeof namer>;

const REASONS: Record<string, string> = {
  granted: "Granted",
  "no-grant": "No grant covers it",
  "exclusive-to-other": "Exclusive to another provider",
  expired: "Expired",
  "not-yet-effective": "Not yet in force",
  "first-ship-priority": "First-ship priority held by another",
  "first-ship-priority-moot": "First-ship priority does not bind",
  disputed: "Disputed",
  "conflicting-exclusivity": "Conflicting exclusivities",
  "grant-contradicts-exclusivity": "Grant contradicts an exclusivity",
  "owner-channel": "The product owner's own channel",
};

export const reasonLabel = (code: string): string => REASONS[code] ?? code.replaceAll("-", " ");
