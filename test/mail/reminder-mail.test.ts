import { simpleParser } from "mailparser";
import { afterEach, describe, expect, it } from "vitest";
import { type OutboxMessage, startSmtpOutbox } from "../../functions/src/local/smtp-outbox.ts";
import { type Mailer, MailSendError, smtpMailer } from "../../functions/src/mail/mailer.ts";
import { runReminderMail } from "../../functions/src/mail/reminders.ts";
import type { Runtime } from "../../functions/src/services/runtime.ts";
import { type ApiHarness, createApiHarness } from "../api/support.ts";

const TRANCHE = "amazon-openai:amazon-contingent-tranches:tranche-due"; // 2028-12-31, day precision
const NINETY_DAYS_BEFORE = "2028-10-02";
const site = { from: "Termline <alerts@termline.test>", baseUrl: "http://termline.test" };
const quick = { retryBaseMs: 1, maxAttempts: 3 };

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
});

async function setUp() {
  const outbox = await startSmtpOutbox();
  const mailer = smtpMailer(outbox);
  const api = await createApiHarness("mail", { mail: { mailer, outbox: outbox.messages } });
  cleanups.push(
    () => outbox.close(),
    () => api.drop(),
  );
  api.setNow(`${NINETY_DAYS_BEFORE}T08:00:00Z`);
  const dana = await api.call("POST", "/people", {
    token: "admin-a",
    body: {
      id: "dana",
      name: "Dana Whitfield",
      email: "dana@acme.example",
      timeZone: "Europe/Berlin",
    },
  });
  expect(dana.status, dana.text).toBe(201);
  const owner = await api.call("PUT", `/deadlines/${encodeURIComponent(TRANCHE)}/owner`, {
    body: { personId: "dana" },
  });
  expect(owner.status, owner.text).toBe(200);
  return { outbox, mailer, api };
}

/** Lee signs in as viewer-a and follows every tranche deadline; returns Lee's person id. */
async function follower(api: ApiHarness): Promise<string> {
  const lee = await api.call("POST", "/people", {
    token: "viewer-a",
    body: { name: "Lee Park", email: "lee@acme.example" },
  });
  expect(lee.status, lee.text).toBe(201);
  const sub = await api.call("POST", `/people/${lee.body.id}/subscriptions`, {
    token: "viewer-a",
    body: { to: "deadline-kind", kind: "tranche-due" },
  });
  expect(sub.status, sub.text).toBe(201);
  return lee.body.id as string;
}

const linkOf = (message: OutboxMessage, label: RegExp) => {
  const link = message.links.find((candidate) => label.test(candidate.label));
  if (!link) throw new Error(`no link ${label} in ${JSON.stringify(message.links)}`);
  return new URL(link.url).pathname;
};

async function follow(api: ApiHarness, path: string, method: "GET" | "POST", body?: string) {
  const response = await api.app.request(path, {
    method,
    ...(body === undefined
      ? {}
      : { body, headers: { "content-type": "application/x-www-form-urlencoded" } }),
  });
  return { status: response.status, text: await response.text() };
}

