import type { ViewStore } from "@termline/store";
import { REVISION_PREFIXES } from "../../functions/src/projector/answer-revisions.ts";

/**
 * The answers model as a rebuild from the log writes it again: the cells' heads, periods and
 * summaries. Not the revisions (what was known when), which a rebuild clears and cannot
 * recreate, nor the label of a head's last revision.
 */
export async function answersAsRebuilt(viewStore: ViewStore, tenant: string) {
  const items = await viewStore.listViews(tenant, "answer");
  return Object.fromEntries(
    items
      .filter(({ key }) => !REVISION_PREFIXES.some((prefix) => key.startsWith(prefix)))
      .map(({ key, body }) => {
        const { known: _, ...rest } = body as { known?: string };
        return [key, rest];
      }),
  );
}
