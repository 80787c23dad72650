import { Scalar } from "@scalar/hono-api-reference";
import { Hono } from "hono";

/**
 * Scalar's script, a file of the web UI's build (web/build/api-reference-script.ts) on the
 * same origin: served with the UI from S3 on AWS and by `serveWeb` under `npm start`. Keeping
 * the 3.5 MB script out of the API's Lambda package keeps that package small.
 */
export const API_REFERENCE_SCRIPT_PATH = "/api-reference/scalar.js";

/**
 * The API reference page. Its script comes from our own origin, not a CDN, and it asks for no
 * web fonts: the page must work offline and load nothing from elsewhere.
 */
export const docsRoutes = (basePath: string) =>
  new Hono().get(
    "/docs",
    Scalar({
      url: `${basePath}/openapi.json`,
      cdn: API_REFERENCE_SCRIPT_PATH,
      pageTitle: "Termline API v1",
      // Scalar's default fonts come from fonts.scalar.com; the page uses the system's instead.
      withDefaultFonts: false,
    }),
  );
