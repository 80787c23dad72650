/**
 * The API: the Hono app of `functions/src/api` behind a Function URL, served by the Router at
 * `/api`. CloudFront does not strip the prefix, so the app keeps `basePath("/api/v1")`.
 *
 * Least privilege on the log: the API reads it (Query/GetItem, Scan for the admin rebuild) and
 * appends to it only through TransactWriteItems (ConditionCheckItem + PutItem, allowed only
 * inside a transaction). UpdateItem/DeleteItem on the events table are explicitly denied.
 */
import { putEventsPermission } from "./bus";
import { functionDefaults, tablePermissions } from "./functions";
import { mailEnvironment, sendMailPermission } from "./mail";
import { router } from "./router";
import { sealSecretsPermission, secretsEnvironment } from "./secrets";

export const api = new sst.aws.Function("Api", {
  ...functionDefaults("api"),
  handler: "functions/src/api/handler.handler",
  description: "Termline HTTP API (Hono), /api/v1",
  memory: "1024 MB",
  // Each route group's module is a chunk of its own, imported by the first request that needs
  // it (functions/src/api/route-groups.ts), so a cold start reads and builds one group, not all.
  // scripts/bundle-functions.ts (SPLIT_FUNCTIONS) bundles it the same way for the tests and
  // `npm run bench:bundles`.
  nodejs: { ...functionDefaults("api").nodejs, splitting: true },
  // The admin rebuild refolds every stream; requests are otherwise well under a second.
  timeout: "60 seconds",
  permissions: [
    tablePermissions.denyEventMutations,
    tablePermissions.readEvents,
    tablePermissions.listStreams,
    tablePermissions.appendEvents,
    tablePermissions.readWriteViews,
    // An admin's retry of a failed mail (POST /mail/failed/{id}/retry).
    sendMailPermission,
    // Sealing a new webhook subscription's signing secret (Encrypt only: it cannot read one back).
    sealSecretsPermission,
    // Handing an admin's replay of a failed delivery to Notify (WebhookReplayRequested), which
    // alone may open the secret to sign it.
    putEventsPermission,
  ],
  environment: {
    ...functionDefaults("api").environment,
    ...mailEnvironment,
    ...secretsEnvironment,
  },
  url: {
    // Same origin as the web UI, so no CORS headers are needed.
    cors: false,
    router: { instance: router, path: "/api", readTimeout: "60 seconds" },
  },
});
