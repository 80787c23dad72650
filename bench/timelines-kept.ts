import {
  ANSWER_TIMELINE_PREFIX,
  type StoredTimeline,
} from "../functions/src/projector/answer-items.ts";
import { ANSWER_MATRIX_PREFIX } from "../functions/src/projector/answer-matrix.ts";
import type { Bench } from "./bench-harness.ts";
import { log } from "./log.ts";

/**
 * How many of the tenant's cells keep their whole timeline (an entitlement's one GetItem) and
 * how large it is stored: the rest are marks, answered from their period items by a Query.
 */
export async function printTimelinesKept(bench: Bench, tenant: string) {
  const views = await bench.wiring.runtime.viewStore.listViews(tenant, ANSWER_TIMELINE_PREFIX);
  const sizes = views
    .map(({ body }) => body as StoredTimeline)
    .flatMap((stored) => ("deflated" in stored ? [stored.deflated.length] : []))
    .sort((a, b) => a - b);
  const median = sizes[Math.floor(sizes.length / 2)] ?? 0;
  const largest = sizes.at(-1) ?? 0;
  log(
    `\nCells keeping their whole timeline (${tenant}): ${sizes.length} of ${views.length}; ` +
      `stored, deflated: median ${median} B, largest ${largest} B. The others answer from their period items.`,
  );
}

/** Each segment's matrix item: kept (a matrix's one GetItem) and its stored size, or a mark. */
export async function printMatricesKept(bench: Bench, tenant: string) {
  const items = await bench.wiring.runtime.viewStore.listItems(tenant, ANSWER_MATRIX_PREFIX);
  const each = items.map((item) => {
    const segment = String(item.sk).slice(ANSWER_MATRIX_PREFIX.length);
    const { deflated } = item;
    return typeof deflated === "string"
      ? `${segment} ${deflated.length} B`
      : `${segment} too large (summaries read)`;
  });
  log(`Segments' matrix items (${tenant}), stored, deflated: ${each.join(", ") || "none"}.`);
}
