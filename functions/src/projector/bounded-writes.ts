/**
 * Writes started one by one by a loop that computes what they write, at most `limit` at once:
 * `start` waits for a free slot before it calls `make`, so the loop never computes more than
 * `limit` results ahead of their writes (p-limit would queue them all, each held in memory).
 * A failure is kept and thrown by `done`, never left an unhandled rejection.
 */
export function boundedWrites(limit: number) {
  const running = new Set<Promise<void>>();
  let failure: { error: unknown } | undefined;
  return {
    async start(make: () => Promise<void>): Promise<void> {
      while (running.size >= limit) await Promise.race(running);
      const write: Promise<void> = make()
        .catch((error: unknown) => {
          failure ??= { error };
        })
        .finally(() => running.delete(write));
      running.add(write);
    },
    /** Waits for every write started; throws the first failure. */
    async done(): Promise<void> {
      await Promise.all(running);
      if (failure) throw failure.error;
    },
  };
}
