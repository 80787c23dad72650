import { vi } from "vitest";
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
