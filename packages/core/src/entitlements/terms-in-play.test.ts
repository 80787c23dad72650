import { describe, expect, it } from "vitest";
import { foldReference } from "../testing/in-memory-agreements.ts";
import { type Entitlement, evaluateEntitlement } from "./evaluate.ts";

/**
 * Whose products a term over "all" or a class reaches (`covers`): the grantor's, as the
 * reference case's sources say them ("all OpenAI products", "OpenAI may serve all its
 * products"), beside other companies' products in the same tenant's catalog.
 */
const { agreements: reference, catalog } = foldReference();

describe('a term over "all" products or a class', () => {
  // The tenant's catalog also holds another vendor's model, whose maker signed none of the
  // reference agreements (the README's example of a catalog of one's own).
  const withVision = {
    ...catalog,
    parties: [...catalog.parties, { id: "mistralis", name: "Mistralis" }],
    products: [
      ...catalog.products,
      {
        id: "mistralis-vision",
        name: "Mistralis Vision",
        class: "stateless-api",
        owner: "mistralis",
      },
    ],
  };
  const ask = (product: string, provider: string, at: string) =>
    evaluateEntitlement(reference, { product, provider, at, segment: "commercial" }, withVision);
  const agreementsCited = (result: Entitlement) =>
    new Set(result.reasons.flatMap(({ agreementId }) => (agreementId ? [agreementId] : [])));

  it("reaches the products of the agreement's parties: OpenAI's, in Microsoft's agreement with OpenAI", () => {
    // Microsoft's exclusivity over "all" OpenAI products held until the amendment of 2026-04-27.
    const before = ask("openai-api", "aws", "2026-03-15");
    expect(before.decision).toBe("denied");
    expect(before.reasons.map(({ termId }) => termId)).toContain("azure-api-exclusivity");
    // From the amendment, OpenAI may serve all its products on any cloud.
    expect(
      ask("codex", "google-cloud", "2027-12-01").reasons.map(({ termId }) => termId),
    ).toContain("any-cloud-distribution");
  });

  it("never reaches the products of the party the right is granted to", () => {
    // Microsoft's and Amazon's own models beside OpenAI's: Azure's exclusivity over all OpenAI
    // products, OpenAI's any-cloud grant and AWS's government distribution say nothing of them.
    const withOwn = {
      ...withVision,
      products: [
        ...withVision.products,
        { id: "ms-copilot", name: "Microsoft Copilot", class: "coding-agent", owner: "microsoft" },
        { id: "aws-nova", name: "Amazon Nova", class: "stateless-api", owner: "amazon" },
      ],
    };
    const asked = (product: string, provider: string, at: string, segment = "commercial") =>
      evaluateEntitlement(reference, { product, provider, at, segment }, withOwn);
    for (const [product, provider, at, segment] of [
      ["ms-copilot", "aws", "2026-03-15", "commercial"],
      ["ms-copilot", "aws", "2026-05-01", "commercial"],
      ["ms-copilot", "google-cloud", "2027-12-01", "commercial"],
      ["aws-nova", "aws", "2026-05-01", "government"],
      ["aws-nova", "azure", "2026-03-15", "commercial"],
    ] as const) {
      const answer = asked(product, provider, at, segment);
      const where = `${product} on ${provider}, ${segment}, ${at}`;
      expect([...agreementsCited(answer)], where).toEqual([]);
      expect(answer.decision, where).toBe("denied");
    }
  });

  it("never reaches a product whose owner is party to none of the agreements", () => {
    for (const [provider, at] of [
      ["azure", "2027-12-01"],
      ["aws", "2027-12-01"],
      ["aws", "2026-03-15"],
      ["google-cloud", "2024-06-01"],
    ] as const) {
      const answer = ask("mistralis-vision", provider, at);
      expect([...agreementsCited(answer)], `${provider} on ${at}`).toEqual([]);
      expect(answer.decision, `${provider} on ${at}`).toBe("denied");
    }
  });
});

describe("a dispute in play", () => {
  it("cites for Microsoft's dispute of the Amazon deal, still open on 2026-03-15, its claim's sources, not its later resolution's", () => {
    // Raised in February 2026 (Microsoft, Financial Times); resolved on 2026-04-27 (Microsoft
    // Blog, CNBC, Reuters), a source not cited for an earlier date.
    const result = evaluateEntitlement(
      reference,
      { product: "frontier", provider: "aws", at: "2026-03-15", segment: "commercial" },
      catalog,
    );
    const disputed = result.reasons.find(({ code }) => code === "disputed");
    expect(disputed).toMatchObject({ agreementId: "amazon-openai" });
    expect(disputed?.sources.map(({ publication }) => publication).sort()).toEqual([
      "Financial Times",
      "Microsoft",
    ]);
  });
});
