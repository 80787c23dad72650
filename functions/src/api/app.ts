import { OpenAPIHono } from "@hono/zod-openapi";
import { type EventBus, NotFoundError, TermlineError } from "@termline/core";
import { bodyLimit } from "hono/body-limit";
import { createMiddleware } from "hono/factory";
import { HTTPException } from "hono/http-exception";
import { requestId } from "hono/request-id";
import { TrieRouter } from "hono/router/trie-router";
import { resolveFeed } from "../services/feeds.ts";
import type { Runtime } from "../services/runtime.ts";
import { type AuthEnv, authenticate, earlyLookups, type TokenRegistry } from "./auth.ts";
import { docsRoutes } from "./docs.ts";
import { healthRoute } from "./health.ts";
import { type AccessLogEntry, accessLog, hardenedHeaders } from "./http-hardening.ts";
import { guardJsonBody } from "./json-guard.ts";
import { lazyGroups } from "./lazy-routes.ts";
import { documentConfig, documentedApi } from "./openapi-document.ts";
import { BASE_PATH, IMPORT_FORMAT_PATH, MAIL_LINK_PREFIX } from "./paths.ts";
import { problemResponse, toProblem } from "./problem.ts";
import type { GroupName, GroupRouter } from "./route-groups.ts";
import { newRouter } from "./router.ts";
import type { AdminOperations } from "./routes/admin.ts";
import type { MailOperations } from "./routes/mail.ts";

export { BASE_PATH };
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

// Route groups are mounted after the app's first match (lazy-routes.ts), which Hono's default
// router (RegExpRouter, compiled on that match) refuses and TrieRouter accepts.
const apiBase = () => new OpenAPIHono<AuthEnv>({ router: new TrieRouter() }).basePath(BASE_PATH);

/**
 * The app's type with every route group mounted, as the web client's `hc<AppType>` reads it:
 * the same chain the app ran at import before the groups became lazy. Types only; it is never
 * called, so it loads no group.
 */
const mountedApi = (
  app: ReturnType<typeof apiBase>,
  groups: { [Name in GroupName]: GroupRouter<Name> },
) =>
  app.route(
    "/",
    newRouter()
      .route("/", groups.catalog)
      .route("/", groups.me)
      .route("/", groups.agreements)
      .route("/", groups.agreementWrites)
      .route("/", groups.entitlements)
      .route("/", groups.conflicts)
      .route("/", groups.changes)
      .route("/", groups.deadlines)
      .route("/", groups.openMatters)
      .route("/", groups.workloads)
      .route("/", groups.transfer)
      .route("/", groups.settings)
      .route("/", groups.feeds)
      .route("/", groups.webhooks)
      .route("/", groups.people)
      .route("/", groups.mail)
      .route("/", groups.admin),
  );

export type AppType = ReturnType<typeof mountedApi>;

/**
 * The v1 API: one Hono app, the same under `npm start` and behind a Lambda Function URL. Its
 * route groups are built on the first request that needs them (route-groups.ts), so a cold
 * start builds one group's schemas, not every group's; the OpenAPI document builds them all.
 */
export function createApp(deps: AppDependencies): AppType {
  const early = earlyLookups(deps.tokens);
  const auth = authenticate(deps.tokens, (secret) => resolveFeed(deps.runtime, secret), early);
  const app = apiBase();
  const groups = lazyGroups(app, deps);
  /** A group that could not be loaded, by request: thrown below, so it is answered as any error. */
  const loadFailures = new WeakMap<Request, Error>();
  // A caller may name the request (X-Correlation-Id); its id follows the events it records.
  app.use("*", requestId({ headerName: "X-Correlation-Id", limitLength: 200 }));
  if (deps.accessLog) app.use("*", accessLog(deps.accessLog));
  app.use("*", (c, next) => {
    const failure = loadFailures.get(c.req.raw);
    if (failure) throw failure;
    return next();
  });
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
  app.openapi(healthRoute, (c) => c.json({ status: "ok" as const }, 200));
  app.route("/", docsRoutes(BASE_PATH));
  // The document describes every group, so its first request builds them all.
  let documented: Promise<ReturnType<typeof documentedApi>> | undefined;
  app.get("/openapi.json", async (c) => {
    if (!documented) {
      documented = groups.all().then(documentedApi);
      documented.catch(() => {
        documented = undefined;
      });
    }
    const described = await documented;
    try {
      return c.json(described.getOpenAPI31Document(documentConfig(c)));
    } catch (error) {
      // What @hono/zod-openapi's `doc31` answers when the document cannot be generated.
      return c.json(error, 500);
    }
  });
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
  // Before Hono matches a request, the groups its method and path need are built and mounted,
  // while its token is looked up.
  const dispatch = app.fetch;
  app.fetch = async (request, env, executionCtx) => {
    const path = app.getPath(request, { env });
    if (path.startsWith(`${BASE_PATH}/`)) {
      if (!isPublic(path)) early.begin(request);
      await groups.prepare(path.slice(BASE_PATH.length), request.method).catch((error: unknown) => {
        loadFailures.set(request, error instanceof Error ? error : new Error(String(error)));
      });
    }
    return dispatch(request, env, executionCtx);
  };
  // The groups' routes are there by the time a request reaches them; the type says so.
  return app as unknown as AppType;
}
