import { createRoute, z } from "@hono/zod-openapi";
import { NotFoundError } from "@termline/core";
import type { Context } from "hono";
import type { OutboxMessage } from "../../local/smtp-outbox.ts";
import { discardFailedMail, listFailedMail, retryFailedMail } from "../../mail/failed-mail.ts";
import { previewLink, useLink } from "../../mail/link-actions.ts";
import { LinkRefused } from "../../mail/links.ts";
import type { Mailer } from "../../mail/mailer.ts";
import type { Runtime } from "../../services/runtime.ts";
import { requireRole } from "../auth.ts";
import { MAIL_LINK_PREFIX } from "../paths.ts";
import { newRouter } from "../router.ts";
import { json, problems } from "../schemas.ts";

/** What the runtime wires in: the mailer (SES or local SMTP) and, locally, the outbox. */
export interface MailOperations {
  mailer?: Mailer | undefined;
  /** The local SMTP server's messages for a tenant; absent on AWS, where mail really leaves. */
  outbox?: ((tenant: string) => Promise<OutboxMessage[]>) | undefined;
}

const FailedMailSchema = z
  .object({
    id: z.string(),
    mailId: z.string(),
    to: z.string(),
    subject: z.string(),
    attempts: z.number().int(),
    lastError: z.string(),
    failedAt: z.string(),
    lastAttemptAt: z.string(),
  })
  .openapi("FailedMail");
const OutboxMessageSchema = z
  .object({
    id: z.string(),
    receivedAt: z.string(),
    from: z.string(),
    to: z.string(),
    subject: z.string(),
    text: z.string(),
    links: z.array(z.object({ label: z.string(), url: z.string() })),
  })
  .openapi("OutboxMessage");
const IdParams = z.object({
  id: z
    .string()
    .min(1)
    .max(100)
    .openapi({ param: { name: "id", in: "path" }, example: "mail-8a1e…" }),
});
const TokenParams = z.object({
  token: z
    .string()
    .min(1)
    .max(2000)
    .openapi({
      param: { name: "token", in: "path" },
      description: "The signed token from the e-mail.",
    }),
});
const tags = ["Mail"];

const escapeHtml = (text: string) =>
  text
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;");

/** A plain page (the API's policy allows no script or style): it must work in any browser a mail opens. */
function page(c: Context, status: 200 | 400, title: string, body: string) {
  return c.html(
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${escapeHtml(title)}</title></head><body><main><h1>${escapeHtml(title)}</h1>${body}</main></body></html>`,
    status,
    { "Cache-Control": "no-store" },
  );
}

const htmlResponse = (description: string) => ({
  content: { "text/html": { schema: z.string() } },
  description,
});

/**
 * Failed mail for admins (like failed webhooks), the local Outbox, and the pages behind the
 * links in every e-mail. A link's GET only asks; the POST (the page's button, or a mail
 * client's one-click unsubscribe) acts, so a scanner that follows links changes nothing.
 */
export function mailRoutes(runtime: Runtime, { mailer, outbox }: MailOperations = {}) {
  const refused = (c: Context, error: unknown) => {
    if (error instanceof LinkRefused)
      return page(c, 400, "This link cannot be used", `<p>${escapeHtml(error.message)}</p>`);
    throw error;
  };
  return newRouter()
    .openapi(
      createRoute({
        method: "get",
        path: "/mail/failed",
        tags,
        summary: "Mail that was refused or failed every retry, oldest first",
        middleware: [requireRole("admin")] as const,
        responses: {
          200: json(z.object({ mails: z.array(FailedMailSchema) }), "Failed mail"),
          ...problems,
        },
      }),
      async (c) => c.json({ mails: await listFailedMail(runtime, c.get("principal").tenant) }, 200),
    )
    .openapi(
      createRoute({
        method: "post",
        path: "/mail/failed/{id}/retry",
        tags,
        summary: "Send a failed mail again (one try); if it fails it stays listed",
        middleware: [requireRole("admin")] as const,
        request: { params: IdParams },
        responses: {
          200: json(
            z.object({
              id: z.string(),
              sent: z.boolean(),
              attempts: z.number().int(),
              lastError: z.string().optional(),
            }),
            "Whether it went through this time",
          ),
          ...problems,
        },
      }),
      async (c) => {
        if (!mailer) throw new NotFoundError("No mailer is wired here.");
        const { tenant } = c.get("principal");
        return c.json(await retryFailedMail(runtime, mailer, tenant, c.req.valid("param").id), 200);
      },
    )
    .openapi(
      createRoute({
        method: "delete",
        path: "/mail/failed/{id}",
        tags,
        summary: "Give up on a failed mail",
        middleware: [requireRole("admin")] as const,
        request: { params: IdParams },
        responses: { 204: { description: "Deleted" }, ...problems },
      }),
      async (c) => {
        await discardFailedMail(runtime, c.get("principal").tenant, c.req.valid("param").id);
        return c.body(null, 204);
      },
    )
    .openapi(
      createRoute({
        method: "get",
        path: "/mail/outbox",
        tags,
        summary:
          "Local only: every mail the in-process SMTP server received for your tenant, newest first",
        middleware: [requireRole("admin")] as const,
        responses: {
          200: json(z.object({ messages: z.array(OutboxMessageSchema) }), "Messages"),
          ...problems,
        },
      }),
      async (c) => {
        if (!outbox)
          throw new NotFoundError("There is no local outbox here: mail leaves through SES.");
        const messages = await outbox(c.get("principal").tenant);
        return c.json(
          { messages: messages.map(({ html: _html, tenant: _tenant, ...message }) => message) },
          200,
        );
      },
    )
    .openapi(
      createRoute({
        method: "get",
        path: `${MAIL_LINK_PREFIX}{token}`,
        tags,
        summary: "The page an e-mail's link opens: what it will do, and a button to do it",
        security: [],
        request: { params: TokenParams },
        responses: {
          200: htmlResponse("The question"),
          400: htmlResponse("The link cannot be used"),
        },
      }),
      async (c) => {
        try {
          const preview = await previewLink(runtime, c.req.valid("param").token);
          const button = preview.action === "unsubscribe" ? "Unsubscribe" : "Acknowledge";
          return page(
            c,
            200,
            preview.action === "unsubscribe" ? "Unsubscribe" : "Acknowledge a deadline",
            `<p>${escapeHtml(preview.question)}</p><form method="post"><button type="submit">${button}</button></form>`,
          );
        } catch (error) {
          return refused(c, error);
        }
      },
    )
    .openapi(
      createRoute({
        method: "post",
        path: `${MAIL_LINK_PREFIX}{token}`,
        tags,
        summary: "Use an e-mail's link (also the one-click unsubscribe of RFC 8058)",
        security: [],
        request: { params: TokenParams },
        responses: { 200: htmlResponse("Done"), 400: htmlResponse("The link cannot be used") },
      }),
      async (c) => {
        try {
          const result = await useLink(runtime, c.req.valid("param").token);
          return page(
            c,
            200,
            result.done ? "Done" : "Nothing to do",
            `<p>${escapeHtml(result.message)}</p>`,
          );
        } catch (error) {
          return refused(c, error);
        }
      },
    );
}
