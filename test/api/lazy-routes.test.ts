import { afterEach, describe, expect, it, vi } from "vitest";
import { type AppDependencies, createApp } from "../../functions/src/api/app.ts";
import { parseTokens, registryOf } from "../../functions/src/api/auth.ts";
import { GROUP_NAMES, groupsFor, ROUTE_GROUPS } from "../../functions/src/api/route-groups.ts";
import type { Runtime } from "../../functions/src/services/runtime.ts";
import { type ApiHarness, BASE, expectProblem, harnessForFile, TOKENS } from "./support.ts";

/**
 * The route groups are built on the first request that needs them (api/route-groups.ts): a
 * cold start pays for one group's schemas, not every group's. Five groups' modules report when
 * they are evaluated and each time they build a router; the others are checked by the table.
 * A group may serve some methods only (the agreements' reads and writes are two groups), so the
 * method of a request decides too.
 */
const seen = vi.hoisted(() => ({
  imported: new Set<string>(),
  built: new Map<string, number>(),
  /** Makes the feeds group's next build fail, as a chunk missing from a deployment would. */
  failFeeds: false,
}));
const count = (group: string) => seen.built.set(group, (seen.built.get(group) ?? 0) + 1);

vi.mock("../../functions/src/api/routes/agreements.ts", async (importOriginal) => {
  seen.imported.add("agreements");
  const original =
    await importOriginal<typeof import("../../functions/src/api/routes/agreements.ts")>();
  return {
    ...original,
    agreementRoutes: (runtime: Runtime) => {
      count("agreements");
      return original.agreementRoutes(runtime);
    },
  };
});
vi.mock("../../functions/src/api/routes/agreement-writes.ts", async (importOriginal) => {
  seen.imported.add("agreementWrites");
  const original =
    await importOriginal<typeof import("../../functions/src/api/routes/agreement-writes.ts")>();
  return {
    ...original,
    agreementWriteRoutes: (runtime: Runtime) => {
      count("agreementWrites");
      return original.agreementWriteRoutes(runtime);
    },
  };
});
vi.mock("../../functions/src/api/routes/entitlements.ts", async (importOriginal) => {
  seen.imported.add("entitlements");
  const original =
    await importOriginal<typeof import("../../functions/src/api/routes/entitlements.ts")>();
  return {
    ...original,
    entitlementRoutes: (runtime: Runtime) => {
      count("entitlements");
      return original.entitlementRoutes(runtime);
    },
  };
});
vi.mock("../../functions/src/api/routes/people.ts", async (importOriginal) => {
  seen.imported.add("people");
  const original =
    await importOriginal<typeof import("../../functions/src/api/routes/people.ts")>();
  return {
    ...original,
    peopleRoutes: (runtime: Runtime) => {
      count("people");
      return original.peopleRoutes(runtime);
    },
  };
});
vi.mock("../../functions/src/api/routes/catalog.ts", async (importOriginal) => {
  seen.imported.add("catalog");
  const original =
    await importOriginal<typeof import("../../functions/src/api/routes/catalog.ts")>();
  return {
    ...original,
    catalogRoutes: (runtime: Runtime) => {
      count("catalog");
      return original.catalogRoutes(runtime);
    },
  };
});

vi.mock("../../functions/src/api/routes/feeds.ts", async (importOriginal) => {
  const original = await importOriginal<typeof import("../../functions/src/api/routes/feeds.ts")>();
  return {
    ...original,
    feedRoutes: (runtime: Runtime) => {
      if (seen.failFeeds) {
        seen.failFeeds = false;
        throw new Error("the feeds chunk is missing");
      }
      return original.feedRoutes(runtime);
    },
  };
});

let api: ApiHarness;
harnessForFile("lazy-routes", { seed: false }, (ready) => {
  api = ready;
});

const dependencies = (runtime: Runtime): AppDependencies => ({
  runtime,
  tokens: registryOf(parseTokens(TOKENS)),
  rebuild: async () => ({ streams: 0, events: 0, failed: [] }),
});
const freshApp = (runtime: Runtime = api.runtime) => createApp(dependencies(runtime));

