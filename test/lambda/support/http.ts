import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { type HttpOptions, httpEvent } from "./events.ts";

export type HttpHandler = (
  event: APIGatewayProxyEventV2,
) => Promise<APIGatewayProxyStructuredResultV2>;

export interface HttpReply {
  status: number;
  headers: Record<string, string | number | boolean>;
  text: string;
  /** The body parsed as JSON, or undefined when it is not JSON. */
  json: unknown;
}

/** Sends one Function URL event to the API bundle and reads its result as a client would. */
export async function invokeHttp(
  handler: HttpHandler,
  method: string,
  url: string,
  options: HttpOptions = {},
): Promise<HttpReply> {
  const result = await handler(httpEvent(method, url, options));
  const raw = result.body ?? "";
  const text = result.isBase64Encoded ? Buffer.from(raw, "base64").toString("utf8") : raw;
  const headers = result.headers ?? {};
  const type = String(headers["content-type"] ?? "");
  return {
    status: result.statusCode ?? 200,
    headers,
    text,
    json: /json/.test(type) && text ? JSON.parse(text) : undefined,
  };
}

/** The agreement and tranche the tests record, through the API like any user would. */
export const agreementInput = (id: string) => ({
  id,
  title: "Acme cloud investment",
  kind: "investment",
  parties: [
    { party: "amazon", role: "investor" },
    { party: "openai", role: "investee" },
  ],
});

export const trancheEvent = (dueBy: string) => ({
  type: "InvestmentTrancheCommitted",
  termId: "first-tranche",
  investor: "amazon",
  investee: "openai",
  amount: { amount: 1e9, currency: "USD" },
  contingent: false,
  dueBy,
  summary: "The first $1B tranche",
});

/**
 * The tenant's catalog as its view holds it, written directly: these suites are about the
 * Lambda bundles, so the stream they read carries only the agreement's own events.
 */
export async function givenCatalogOf(
  viewStore: {
    putView: (tenant: string, key: string, version: number, body: unknown) => Promise<unknown>;
  },
  tenant: string,
): Promise<void> {
  await viewStore.putView(tenant, "catalog", 2, {
    version: 2,
    parties: [
      { id: "amazon", name: "Amazon" },
      { id: "openai", name: "OpenAI" },
    ],
    providers: [],
    products: [],
    productClasses: [],
    segments: [{ id: "commercial", name: "Commercial" }],
  });
}
