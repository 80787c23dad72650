import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { type EventBus, NotFoundError, TermlineError } from "@termline/core";
import { bodyLimit } from "hono/body-limit";
import { createMiddleware } from "hono/factory";
import { HTTPException } from "hono/http-exception";
import { requestId } from "hono/request-id";
import { resolveFeed } from "../services/feeds.ts";
import type { Runtime } from "../services/runtime.ts";
import { type AuthEnv, authenticate, type TokenRegistry } from "./auth.ts";
import { docsRoutes } from "./docs.ts";
import { type AccessLogEntry, accessLog, hardenedHeaders } from "./http-hardening.ts";
import { guardJsonBody } from "./json-guard.ts";
import { nameOperations } from "./operation-ids.ts";
import { problemResponse, toProblem } from "./problem.ts";
import { newRouter } from "./router.ts";
import { type AdminOperations, adminRoutes } from "./routes/admin.ts";
import { agreementRoutes } from "./routes/agreements.ts";
import { catalogRoutes } from "./routes/catalog.ts";
import { changeRoutes } from "./routes/changes.ts";
import { conflictRoutes } from "./routes/conflicts.ts";
import { deadlineRoutes } from "./routes/deadlines.ts";
import { entitlementRoutes } from "./routes/entitlements.ts";
import { feedRoutes } from "./routes/feeds.ts";
import { MAIL_LINK_PREFIX, type MailOperations, mailRoutes } from "./routes/mail.ts";
import { meRoutes } from "./routes/me.ts";
import { peopleRoutes } from "./routes/people.ts";
import { settingsRoutes } from "./routes/settings.ts";
import { IMPORT_FORMAT_PATH, transferRoutes } from "./routes/transfer.ts";
import { webhookRoutes } from "./routes/webhooks.ts";
import { workloadRoutes } from "./routes/workloads.ts";
import { problems } from "./schemas.ts";

export const BASE_PATH = "/api/v1";
export const MAX_BODY_BYTES = 256 * 1024;
/** A whole tenant comes in one document; Lambda takes request payloads up to 6 MB. */
export const MAX_IMPORT_BYTES = 5 * 1024 * 1024;
const IMPORT_PATH = `${BASE_PATH}/import`;
const PUBLIC_PATHS = new Set([
  `${BASE_PATH}/health`,
  `${BASE_PATH}/openapi.json`,
  `${BASE_PATH}/docs`,
  `${BASE_PATH}${IMPORT_FORMAT_PATH}`,
]);
/** The pages behind an e-mail's links: opened by someone not signed in, and posted as forms. */
const isMailLink = (path: string) => path.startsWith(`${BASE_PATH}${MAIL_LINK_PREFIX}`);
const isPublic = (path: string) => PUBLIC_PATHS.has(path) || isMailLink(path);

export interface AppDependencies extends AdminOperations {
  runtime: Runtime;
  tokens: TokenRegistry;
  /** The mailer and, locally, the outbox; without them mail routes say so. */
  mail?: MailOperations | undefined;
  /** Where replay requests go for the notifier (EventBridge on AWS); without it they are refused. */
  bus?: EventBus | undefined;
  /** Where each request's access-log line goes (`npm start` prints them); none by default. */
  accessLog?: ((entry: AccessLogEntry) => void) | undefined;
}

const JSON_TYPE = /^application\/([a-z.+-]*\+)?json\b/i;

/** Bodies are JSON or nothing: anything else would reach the validators as an empty object. */
const requireJson = createMiddleware(async (c, next) => {
  const hasBody =
    Number(c.req.header("content-length") ?? 0) > 0 ||
    c.req.header("transfer-encoding") !== undefined;
  const type = c.req.header("content-type") ?? "";
  if (hasBody && !JSON_TYPE.test(type)) {
    throw new HTTPException(415, {
      message: `Send the body as application/json (got "${type || "no content type"}").`,
    });
  }
  await next();
});

