import { randomUUID } from "node:crypto";
import {
  BUS_SOURCE,
  type BusEntry,
  type DeadlineApproachingDetail,
  type DomainEventDetail,
  type EventBus,
  type WebhookReplayRequestedDetail,
} from "@termline/core";
import type { EventBridgeEvent } from "aws-lambda";

export type BusDetail =
  | DomainEventDetail
  | DeadlineApproachingDetail
  | WebhookReplayRequestedDetail;
export type BusEvent = EventBridgeEvent<string, BusDetail>;
export type BusSubscriber = (event: BusEvent) => Promise<unknown>;

/** The part of an EventBridge rule's event pattern the local bus honours. */
export interface BusPattern {
  source?: string[];
  detailType?: string[];
}

export interface FailedDelivery {
  subscriber: string;
  event: BusEvent;
  attempts: number;
  error: string;
  at: string;
}

export interface LocalBusOptions {
  /** Tries per delivery, the first included (EventBridge retries a failed async target too). */
  maxAttempts?: number;
  retryBaseMs?: number;
  account?: string;
  region?: string;
  clock?: () => Date;
  newId?: () => string;
  /**
   * Makes `publish` resolve only once its deliveries have finished (they still never throw
   * into it). Locally there is no durable queue between publisher and subscriber, so a stream
   * checkpoint taken after publish would otherwise lose accepted events in a crash.
   */
  awaitDelivery?: boolean;
  /** Called for each delivery that failed every try; the default logs it as JSON. */
  onFailure?: (failure: FailedDelivery) => void | Promise<void>;
}

interface Subscription {
  name: string;
  subscriber: BusSubscriber;
  pattern: BusPattern;
}

const matches = (pattern: BusPattern, event: BusEvent) =>
  (!pattern.source || pattern.source.includes(event.source)) &&
  (!pattern.detailType || pattern.detailType.includes(event["detail-type"]));

/**
 * Locally stands in for EventBridge and its rules: `publish` returns once the entries are
 * accepted, as PutEvents does, and each subscriber receives the event later, in the exact
 * shape a Lambda target gets. The detail goes through JSON as on AWS, so a subscriber never
 * shares objects with the publisher.
 */
export class LocalBus implements EventBus {
  private readonly subscriptions: Subscription[] = [];
  private readonly inFlight = new Set<Promise<void>>();
  private readonly failures: FailedDelivery[] = [];
  private readonly maxAttempts: number;
  private readonly retryBaseMs: number;

  constructor(private readonly options: LocalBusOptions = {}) {
    this.maxAttempts = Math.max(1, options.maxAttempts ?? 3);
    this.retryBaseMs = options.retryBaseMs ?? 200;
  }

  /** Adds a target, like a rule on the bus; returns a function that removes it. */
  subscribe(name: string, subscriber: BusSubscriber, pattern: BusPattern = {}): () => void {
    const subscription = { name, subscriber, pattern };
    this.subscriptions.push(subscription);
    return () => {
      const position = this.subscriptions.indexOf(subscription);
      if (position !== -1) this.subscriptions.splice(position, 1);
    };
  }

  async publish(entries: BusEntry[]): Promise<void> {
    const started: Promise<void>[] = [];
    for (const entry of entries) {
      const event = this.toEvent(entry);
      for (const subscription of this.subscriptions) {
        if (!matches(subscription.pattern, event)) continue;
        const delivery = this.deliver(subscription, event);
        this.inFlight.add(delivery);
        void delivery.finally(() => this.inFlight.delete(delivery));
        started.push(delivery);
      }
    }
    if (this.options.awaitDelivery) await Promise.all(started);
  }

  /** Resolves once every delivery, including those published meanwhile, has finished. */
  async drain(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  /** Deliveries that failed every try, oldest first. */
  failed(): FailedDelivery[] {
    return [...this.failures];
  }

  private toEvent(entry: BusEntry): BusEvent {
    const time = (this.options.clock ?? (() => new Date()))();
    return {
      version: "0",
      id: (this.options.newId ?? randomUUID)(),
      "detail-type": entry.detailType,
      source: BUS_SOURCE,
      account: this.options.account ?? "000000000000",
      // EventBridge stamps whole seconds, without milliseconds.
      time: `${time.toISOString().slice(0, 19)}Z`,
      region: this.options.region ?? "us-east-1",
      resources: [],
      detail: JSON.parse(JSON.stringify(entry.detail)) as BusDetail,
    };
  }

  private async deliver({ name, subscriber }: Subscription, event: BusEvent): Promise<void> {
    // Never inside publish's call stack: the publisher must not wait on, or see, a subscriber.
    await new Promise((done) => setImmediate(done));
    let lastError: unknown;
    for (let attempt = 1; attempt <= this.maxAttempts; attempt += 1) {
      try {
        await subscriber(event);
        return;
      } catch (error) {
        lastError = error;
        if (attempt < this.maxAttempts)
          await new Promise((done) => setTimeout(done, this.retryBaseMs * 2 ** (attempt - 1)));
      }
    }
    const failure: FailedDelivery = {
      subscriber: name,
      event,
      attempts: this.maxAttempts,
      error: lastError instanceof Error ? lastError.message : String(lastError),
      at: new Date().toISOString(),
    };
    this.failures.push(failure);
    try {
      await (this.options.onFailure ?? logFailure)(failure);
    } catch (error) {
      logFailure({ ...failure, error: `${failure.error}; onFailure threw: ${String(error)}` });
    }
  }
}

function logFailure(failure: FailedDelivery): void {
  console.error(
    JSON.stringify({
      level: "error",
      message: "local bus: delivery failed after retries",
      subscriber: failure.subscriber,
      detailType: failure.event["detail-type"],
      detailId: failure.event.detail.id,
      correlationId: failure.event.detail.correlationId,
      attempts: failure.attempts,
      error: failure.error,
    }),
  );
}
