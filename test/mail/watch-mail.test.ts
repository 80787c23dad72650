import {
  ENTITLEMENT_CHANGED,
  type EntitlementChangedDetail,
  EntitlementChangedDetail as EntitlementChangedSchema,
} from "@termline/core";
import { LocalBus } from "@termline/store";
import { afterEach, describe, expect, it } from "vitest";
import { startSmtpOutbox } from "../../functions/src/local/smtp-outbox.ts";
import { smtpMailer } from "../../functions/src/mail/mailer.ts";
import { createWatchMailer, mailWatchers } from "../../functions/src/mail/watch-mail.ts";
import { notify } from "../../functions/src/notify/notify.ts";
import { busEvent } from "../../functions/src/notify/test-fixtures.ts";
import { busEntryOf } from "../../functions/src/publisher/publish-committed.ts";
import { type ApiHarness, createApiHarness } from "../api/support.ts";
import { startWebhookReceiver } from "../support/webhook-receiver.ts";

const site = { from: "Termline <alerts@termline.test>", baseUrl: "http://termline.test" };
const quick = { retryBaseMs: 1 };
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
});

/** Ending Azure's first-ship priority on 2027-01-01: Codex on AWS is then plainly allowed. */
const END_FIRST_SHIP = {
  type: "FirstShipPriorityEnded",
  termId: "azure-first-ship",
  effectiveOn: "2027-01-01",
};

async function setUp() {
  const outbox = await startSmtpOutbox();
  const mailer = smtpMailer(outbox);
  const api = await createApiHarness("watch");
  cleanups.push(
    () => outbox.close(),
    () => api.drop(),
  );
  const admin = (method: string, path: string, body: unknown) =>
    api.call(method, path, { token: "admin-a", body });
  await admin("POST", "/people", { id: "ari", name: "Ari Cohen", email: "ari@acme.example" });
  await admin("POST", "/people", { id: "bo", name: "Bo Park", email: "bo@acme.example" });
  const workload = await api.call("POST", "/workloads", {
    body: { id: "support-bot", name: "Support bot", product: "codex", providers: ["aws"] },
  });
  expect(workload.status, workload.text).toBe(201);
  expect(
    (await admin("POST", "/people/ari/watches", { on: "workload", workloadId: "support-bot" }))
      .status,
  ).toBe(201);
  // Bo watches a cell this change does not touch.
  const other = await admin("POST", "/people/bo/watches", {
    on: "cell",
    product: "codex",
    provider: "azure",
  });
  expect(other.status, other.text).toBe(201);
  return { outbox, mailer, api };
}

/**
 * Records the change, and takes the EntitlementChanged event the answers read model wrote for
 * Codex on AWS, as the publisher puts it on the bus; it must say what the dry run's effects say.
 */
async function recordChange(api: ApiHarness): Promise<EntitlementChangedDetail> {
  const { version } = (await api.get("/agreements/microsoft-openai")).body;
  const command = { expectedVersion: version, events: [END_FIRST_SHIP] };
  const preview = await api.call("POST", "/agreements/microsoft-openai/events?dryRun=true", {
    body: command,
  });
  expect(preview.status, preview.text).toBe(200);
  const appended = await api.call("POST", "/agreements/microsoft-openai/events", { body: command });
  expect(appended.status, appended.text).toBe(201);
  const previewed = preview.body.effects.entitlements
    .filter(
      (e: { product: string; provider: string; segment: string }) =>
        e.product === "codex" && e.provider === "aws" && e.segment === "commercial",
    )
    .map(({ from, to, before, after }: Record<string, string | null>) => ({
      from,
      to,
      before,
      after,
    }));
  const written = await api.runtime.eventStore.readStream("acme", "_answer.commercial.codex.aws");
  const last = written.at(-1);
  if (!last) throw new Error("the read model wrote no EntitlementChanged for Codex on AWS");
  const detail = EntitlementChangedSchema.parse(busEntryOf(last).detail);
  expect(detail.periods).toEqual(previewed);
  return detail;
}

