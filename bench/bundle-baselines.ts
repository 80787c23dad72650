/**
 * The handlers `npm run bench:bundles` measures the functions against (bench/bundles.ts), as
 * source text bundled the way the functions are: what a cold start costs without our code.
 */
export const BARE_HONO = `
import { Hono } from "hono";
import { handle } from "hono/aws-lambda";
export const handler = handle(new Hono().get("/", (c) => c.text("ok")));
`;

/** The fairer baseline: what any Hono API on DynamoDB needs, and one GetItem per request. */
export const HONO_DYNAMODB = `
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient, GetCommand } from "@aws-sdk/lib-dynamodb";
import { Hono } from "hono";
import { handle } from "hono/aws-lambda";
const doc = DynamoDBDocumentClient.from(new DynamoDBClient({}));
const app = new Hono().get("/", async (c) => {
  const { Item } = await doc.send(
    new GetCommand({ TableName: process.env.TERMLINE_VIEWS_TABLE, Key: { pk: "bench", sk: "baseline" } }),
  );
  return c.json(Item ?? {});
});
export const handler = handle(app);
`;

/**
 * The floor this API stands on, rung by rung, each the fairer baseline plus one thing every
 * request of ours must do: our Powertools wrapper (logs and metrics, `aws/observability.ts`),
 * then a second GetItem first (a signed-in request looks its token up, then reads), then the
 * query validated by a zod schema, then the route declared as the contract is
 * (`@hono/zod-openapi`: the same schema, with OpenAPI metadata, validated by its middleware).
 * The API's ratio against the last rung is what our own code adds.
 */
const QUERY_SCHEMA = `{
  at: z.string().date().optional(),
  limit: z.coerce.number().int().min(1).max(100).optional(),
  cursor: z.string().max(200).optional(),
}`;

const ROUTES = {
  none: {
    imports: 'import { Hono } from "hono";',
    app: 'const app = new Hono().get("/", async (c) => c.json(await read()));',
  },
  zod: {
    imports: 'import { Hono } from "hono";\nimport * as z from "zod";',
    app: `const Query = z.object(${QUERY_SCHEMA});
const app = new Hono().get("/", async (c) => {
  const query = Query.safeParse(c.req.query());
  if (!query.success) return c.json({ title: "Bad query" }, 400);
  return c.json(await read());
});`,
  },
  "zod-openapi": {
    imports: 'import { OpenAPIHono, createRoute, z } from "@hono/zod-openapi";',
    app: `const route = createRoute({
  method: "get",
  path: "/",
  request: { query: z.object(${QUERY_SCHEMA}).openapi("Query") },
  responses: {
    200: {
      description: "The item.",
      content: { "application/json": { schema: z.object({ body: z.string() }).openapi("Item") } },
    },
  },
});
const app = new OpenAPIHono().openapi(route, async (c) => c.json(await read(), 200));`,
  },
};

const withFloor = (parts: { tokenLookup: boolean; route: keyof typeof ROUTES }) => `
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient, GetCommand } from "@aws-sdk/lib-dynamodb";
${ROUTES[parts.route].imports}
import { handle } from "hono/aws-lambda";
import { instrumented } from "./src/aws/observability.ts";
const doc = DynamoDBDocumentClient.from(new DynamoDBClient({}));
const get = (sk) => doc.send(new GetCommand({ TableName: process.env.TERMLINE_VIEWS_TABLE, Key: { pk: "bench", sk } }));
const read = async () => {
  ${parts.tokenLookup ? 'await get("token");' : ""}
  const { Item } = await get("baseline");
  return Item ?? {};
};
${ROUTES[parts.route].app}
const serve = handle(app);
export const handler = instrumented((event, context) => serve(event, context));
`;

export const FLOOR = {
  "floor: + Powertools": withFloor({ tokenLookup: false, route: "none" }),
  "floor: + Powertools, token first": withFloor({ tokenLookup: true, route: "none" }),
  "floor: + Powertools, token first, zod query": withFloor({ tokenLookup: true, route: "zod" }),
  "floor: + Powertools, token first, zod-openapi route": withFloor({
    tokenLookup: true,
    route: "zod-openapi",
  }),
};
