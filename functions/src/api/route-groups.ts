import type { AppDependencies } from "./app.ts";

/**
 * The API's route groups, each loaded and built on the first request that needs it: building a
 * group builds its zod schemas and OpenAPI metadata, most of what a cold start would otherwise
 * spend at import. The dynamic imports let the Lambda bundle keep each group in a chunk of its
 * own (`nodejs.splitting` in infra/api.ts), read only when a request asks for it.
 *
 * `segments`: the first segment, under the base path and up to a "/" or a ".", of every path
 * the group serves (`/deadlines.ics` is `deadlines`). `methods`, when given: the only methods
 * the group serves, so a request with another method does not load it (HEAD is answered by the
 * GET routes, so it loads what GET loads). A segment two groups share loads both, for a method
 * both serve. test/api/lazy-routes.test.ts checks every route against this table.
 *
 * The order is the OpenAPI document's, as when every group was mounted at import.
 */
interface RouteGroup {
  segments: readonly string[];
  methods?: readonly string[];
  build: (deps: AppDependencies) => Promise<unknown>;
}

export const ROUTE_GROUPS = {
  catalog: {
    segments: ["catalog"],
    build: async ({ runtime }: AppDependencies) =>
      (await import("./routes/catalog.ts")).catalogRoutes(runtime),
  },
  me: {
    segments: ["me"],
    build: async (_: AppDependencies) => (await import("./routes/me.ts")).meRoutes(),
  },
  agreements: {
    segments: ["agreements", "agreement-details"],
    methods: ["GET"],
    build: async ({ runtime }: AppDependencies) =>
      (await import("./routes/agreements.ts")).agreementRoutes(runtime),
  },
  // The writes validate bodies with @termline/core's event schemas, which no read needs.
  agreementWrites: {
    segments: ["agreements"],
    methods: ["POST"],
    build: async ({ runtime }: AppDependencies) =>
      (await import("./routes/agreement-writes.ts")).agreementWriteRoutes(runtime),
  },
  entitlements: {
    segments: ["entitlements"],
    build: async ({ runtime }: AppDependencies) =>
      (await import("./routes/entitlements.ts")).entitlementRoutes(runtime),
  },
  conflicts: {
    segments: ["conflicts"],
    build: async ({ runtime }: AppDependencies) =>
      (await import("./routes/conflicts.ts")).conflictRoutes(runtime),
  },
  changes: {
    segments: ["changes"],
    build: async ({ runtime }: AppDependencies) =>
      (await import("./routes/changes.ts")).changeRoutes(runtime),
  },
  deadlines: {
    segments: ["deadlines", "settings"],
    build: async ({ runtime }: AppDependencies) =>
      (await import("./routes/deadlines.ts")).deadlineRoutes(runtime),
  },
  openMatters: {
    segments: ["open-disputes", "open-questions"],
    methods: ["GET"],
    build: async ({ runtime }: AppDependencies) =>
      (await import("./routes/open-matters.ts")).openMatterRoutes(runtime),
  },
  workloads: {
    segments: ["workloads"],
    build: async ({ runtime }: AppDependencies) =>
      (await import("./routes/workloads.ts")).workloadRoutes(runtime),
  },
  transfer: {
    segments: ["export", "import"],
    build: async ({ runtime }: AppDependencies) =>
      (await import("./routes/transfer.ts")).transferRoutes(runtime),
  },
  settings: {
    segments: ["settings"],
    build: async ({ runtime }: AppDependencies) =>
      (await import("./routes/settings.ts")).settingsRoutes(runtime),
  },
  feeds: {
    segments: ["feeds"],
    build: async ({ runtime }: AppDependencies) =>
      (await import("./routes/feeds.ts")).feedRoutes(runtime),
  },
  webhooks: {
    segments: ["webhooks"],
    build: async ({ runtime, bus }: AppDependencies) =>
      (await import("./routes/webhooks.ts")).webhookRoutes(runtime, bus),
  },
  people: {
    // Deadline owners and mail settings are the people's routes too.
    segments: ["people", "deadlines", "settings"],
    build: async ({ runtime }: AppDependencies) =>
      (await import("./routes/people.ts")).peopleRoutes(runtime),
  },
  mail: {
    segments: ["mail"],
    build: async ({ runtime, mail }: AppDependencies) =>
      (await import("./routes/mail.ts")).mailRoutes(runtime, mail),
  },
  admin: {
    segments: ["admin"],
    build: async (deps: AppDependencies) => (await import("./routes/admin.ts")).adminRoutes(deps),
  },
} as const satisfies Record<string, RouteGroup>;

export type GroupName = keyof typeof ROUTE_GROUPS;
export type GroupRouter<Name extends GroupName> = Awaited<
  ReturnType<(typeof ROUTE_GROUPS)[Name]["build"]>
>;

export const GROUP_NAMES = Object.keys(ROUTE_GROUPS) as GroupName[];

/**
 * The groups that serve `method` on `path` (below the base path, e.g. `/deadlines/x/snooze`),
 * if any.
 */
export function groupsFor(path: string, method: string): GroupName[] {
  const segment = /^\/([^/.]*)/.exec(path)?.[1];
  if (!segment) return [];
  const served = method.toUpperCase() === "HEAD" ? "GET" : method.toUpperCase();
  return GROUP_NAMES.filter((name) => {
    const { segments, methods }: RouteGroup = ROUTE_GROUPS[name];
    return segments.includes(segment) && (methods === undefined || methods.includes(served));
  });
}
