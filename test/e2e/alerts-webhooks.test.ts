import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { startWebhookReceiver, verifyWebhook } from "../support/webhook-receiver.ts";
import { startLocal } from "./local-process.ts";

const dataDir = mkdtempSync(join(tmpdir(), "termline-alerts-"));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const admin = { authorization: "Bearer dev-admin", "content-type": "application/json" };
const TRAINIUM = "amazon-openai:trainium-capacity:capacity-milestone:0";
const until = async (check: () => boolean, what: string) => {
  const deadline = Date.now() + 30_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((done) => setTimeout(done, 200));
  }
};

describe("npm start delivers alerts and events to webhooks", () => {
  it("sends a signed DeadlineApproaching once on its day, even across restarts, and each committed event", {
    timeout: 240_000,
  }, async () => {
    const receiver = await startWebhookReceiver();
    try {
      // Today (real clock): seed, subscribe, record a change.
      const first = await startLocal({ TERMLINE_DATA_DIR: dataDir });
      let secret = "";
      try {
        const created = await fetch(`${first.base}/api/v1/webhooks`, {
          method: "POST",
          headers: admin,
          body: JSON.stringify({ url: receiver.url, events: ["DeadlineApproaching", "NoteAdded"] }),
        });
        expect(created.status).toBe(201);
        secret = (await created.json()).secret;
        const version = (
          await (
            await fetch(`${first.base}/api/v1/agreements/amazon-openai`, { headers: admin })
          ).json()
        ).version;
        const noted = await fetch(`${first.base}/api/v1/agreements/amazon-openai/events`, {
          method: "POST",
          headers: admin,
          body: JSON.stringify({
            expectedVersion: version,
            events: [{ type: "NoteAdded", text: "watch Trainium4" }],
          }),
        });
        expect(noted.status).toBe(201);
        await until(
          () => receiver.received.some((r) => r.headers["termline-event-type"] === "NoteAdded"),
          "the NoteAdded delivery",
        );
      } finally {
        expect(await first.stop()).toBe(0);
      }

      // The local clock set to the 7-day alert of the 2027 Trainium4 milestone: the job catches up to it.
      const alertDay = {
        TERMLINE_DATA_DIR: dataDir,
        TERMLINE_NOW: "2027-12-24T06:00:00Z",
        TERMLINE_ALERT_INTERVAL_MS: "1000",
      };
      const second = await startLocal(alertDay);
      try {
        await until(() => alerts().some((body) => body.detail.leadDays === 7), "the 7-day alert");
        const ran = await fetch(`${second.base}/api/v1/admin/alerts/run`, {
          method: "POST",
          headers: admin,
        });
        expect((await ran.json()).published).toEqual([]);
      } finally {
        expect(await second.stop()).toBe(0);
      }
      const third = await startLocal(alertDay);
      await new Promise((done) => setTimeout(done, 3000));
      expect(await third.stop()).toBe(0);

      function alerts() {
        return receiver.received
          .filter((r) => r.headers["termline-event-type"] === "DeadlineApproaching")
          .map((r) => JSON.parse(r.body));
      }
      const trainium = alerts().filter((body) => body.detail.deadline.id === TRAINIUM);
      // Caught up from the first run's day: 365, 180, 90, 30 and 7 days before, each once.
      expect(trainium.map((body) => body.detail.leadDays)).toEqual([365, 180, 90, 30, 7]);
      const ids = receiver.received.map((r) => r.headers["termline-event-id"]);
      expect(new Set(ids).size).toBe(ids.length);
      for (const request of receiver.received) {
        expect(verifyWebhook(request.body, request.headers, secret)).toBe(true);
      }
    } finally {
      await receiver.close();
    }
  });
});
