import { afterEach, describe, expect, it, vi } from "vitest";
import { startSmtpOutbox } from "../../functions/src/local/smtp-outbox.ts";
import { runDigests } from "../../functions/src/mail/digest.ts";
import { smtpMailer } from "../../functions/src/mail/mailer.ts";
import { type ApiHarness, createApiHarness } from "../api/support.ts";

const TRANCHE = "amazon-openai:amazon-contingent-tranches:tranche-due";
const site = { from: "Termline <alerts@termline.test>", baseUrl: "http://termline.test" };
const quick = { retryBaseMs: 1 };
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
});

async function setUp() {
  const outbox = await startSmtpOutbox();
  const mailer = smtpMailer(outbox);
  const api = await createApiHarness("digest");
  cleanups.push(
    () => outbox.close(),
    () => api.drop(),
  );
  const admin = (method: string, path: string, body: unknown) =>
    api.call(method, path, { token: "admin-a", body });
  // Dana (Berlin) owns the tranche deadline; Sam (New York) follows the Microsoft–OpenAI
  // agreement; Kim (UTC) follows one with nothing going on.
  await admin("POST", "/people", {
    id: "dana",
    name: "Dana Whitfield",
    email: "dana@acme.example",
    timeZone: "Europe/Berlin",
  });
  await admin("POST", "/people", {
    id: "sam",
    name: "Sam Ortiz",
    email: "sam@acme.example",
    timeZone: "America/New_York",
  });
  await admin("POST", "/people", { id: "kim", name: "Kim Lee", email: "kim@acme.example" });
  await api.call("PUT", `/deadlines/${encodeURIComponent(TRANCHE)}/owner`, {
    body: { personId: "dana" },
  });
  await admin("POST", "/people/sam/subscriptions", {
    to: "agreement",
    agreementId: "microsoft-openai",
  });
  await admin("POST", "/people/kim/subscriptions", {
    to: "agreement",
    agreementId: "google-openai-distribution",
  });
  return { outbox, mailer, api };
}

async function note(api: ApiHarness, agreementId: string, at: string, text: string) {
  api.setNow(at);
  const { version } = (await api.get(`/agreements/${agreementId}`)).body;
  const added = await api.call("POST", `/agreements/${agreementId}/events`, {
    body: { expectedVersion: version, events: [{ type: "NoteAdded", text }] },
  });
  expect(added.status, added.text).toBe(201);
}

