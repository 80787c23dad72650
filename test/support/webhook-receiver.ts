import { createHmac, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";

export interface ReceivedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  /** The raw body, exactly as received: what the signature covers. */
  body: string;
}

/** What the receiver does with the next request: answer with a status, or never answer. */
export type Reply = number | "hang";

export interface WebhookReceiver {
  url: string;
  received: ReceivedRequest[];
  /** Queues replies for the next requests; once they run out it answers 200. */
  reply(...replies: Reply[]): void;
  close(): Promise<void>;
}

/** A real HTTP server on 127.0.0.1 and a free port, recording every request it gets. */
export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const received: ReceivedRequest[] = [];
  const queue: Reply[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      received.push({
        method: request.method ?? "",
        path: request.url ?? "",
        headers: request.headers,
        body: Buffer.concat(chunks).toString("utf8"),
      });
      const reply = queue.shift() ?? 200;
      if (reply === "hang") return;
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
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}

// ---- Copied verbatim from docs/webhooks.md, so the tests check the documented scheme. ----

const TOLERANCE_SECONDS = 5 * 60;

export function verifyTermlineSignature(
  rawBody: string,
  header: string,
  secret: string,
  nowSeconds = Math.floor(Date.now() / 1000),
): boolean {
  const fields = new Map<string, string[]>();
  for (const part of header.split(",")) {
    const at = part.indexOf("=");
    const name = part.slice(0, at).trim();
    fields.set(name, [...(fields.get(name) ?? []), part.slice(at + 1).trim()]);
  }
  const t = fields.get("t")?.[0] ?? "";
  if (!/^\d+$/.test(t) || Math.abs(nowSeconds - Number(t)) > TOLERANCE_SECONDS) return false;
  const expected = createHmac("sha256", secret).update(`${t}.${rawBody}`).digest();
  return (fields.get("v1") ?? []).some((candidate) => {
    const given = Buffer.from(candidate, "hex");
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
}
