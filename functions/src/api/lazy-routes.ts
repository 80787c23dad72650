import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AppDependencies } from "./app.ts";
import type { AuthEnv } from "./auth.ts";
import { GROUP_NAMES, type GroupName, groupsFor, ROUTE_GROUPS } from "./route-groups.ts";

// biome-ignore lint/suspicious/noExplicitAny: a group's route schema does not matter once it is mounted
type AnyRouter = OpenAPIHono<AuthEnv, any, any>;

export interface LazyGroups {
  /** Builds and mounts the groups `method` on `path` (below the base path) needs, once each. */
  prepare(path: string, method: string): Promise<void>;
  /** Every group, built and mounted, in ROUTE_GROUPS' order (the OpenAPI document's). */
  all(): Promise<AnyRouter[]>;
}

/**
 * Mounts route groups into `app` on first use. A mounted group's routes are the app's own, as
 * if mounted at import: the same middleware (request id, auth, body checks) runs before them
 * and the same `onError`/`notFound` answer for them. `app`'s router must accept routes after
 * its first match (Hono's TrieRouter does; the default RegExpRouter does not).
 */
export function lazyGroups(app: AnyRouter, deps: AppDependencies): LazyGroups {
  const mounted = new Map<GroupName, Promise<AnyRouter>>();
  const mount = (name: GroupName): Promise<AnyRouter> => {
    let router = mounted.get(name);
    if (!router) {
      const building: Promise<AnyRouter> = ROUTE_GROUPS[name].build(deps);
      router = building.then((built) => {
        app.route("/", built);
        return built;
      });
      // A failed load (a chunk missing from a broken deployment) is tried again next time.
      router.catch(() => mounted.delete(name));
      mounted.set(name, router);
    }
    return router;
  };
  return {
    prepare: async (path, method) => {
      await Promise.all(groupsFor(path, method).map(mount));
    },
    all: () => Promise.all(GROUP_NAMES.map(mount)),
  };
}