async function call(
  app: ReturnType<typeof createApp>,
  path: string,
  token?: string,
  { method = "GET", body }: { method?: string; body?: unknown } = {},
) {
  const response = await app.request(`${BASE}${path}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body === undefined ? {} : { "content-type": "application/json" }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    text,
    body: text ? JSON.parse(text) : undefined,
  };
}

afterEach(() => {
  seen.built.clear();
});

describe("route groups built on first use", () => {
  // First in the file: the modules' evaluation is observed once per file.
  it("importing the app and answering health evaluates no group's module", async () => {
    const app = freshApp();
    expect((await call(app, "/health")).status).toBe(200);
    expect([...seen.imported]).toEqual([]);
    expect(seen.built.size).toBe(0);
  });

  it("a cold GET /agreements builds the agreements' reads only, and once", async () => {
    const app = freshApp();
    expect((await call(app, "/agreements", "viewer-a")).status).toBe(200);
    expect([...seen.imported]).toEqual(["agreements"]);
    expect((await call(app, "/agreements/missing", "viewer-a")).status).toBe(404);
    expect((await call(app, "/agreements", "viewer-a")).status).toBe(200);
    expect((await call(app, "/agreement-details", "viewer-a")).status).toBe(200);
    // The route answers (an agreement that does not exist), not the app's "no route".
    const events = await call(app, "/agreements/missing/events", "viewer-a");
    expect(expectProblem(events, 404).detail).not.toMatch(/^No route/);
    expect(Object.fromEntries(seen.built)).toEqual({ agreements: 1 });
  });

  it("HEAD loads what GET loads, and is answered by the GET route", async () => {
    const app = freshApp();
    const head = await call(app, "/agreements", "viewer-a", { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(head.text).toBe("");
    expect(Object.fromEntries(seen.built)).toEqual({ agreements: 1 });
  });

  it("a cold POST builds the agreements' writes only, and they answer as before", async () => {
    const app = freshApp();
    const refused = await call(app, "/agreements", "viewer-a", { method: "POST", body: {} });
    expect(expectProblem(refused, 403).type).toBe("https://termline.dev/problems/forbidden");
    const invalid = await call(app, "/agreements/missing/events", "editor-a", {
      method: "POST",
      body: { expectedVersion: 0, events: [] },
    });
    expect(expectProblem(invalid, 400).errors).toEqual(
      expect.arrayContaining([expect.objectContaining({ path: "events" })]),
    );
    expect(Object.fromEntries(seen.built)).toEqual({ agreementWrites: 1 });
    // The reads are their own group, built by the first GET.
    expect((await call(app, "/agreements", "viewer-a")).status).toBe(200);
    expect(Object.fromEntries(seen.built)).toEqual({ agreementWrites: 1, agreements: 1 });
  });

  it("a method no group serves on a path builds nothing and is not found", async () => {
    const app = freshApp();
    const answer = await call(app, "/agreements/missing", "editor-a", { method: "DELETE" });
    expect(expectProblem(answer, 404).detail).toBe(
      `No route for DELETE ${BASE}/agreements/missing. See ${BASE}/docs.`,
    );
    expect(seen.built.size).toBe(0);
  });

  it("a cold GET /entitlements builds the entitlements group only", async () => {
    const app = freshApp();
    const answer = await call(
      app,
      "/entitlements?product=openai-api&provider=aws&at=2026-05-01",
      "viewer-a",
    );
    expectProblem(answer, 400); // an empty tenant: its catalog names neither
    expect(Object.fromEntries(seen.built)).toEqual({ entitlements: 1 });
    expect(seen.imported.has("people")).toBe(false);
    expect(seen.imported.has("catalog")).toBe(false);
  });

  it("concurrent first requests build a group once", async () => {
    const app = freshApp();
    const answers = await Promise.all(
      Array.from({ length: 5 }, () => call(app, "/agreements", "viewer-a")),
    );
    expect(answers.map(({ status }) => status)).toEqual([200, 200, 200, 200, 200]);
    expect(Object.fromEntries(seen.built)).toEqual({ agreements: 1 });
  });

  it("a cold request's token is looked up while its group is built, and once", async () => {
    const steps: string[] = [];
    const known = registryOf(parseTokens(TOKENS));
    let finishBuild = () => {};
    const held = new Promise<void>((resolve) => {
      finishBuild = resolve;
    });
    const { build } = ROUTE_GROUPS.agreements;
    const building = vi.spyOn(ROUTE_GROUPS.agreements, "build").mockImplementation(async (deps) => {
      steps.push("build");
      await held;
      return build(deps);
    });
    try {
      const app = createApp({
        ...dependencies(api.runtime),
        tokens: (token) => {
          steps.push(`lookup ${token}`);
          return known(token);
        },
      });
      const answering = call(app, "/agreements", "viewer-a");
      // The build is held: the lookup can only have begun beside it, not after it.
      await vi.waitFor(() => expect(steps).toContain("lookup viewer-a"));
      expect(steps).toContain("build");
      finishBuild();
      expect((await answering).status).toBe(200);
      expect(steps.filter((step) => step.startsWith("lookup"))).toEqual(["lookup viewer-a"]);
    } finally {
      building.mockRestore();
    }
  });

  it("a public path, or a request without a token, looks no token up", async () => {
    const looked: string[] = [];
    const known = registryOf(parseTokens(TOKENS));
    const app = createApp({
      ...dependencies(api.runtime),
      tokens: (token) => {
        looked.push(token);
        return known(token);
      },
    });
    expect((await call(app, "/health", "viewer-a")).status).toBe(200);
    expect((await call(app, "/openapi.json", "viewer-a")).status).toBe(200);
    expectProblem(await call(app, "/agreements"), 401);
    expect(looked).toEqual([]);
  });

  it("the OpenAPI document builds every group, and is the same whichever were built first", async () => {
    const cold = await call(freshApp(), "/openapi.json");
    expect(Object.fromEntries(seen.built)).toEqual({
      agreements: 1,
      agreementWrites: 1,
      entitlements: 1,
      people: 1,
      catalog: 1,
    });
    const warm = freshApp();
    await call(warm, "/people", "viewer-a");
    await call(warm, "/entitlements/matrix", "viewer-a");
    await call(warm, "/agreements", "editor-a", { method: "POST", body: {} });
    await call(warm, "/agreements", "viewer-a");
    expect((await call(warm, "/openapi.json")).text).toBe(cold.text);
  });

  it("every route is in the table under its path's first segment and its method", async () => {
    const methods = new Set<string>();
    for (const name of GROUP_NAMES) {
      const router = await ROUTE_GROUPS[name].build(dependencies(api.runtime));
      expect(router.routes.length, name).toBeGreaterThan(0);
      for (const { path, method } of router.routes) {
        methods.add(method);
        expect(groupsFor(path, method), `${name} ${method} ${path}`).toContain(name);
        if (method === "GET")
          expect(groupsFor(path, "HEAD"), `${name} HEAD ${path}`).toContain(name);
      }
    }
    // Routes are registered for one method each: a group's `methods` could not miss an "ALL".
    expect([...methods].sort()).toEqual(["DELETE", "GET", "PATCH", "POST", "PUT"]);
  });

  it("a group with methods is left out for every other method", () => {
    expect(groupsFor("/agreements", "GET")).toEqual(["agreements"]);
    expect(groupsFor("/agreements", "head")).toEqual(["agreements"]);
    expect(groupsFor("/agreements/x/events", "POST")).toEqual(["agreementWrites"]);
    expect(groupsFor("/agreement-details", "POST")).toEqual([]);
    expect(groupsFor("/agreements/x", "DELETE")).toEqual([]);
    expect(groupsFor("/deadlines/x/owner", "PUT")).toEqual(["deadlines", "people"]);
  });
});

describe("errors inside a lazily built group", () => {
  it("are the app's problems, with the request's correlation id, on the group's first request", async () => {
    const app = freshApp();
    const refused = await call(app, "/agreements");
    expect(expectProblem(refused, 401).type).toBe("https://termline.dev/problems/unauthenticated");
    const missing = await call(freshApp(), "/agreements/missing", "viewer-a");
    expect(expectProblem(missing, 404).type).toBe("https://termline.dev/problems/not-found");
    expect(missing.headers.get("x-correlation-id")).toBeTruthy();
    expect(missing.headers.get("cache-control")).toBe("private, no-store");
    const invalid = await call(freshApp(), "/entitlements?provider=aws", "viewer-a");
    expect(expectProblem(invalid, 400).errors).toEqual(
      expect.arrayContaining([expect.objectContaining({ path: "product" })]),
    );
    const noRoute = await call(freshApp(), "/agreements/a/b/c", "viewer-a");
    expect(expectProblem(noRoute, 404).detail).toBe(
      `No route for GET ${BASE}/agreements/a/b/c. See ${BASE}/docs.`,
    );
  });

  it("a group that cannot be built is a logged 500 problem, and is tried again next time", async () => {
    const app = freshApp();
    const logged = vi.spyOn(console, "error").mockImplementation(() => undefined);
    seen.failFeeds = true;
    try {
      const failed = await call(app, "/feeds", "admin-a");
      expect(expectProblem(failed, 500).type).toBe("https://termline.dev/problems/internal");
      expect(failed.headers.get("x-correlation-id")).toBeTruthy();
      expect(logged).toHaveBeenCalledWith(expect.stringContaining("the feeds chunk is missing"));
    } finally {
      logged.mockRestore();
    }
    expect((await call(app, "/feeds", "admin-a")).status).toBe(200);
  });

  it("a token lookup that fails beside a group that cannot be built leaves one 500, nothing unhandled", async () => {
    const app = createApp({
      ...dependencies(api.runtime),
      tokens: async () => {
        throw new Error("the tokens table is throttled");
      },
    });
    const logged = vi.spyOn(console, "error").mockImplementation(() => undefined);
    seen.failFeeds = true;
    try {
      // Vitest fails the run on an unhandled rejection: the lookup nobody awaited must not be one.
      expectProblem(await call(app, "/feeds", "admin-a"), 500);
      expect(logged).toHaveBeenCalledWith(expect.stringContaining("the feeds chunk is missing"));
      const throttled = await call(app, "/feeds", "admin-a");
      expectProblem(throttled, 500);
      expect(logged).toHaveBeenCalledWith(expect.stringContaining("the tokens table is throttled"));
    } finally {
      logged.mockRestore();
    }
  });

  it("an unexpected error is a logged 500 problem with no internals", async () => {
    const broken = new Proxy({} as Runtime, {
      get: () => {
        throw new Error("the table is gone");
      },
    });
    const logged = vi.spyOn(console, "error").mockImplementation(() => undefined);
    try {
      const failed = await call(freshApp(broken), "/agreements", "viewer-a");
      expect(expectProblem(failed, 500).type).toBe("https://termline.dev/problems/internal");
      expect(logged).toHaveBeenCalledWith(expect.stringContaining("the table is gone"));
    } finally {
      logged.mockRestore();
    }
  });
});
