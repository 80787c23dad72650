import type { MiddlewareHandler } from "hono";
import { createMiddleware } from "hono/factory";
import { secureHeaders } from "hono/secure-headers";

/**
 * API answers are data, never pages: nothing may run, frame or be sniffed from them. The API
 * reference page is the one page the API serves; it runs its own script and inline styles.
 */
const apiHeaders = secureHeaders({
  contentSecurityPolicy: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] },
  referrerPolicy: "no-referrer",
  crossOriginResourcePolicy: "same-origin",
});
const docsHeaders = secureHeaders({
  contentSecurityPolicy: {
    defaultSrc: ["'self'"],
    scriptSrc: ["'self'", "'unsafe-inline'"],
    styleSrc: ["'self'", "'unsafe-inline'"],
    imgSrc: ["'self'", "data:"],
    fontSrc: ["'self'", "data:"],
    frameAncestors: ["'none'"],
  },
  referrerPolicy: "no-referrer",
});

export const hardenedHeaders = (docsPath: string): MiddlewareHandler =>
  createMiddleware((c, next) =>
    (c.req.path.startsWith(docsPath) ? docsHeaders : apiHeaders)(c, next),
  );

/** The web UI's pages: only its own scripts, styles and images, never inside another site's frame. */
export const webHeaders = secureHeaders({
  contentSecurityPolicy: {
    defaultSrc: ["'self'"],
    styleSrc: ["'self'", "'unsafe-inline'"],
    imgSrc: ["'self'", "data:"],
    objectSrc: ["'none'"],
    baseUri: ["'none'"],
    frameAncestors: ["'none'"],
  },
  referrerPolicy: "no-referrer",
});

export interface AccessLogEntry {
  method: string;
  path: string;
  status: number;
  durationMs: number;
  tenant: string | null;
  correlationId: string | null;
}

/** One line per request: what an operator needs to trace it, and never a token or a body. */
export const accessLog = (write: (entry: AccessLogEntry) => void): MiddlewareHandler =>
  createMiddleware(async (c, next) => {
    const started = performance.now();
    try {
      await next();
    } finally {
      const principal = c.get("principal") as { tenant?: string } | undefined;
      write({
        method: c.req.method,
        path: c.req.path,
        status: c.res.status,
        durationMs: Math.round((performance.now() - started) * 10) / 10,
        tenant: principal?.tenant ?? null,
        correlationId: (c.get("requestId") as string | undefined) ?? null,
      });
    }
  });