describe("e-mail reminders to deadline owners, through a real SMTP server", () => {
  it("mails the 90-day reminder to the owner once, across a second run and a restart", async () => {
    const { outbox, mailer, api } = await setUp();
    const first = await runReminderMail(api.runtime, mailer, site, { send: quick });
    const id = `acme|${TRANCHE}|90|2028-12-31|dana`;
    expect(first.sent).toEqual([id]);

    const [message, ...others] = await outbox.messages("acme");
    expect(others).toEqual([]);
    expect(message?.to).toBe("Dana Whitfield <dana@acme.example>");
    expect(message?.from).toBe("Termline <alerts@termline.test>");
    expect(message?.subject).toMatch(/^Due in 90 days: /);
    expect(message?.text).toContain("due on 31 December 2028");
    expect(message?.text).toContain("You are this deadline’s owner.");
    expect(message?.text).toContain(
      `Open the deadline in Termline: http://termline.test/deadlines#${encodeURIComponent(TRANCHE)}`,
    );
    // The same bytes, parsed independently: an HTML part, a plain part, one-click unsubscribe.
    const raw = await simpleParser(outbox.received()[0]?.raw ?? Buffer.alloc(0));
    expect(raw.html).toContain("31 December 2028");
    const lines = new Map(raw.headerLines.map(({ key, line }) => [key, line]));
    expect(lines.get("list-unsubscribe-post")).toBe(
      "List-Unsubscribe-Post: List-Unsubscribe=One-Click",
    );
    expect(lines.get("list-unsubscribe")).toMatch(
      /^List-Unsubscribe: <http:\/\/termline\.test\/api\/v1\/mail\/links\/[\w-]+\.[\w-]+>$/,
    );
    expect(String(raw.headers.get("date"))).toContain("2028");

    // A second run the same day, and a "restarted" process (nothing in memory, same tables).
    const again = await runReminderMail(api.runtime, mailer, site, { send: quick });
    expect(again.sent).toEqual([]);
    expect(again.skipped).toEqual([id]);
    const restarted: Runtime = { ...api.runtime };
    const secondServer = await startSmtpOutbox();
    cleanups.push(() => secondServer.close());
    const afterRestart = await runReminderMail(restarted, smtpMailer(secondServer), site, {
      send: quick,
    });
    expect(afterRestart.sent).toEqual([]);
    expect(secondServer.received()).toEqual([]);
    expect(outbox.received()).toHaveLength(1);
  });

  it("sends one mail when two runs race", async () => {
    const { outbox, mailer, api } = await setUp();
    const runs = await Promise.all([
      runReminderMail(api.runtime, mailer, site, { send: quick }),
      runReminderMail(api.runtime, mailer, site, { send: quick }),
    ]);
    expect(runs.flatMap((run) => run.sent)).toHaveLength(1);
    expect(outbox.received()).toHaveLength(1);
  });

  it("records DeadlineAcknowledged from the link, once, and stops later reminders", async () => {
    const { outbox, mailer, api } = await setUp();
    await runReminderMail(api.runtime, mailer, site, { send: quick });
    const [message] = await outbox.messages("acme");
    if (!message) throw new Error("no mail");
    const path = linkOf(message, /^Acknowledge/);

    // Opening the link only asks (a link scanner's GET records nothing).
    const page = await follow(api, path, "GET");
    expect(page.status).toBe(200);
    expect(page.text).toContain("as Dana Whitfield?");
    expect(page.text).toContain('<form method="post">');
    const used = await follow(api, path, "POST", "");
    expect(used.status, used.text).toBe(200);
    expect(used.text).toContain("Acknowledged");

    const trail = await api.get("/agreements/amazon-openai/events?limit=500");
    const acks = trail.body.events.filter(
      (e: { type: string }) => e.type === "DeadlineAcknowledged",
    );
    expect(acks).toHaveLength(1);
    expect(acks[0]).toMatchObject({
      recordedBy: "Dana Whitfield (from an e-mail link)",
      data: { deadlineId: TRANCHE, deadlineDate: "2028-12-31" },
    });

    const twice = await follow(api, path, "POST", "");
    expect(twice.status).toBe(400);
    expect(twice.text).toContain("already used");
    expect((await api.get("/agreements/amazon-openai/events?limit=500")).body.events).toHaveLength(
      trail.body.events.length,
    );

    // The 30-day reminder's day comes, and Dana gets nothing: the deadline is acknowledged.
    api.setNow("2028-12-01T08:00:00Z");
    const later = await runReminderMail(api.runtime, mailer, site, { send: quick });
    expect(later.sent).toEqual([]);
    expect(outbox.received()).toHaveLength(1);
  });

  it("refuses a tampered or expired acknowledge link, recording nothing", async () => {
    const { outbox, mailer, api } = await setUp();
    await runReminderMail(api.runtime, mailer, site, { send: quick });
    const [message] = await outbox.messages("acme");
    if (!message) throw new Error("no mail");
    const path = linkOf(message, /^Acknowledge/);
    const [body = "", signature = ""] = path.split("/").at(-1)?.split(".") ?? [];
    const payload = JSON.parse(Buffer.from(body, "base64url").toString());
    const forged = Buffer.from(JSON.stringify({ ...payload, person: "someone" })).toString(
      "base64url",
    );
    const tampered = await follow(api, path.replace(body, forged), "POST", "");
    expect(tampered.status).toBe(400);
    expect(tampered.text).toContain("not valid");
    expect(signature).not.toBe("");

    api.setNow("2028-11-02T08:00:01Z"); // 31 days after the mail
    const expired = await follow(api, path, "POST", "");
    expect(expired.status).toBe(400);
    expect(expired.text).toContain("expired");
    const trail = await api.get("/agreements/amazon-openai/events?limit=500");
    expect(trail.body.events.some((e: { type: string }) => e.type === "DeadlineAcknowledged")).toBe(
      false,
    );
  });

  it("uses subscriptions' own lead times, and stops all mail after a one-click unsubscribe", async () => {
    const { outbox, mailer, api } = await setUp();
    await api.call("POST", "/people", {
      token: "admin-a",
      body: { id: "sam", name: "Sam Ortiz", email: "sam@acme.example" },
    });
    // Sam wants tranche deadlines 93 days ahead (not in the tenant's policy): 2028-09-29.
    await api.call("POST", "/people/sam/subscriptions", {
      token: "admin-a",
      body: { to: "deadline-kind", kind: "tranche-due", leadDays: [93, 90] },
    });
    api.setNow("2028-09-29T08:00:00Z");
    const early = await runReminderMail(api.runtime, mailer, site, { send: quick });
    expect(early.sent).toEqual([`acme|${TRANCHE}|93|2028-12-31|sam`]);
    const [toSam] = await outbox.messages("acme");
    if (!toSam) throw new Error("no mail");
    expect(toSam.text).toContain("You follow every investment tranche deadline.");

    // Sam's mail client posts the one-click unsubscribe (RFC 8058).
    const unsubscribe = linkOf(toSam, /^Stop all e-mail/);
    const clicked = await follow(api, unsubscribe, "POST", "List-Unsubscribe=One-Click");
    expect(clicked.status, clicked.text).toBe(200);
    expect((await api.get("/people/sam")).body.unsubscribedAt).toEqual(expect.any(String));

    api.setNow(`${NINETY_DAYS_BEFORE}T08:00:00Z`);
    const onTheDay = await runReminderMail(api.runtime, mailer, site, { send: quick });
    expect(onTheDay.sent).toEqual([`acme|${TRANCHE}|90|2028-12-31|dana`]);
    expect(outbox.received().map((mail) => mail.envelope.to)).toEqual([
      ["sam@acme.example"],
      ["dana@acme.example"],
    ]);
  });

  it("skips a snoozer's reminders while the snooze holds, never late, and resumes on its day", async () => {
    const { outbox, mailer, api } = await setUp();
    const lee = await follower(api);
    api.setNow("2028-10-01T08:00:00Z");
    // Lee wakes the tranche deadline on 5 October: the 90-day reminder (2 October) falls inside.
    const snoozed = await api.call("PUT", `/deadlines/${encodeURIComponent(TRANCHE)}/snooze`, {
      token: "viewer-a",
      body: { until: "2028-10-05" },
    });
    expect(snoozed.status, snoozed.text).toBe(200);
    expect((await runReminderMail(api.runtime, mailer, site, { send: quick })).sent).toEqual([]);

    // No run until 6 October, after the snooze ended: the run catches up on 2 October for Dana,
    // but Lee's reminder of that day was snoozed, and is not sent late now that Lee is awake.
    api.setNow("2028-10-06T08:00:00Z");
    const caughtUp = await runReminderMail(api.runtime, mailer, site, { send: quick });
    expect(caughtUp.sent).toEqual([`acme|${TRANCHE}|90|2028-12-31|dana`]);
    expect(caughtUp.skipped).toEqual([]);

    // The 30-day reminder's day is after the snooze: both get it.
    api.setNow("2028-12-01T08:00:00Z");
    const resumed = await runReminderMail(api.runtime, mailer, site, { send: quick });
    expect(resumed.sent.sort()).toEqual([
      `acme|${TRANCHE}|30|2028-12-31|dana`,
      `acme|${TRANCHE}|30|2028-12-31|${lee}`,
    ]);
    expect(
      outbox
        .received()
        .map((mail) => mail.envelope.to[0])
        .sort(),
    ).toEqual(["dana@acme.example", "dana@acme.example", "lee@acme.example"]);
  });

  it("sends a snoozer's reminders again from the day they wake the deadline", async () => {
    const { outbox, mailer, api } = await setUp();
    const lee = await follower(api);
    const snooze = `/deadlines/${encodeURIComponent(TRANCHE)}/snooze`;
    const snoozed = await api.call("PUT", snooze, {
      token: "viewer-a",
      body: { until: "2029-01-31" },
    });
    expect(snoozed.status, snoozed.text).toBe(200);
    const onTheDay = await runReminderMail(api.runtime, mailer, site, { send: quick });
    expect(onTheDay.sent).toEqual([`acme|${TRANCHE}|90|2028-12-31|dana`]);

    api.setNow("2028-11-15T08:00:00Z");
    expect((await api.call("DELETE", snooze, { token: "viewer-a" })).status).toBe(204);
    api.setNow("2028-12-01T08:00:00Z");
    const woken = await runReminderMail(api.runtime, mailer, site, { send: quick });
    expect(woken.sent).toContain(`acme|${TRANCHE}|30|2028-12-31|${lee}`);
    expect(
      outbox.received().filter((mail) => mail.envelope.to[0] === "lee@acme.example"),
    ).toHaveLength(1);
  });

  it("sends nothing while the tenant's mail is paused, and does not save it up", async () => {
    const { outbox, mailer, api } = await setUp();
    await api.call("PUT", "/settings/mail", {
      token: "admin-a",
      body: { paused: true, digest: { day: "monday", hour: 8 } },
    });
    expect((await runReminderMail(api.runtime, mailer, site, { send: quick })).sent).toEqual([]);
    await api.call("PUT", "/settings/mail", {
      token: "admin-a",
      body: { paused: false, digest: { day: "monday", hour: 8 } },
    });
    api.setNow("2028-10-03T08:00:00Z");
    expect((await runReminderMail(api.runtime, mailer, site, { send: quick })).sent).toEqual([]);
    expect(outbox.received()).toEqual([]);
  });

  it("retries a temporary failure with backoff, and keeps a refused mail for admins", async () => {
    const { outbox, mailer, api } = await setUp();
    const waits: number[] = [];
    let failures = 1;
    const flaky: Mailer = {
      async send(mail) {
        if (failures-- > 0) throw new MailSendError("421 try again later", true);
        await mailer.send(mail);
      },
    };
    const run = await runReminderMail(api.runtime, flaky, site, {
      send: { retryBaseMs: 5, sleep: async (ms) => void waits.push(ms) },
    });
    expect(run.sent).toHaveLength(1);
    expect(waits).toEqual([5]);
    expect(outbox.received()).toHaveLength(1);

    // An address the server refuses (550) is a bounce: one try, kept, listed, not resent.
    await api.call("PATCH", "/people/dana", {
      token: "admin-a",
      body: { email: "dana@bounce.invalid" },
    });
    api.setNow("2028-12-01T08:00:00Z"); // the 30-day reminder
    const bounced = await runReminderMail(api.runtime, mailer, site, { send: quick });
    expect(bounced.sent).toEqual([]);
    expect(bounced.failed).toEqual([
      {
        mailId: `acme|${TRANCHE}|30|2028-12-31|dana`,
        failureId: expect.stringMatching(/^mail-/),
        error: expect.stringContaining("No such mailbox"),
      },
    ]);
    const listed = await api.get("/mail/failed", "admin-a");
    expect(listed.status).toBe(200);
    expect(listed.body.mails).toEqual([
      expect.objectContaining({
        to: "Dana Whitfield <dana@bounce.invalid>",
        subject: expect.stringMatching(/^Due in 30 days: /),
        attempts: 1,
      }),
    ]);
    expect((await api.get("/mail/failed", "editor-a")).status).toBe(403);
    expect((await api.get("/mail/failed", "admin-b")).body.mails).toEqual([]);
    const rerun = await runReminderMail(api.runtime, mailer, site, { send: quick });
    expect(rerun.skipped).toEqual([`acme|${TRANCHE}|30|2028-12-31|dana`]);
    expect(outbox.received()).toHaveLength(1);
  });

  it("shows each tenant its own mail in the Outbox (admins only)", async () => {
    const { mailer, api } = await setUp();
    await runReminderMail(api.runtime, mailer, site, { send: quick });
    const mine = await api.get("/mail/outbox", "admin-a");
    expect(mine.status).toBe(200);
    expect(mine.body.messages).toEqual([
      expect.objectContaining({
        to: "Dana Whitfield <dana@acme.example>",
        subject: expect.stringMatching(/^Due in 90 days: /),
      }),
    ]);
    expect((await api.get("/mail/outbox", "admin-b")).body.messages).toEqual([]);
    expect((await api.get("/mail/outbox", "viewer-a")).status).toBe(403);
  });
});
