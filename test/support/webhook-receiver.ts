import { createHmac, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";

export interface ReceivedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  /** The raw body, exactly as received: what the signature covers. */
  body: string;
  /** The status it was answered with, or "hang" for a request held without an answer. */
  reply: Reply;
}

/** What the receiver does with the next request: answer with a status, or never answer. */
export type Reply = number | "hang";

export interface WebhookReceiver {
  url: string;
  received: ReceivedRequest[];
  /** Queues replies for the next requests; once they run out it answers 200. */
  reply(...replies: Reply[]): void;
  /** Forgets the replies still queued: from now on every request is answered 200. */
  clearReplies(): void;
  /** Requests held unanswered whose sender is still waiting (has not given up and hung up). */
  holding(): number;
  close(): Promise<void>;
}

/** A real HTTP server on 127.0.0.1 and a free port, recording every request it gets. */
export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const received: ReceivedRequest[] = [];
  const queue: Reply[] = [];
  let held = 0;
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const reply = queue.shift() ?? 200;
      received.push({
        method: request.method ?? "",
        path: request.url ?? "",
        headers: request.headers,
        body: Buffer.concat(chunks).toString("utf8"),
        reply,
      });
      if (reply === "hang") {
        held += 1;
        response.once("close", () => {
          held -= 1;
        });
        return;
      }
      response.writeHead(reply, { "content-type": "text/plain" });
      response.end(reply < 300 ? "ok" : "internal details a sender must not copy");
    });
  });
  await new Promise<void>((ready) => server.listen(0, "127.0.0.1", ready));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks/termline`,
    received,
    reply: (...replies) => queue.push(...replies),
    clearReplies: () => void queue.splice(0),
    holding: () => held,
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}

// ---- Copied verbatim from docs/webhooks.md (test/webhooks/documented-verifier.test.ts checks it),
// so the tests check the documented scheme. ----

const TOLERANCE_SECONDS = 5 * 60;

/** `headers` as Node.js gives them (lower-case names); `secret` is the subscription's `whsec_…`. */
export function verifyWebhook(
  rawBody: string,
  headers: Record<string, string | string[] | undefined>,
  secret: string,
  nowSeconds = Math.floor(Date.now() / 1000),
): boolean {
  const header = (name: string) => String(headers[name] ?? "");
  const id = header("webhook-id");
  const timestamp = header("webhook-timestamp");
  if (id === "" || !/^\d+$/.test(timestamp)) return false;
  if (Math.abs(nowSeconds - Number(timestamp)) > TOLERANCE_SECONDS) return false;
  const key = Buffer.from(secret.replace(/^whsec_/, ""), "base64");
  const expected = createHmac("sha256", key).update(`${id}.${timestamp}.${rawBody}`).digest();
  return header("webhook-signature")
    .split(" ")
    .some((entry) => {
      const [version, signature = ""] = entry.split(",");
      const given = Buffer.from(signature, "base64");
      return (
        version === "v1" && given.length === expected.length && timingSafeEqual(given, expected)
      );
    });
}
