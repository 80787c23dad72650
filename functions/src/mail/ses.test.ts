import {
  MessageRejected,
  SESv2Client,
  SendEmailCommand,
  TooManyRequestsException,
} from "@aws-sdk/client-sesv2";
import { mockClient } from "aws-sdk-client-mock";
import { simpleParser } from "mailparser";
import { afterEach, describe, expect, it } from "vitest";
import { buildMail } from "./compose.ts";
import { sendWithRetries } from "./mailer.ts";
import { sesMailer } from "./ses.ts";

const client = new SESv2Client({ region: "eu-west-1" });
const ses = mockClient(client);
afterEach(() => ses.reset());

const mail = () =>
  buildMail(
    { from: "Termline <alerts@termline.example>", baseUrl: "https://termline.example" },
    {
      id: "acme|d1|90|2028-12-31|dana",
      tenant: "acme",
      to: { name: "Dana Whitfield", address: "dana@acme.example" },
      subject: "Due in 90 days: the tranche",
      blocks: [{ text: "Hello Dana Whitfield," }],
      unsubscribeUrl: "https://termline.example/api/v1/mail/links/x.y",
      date: new Date("2028-10-02T06:00:00Z"),
    },
  );
const throttled = () =>
  new TooManyRequestsException({ message: "Maximum sending rate exceeded.", $metadata: {} });

describe("the SES adapter", () => {
  it("sends the message's own MIME bytes through SES v2, from the sender, to the one recipient", async () => {
    ses.on(SendEmailCommand).resolves({ MessageId: "0100-abc" });
    const built = await mail();
    const outcome = await sendWithRetries(
      sesMailer(client, { configurationSet: "termline-mail" }),
      built,
    );
    expect(outcome).toEqual({ sent: true, attempts: 1 });
    const calls = ses.commandCalls(SendEmailCommand);
    expect(calls).toHaveLength(1);
    const input = calls[0]?.args[0].input;
    expect(input?.FromEmailAddress).toBe("alerts@termline.example");
    expect(input?.Destination).toEqual({ ToAddresses: ["dana@acme.example"] });
    expect(input?.ConfigurationSetName).toBe("termline-mail");
    expect(input?.EmailTags).toEqual([{ Name: "tenant", Value: "acme" }]);
    const parsed = await simpleParser(Buffer.from(input?.Content?.Raw?.Data ?? new Uint8Array()));
    expect(parsed.subject).toBe("Due in 90 days: the tranche");
    expect(parsed.to).toMatchObject({
      value: [{ name: "Dana Whitfield", address: "dana@acme.example" }],
    });
  });

  it("backs off and retries when SES throttles, then sends once", async () => {
    ses.on(SendEmailCommand).rejectsOnce(throttled()).rejectsOnce(throttled()).resolves({});
    const waits: number[] = [];
    const outcome = await sendWithRetries(sesMailer(client), await mail(), {
      retryBaseMs: 100,
      sleep: async (ms) => void waits.push(ms),
    });
    expect(outcome).toEqual({ sent: true, attempts: 3 });
    expect(waits).toEqual([100, 200]);
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(3);
  });

  it("gives up after the last try when throttling goes on", async () => {
    ses.on(SendEmailCommand).rejects(throttled());
    const outcome = await sendWithRetries(sesMailer(client), await mail(), {
      maxAttempts: 4,
      sleep: async () => {},
    });
    expect(outcome).toEqual({
      sent: false,
      attempts: 4,
      error: "SES TooManyRequestsException: Maximum sending rate exceeded.",
    });
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(4);
  });

  it("does not retry a rejected message: it is a failure for admins to see", async () => {
    ses
      .on(SendEmailCommand)
      .rejects(new MessageRejected({ message: "Email address is not verified.", $metadata: {} }));
    const outcome = await sendWithRetries(sesMailer(client), await mail(), {
      sleep: async () => {},
    });
    expect(outcome).toEqual({
      sent: false,
      attempts: 1,
      error: "SES MessageRejected: Email address is not verified.",
    });
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(1);
  });

  it("retries SES's own 5xx faults", async () => {
    const fault = Object.assign(new Error("We encountered an internal error."), {
      name: "InternalFailure",
      $metadata: { httpStatusCode: 500 },
    });
    ses.on(SendEmailCommand).rejectsOnce(fault).resolves({});
    const outcome = await sendWithRetries(sesMailer(client), await mail(), {
      sleep: async () => {},
    });
    expect(outcome).toEqual({ sent: true, attempts: 2 });
  });
});
