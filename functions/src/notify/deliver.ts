import type { WebhookWithSecret } from "../services/webhooks.ts";
import type { WebhookMessage } from "./payloads.ts";
import { signedHeaders } from "./signature.ts";
import { guardedFetch, WebhookTargetRefused } from "./webhook-targets.ts";

export interface DeliveryOptions {
  fetch?: typeof fetch;
  /** Per request; a receiver that takes longer is treated as down. */
  timeoutMs?: number;
  /** Tries per delivery, the first included. */
  maxAttempts?: number;
  /** Backoff before try n+1 is retryBaseMs × 2^(n-1): 1 s, 2 s, 4 s by default. */
  retryBaseMs?: number;
  sleep?: (ms: number) => Promise<void>;
  /** The clock the signature's timestamp comes from. */
  clock?: () => Date;
}

export interface AttemptResult {
  ok: boolean;
  /** A 4xx other than 408/429 says the request itself is refused: sending it again won't help. */
  retryable: boolean;
  status?: number;
  error?: string;
}

export interface DeliveryOutcome {
  delivered: boolean;
  attempts: number;
  lastError?: string;
}

const RETRYABLE_STATUS = new Set([408, 425, 429]);
const DEFAULT_TIMEOUT_MS = 10_000;
const DEFAULT_MAX_ATTEMPTS = 4;
const DEFAULT_RETRY_BASE_MS = 1_000;

/** The longest a delivery with these options can take: every try timing out, every backoff. */
export function longestDeliveryMs(options: DeliveryOptions = {}): number {
  const attempts = Math.max(1, options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS);
  const backoff = (options.retryBaseMs ?? DEFAULT_RETRY_BASE_MS) * (2 ** (attempts - 1) - 1);
  return attempts * (options.timeoutMs ?? DEFAULT_TIMEOUT_MS) + backoff;
}
const pause = (ms: number) => new Promise<void>((done) => setTimeout(done, ms));

/** One signed POST. It is signed at send time, so a retry carries a fresh timestamp. */
export async function postOnce(
  webhook: Pick<WebhookWithSecret, "url" | "secret">,
  message: WebhookMessage,
  options: DeliveryOptions = {},
): Promise<AttemptResult> {
  const send = options.fetch ?? guardedFetch;
  const now = (options.clock ?? (() => new Date()))();
  try {
    const response = await send(webhook.url, {
      method: "POST",
      headers: {
        "Content-Type": "application/json",
        "User-Agent": "Termline-Webhooks/1",
        ...signedHeaders(webhook.secret, message, now),
        "Termline-Event-Id": message.eventId,
        "Termline-Event-Type": message.eventType,
      },
      body: message.body,
      redirect: "manual", // a redirect would re-send the payload somewhere not subscribed
      signal: AbortSignal.timeout(options.timeoutMs ?? DEFAULT_TIMEOUT_MS),
    });
    // The body is never read into errors (it may hold the receiver's internals); drain it only.
    await response.body?.cancel().catch(() => undefined);
    if (response.status >= 200 && response.status < 300) return { ok: true, retryable: false };
    const retryable = response.status >= 500 || RETRYABLE_STATUS.has(response.status);
    return { ok: false, retryable, status: response.status, error: `HTTP ${response.status}` };
  } catch (error) {
    if (error instanceof WebhookTargetRefused)
      return { ok: false, retryable: false, error: `refused: ${error.message}` };
    const reason =
      error instanceof Error && error.name === "TimeoutError"
        ? `no response within ${options.timeoutMs ?? DEFAULT_TIMEOUT_MS} ms`
        : error instanceof Error
          ? `${error.message}${error.cause instanceof Error ? ` (${error.cause.message})` : ""}`
          : String(error);
    return { ok: false, retryable: true, error: reason };
  }
}

/** Tries until delivered, refused, or out of tries, backing off exponentially in between. */
export async function deliverWithRetries(
  webhook: Pick<WebhookWithSecret, "url" | "secret">,
  message: WebhookMessage,
  options: DeliveryOptions = {},
): Promise<DeliveryOutcome> {
  const maxAttempts = Math.max(1, options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS);
  const retryBaseMs = options.retryBaseMs ?? DEFAULT_RETRY_BASE_MS;
  const sleep = options.sleep ?? pause;
  let lastError: string | undefined;
  for (let attempt = 1; attempt <= maxAttempts; attempt += 1) {
    const result = await postOnce(webhook, message, options);
    if (result.ok) return { delivered: true, attempts: attempt };
    lastError = result.error;
    if (!result.retryable || attempt === maxAttempts)
      return { delivered: false, attempts: attempt, lastError };
    await sleep(retryBaseMs * 2 ** (attempt - 1));
  }
  return { delivered: false, attempts: maxAttempts, lastError };
}
