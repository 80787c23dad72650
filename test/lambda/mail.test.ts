import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { ScheduledEvent } from "aws-lambda";
import { simpleParser } from "mailparser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createToken } from "../../functions/src/api/token-registry.ts";
import { scheduledEvent } from "./support/events.ts";
import {
  agreementInput,
  givenCatalogOf,
  type HttpHandler,
  invokeHttp,
  trancheEvent,
} from "./support/http.ts";
import { type LambdaEnv, setUpLambdaEnv } from "./support/lambda-env.ts";

/** Just enough of SES v2 for SendEmail (`POST /v2/email/outbound-emails`, REST JSON), recorded. */
async function startFakeSes() {
  const requests: Record<string, unknown>[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      if (request.method !== "POST" || request.url !== "/v2/email/outbound-emails") {
        response.writeHead(404, { "content-type": "application/json" });
        response.end(JSON.stringify({ message: `no ${request.method} ${request.url}` }));
        return;
      }
      requests.push(JSON.parse(Buffer.concat(chunks).toString("utf8")));
      response.writeHead(200, { "content-type": "application/json" });
      response.end(JSON.stringify({ MessageId: `ses-${requests.length}` }));
    });
  });
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise<void>((done) => server.close(() => done())),
  };
}

const day = (offset: number) =>
  new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

let env: LambdaEnv;
let ses: Awaited<ReturnType<typeof startFakeSes>>;
let mail: (event: ScheduledEvent) => Promise<{ reminders: { sent: string[]; skipped: string[] } }>;
const saved = { ...process.env };

beforeAll(async () => {
  ses = await startFakeSes();
  // What infra/mail.ts gives the function, with SES pointed at the fake.
  Object.assign(process.env, {
    AWS_ENDPOINT_URL_SESV2: ses.endpoint,
    TERMLINE_MAIL_FROM: "Termline <alerts@termline.example>",
    TERMLINE_MAIL_CONFIGURATION_SET: "termline-mail",
    TERMLINE_PUBLIC_URL: "https://termline.example/",
  });
  env = await setUpLambdaEnv("lambda-mail", ["api", "mail"]);
  const admin = await createToken(
    env.tables.viewStore,
    { tenant: "acme", role: "admin", name: "Ada" },
    new Date(),
  );
  const api: HttpHandler = await env.load("api");
  await givenCatalogOf(env.tables.viewStore, "acme");
  // A tranche due in 90 days, owned by Dana: its 90-day reminder is due today.
  const calls = [
    ["POST", "/api/v1/agreements", agreementInput("acme-cloud")],
    [
      "POST",
      "/api/v1/agreements/acme-cloud/events",
      { expectedVersion: 1, events: [trancheEvent(day(90))] },
    ],
    ["POST", "/api/v1/people", { id: "dana", name: "Dana Whitfield", email: "dana@acme.example" }],
    ["PUT", "/api/v1/deadlines/acme-cloud:first-tranche:tranche-due/owner", { personId: "dana" }],
  ] as const;
  for (const [method, url, body] of calls) {
    const reply = await invokeHttp(api, method, url, { token: admin, body });
    expect(reply.status, reply.text).toBeLessThan(300);
  }
  mail = await env.load("mail");
}, 120_000);
afterAll(async () => {
  await env?.close();
  await ses?.close();
  for (const key of [
    "AWS_ENDPOINT_URL_SESV2",
    "TERMLINE_MAIL_FROM",
    "TERMLINE_MAIL_CONFIGURATION_SET",
    "TERMLINE_PUBLIC_URL",
  ])
    if (saved[key] === undefined) delete process.env[key];
    else process.env[key] = saved[key];
});

describe("the mail bundle, on an EventBridge scheduled event", () => {
  it("sends the owner's reminder through SES once, as raw MIME from the configured sender", async () => {
    const id = `acme|acme-cloud:first-tranche:tranche-due|90|${day(90)}|dana`;
    const run = await mail(scheduledEvent());
    expect(run.reminders.sent).toEqual([id]);
    expect(ses.requests).toHaveLength(1);
    const request = ses.requests[0] as {
      FromEmailAddress: string;
      Destination: { ToAddresses: string[] };
      ConfigurationSetName: string;
      Content: { Raw: { Data: string } };
    };
    expect(request.FromEmailAddress).toBe("alerts@termline.example");
    expect(request.Destination).toEqual({ ToAddresses: ["dana@acme.example"] });
    expect(request.ConfigurationSetName).toBe("termline-mail");
    const parsed = await simpleParser(Buffer.from(request.Content.Raw.Data, "base64"));
    expect(parsed.subject).toMatch(/^Due in 90 days: /);
    expect(parsed.text).toContain("You are this deadline’s owner.");
    expect(parsed.text).toContain("https://termline.example/api/v1/mail/links/");

    const again = await mail(scheduledEvent());
    expect(again.reminders.sent).toEqual([]);
    expect(ses.requests).toHaveLength(1);
  });
});
