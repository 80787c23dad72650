import { vi } from "vitest";
import { periodsOf, timelineKey } from "../../functions/src/projector/answer-items.ts";
import { KEPT_MAX_AGE_MS } from "../../functions/src/services/kept-briefly.ts";
import type { Runtime } from "../../functions/src/services/runtime.ts";

/**
 * The stores' reads made while `action` runs, by method, only those made at least once:
 * `{ queryViews: 1 }` says a request read one range of views and nothing else.
 */
export async function storeReadsDuring(
  { viewStore, eventStore }: Pick<Runtime, "viewStore" | "eventStore">,
  action: () => Promise<unknown>,
): Promise<Record<string, number>> {
  const spies = {
    getView: vi.spyOn(viewStore, "getView"),
    getViews: vi.spyOn(viewStore, "getViews"),
    getItem: vi.spyOn(viewStore, "getItem"),
    getItemsTogether: vi.spyOn(viewStore, "getItemsTogether"),
    queryViews: vi.spyOn(viewStore, "queryViews"),
    queryItems: vi.spyOn(viewStore, "queryItems"),
    listViews: vi.spyOn(viewStore, "listViews"),
    listItems: vi.spyOn(viewStore, "listItems"),
    readStream: vi.spyOn(eventStore, "readStream"),
  };
  try {
    await action();
    return Object.fromEntries(
      Object.entries(spies)
        .map(([method, spy]) => [method, spy.mock.calls.length] as const)
        .filter(([, calls]) => calls > 0),
    );
  } finally {
    for (const spy of Object.values(spies)) spy.mockRestore();
  }
}

/**
 * The stores' reads of `action` run a second time, while what its first run kept is still kept
 * (`KEPT_MAX_AGE_MS`). A machine so loaded that the two runs outlast that has let it expire, as
 * it should: the two are run again then, up to three times.
 */
export async function storeReadsWhileKept(
  runtime: Pick<Runtime, "viewStore" | "eventStore">,
  action: () => Promise<unknown>,
): Promise<Record<string, number>> {
  for (let attempt = 1; ; attempt++) {
    const started = performance.now();
    await action();
    const reads = await storeReadsDuring(runtime, action);
    if (performance.now() - started < KEPT_MAX_AGE_MS || attempt === 3) return reads;
  }
}

/** Keys of what only an evaluation reads: an agreement's snapshot or its listing. */
const SNAPSHOT_KEYS = /^(agreement|listing)#/;

/**
 * Watches the stores while the API answers: a read of an agreement's snapshot, listing or log
 * means the answer was evaluated rather than read from the model (which would then go
 * untested), so the model's questions must make none.
 */
export function watchSnapshotReads({
  viewStore,
  eventStore,
}: Pick<Runtime, "viewStore" | "eventStore">) {
  const spies = {
    getView: vi.spyOn(viewStore, "getView"),
    getViews: vi.spyOn(viewStore, "getViews"),
    listViews: vi.spyOn(viewStore, "listViews"),
    readStream: vi.spyOn(eventStore, "readStream"),
  };
  return {
    read: () =>
      [
        ...spies.getView.mock.calls.map(([, key]) => key),
        ...spies.getViews.mock.calls.flatMap(([, keys]) => keys),
        ...spies.listViews.mock.calls.map(([, prefix]) => prefix),
      ]
        .filter((key) => SNAPSHOT_KEYS.test(key))
        .concat(spies.readStream.mock.calls.map(([, stream]) => `log of ${stream}`)),
    clear: () => {
      for (const spy of Object.values(spies)) spy.mockClear();
    },
    restore: () => {
      for (const spy of Object.values(spies)) spy.mockRestore();
    },
  };
}

/**
 * Runs `action` and tells whether a GetItem of the cell's timeline and a Query of its periods
 * were out at the same time: the two reads of a cell known too large go together.
 */
export async function periodsReadWithTimeline(
  { viewStore }: Pick<Runtime, "viewStore">,
  cell: { product: string; provider: string; segment: string },
  action: () => Promise<unknown>,
) {
  const getView = viewStore.getView.bind(viewStore);
  const queryViews = viewStore.queryViews.bind(viewStore);
  const out = { timeline: 0, periods: 0 };
  let together = false;
  const sent = async <T>(read: keyof typeof out, call: () => Promise<T>) => {
    out[read] += 1;
    if (out.timeline > 0 && out.periods > 0) together = true;
    try {
      return await call();
    } finally {
      out[read] -= 1;
    }
  };
  const gets = vi
    .spyOn(viewStore, "getView")
    .mockImplementation((tenant, key) =>
      key === timelineKey(cell)
        ? sent("timeline", () => getView(tenant, key))
        : getView(tenant, key),
    );
  const queries = vi
    .spyOn(viewStore, "queryViews")
    .mockImplementation((tenant, range, options) =>
      range.from === periodsOf(cell)
        ? sent("periods", () => queryViews(tenant, range, options))
        : queryViews(tenant, range, options),
    );
  try {
    await action();
    return together;
  } finally {
    gets.mockRestore();
    queries.mockRestore();
  }
}
