import { z } from "zod";

/** The parties, providers (clouds and channels), products and product classes of the reference case. */
export const parties = [
  { id: "microsoft", name: "Microsoft" },
  { id: "openai", name: "OpenAI" },
  { id: "amazon", name: "Amazon" },
  { id: "google", name: "Google" },
  { id: "oracle", name: "Oracle" },
  { id: "nvidia", name: "Nvidia" },
  { id: "softbank", name: "SoftBank" },
] as const;

/**
 * `first-party` is the product owner's own channel: third-party exclusivities (a cloud's
 * exclusive distribution) do not reach it.
 */
export const providers = [
  { id: "azure", name: "Microsoft Azure", party: "microsoft", channel: "cloud" },
  { id: "aws", name: "Amazon Web Services (incl. Bedrock)", party: "amazon", channel: "cloud" },
  { id: "google-cloud", name: "Google Cloud", party: "google", channel: "cloud" },
  { id: "oracle-cloud", name: "Oracle Cloud", party: "oracle", channel: "cloud" },
  {
    id: "openai-direct",
    name: "OpenAI direct (API and apps)",
    party: "openai",
    channel: "first-party",
  },
] as const;

export const productClasses = [
  { id: "stateless-api", name: "Stateless API" },
  { id: "stateful-agents", name: "Stateful agents" },
  { id: "coding-agent", name: "Coding agent" },
  { id: "open-weight", name: "Open-weight models" },
] as const;

export const products = [
  {
    id: "openai-api",
    name: "OpenAI API (GPT models, embeddings, fine-tuning)",
    class: "stateless-api",
    owner: "openai",
  },
  {
    id: "frontier",
    name: "Frontier (enterprise platform for stateful agents)",
    class: "stateful-agents",
    owner: "openai",
  },
  {
    id: "stateful-runtime",
    name: "Stateful Runtime Environment (on Bedrock)",
    class: "stateful-agents",
    owner: "openai",
  },
  { id: "codex", name: "Codex (coding agent)", class: "coding-agent", owner: "openai" },
  {
    id: "gpt-oss",
    name: "gpt-oss-20b and gpt-oss-120b (open weights)",
    class: "open-weight",
    owner: "openai",
  },
] as const;

export const segments = ["commercial", "government"] as const;

type Ids<T extends readonly { id: string }[]> = T[number]["id"];
const ids = <T extends readonly { id: string }[]>(list: T) =>
  list.map((item) => item.id) as unknown as [Ids<T>, ...Ids<T>[]];

export const PartyId = z.enum(ids(parties));
export type PartyId = z.infer<typeof PartyId>;
export const ProviderId = z.enum(ids(providers));
export type ProviderId = z.infer<typeof ProviderId>;
export const ProductId = z.enum(ids(products));
export type ProductId = z.infer<typeof ProductId>;
export const ProductClassId = z.enum(ids(productClasses));
export type ProductClassId = z.infer<typeof ProductClassId>;
export const Segment = z.enum(segments);
export type Segment = z.infer<typeof Segment>;

export type Provider = (typeof providers)[number];
export type Product = (typeof products)[number];

export function providerById(id: ProviderId): Provider {
  const provider = providers.find((candidate) => candidate.id === id);
  if (!provider) throw new Error(`unknown provider ${id}`);
  return provider;
}

export function productById(id: ProductId): Product {
  const product = products.find((candidate) => candidate.id === id);
  if (!product) throw new Error(`unknown product ${id}`);
  return product;
}
