import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { startWebhookReceiver, verifyWebhook } from "../support/webhook-receiver.ts";
import { startLocal } from "./local-process.ts";

const dataDir = mkdtempSync(join(tmpdir(), "termline-crash-"));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const admin = { authorization: "Bearer dev-admin", "content-type": "application/json" };
const until = async (check: () => boolean, what: string, output: () => string) => {
  const deadline = Date.now() + 60_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}:\n${output()}`);
    await new Promise((done) => setTimeout(done, 20));
  }
};

describe("a webhook across a crash of npm start", () => {
  it("is delivered exactly once after a kill -9 during the retry wait and a restart", {
    timeout: 240_000,
  }, async () => {
    const receiver = await startWebhookReceiver();
    try {
      const first = await startLocal({ TERMLINE_DATA_DIR: dataDir });
      const created = await fetch(`${first.base}/api/v1/webhooks`, {
        method: "POST",
        headers: admin,
        body: JSON.stringify({ url: receiver.url, events: ["NoteAdded"] }),
      });
      expect(created.status).toBe(201);
      const { secret } = await created.json();
      const { version } = await (
        await fetch(`${first.base}/api/v1/agreements/amazon-openai`, { headers: admin })
      ).json();
      // Every try the first run makes fails; the first failure starts a 1 s wait before the next.
      receiver.reply(500, 500, 500, 500);
      const noted = await fetch(`${first.base}/api/v1/agreements/amazon-openai/events`, {
        method: "POST",
        headers: admin,
        body: JSON.stringify({
          expectedVersion: version,
          events: [{ type: "NoteAdded", text: "survives a crash" }],
        }),
      });
      expect(noted.status).toBe(201);
      const eventId = (await noted.json()).events[0].id;
      await until(() => receiver.received.length > 0, "the first try", first.output);
      await first.crash();
      expect(receiver.received.map((r) => r.reply)).toEqual([500]);

      // The receiver is back; so is Termline, on the same data.
      receiver.clearReplies();
      const second = await startLocal({ TERMLINE_DATA_DIR: dataDir });
      try {
        const accepted = () => receiver.received.filter((r) => r.reply === 200);
        await until(() => accepted().length > 0, "the delivery after the restart", second.output);
        // Time for a second copy to show up, were one going to.
        await new Promise((done) => setTimeout(done, 3000));
        expect(accepted().map((r) => r.headers["webhook-id"])).toEqual([eventId]);
        expect(new Set(receiver.received.map((r) => r.headers["webhook-id"]))).toEqual(
          new Set([eventId]),
        );
        for (const request of receiver.received)
          expect(JSON.parse(request.body).detail.event.data.text).toBe("survives a crash");
        const [delivered] = accepted();
        expect(verifyWebhook(String(delivered?.body), delivered?.headers ?? {}, secret)).toBe(true);
        const failed = await fetch(`${second.base}/api/v1/webhooks/deliveries/failed`, {
          headers: admin,
        });
        expect((await failed.json()).deliveries).toEqual([]);
      } finally {
        expect(await second.stop()).toBe(0);
      }
    } finally {
      await receiver.close();
    }
  });
});
