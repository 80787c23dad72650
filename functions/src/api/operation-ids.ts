import type { OpenAPIHono } from "@hono/zod-openapi";

/**
 * A stable operationId for every route that does not name its own: the method and the path,
 * `GET /agreements/{id}/events` → `getAgreementsByIdEvents`. Generated clients get method names
 * people can call, and the ids change only when the contract does.
 */
const capitalised = (word: string) => word.charAt(0).toUpperCase() + word.slice(1);

export function operationIdOf(method: string, path: string): string {
  const words = path
    .split(/[/.-]/)
    .filter(Boolean)
    .map((segment) => {
      const param = /^\{(.+)\}$/.exec(segment)?.[1];
      return param ? `By${capitalised(param)}` : capitalised(segment);
    });
  return `${method.toLowerCase()}${words.join("")}`;
}

// biome-ignore lint/suspicious/noExplicitAny: the registry is shared by every router's environment
export function nameOperations(app: OpenAPIHono<any>): void {
  for (const definition of app.openAPIRegistry.definitions) {
    if (definition.type !== "route" || definition.route.operationId) continue;
    definition.route.operationId = operationIdOf(definition.route.method, definition.route.path);
  }
}
