import { createHash } from "node:crypto";
import type { CalendarDate, Precision } from "@termline/core";
import MailComposer from "nodemailer/lib/mail-composer";
import type { OutgoingMail } from "./mailer.ts";

/** Where mail comes from and where its links point. */
export interface MailSite {
  /** The From address, e.g. `Termline <alerts@example.com>`; the envelope uses its address. */
  from: string;
  /** The app's public URL, e.g. https://termline.example.com (no trailing slash). */
  baseUrl: string;
}

const MONTHS = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];

/** A date as a person reads it, saying how much of it is known. */
export function dateInWords(date: CalendarDate, precision: Precision): string {
  const [year, month, day] = date.split("-").map(Number);
  const monthName = MONTHS[(month ?? 1) - 1] ?? "";
  if (precision === "year")
    return `by the end of ${year} (only the year is known, so it counts from 31 December)`;
  if (precision === "month")
    return `by the end of ${monthName} ${year} (only the month is known, so it counts from its last day)`;
  return `on ${day} ${monthName} ${year}`;
}

export const leadInWords = (leadDays: number) =>
  leadDays === 0 ? "today" : leadDays === 1 ? "tomorrow" : `in ${leadDays} days`;

const escapeHtml = (text: string) =>
  text
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;");

/** A paragraph of text, or a link with its label; both bodies are made from the same blocks. */
export type Block =
  | { text: string }
  | { link: string; label: string }
  | { heading: string }
  | { list: string[] };

export interface MailContent {
  id: string;
  tenant: string;
  to: { name: string; address: string };
  subject: string;
  blocks: Block[];
  unsubscribeUrl: string;
  /** The Date header: the runtime's clock, so a shifted local clock dates mail as it dates alerts. */
  date: Date;
}

const addressOf = (from: string) => /<([^>]+)>/.exec(from)?.[1] ?? from;

function plainText(blocks: Block[]): string {
  return `${blocks
    .map((block) =>
      "text" in block
        ? block.text
        : "heading" in block
          ? block.heading.toUpperCase()
          : "list" in block
            ? block.list.map((item) => `- ${item}`).join("\n")
            : `${block.label}: ${block.link}`,
    )
    .join("\n\n")}\n`;
}

function html(subject: string, blocks: Block[]): string {
  const body = blocks
    .map((block) =>
      "text" in block
        ? `<p>${escapeHtml(block.text)}</p>`
        : "heading" in block
          ? `<h2 style="font-size:16px">${escapeHtml(block.heading)}</h2>`
          : "list" in block
            ? `<ul>${block.list.map((item) => `<li>${escapeHtml(item)}</li>`).join("")}</ul>`
            : `<p><a href="${escapeHtml(block.link)}">${escapeHtml(block.label)}</a></p>`,
    )
    .join("\n");
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head><body style="font-family:sans-serif;line-height:1.5;max-width:40em">\n${body}\n</body></html>`;
}

/**
 * Builds the MIME message with nodemailer: HTML and plain text from the same blocks, a
 * Message-ID derived from the send's id (so a resent copy is recognisably the same mail), and
 * one-click unsubscribe headers (RFC 8058) that mail clients show as a button.
 */
export async function buildMail(site: MailSite, content: MailContent): Promise<OutgoingMail> {
  const digest = createHash("sha256").update(content.id).digest("hex").slice(0, 32);
  const composer = new MailComposer({
    from: site.from,
    to: { name: content.to.name, address: content.to.address },
    subject: content.subject,
    text: plainText(content.blocks),
    html: html(content.subject, content.blocks),
    messageId: `<${digest}@termline.mail>`,
    date: content.date,
    headers: {
      "X-Termline-Tenant": content.tenant,
      "X-Termline-Mail-Id": content.id,
      // Prepared: kept on one line as written, so clients read the whole URL.
      "List-Unsubscribe": { prepared: true, value: `<${content.unsubscribeUrl}>` },
      "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    },
  });
  const raw = await composer.compile().build();
  return {
    id: content.id,
    tenant: content.tenant,
    from: addressOf(site.from),
    to: content.to.address,
    raw,
  };
}
