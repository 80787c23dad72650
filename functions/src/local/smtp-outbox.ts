import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";

/** A message as the local SMTP server received it. */
export interface ReceivedMail {
  id: string;
  receivedAt: string;
  envelope: { from: string; to: string[] };
  raw: Buffer;
}

/** A received message as a person reads it: the Outbox page and the tests see this. */
export interface OutboxMessage {
  id: string;
  receivedAt: string;
  tenant: string | undefined;
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string | undefined;
  links: { label: string; url: string }[];
}

export interface SmtpOutbox {
  host: string;
  port: number;
  received(): ReceivedMail[];
  /** Every message for one tenant, newest first, parsed as a mail client would. */
  messages(tenant: string): Promise<OutboxMessage[]>;
  close(): Promise<void>;
}

/** Recipients at this domain are refused with a 550, to try a bounce locally. */
export const BOUNCING_DOMAIN = "bounce.invalid";

/**
 * A real SMTP server in-process on a free loopback port, keeping every message it accepts. With
 * a directory, each message is also written there as an .eml file and read back at start, so
 * the Outbox survives a restart like the rest of `.termline/`. No AUTH and no TLS: it listens on
 * loopback only and delivers nowhere.
 */
export async function startSmtpOutbox(options: { dir?: string } = {}): Promise<SmtpOutbox> {
  const kept: ReceivedMail[] = [];
  if (options.dir) {
    mkdirSync(options.dir, { recursive: true });
    for (const file of readdirSync(options.dir)
      .filter((name) => name.endsWith(".eml"))
      .sort()) {
      const [stamp, id] = file.replace(/\.eml$/, "").split("_");
      kept.push({
        id: id ?? file,
        receivedAt: new Date(Number(stamp)).toISOString(),
        envelope: { from: "", to: [] },
        raw: readFileSync(join(options.dir, file)),
      });
    }
  }
  let sequence = kept.length;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["AUTH", "STARTTLS"],
    banner: "Termline local outbox",
    logger: false,
    onRcptTo(address, _session, callback) {
      if (address.address.toLowerCase().endsWith(`@${BOUNCING_DOMAIN}`)) {
        const error = Object.assign(new Error("No such mailbox here"), { responseCode: 550 });
        return callback(error);
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        sequence += 1;
        const now = Date.now();
        const mail: ReceivedMail = {
          id: `m${String(sequence).padStart(6, "0")}`,
          receivedAt: new Date(now).toISOString(),
          envelope: {
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
            to: session.envelope.rcptTo.map(({ address }) => address),
          },
          raw: Buffer.concat(chunks),
        };
        kept.push(mail);
        if (options.dir) writeFileSync(join(options.dir, `${now}_${mail.id}.eml`), mail.raw);
        callback();
      });
    },
  });
  const host = "127.0.0.1";
  await new Promise<void>((done, fail) => {
    server.once("error", fail);
    server.listen(0, host, () => done());
  });
  const { port } = server.server.address() as AddressInfo;

  return {
    host,
    port,
    received: () => [...kept],
    async messages(tenant) {
      const parsed = await Promise.all(kept.map(readable));
      return parsed.filter((message) => message.tenant === tenant).reverse();
    },
    close: () => new Promise<void>((done) => server.close(() => done())),
  };
}

/** "Name <address>", without the quotes a header needs. */
const person = ({ name, address }: { name?: string; address?: string }) =>
  name ? `${name} <${address ?? ""}>` : (address ?? "");

const header = (value: unknown) => (typeof value === "string" ? value : undefined);

async function readable(mail: ReceivedMail): Promise<OutboxMessage> {
  const parsed = await simpleParser(mail.raw);
  const to = (Array.isArray(parsed.to) ? parsed.to : parsed.to ? [parsed.to] : [])
    .flatMap(({ value }) => value)
    .map(person)
    .join(", ");
  const html = typeof parsed.html === "string" ? parsed.html : undefined;
  const links = [...(html ?? "").matchAll(/<a href="([^"]+)">([^<]*)<\/a>/g)].map((match) => ({
    url: decodeEntities(match[1] ?? ""),
    label: decodeEntities(match[2] ?? ""),
  }));
  return {
    id: mail.id,
    // The Date header is the sender's clock (shifted by TERMLINE_NOW), as a mail client shows it.
    receivedAt: parsed.date?.toISOString() ?? mail.receivedAt,
    tenant: header(parsed.headers.get("x-termline-tenant")),
    from: (parsed.from?.value ?? []).map(person).join(", "),
    to,
    subject: parsed.subject ?? "",
    text: parsed.text ?? "",
    html,
    links,
  };
}

function decodeEntities(text: string) {
  return text
    .replaceAll("&quot;", '"')
    .replaceAll("&lt;", "<")
    .replaceAll("&gt;", ">")
    .replaceAll("&amp;", "&");
}
