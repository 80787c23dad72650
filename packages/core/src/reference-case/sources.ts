import type { Source } from "../events/envelope.ts";

/** The publications the reference facts cite, by short name. */
const publication = (name: string, title?: string, date?: string): Source => ({
  publication: name,
  ...(title ? { title } : {}),
  ...(date ? { date } : {}),
});

export const cite = {
  cnbc: publication("CNBC"),
  reuters: publication("Reuters"),
  techcrunch: publication("TechCrunch"),
  infoq: publication("InfoQ"),
  venturebeat: publication("VentureBeat"),
  ft: publication("Financial Times"),
  microsoftStatement: publication(
    "Microsoft",
    "Statement on the Amazon–OpenAI agreement",
    "2026-02",
  ),
  microsoftBlog: publication(
    "Microsoft Blog",
    "The next chapter of the Microsoft–OpenAI partnership",
    "2026-04-27",
  ),
  openai: publication("OpenAI", "Announcement"),
  amazon: publication("Amazon", "Announcement", "2026-02-27"),
  awsJassy: publication("AWS (Andy Jassy)", "OpenAI models on Amazon Bedrock", "2026-04-28"),
  twoReports: publication(
    "Two press reports",
    "Describe Azure as retaining stateless API exclusivity after the amendment",
  ),
} satisfies Record<string, Source>;
