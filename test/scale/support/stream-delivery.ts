import fc from "fast-check";

/**
 * Delivery for the answers model's property tests: the stream records of committed events, as
 * Lambda might hand them over (late, out of order, in batches, twice).
 */

export const delivery = fc.record({
  /**
   * How many places a record may arrive after its turn: none (the table's order), a few, or
   * anywhere. DynamoDB streams keep the order of one partition key (an agreement's stream), not
   * across them; the projector claims to cope with any order (it reads the log when a record
   * skips ahead), so each stream's own order is kept in only half the runs.
   */
  lag: fc.constantFrom(0, 3, 10, 1_000),
  withinStream: fc.constantFrom("in order", "any order"),
  shuffle: fc.array(fc.nat(), { minLength: 40, maxLength: 40 }),
  /** Records delivered again, each some places after its first delivery (a retried batch). */
  duplicates: fc.array(fc.record({ pick: fc.nat(), later: fc.nat({ max: 12 }) }), {
    maxLength: 8,
  }),
  /**
   * Batch sizes, taken in turn; in a third of the runs one record at a time (a batch size of 1,
   * or a quiet table), where a record that refreshes nothing it should cannot hide behind
   * another in its batch.
   */
  batches: fc.oneof(
    { weight: 1, arbitrary: fc.constant([1]) },
    {
      weight: 2,
      arbitrary: fc.array(fc.integer({ min: 1, max: 12 }), { minLength: 1, maxLength: 6 }),
    },
  ),
  /**
   * Commits after which delivery pauses until every record so far is in (the rest not yet
   * appended), and the model is checked against the log up to there: a cell left stale by one
   * commit could otherwise be mended by a later commit's refresh and go unseen.
   */
  pauses: fc.uniqueArray(fc.nat({ max: 30 }), { maxLength: 5 }),
});
export type Delivery = typeof delivery extends fc.Arbitrary<infer T> ? T : never;

/**
 * The whole log in one batch, in any order: where delivery is not what a property is about,
 * one refresh instead of one per batch.
 */
export const oneBatch = delivery.map((plan) => ({ ...plan, batches: [1_000], pauses: [] }));

/**
 * The table's order, one record at a time, none twice: as a quiet tenant's commits reach the
 * projector, each before the next is made (`ordered` marks it).
 */
export const oneByOne = delivery.map((plan): Delivery & { ordered: true } => ({
  ...plan,
  lag: 0,
  withinStream: "in order",
  duplicates: [],
  batches: [1],
  pauses: [],
  ordered: true,
}));

/** Where a record is in the table's stream: its commit, its stream and its version. */
export interface Slot {
  commit: number;
  stream: string;
  version: number;
}

/** The indexes of the records (in commit order) in delivery order, cut into batches. */
export function batchesOf(slots: Slot[], plan: Delivery): number[][] {
  const placed = slots.map((_, index) => ({
    index,
    at: index + ((plan.shuffle[index % plan.shuffle.length] ?? 0) % (plan.lag + 1)),
  }));
  for (const { pick, later } of plan.duplicates) {
    const first = placed[pick % placed.length];
    if (first) placed.push({ index: first.index, at: first.at + later + 0.5 });
  }
  const order = placed.sort((a, b) => a.at - b.at || a.index - b.index).map(({ index }) => index);
  if (plan.withinStream === "in order") {
    // Each stream keeps the places the lag gave it, filled with its records in version order.
    const queues = new Map<string, number[]>();
    for (const index of [...order].sort((a, b) => a - b)) {
      const stream = slots[index]?.stream ?? "";
      queues.set(stream, [...(queues.get(stream) ?? []), index]);
    }
    for (let i = 0; i < order.length; i++)
      order[i] = queues.get(slots[order[i] ?? 0]?.stream ?? "")?.shift() ?? 0;
  }
  const batches: number[][] = [];
  for (let start = 0, b = 0; start < order.length; b++) {
    const size = plan.batches[b % plan.batches.length] ?? 1;
    batches.push(order.slice(start, start + size));
    start += size;
  }
  return batches;
}
