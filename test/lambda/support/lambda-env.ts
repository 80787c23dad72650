import { randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { Context } from "aws-lambda";
import {
  type BundleResult,
  bundleFunctions,
  type FunctionName,
  isBuiltin,
} from "../../../scripts/bundle-functions.ts";
import { createTestTables, type TestTables } from "../../support/dynamo.ts";
import { lambdaContext } from "./events.ts";
import { type FakeEventBridge, startFakeEventBridge } from "./fake-eventbridge.ts";

export type Handler<E, R> = (event: E, context: Context) => Promise<R>;

export interface LambdaEnv {
  tables: TestTables;
  eventBridge: FakeEventBridge;
  busName: string;
  bundles: BundleResult[];
  /** Imports a bundle as Lambda's Node runtime does, and returns its exported `handler`. */
  load<E, R>(name: FunctionName): Promise<(event: E) => Promise<R>>;
  close(): Promise<void>;
}

/**
 * The environment infra/functions.ts gives every function, pointed at DynamoDB Local and a fake
 * EventBridge through the SDK's service-specific endpoint variables; the handlers' code is
 * untouched. Set before any bundle is imported, since handlers read it at cold start.
 */
function lambdaVariables(tables: TestTables, eventBridge: FakeEventBridge, busName: string) {
  return {
    TERMLINE_EVENTS_TABLE: tables.names.events,
    TERMLINE_VIEWS_TABLE: tables.names.views,
    TERMLINE_BUS_NAME: busName,
    TERMLINE_STAGE: "test",
    AWS_ENDPOINT_URL_DYNAMODB: tables.endpoint,
    AWS_ENDPOINT_URL_EVENTBRIDGE: eventBridge.endpoint,
    AWS_REGION: "us-east-1",
    AWS_ACCESS_KEY_ID: "local",
    AWS_SECRET_ACCESS_KEY: "local",
  };
}

/**
 * Fresh tables and a fake bus, the env set, and the named bundles built into a temp dir. The
 * bundles sit under a `node_modules` folder only because Vitest imports files there with Node's
 * own loader; anywhere else it would run them through Vite's transform, which Lambda does not.
 * Nothing else is in that tree, so a bundle that needed a package it did not carry would fail.
 */
export async function setUpLambdaEnv(label: string, names: FunctionName[]): Promise<LambdaEnv> {
  const [tables, eventBridge, dir] = await Promise.all([
    createTestTables(label),
    startFakeEventBridge(),
    mkdtemp(join(tmpdir(), "termline-lambda-")),
  ]);
  const busName = `termline-bus-${randomUUID().slice(0, 8)}`;
  const variables = lambdaVariables(tables, eventBridge, busName);
  const saved = Object.fromEntries(Object.keys(variables).map((key) => [key, process.env[key]]));
  Object.assign(process.env, variables);
  delete process.env.AWS_SESSION_TOKEN;
  delete process.env.AWS_PROFILE;

  const bundles = await bundleFunctions(join(dir, "node_modules", ".bundles"), names);
  for (const { name, externals } of bundles) {
    const foreign = externals.filter((specifier) => !isBuiltin(specifier));
    if (foreign.length > 0) throw new Error(`${name} leaves ${foreign.join(", ")} external`);
  }

  return {
    tables,
    eventBridge,
    busName,
    bundles,
    async load<E, R>(name: FunctionName) {
      const bundle = bundles.find((built) => built.name === name);
      if (!bundle) throw new Error(`${name} was not bundled for this file`);
      const module: unknown = await import(pathToFileURL(bundle.file).href);
      const handler =
        typeof module === "object" && module !== null && "handler" in module
          ? module.handler
          : undefined;
      if (typeof handler !== "function") throw new Error(`${name} exports no handler`);
      const typed = handler as Handler<E, R>;
      return (event: E) => typed(event, lambdaContext(name));
    },
    async close() {
      for (const [key, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
      await Promise.all([tables.drop(), eventBridge.close(), rm(dir, { recursive: true })]);
    },
  };
}
