import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Hono } from "hono";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serveWeb } from "../../functions/src/local/web-assets.ts";

let dist: string;
let root: Hono;

beforeAll(async () => {
  dist = await mkdtemp(join(tmpdir(), "termline-dist-"));
  await mkdir(join(dist, "assets"));
  await writeFile(join(dist, "index.html"), "<!doctype html><title>app</title>");
  await writeFile(join(dist, "assets", "index-abc.js"), "console.log(1)");
  root = new Hono();
  root.get("/api/v1/health", (c) => c.json({ status: "ok" }));
  serveWeb(root, { dist });
});

afterAll(async () => {
  await rm(dist, { recursive: true, force: true });
});

describe("serveWeb", () => {
  it("serves index.html at / and for the UI's own routes, never cached", async () => {
    for (const path of ["/", "/timeline", "/agreements/microsoft-openai?at=2026-05-01"]) {
      const response = await root.request(path);
      expect(response.status, path).toBe(200);
      expect(response.headers.get("content-type")).toMatch(/text\/html/);
      expect(response.headers.get("cache-control")).toBe("no-cache");
      expect(await response.text()).toContain("<title>app</title>");
    }
  });

  it("serves hashed assets with a long cache, and 404s a missing asset", async () => {
    const asset = await root.request("/assets/index-abc.js");
    expect(asset.status).toBe(200);
    expect(asset.headers.get("content-type")).toMatch(/text\/javascript/);
    expect(asset.headers.get("cache-control")).toMatch(/immutable/);
    expect((await root.request("/assets/gone-123.js")).status).toBe(404);
  });

  it("leaves /api to the API and never serves files outside the build", async () => {
    expect(await (await root.request("/api/v1/health")).json()).toEqual({ status: "ok" });
    expect((await root.request("/api/v1/nothing")).status).toBe(404);
    const traversal = await root.request("/..%2f..%2fetc%2fpasswd");
    expect(await traversal.text()).toContain("<title>app</title>");
  });

  it("says how to build the UI when there is no build", async () => {
    const bare = new Hono();
    serveWeb(bare, { dist: join(dist, "missing") });
    const response = await bare.request("/");
    expect(response.status).toBe(503);
    expect(await response.text()).toContain("npm run build -w @termline/web");
  });
});