describe("watches on answers", () => {
  it("mails a workload's watcher once, saying what changes, from when and why", async () => {
    const { outbox, mailer, api } = await setUp();
    api.setNow("2026-06-10T09:00:00Z");
    const detail = await recordChange(api);
    expect(detail.periods).toEqual([
      { from: "2027-01-01", to: null, before: "conditional", after: "allowed" },
    ]);
    const event = { ...busEvent(ENTITLEMENT_CHANGED, detail), time: "2026-06-10T09:00:01Z" };

    const first = await mailWatchers(api.runtime, mailer, site, event, { send: quick });
    expect(first.sent).toEqual([`watch|acme|${detail.id}|ari`]);
    const [mail, ...rest] = await outbox.messages("acme");
    expect(rest).toEqual([]);
    expect(mail?.to).toBe("Ari Cohen <ari@acme.example>");
    expect(mail?.subject).toBe("The answer changes: Codex on Amazon Web Services (Commercial)");
    const text = mail?.text ?? "";
    expect(text).toContain("FROM 2027-01-01 ON: CONDITIONAL → ALLOWED");
    const [before = "", after = ""] = (text.split("Before:\n\n")[1] ?? "").split("After:\n\n");
    // Why: before, Azure's first-ship priority held AWS back; after, nothing does.
    expect(before).toMatch(/ship first on Microsoft Azure/);
    expect(after).not.toMatch(/ship first on Microsoft Azure/);
    expect(after).toMatch(/^- /);
    expect(text).toContain("You watch the workload “Support bot”.");

    // EventBridge delivers at least once: the same event again mails nobody.
    const again = await mailWatchers(api.runtime, mailer, site, event, { send: quick });
    expect(again.sent).toEqual([]);
    expect(again.skipped).toEqual([`watch|acme|${detail.id}|ari`]);
    expect(outbox.received()).toHaveLength(1);
  });

  it("reaches watchers and webhook subscribers alike through the bus", async () => {
    const { outbox, mailer, api } = await setUp();
    const receiver = await startWebhookReceiver();
    cleanups.push(() => receiver.close());
    const hook = await api.call("POST", "/webhooks", {
      token: "admin-a",
      body: { url: receiver.url, events: ["EntitlementChanged"] },
    });
    expect(hook.status, hook.text).toBe(201);
    const bus = new LocalBus({ awaitDelivery: true });
    bus.subscribe("watch-mail", createWatchMailer(api.runtime, mailer, site, { send: quick }), {
      detailType: [ENTITLEMENT_CHANGED],
    });
    bus.subscribe("notify", (event) => notify(api.runtime, event, { log: () => {} }));
    const detail = await recordChange(api);
    await bus.publish([{ detailType: ENTITLEMENT_CHANGED, detail }]);
    await bus.drain();
    expect(outbox.received().map(({ envelope }) => envelope.to)).toEqual([["ari@acme.example"]]);
    expect(receiver.received).toHaveLength(1);
    const body = JSON.parse(receiver.received[0]?.body ?? "{}");
    expect(body).toMatchObject({ type: "EntitlementChanged", tenant: "acme", detail });
  });

  it("refuses a watch on something the tenant lacks, and keeps watches per person", async () => {
    const { api } = await setUp();
    const missing = await api.call("POST", "/people/ari/watches", {
      token: "admin-a",
      body: { on: "cell", product: "no-such-product", provider: "aws" },
    });
    expect(missing.status).toBe(422);
    expect(missing.body.errors).toEqual([{ path: "product", message: expect.any(String) }]);
    const noWorkload = await api.call("POST", "/people/ari/watches", {
      token: "admin-a",
      body: { on: "workload", workloadId: "nope" },
    });
    expect(noWorkload.status).toBe(404);
    const listed = await api.get("/people/ari/watches");
    expect(listed.body.watches).toEqual([
      expect.objectContaining({ on: "workload", workloadId: "support-bot", personId: "ari" }),
    ]);
    expect(
      (
        await api.call("POST", "/people/ari/watches", {
          token: "editor-a",
          body: { on: "workload", workloadId: "support-bot" },
        })
      ).status,
    ).toBe(403);
  });
});