describe("the weekly digest", () => {
  it("holds exactly what each person follows, at their hour in their zone, once", async () => {
    const { outbox, mailer, api } = await setUp();
    await note(api, "amazon-openai", "2028-09-20T09:00:00Z", "Twelve days ago: not last week");
    await note(api, "amazon-openai", "2028-09-29T09:00:00Z", "Three days ago");
    await note(api, "microsoft-openai", "2028-09-30T09:00:00Z", "Sam follows this one");

    // Monday 2028-10-02 08:00 UTC: 10:00 in Berlin (Dana's digest hour has come), 04:00 in New York.
    api.setNow("2028-10-02T08:00:00Z");
    const morning = await runDigests(api.runtime, mailer, site, { send: quick });
    expect(morning.sent).toEqual(["digest|acme|dana|2028-10-02"]);
    const [dana] = await outbox.messages("acme");
    expect(dana?.to).toBe("Dana Whitfield <dana@acme.example>");
    expect(dana?.subject).toBe("Your week in Termline: 1 deadline ahead");
    const danaText = dana?.text ?? "";
    expect(danaText).toContain(
      "DEADLINES IN THE NEXT 90 DAYS\n\n- Last date for Amazon's contingent tranche (up to 35 billion USD) to OpenAI, 31 Dec 2028 — due on 31 December 2028\n",
    );
    expect(danaText).toContain(
      "RECORDED LAST WEEK\n\n- Amazon–OpenAI strategic partnership: Note added, by editor-",
    );
    expect(danaText.match(/Note added/g)).toHaveLength(1);
    expect(danaText).not.toContain("OPEN DISPUTES"); // Amazon–OpenAI's one dispute was resolved
    expect(danaText).not.toContain("CONFLICTING TERMS");

    // 12:00 UTC is 08:00 in New York: Sam's turn; Dana's was sent; Kim has nothing, so no mail.
    api.setNow("2028-10-02T12:00:00Z");
    const noon = await runDigests(api.runtime, mailer, site, { send: quick });
    expect(noon.sent).toEqual(["digest|acme|sam|2028-10-02"]);
    expect(noon.skipped).toEqual(["digest|acme|dana|2028-10-02"]);
    const [sam] = await outbox.messages("acme");
    const samText = sam?.text ?? "";
    expect(sam?.subject).toBe("Your week in Termline: 0 deadlines ahead");
    expect(samText).not.toContain("DEADLINES IN THE NEXT 90 DAYS");
    expect(samText).toContain("RECORDED LAST WEEK\n\n- ");
    expect(samText.match(/Note added/g)).toHaveLength(1);
    const disputes = samText.split("OPEN DISPUTES\n\n")[1]?.split("\n\n")[0]?.split("\n") ?? [];
    expect(disputes).toHaveLength(2);
    expect(disputes[0]).toMatch(/^- .+: Four reports date the amended agreement 2026-04-27/);
    expect(disputes[1]).toMatch(
      /^- .+: Two reports still describe Azure as retaining stateless API/,
    );
    expect(outbox.received().map(({ envelope }) => envelope.to[0])).toEqual([
      "dana@acme.example",
      "sam@acme.example",
    ]);

    // Tuesday: nobody's day.
    api.setNow("2028-10-03T12:00:00Z");
    expect((await runDigests(api.runtime, mailer, site, { send: quick })).sent).toEqual([]);
  });

  it("lists conflict periods ahead that rest on a followed agreement's terms", async () => {
    const { outbox, mailer, api } = await setUp();
    // 2026-02-23 (a Monday), 08:00 in New York: the Frontier conflicts begin on 2026-02-27.
    api.setNow("2026-02-23T13:00:00Z");
    // The conflicts come from the answers model: the conflicting cells' items are read.
    const batches = vi.spyOn(api.runtime.viewStore, "getViews");
    const run = await runDigests(api.runtime, mailer, site, { send: quick });
    const keys = batches.mock.calls.flatMap(([, asked]) => asked);
    batches.mockRestore();
    expect(keys.some((key) => key.startsWith("answer-conflicts#"))).toBe(true);
    // Dana (14:00 in Berlin) follows Amazon–OpenAI, whose terms are in these conflicts too; Kim
    // follows an agreement with no conflict, dispute, change or deadline: no mail for Kim.
    expect(run.sent).toEqual(["digest|acme|dana|2026-02-23", "digest|acme|sam|2026-02-23"]);
    const sam = (await outbox.messages("acme")).find(({ to }) => to.startsWith("Sam"));
    const conflicts =
      sam?.text.split("CONFLICTING TERMS\n\n")[1]?.split("\n\n")[0]?.split("\n") ?? [];
    // Microsoft's API exclusivity against AWS's Frontier exclusivity and grant (README), and in
    // government from the AWS government grant a month later.
    expect(conflicts).toEqual([
      "- Frontier on Microsoft Azure (Commercial), 2026-02-27 to 2026-04-26",
      "- Frontier on Amazon Web Services (Commercial), 2026-02-27 to 2026-04-26",
      "- Stateful Runtime Environment on Amazon Web Services (Commercial), 2026-02-27 to 2026-04-26",
      "- Frontier on Microsoft Azure (Government), 2026-02-27 to 2026-04-26",
      "- Frontier on Amazon Web Services (Government), 2026-02-27 to 2026-04-26",
      "- Stateful Runtime Environment on Amazon Web Services (Government), 2026-02-27 to 2026-04-26",
      "- OpenAI API on Amazon Web Services (Government), 2026-03-01 to 2026-04-26",
      "- Codex on Amazon Web Services (Government), 2026-03-01 to 2026-04-26",
      "- gpt-oss-20b and gpt-oss-120b on Amazon Web Services (Government), 2026-03-01 to 2026-04-26",
    ]);
  });

  it("leaves a deadline out of the digest of the person who snoozed it, while it sleeps", async () => {
    const { outbox, mailer, api } = await setUp();
    // Lee (UTC, signs in as viewer-a) follows every tranche deadline, as Dana owns this one.
    const lee = await api.call("POST", "/people", {
      token: "viewer-a",
      body: { id: "lee", name: "Lee Park", email: "lee@acme.example" },
    });
    expect(lee.status, lee.text).toBe(201);
    await api.call("POST", "/people/lee/subscriptions", {
      token: "viewer-a",
      body: { to: "deadline-kind", kind: "tranche-due" },
    });
    api.setNow("2028-10-01T12:00:00Z");
    const snoozed = await api.call("PUT", `/deadlines/${encodeURIComponent(TRANCHE)}/snooze`, {
      token: "viewer-a",
      body: { until: "2028-10-09" },
    });
    expect(snoozed.status, snoozed.text).toBe(200);

    // Monday 2 October, 08:00 UTC: Lee's only deadline sleeps, so Lee has nothing; Dana's holds it.
    api.setNow("2028-10-02T08:00:00Z");
    const asleep = await runDigests(api.runtime, mailer, site, { send: quick });
    expect(asleep.sent).toEqual(["digest|acme|dana|2028-10-02"]);
    expect((await outbox.messages("acme"))[0]?.text).toContain("DEADLINES IN THE NEXT 90 DAYS");

    // Monday 9 October is the day it wakes: Lee's digest lists it again.
    api.setNow("2028-10-09T08:00:00Z");
    const awake = await runDigests(api.runtime, mailer, site, { send: quick });
    expect(awake.sent).toContain("digest|acme|lee|2028-10-09");
    const toLee = (await outbox.messages("acme")).find(({ to }) => to.startsWith("Lee"));
    expect(toLee?.subject).toBe("Your week in Termline: 1 deadline ahead");
    expect(toLee?.text).toContain("Last date for Amazon's contingent tranche");
  });

  it("sends nothing while the tenant's mail is paused", async () => {
    const { outbox, mailer, api } = await setUp();
    await api.call("PUT", "/settings/mail", {
      token: "admin-a",
      body: { paused: true, digest: { day: "monday", hour: 8 } },
    });
    api.setNow("2028-10-02T12:00:00Z");
    expect((await runDigests(api.runtime, mailer, site, { send: quick })).sent).toEqual([]);
    expect(outbox.received()).toEqual([]);
  });
});
