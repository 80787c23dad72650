import { readFileSync } from "node:fs";
import { createConfig, lintFromString } from "@redocly/openapi-core";
import createClient from "openapi-fetch";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { API_TYPES_FILE, apiTypes } from "../../scripts/generate-api-types.ts";
import type { paths } from "./generated/termline-api.d.ts";
import { type ApiHarness, createApiHarness } from "./support.ts";

/** The OpenAPI document as tools read it: a standard linter, and a client generated from it. */
let api: ApiHarness;

beforeAll(async () => {
  api = await createApiHarness("openapi-lint");
});
afterAll(async () => {
  await api?.drop();
});

describe("the OpenAPI document", () => {
  it("passes Redocly's recommended rules with no error and no warning", async () => {
    // As a deployment serves it: its own address is its server.
    const served = await api.app.request("https://termline.acme-corp.test/api/v1/openapi.json");
    const document = (await served.json()) as Record<string, unknown>;
    const config = await createConfig({ extends: ["recommended"] });
    const problems = await lintFromString({
      source: JSON.stringify(document),
      absoluteRef: "openapi.json",
      config,
    });
    expect(
      problems.map(
        ({ ruleId, message, location }) => `${ruleId}: ${message} at ${location[0]?.pointer}`,
      ),
    ).toEqual([]);
    expect(document.servers).toEqual([
      { url: "https://termline.acme-corp.test", description: "This deployment" },
    ]);
  });

  it("generates the committed client types (run npm run openapi:types after changing the API)", async () => {
    expect(readFileSync(API_TYPES_FILE, "utf8")).toBe(await apiTypes());
  });

  it("is callable through a client typed from it", async () => {
    const client = createClient<paths>({
      baseUrl: "http://localhost",
      fetch: async (request: Request) => api.app.request(request),
      headers: { authorization: "Bearer viewer-a" },
    });
    const { data, error } = await client.GET("/api/v1/entitlements", {
      params: { query: { product: "openai-api", provider: "aws", at: "2026-03-15" } },
    });
    expect(error).toBeUndefined();
    expect(data?.decision).toBe("denied");
    expect(data?.certainty).toBe("certain");
    const agreement = await client.GET("/api/v1/agreements/{id}", {
      params: { path: { id: "amazon-openai" } },
    });
    expect(agreement.data?.title).toBe("Amazon–OpenAI strategic partnership");
  });
});
