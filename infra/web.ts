/**
 * The web UI (`web/`, Vite) as static files on S3, served by the Router at `/`. It calls the
 * API on the same origin (`/api/v1`), so it needs no API URL at build time.
 */
import { router } from "./router";

export const web = new sst.aws.StaticSite("Web", {
  path: "web",
  // Run inside web/: the same as `npm run build -w @termline/web` from the root.
  build: { command: "npm run build", output: "dist" },
  router: { instance: router },
});
