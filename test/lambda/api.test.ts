import { readdir, readFile } from "node:fs/promises";
import { basename, dirname } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createToken } from "../../functions/src/api/token-registry.ts";
import { isBuiltin } from "../../scripts/bundle-functions.ts";
import {
  agreementInput,
  givenCatalogOf,
  type HttpHandler,
  invokeHttp,
  trancheEvent,
} from "./support/http.ts";
import { type LambdaEnv, setUpLambdaEnv } from "./support/lambda-env.ts";

let env: LambdaEnv;
let api: HttpHandler;
let editor: string;
let viewer: string;

beforeAll(async () => {
  env = await setUpLambdaEnv("lambda-api", ["api"]);
  const { viewStore } = env.tables;
  const now = new Date();
  editor = await createToken(viewStore, { tenant: "acme", role: "editor", name: "Edie" }, now);
  viewer = await createToken(viewStore, { tenant: "acme", role: "viewer", name: "Vic" }, now);
  api = await env.load("api");
  await givenCatalogOf(viewStore, "acme");
});
afterAll(() => env?.close());

describe("the API bundle behind a Function URL (payload 2.0)", () => {
  it("is self-contained: only Node builtins are left to the runtime", () => {
    const [bundle] = env.bundles;
    expect(bundle?.name).toBe("api");
    expect(bundle?.externals.filter((specifier) => !isBuiltin(specifier))).toEqual([]);
  });

  it("carries only the credentials Lambda gives (the environment's) and zod's English messages", async () => {
    // The entry and the chunks beside it (the route groups', read on first use).
    const { file = "", chunks = [] } = env.bundles[0] ?? {};
    const code = (await Promise.all([file, ...chunks].map((part) => readFile(part, "utf8")))).join(
      "\n",
    );
    // The SDK's default chain would bring SSO, INI files, credential_process and STS.
    for (const chainOnly of ["sso_start_url", "credential_process", "AssumeRoleWithWebIdentity"])
      expect(code, chainOnly).not.toContain(chainOnly);
    expect(code).toContain("AWS_SECRET_ACCESS_KEY");
    // zod's other languages (here Polish); its English messages stay.
    expect(code).not.toContain("Nieprawid");
    expect(code).toContain("Invalid input");
  });

  it("builds no write schema for a read: the entry and the agreements' reads import none", async () => {
    const { file = "" } = env.bundles[0] ?? {};
    const dir = dirname(file);
    // A file and the chunks it imports statically (its `import("…")`s wait for their request).
    const loadedWith = async (start: string) => {
      const seen = new Set<string>();
      const code: string[] = [];
      const visit = async (name: string) => {
        if (seen.has(name)) return;
        seen.add(name);
        const text = await readFile(`${dir}/${name}`, "utf8");
        code.push(text);
        for (const [, imported] of text.matchAll(/(?:from|import)\s*"\.\/([\w-]+\.mjs)"/g))
          if (imported) await visit(imported);
      };
      await visit(start);
      return code.join("\n");
    };
    const groupFile = async (group: string) =>
      (await readdir(dir)).find((name) => new RegExp(`^${group}-[A-Z0-9]+\\.mjs$`).test(name)) ??
      "";
    // Messages of the term events' and the catalog events' schemas (minifying keeps them), and a
    // group whose writes build those schemas.
    const writeSchemas = {
      "name at least one attribute to change": "agreement-writes",
      "change at least one of name, availableFrom, availableBy, retired": "catalog",
    };
    for (const [message, group] of Object.entries(writeSchemas))
      expect((await loadedWith(await groupFile(group))).includes(message), message).toBe(true);
    for (const start of ["index.mjs", await groupFile("agreements")]) {
      const reads = await loadedWith(start);
      for (const message of Object.keys(writeSchemas))
        expect(reads.includes(message), `${start}: ${message}`).toBe(false);
    }
  });

  it("answers health without a token", async () => {
    const reply = await invokeHttp(api, "GET", "/api/v1/health");
    expect(reply.status).toBe(200);
    expect(reply.json).toEqual({ status: "ok" });
  });

  it("refuses a missing or unknown token with a problem document", async () => {
    for (const token of [undefined, "tl_not-a-token"]) {
      const reply = await invokeHttp(api, "GET", "/api/v1/agreements", token ? { token } : {});
      expect(reply.status, reply.text).toBe(401);
      expect(reply.headers["content-type"]).toMatch(/^application\/problem\+json/);
    }
  });

  it("authenticates a token stored hashed in the views table", async () => {
    const reply = await invokeHttp(api, "GET", "/api/v1/agreements", { token: viewer });
    expect(reply.status, reply.text).toBe(200);
    expect(reply.json).toEqual({ agreements: [] });
    const me = await invokeHttp(api, "GET", "/api/v1/me", { token: editor });
    expect(me.json).toMatchObject({ tenant: "acme", role: "editor", name: "Edie" });
  });

  it("records an agreement and appends events (a base64 body too), then reads them back", async () => {
    const recorded = await invokeHttp(api, "POST", "/api/v1/agreements", {
      token: editor,
      body: agreementInput("acme-cloud"),
    });
    expect(recorded.status, recorded.text).toBe(201);
    expect(recorded.json).toEqual({ id: "acme-cloud", version: 1, answers: "current" });

    const appended = await invokeHttp(api, "POST", "/api/v1/agreements/acme-cloud/events", {
      token: editor,
      base64: true,
      body: { expectedVersion: 1, events: [trancheEvent("2030-06-30")] },
    });
    expect(appended.status, appended.text).toBe(201);

    const read = await invokeHttp(api, "GET", "/api/v1/agreements/acme-cloud", { token: viewer });
    expect(read.status, read.text).toBe(200);
    expect(read.json).toMatchObject({ id: "acme-cloud", version: 2 });
    const listed = await invokeHttp(api, "GET", "/api/v1/agreements?at=2027-01-01", {
      token: viewer,
    });
    expect(listed.json).toMatchObject({ agreements: [{ id: "acme-cloud" }] });
  });

  it("rebuilds an admin's tenant with the projector it imports on that first request", async () => {
    const admin = await createToken(
      env.tables.viewStore,
      { tenant: "acme", role: "admin", name: "Ada" },
      new Date(),
    );
    const reply = await invokeHttp(api, "POST", "/api/v1/admin/rebuild", { token: admin });
    expect(reply.status, reply.text).toBe(200);
    expect(reply.json).toMatchObject({ streams: expect.any(Number), complete: true, failed: [] });
  });

  it("keeps a viewer from writing", async () => {
    const reply = await invokeHttp(api, "POST", "/api/v1/agreements", {
      token: viewer,
      body: agreementInput("not-allowed"),
    });
    expect(reply.status, reply.text).toBe(403);
  });

  it("serves the OpenAPI document", async () => {
    const document = await invokeHttp(api, "GET", "/api/v1/openapi.json");
    expect(document.status).toBe(200);
    expect(document.json).toMatchObject({ openapi: "3.1.0" });
  });

  it("serves the reference page, which needs no file beside the package", async () => {
    const docs = await invokeHttp(api, "GET", "/api/v1/docs");
    expect(docs.status, docs.text.slice(0, 300)).toBe(200);
    expect(docs.text).toContain('data-document="/api/v1/openapi.json"');
    const [bundle] = env.bundles;
    const packaged = await readdir(dirname(bundle?.file ?? ""));
    // The code only: the entry, the chunks it imports, their source maps.
    const code = ["index.mjs", ...(bundle?.chunks ?? []).map((chunk) => basename(chunk))];
    expect(packaged.sort()).toEqual(code.flatMap((file) => [file, `${file}.map`]).sort());
  });
});
