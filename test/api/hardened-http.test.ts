import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Hono } from "hono";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../functions/src/api/app.ts";
import { parseTokens, registryOf } from "../../functions/src/api/auth.ts";
import { type AccessLogEntry, webHeaders } from "../../functions/src/api/http-hardening.ts";
import { readConfig } from "../../functions/src/local/config.ts";
import { serveWeb } from "../../functions/src/local/web-assets.ts";
import { type ApiHarness, createApiHarness } from "./support.ts";

/** What `npm start` and the Lambda answer with, as a security review would read the headers. */
let api: ApiHarness;

beforeAll(async () => {
  api = await createApiHarness("hardened", { seed: false });
});
afterAll(async () => {
  await api?.drop();
});

describe("HTTP hardening", () => {
  it("API answers can be neither run, framed nor sniffed, and send no referrer", async () => {
    for (const response of [
      await api.get("/catalog"),
      await api.get("/agreements/missing"),
      await api.get("/health", null),
    ]) {
      const csp = response.headers.get("content-security-policy") ?? "";
      expect(csp).toContain("default-src 'none'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(response.headers.get("x-content-type-options")).toBe("nosniff");
      expect(response.headers.get("referrer-policy")).toBe("no-referrer");
    }
  });

  it("the API reference page may run its own script, and nothing from elsewhere", async () => {
    const csp = (await api.get("/docs", null)).headers.get("content-security-policy") ?? "";
    expect(csp).toContain("script-src 'self' 'unsafe-inline'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toMatch(/https?:/);
  });

  it("the web UI's pages load only their own assets and refuse to be framed", async () => {
    const dist = mkdtempSync(join(tmpdir(), "termline-web-"));
    writeFileSync(join(dist, "index.html"), "<!doctype html><title>Termline</title>");
    const root = new Hono();
    root.use("*", webHeaders);
    serveWeb(root, { dist });
    const page = await root.request("/agreements/x");
    expect(page.status).toBe(200);
    const csp = page.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
  });

  it("listens on loopback unless HOST says otherwise", () => {
    expect(readConfig({}).host).toBe("127.0.0.1");
    expect(readConfig({ HOST: "0.0.0.0" }).host).toBe("0.0.0.0");
  });
});

describe("the access log", () => {
  it("writes one line per request with tenant and correlation id, never the token or the body", async () => {
    const lines: AccessLogEntry[] = [];
    const app = createApp({
      runtime: api.runtime,
      tokens: registryOf(parseTokens("secret-token:editor:acme")),
      rebuild: async () => ({ streams: 0, events: 0, failed: [] }),
      accessLog: (entry) => lines.push(entry),
    });
    const response = await app.request("/api/v1/catalog/parties", {
      method: "POST",
      headers: {
        authorization: "Bearer secret-token",
        "content-type": "application/json",
        "x-correlation-id": "trace-1",
      },
      body: JSON.stringify({ id: "private-party", name: "Private" }),
    });
    expect(response.status).toBe(201);
    expect(lines).toEqual([
      {
        method: "POST",
        path: "/api/v1/catalog/parties",
        status: 201,
        durationMs: expect.any(Number),
        tenant: "acme",
        correlationId: "trace-1",
      },
    ]);
    expect(JSON.stringify(lines)).not.toMatch(/secret-token|private-party/);
  });
});
