import type { Context } from "hono";
import type { Actor } from "../services/agreements.ts";
import type { AuthEnv } from "./auth.ts";

/** Who is acting, as the services record it: the tenant, a name (never the token), the request's id. */
export const actorOf = (c: Context<AuthEnv>): Actor => {
  const { tenant, name } = c.get("principal");
  return { tenant, name, correlationId: c.get("requestId") };
};
