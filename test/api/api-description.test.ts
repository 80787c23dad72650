import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ApiHarness, createApiHarness } from "./support.ts";

/** The OpenAPI document and its reference page: public, complete, and served without a CDN. */
let api: ApiHarness;

beforeAll(async () => {
  api = await createApiHarness("api-description", { seed: false });
});
afterAll(async () => {
  await api?.drop();
});

describe("the API description", () => {
  it("is an OpenAPI 3.1 document with every contract endpoint", async () => {
    const { status, body } = await api.get("/openapi.json", null);
    expect(status).toBe(200);
    expect(body.openapi).toMatch(/^3\.1\./);
    const paths = Object.keys(body.paths);
    for (const path of [
      "/api/v1/agreements",
      "/api/v1/agreements/{id}",
      "/api/v1/agreements/{id}/events",
      "/api/v1/entitlements",
      "/api/v1/entitlements/matrix",
      "/api/v1/deadlines",
      "/api/v1/deadlines.ics",
      "/api/v1/workloads",
      "/api/v1/workloads/{id}",
      "/api/v1/workloads/{id}/entitlements",
      "/api/v1/catalog",
      "/api/v1/catalog/parties",
      "/api/v1/catalog/providers",
      "/api/v1/catalog/products",
      "/api/v1/catalog/product-classes",
      "/api/v1/catalog/segments",
      "/api/v1/catalog/{kind}/{id}",
      "/api/v1/export",
      "/api/v1/import",
      "/api/v1/health",
    ])
      expect(paths, path).toContain(path);
    expect(body.paths["/api/v1/agreements/{id}/events"].post.requestBody).toBeDefined();
  });

  it("serves the docs page with a script from its own origin, not a CDN", async () => {
    const docs = await api.get("/docs", null);
    expect(docs.status).toBe(200);
    expect(docs.headers.get("content-type")).toMatch(/^text\/html/);
    // The page's own inline script reads openapi.json from this origin;
    // test/web/api-reference.test.ts loads the page in a browser and runs axe on it.
    expect(docs.text).toContain('data-document="/api/v1/openapi.json"');
    expect(docs.text).not.toMatch(/<script[^>]+src="(https?:)?\/\//);
    expect(docs.text).not.toMatch(/cdn\.jsdelivr|unpkg\.com/);
  });
});
