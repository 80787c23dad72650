import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { postOnce } from "../../functions/src/notify/deliver.ts";
import { type ApiHarness, createApiHarness, expectProblem, type Json } from "../api/support.ts";
import { startWebhookReceiver } from "../support/webhook-receiver.ts";

/** SSRF: an admin must not make Termline call its own machine, its network or the metadata service. */
let api: ApiHarness;
const allowed = process.env.TERMLINE_WEBHOOK_ALLOW_HOSTS;

beforeAll(async () => {
  api = await createApiHarness("webhook-targets", { seed: false });
  return () => api.drop();
});
afterEach(() => {
  process.env.TERMLINE_WEBHOOK_ALLOW_HOSTS = allowed;
});

const register = (url: string) =>
  api.call("POST", "/webhooks", { token: "admin-a", body: { url, events: ["*"] } });

describe("webhook targets", () => {
  it.each([
    "http://169.254.169.254/latest/meta-data/iam/security-credentials/",
    "http://127.0.0.1:22/",
    "http://localhost:6379/",
    "http://10.0.0.5/hook",
    "http://192.168.1.1/admin",
    "http://[::1]:8080/",
    "http://[fd00::1]/",
    "http://[::ffff:127.0.0.1]/",
    "http://0.0.0.0:8000/",
  ])("refuses %s (422 at url), registering nothing", async (url) => {
    process.env.TERMLINE_WEBHOOK_ALLOW_HOSTS = "";
    const problem = expectProblem(await register(url), 422);
    // A refused target says so, not that some agreement was contradicted.
    expect(problem.title).toBe("The request cannot be carried out as asked");
    expect(problem.errors).toEqual([
      { path: "url", message: expect.stringMatching(/public hosts only/) },
    ]);
    expect((await api.get("/webhooks", "admin-a")).body.webhooks).toEqual([]);
  });

  it("checks again when delivering, so a name that now points inside is never called", async () => {
    const receiver = await startWebhookReceiver();
    try {
      process.env.TERMLINE_WEBHOOK_ALLOW_HOSTS = "";
      const message = { eventId: "e1", eventType: "NoteAdded", body: "{}" };
      const result = await postOnce({ url: receiver.url, secret: "s" }, message);
      expect(result).toMatchObject({
        ok: false,
        retryable: false,
        error: expect.stringMatching(/^refused: /),
      });
      expect(receiver.received).toEqual([]);
      process.env.TERMLINE_WEBHOOK_ALLOW_HOSTS = "127.0.0.1";
      expect(await postOnce({ url: receiver.url, secret: "s" }, message)).toMatchObject({
        ok: true,
      });
    } finally {
      await receiver.close();
    }
  });

  it("takes a host the operator allows by name", async () => {
    process.env.TERMLINE_WEBHOOK_ALLOW_HOSTS = "localhost";
    const created = await register("http://localhost:4000/hook");
    expect(created.status, created.text).toBe(201);
    expect((created.body as Json).url).toBe("http://localhost:4000/hook");
  });
});
