interface Waiter {
  after: number;
  settle: (error?: Error) => void;
}

/**
 * Tells drain() callers when the poller has been idle: a poll cycle that began after they
 * asked and found nothing new, so whatever was in the stream when they asked has been handled.
 */
export class IdleWaiters {
  private cycle = 0;
  private readonly waiters = new Set<Waiter>();

  startCycle(): number {
    this.cycle += 1;
    return this.cycle;
  }

  /** The cycle that began as `started` found the stream empty. */
  idle(started: number): void {
    for (const waiter of this.waiters) if (waiter.after < started) waiter.settle();
  }

  wait(timeoutMs: number): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = {
        after: this.cycle,
        settle: (error) => {
          clearTimeout(timer);
          this.waiters.delete(waiter);
          if (error) reject(error);
          else resolve();
        },
      };
      const timer = setTimeout(
        () => waiter.settle(new Error(`The stream poller was not idle within ${timeoutMs} ms`)),
        timeoutMs,
      );
      this.waiters.add(waiter);
    });
  }

  rejectAll(error: Error): void {
    for (const waiter of this.waiters) waiter.settle(error);
  }
}
