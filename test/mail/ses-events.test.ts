import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mailClaims } from "../../functions/src/mail/failed-mail.ts";
import { recordSesEvent } from "../../functions/src/mail/ses-events.ts";
import { type ApiHarness, createApiHarness, expectProblem } from "../api/support.ts";

const MAIL_ID = "acme|amazon-openai:amazon-contingent-tranches:tranche-due|90|2028-12-31|dana";

/** An SES event as its configuration set's EventBridge destination delivers it (AWS's example, our headers and tag). */
function sesEvent(id: string, detail: Record<string, unknown>) {
  return {
    version: "0",
    id,
    "detail-type": "Email Bounced",
    source: "aws.ses",
    account: "123456789012",
    time: "2028-10-02T08:05:00Z",
    region: "eu-west-1",
    resources: ["arn:aws:ses:eu-west-1:123456789012:configuration-set/termline-mail"],
    detail: {
      mail: {
        timestamp: "2028-10-02T08:00:02.012Z",
        source: "Termline <alerts@termline.example>",
        messageId: "0100018f-example-000000",
        destination: ["dana@acme.example"],
        headersTruncated: false,
        headers: [
          { name: "From", value: "Termline <alerts@termline.example>" },
          { name: "To", value: "Dana Whitfield <dana@acme.example>" },
          { name: "Subject", value: "Due in 90 days: the tranche" },
          { name: "X-Termline-Tenant", value: "acme" },
          { name: "X-Termline-Mail-Id", value: MAIL_ID },
        ],
        commonHeaders: { subject: "Due in 90 days: the tranche" },
        tags: { "ses:configuration-set": ["termline-mail"], tenant: ["acme"] },
      },
      ...detail,
    },
  };
}

const permanent = {
  eventType: "Bounce",
  bounce: {
    bounceType: "Permanent",
    bounceSubType: "General",
    bouncedRecipients: [
      {
        emailAddress: "dana@acme.example",
        action: "failed",
        status: "5.1.1",
        diagnosticCode: "smtp; 550 5.1.1 user unknown",
      },
    ],
    timestamp: "2028-10-02T08:04:59.669Z",
  },
};

let api: ApiHarness;
beforeAll(async () => {
  // A mailer that refuses, so a retry that tried to send would show.
  const mailer = { send: async () => Promise.reject(new Error("nothing may be sent")) };
  api = await createApiHarness("ses-events", { seed: false, mail: { mailer } });
});
afterAll(async () => {
  await api.drop();
});

describe("bounces and complaints SES reports later", () => {
  it("lists a permanent bounce for the tenant's admins, once, and marks the mail bounced", async () => {
    const event = sesEvent("evt-1", permanent);
    const first = await recordSesEvent(api.runtime, event);
    expect(first).toEqual({
      recorded: true,
      tenant: "acme",
      mailId: MAIL_ID,
      failureId: "ses-evt-1",
    });
    await recordSesEvent(api.runtime, event); // EventBridge redelivers
    const listed = await api.get("/mail/failed", "admin-a");
    expect(listed.body.mails).toEqual([
      {
        id: "ses-evt-1",
        mailId: MAIL_ID,
        to: "Dana Whitfield <dana@acme.example>",
        subject: "Due in 90 days: the tranche",
        attempts: 1,
        lastError: "bounced (Permanent): dana@acme.example smtp; 550 5.1.1 user unknown",
        failedAt: expect.any(String),
        lastAttemptAt: expect.any(String),
      },
    ]);
    expect(await mailClaims(api.runtime).claim("acme", MAIL_ID)).toEqual({
      claimed: false,
      status: "bounced",
    });
    expect((await api.get("/mail/failed", "admin-b")).body.mails).toEqual([]);
    // Nothing to resend: the address must be fixed.
    expectProblem(
      await api.call("POST", "/mail/failed/ses-evt-1/retry", { token: "admin-a" }),
      422,
    );
  });

  it("lists a complaint, and leaves transient bounces and other mail alone", async () => {
    const complaint = await recordSesEvent(
      api.runtime,
      sesEvent("evt-2", {
        eventType: "Complaint",
        complaint: { complainedRecipients: [{ emailAddress: "dana@acme.example" }] },
      }),
    );
    expect(complaint).toMatchObject({ recorded: true, failureId: "ses-evt-2" });
    const failed = (await api.get("/mail/failed", "admin-a")).body.mails;
    expect(failed.find((m: { id: string }) => m.id === "ses-evt-2").lastError).toBe(
      "complaint: dana@acme.example marked it as spam",
    );
    const transient = await recordSesEvent(
      api.runtime,
      sesEvent("evt-3", { ...permanent, bounce: { ...permanent.bounce, bounceType: "Transient" } }),
    );
    expect(transient).toEqual({
      recorded: false,
      reason: "a transient bounce: SES is still trying",
    });
    const delivered = await recordSesEvent(
      api.runtime,
      sesEvent("evt-4", { eventType: "Delivery" }),
    );
    expect(delivered).toEqual({ recorded: false, reason: "Delivery is not a failure" });
    expect((await api.get("/mail/failed", "admin-a")).body.mails).toHaveLength(2);
  });
});
