/**
 * Reads a setting the deployment (infra/*.ts) must give every function; a missing one fails at
 * cold start. A module of its own: a handler that needs a setting and no table (the publisher)
 * must not bundle the DynamoDB client with it.
 */
export function required(name: string, env: NodeJS.ProcessEnv = process.env): string {
  const value = env[name];
  if (!value) throw new Error(`${name} is not set: the deployment must pass it to this function`);
  return value;
}