function apiRoutes(deps: AppDependencies) {
  const { runtime } = deps;
  return newRouter()
    .route("/", catalogRoutes(runtime))
    .route("/", meRoutes())
    .route("/", agreementRoutes(runtime))
    .route("/", entitlementRoutes(runtime))
    .route("/", conflictRoutes(runtime))
    .route("/", changeRoutes(runtime))
    .route("/", deadlineRoutes(runtime))
    .route("/", workloadRoutes(runtime))
    .route("/", transferRoutes(runtime))
    .route("/", settingsRoutes(runtime))
    .route("/", feedRoutes(runtime))
    .route("/", webhookRoutes(runtime, deps.bus))
    .route("/", peopleRoutes(runtime))
    .route("/", mailRoutes(runtime, deps.mail))
    .route("/", adminRoutes(deps));
}

/** The v1 API: one Hono app, the same under `npm start` and behind a Lambda Function URL. */
export function createApp(deps: AppDependencies) {
  const auth = authenticate(deps.tokens, (secret) => resolveFeed(deps.runtime, secret));
  const app = new OpenAPIHono<AuthEnv>().basePath(BASE_PATH);
  // A caller may name the request (X-Correlation-Id); its id follows the events it records.
  app.use("*", requestId({ headerName: "X-Correlation-Id", limitLength: 200 }));
  if (deps.accessLog) app.use("*", accessLog(deps.accessLog));
  app.use("*", hardenedHeaders(`${BASE_PATH}/docs`));
  const limitBodies = (maxSize: number) =>
    bodyLimit({
      maxSize,
      onError: () => {
        throw new HTTPException(413, {
          message: `The body is larger than ${maxSize / 1024} KiB.`,
        });
      },
    });
  const ordinaryLimit = limitBodies(MAX_BODY_BYTES);
  const importLimit = limitBodies(MAX_IMPORT_BYTES);
  app.use("*", (c, next) => (c.req.path === IMPORT_PATH ? importLimit : ordinaryLimit)(c, next));
  app.use("*", async (c, next) => {
    await next();
    // A CDN in front (the Router) keys on the URL, not the token: nothing tenant-specific may be cached.
    if (!PUBLIC_PATHS.has(c.req.path)) c.header("Cache-Control", "private, no-store");
  });
  app.use("*", (c, next) => (isPublic(c.req.path) ? next() : auth(c, next)));
  // A link page's button posts a form, and a mail client's one-click unsubscribe posts
  // `List-Unsubscribe=One-Click`; neither body is read.
  app.use("*", (c, next) => (isMailLink(c.req.path) ? next() : requireJson(c, next)));
  app.use("*", (c, next) => (isMailLink(c.req.path) ? next() : guardJsonBody(c, next)));
  app.openapi(
    createRoute({
      method: "get",
      path: "/health",
      tags: ["Health"],
      summary: "Whether the API can serve reads and writes",
      security: [],
      responses: {
        200: {
          content: { "application/json": { schema: z.object({ status: z.literal("ok") }) } },
          description: "Ready",
        },
        404: problems[404],
      },
    }),
    (c) => c.json({ status: "ok" as const }, 200),
  );
  app.route("/", docsRoutes(BASE_PATH));
  const routes = app.route("/", apiRoutes(deps));
  app.openAPIRegistry.registerComponent("securitySchemes", "bearer", {
    type: "http",
    scheme: "bearer",
  });
  nameOperations(app);
  app.doc31("/openapi.json", (c) => ({
    openapi: "3.1.0",
    info: {
      title: "Termline API",
      version: "1",
      description:
        "What contracts between companies allow, at any date. Every request but health, this document and the import format's schema needs `Authorization: Bearer <token>`.",
      license: { name: "Proprietary: Termline", identifier: "LicenseRef-Termline-Proprietary" },
    },
    // The deployment that serves the document is the one it describes.
    servers: [{ url: new URL(c.req.url).origin, description: "This deployment" }],
    security: [{ bearer: [] }],
  }));
  app.notFound((c) =>
    problemResponse(
      c,
      toProblem(
        new NotFoundError(`No route for ${c.req.method} ${c.req.path}. See ${BASE_PATH}/docs.`),
      ),
    ),
  );
  app.onError((error, c) => {
    const problem = toProblem(error);
    if (problem.status >= 500 && !(error instanceof TermlineError))
      console.error(
        JSON.stringify({
          level: "error",
          correlationId: c.get("requestId"),
          message: String(error),
          stack: error instanceof Error ? error.stack : undefined,
        }),
      );
    return problemResponse(c, problem);
  });
  return routes;
}

export type AppType = ReturnType<typeof createApp>;
