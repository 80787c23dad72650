import { OpenAPIHono } from "@hono/zod-openapi";
import type { AuthEnv } from "./auth.ts";
import { validationProblem } from "./problem.ts";

/** Every router shares the hook that turns a zod failure into a 400 problem, thrown to the one error mapper. */
export const newRouter = () =>
  new OpenAPIHono<AuthEnv>({
    defaultHook: (result) => {
      if (!result.success)
        throw validationProblem(result.error, result.target === "json" ? "body" : result.target);
    },
  });
