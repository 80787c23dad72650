import { changesThePast, type StoredEvent } from "@termline/core";
import type { RecordedSpan } from "./answer-revisions.ts";
import { isAnswerStream } from "./answer-writes.ts";
import { isCatalogStream } from "./catalog-projection.ts";
import { catalogReachOf } from "./catalog-reach.ts";

/**
 * What a batch of events may have changed: some agreements' products, some products, providers
 * or segments, only the grids (the matrix's rows and columns), or everything.
 */
export type AnswerScope =
  | { agreements: Set<string> }
  | { products: Set<string> }
  | { providers: Set<string> }
  | { segments: Set<string> }
  | "grids"
  | "all";
/** A scope that reaches cells. */
export type CellScope = Exclude<AnswerScope, "grids">;

/** Events that say nothing about who may serve what, or when. */
const ANSWERLESS = new Set([
  "NoteAdded",
  "DeadlineAcknowledged",
  "OpenQuestionRaised",
  "OpenQuestionAnswered",
]);

/**
 * The answers events may change. A rewritten past (a retraction may take a product out of an
 * agreement) reaches every cell; a catalog change what `catalogReachOf` says; other events the
 * products their agreement's terms and disputes can concern. A scope names one kind
 * (agreements, products, providers or segments): a batch of several kinds reaches every cell.
 * Every scope but an agreements' writes the grids, so grids beside one kind are that kind.
 */
export function answerScopeOf(events: StoredEvent[]): AnswerScope | undefined {
  const relevant = events.filter(bearsOnAnswers);
  if (relevant.length === 0) return undefined;
  const reaches = relevant.filter(isCatalogEvent).map(catalogReachOf);
  const agreements = relevant.filter((event) => !isCatalogEvent(event));
  if (reaches.includes("all") || agreements.some(changesThePast)) return "all";
  const products = reaches.flatMap((reach) =>
    typeof reach === "object" && "product" in reach ? [reach.product] : [],
  );
  const providers = reaches.flatMap((reach) =>
    typeof reach === "object" && "provider" in reach ? [reach.provider] : [],
  );
  const segments = reaches.flatMap((reach) =>
    typeof reach === "object" && "segment" in reach ? [reach.segment] : [],
  );
  const kinds = [agreements, products, providers, segments].filter((list) => list.length > 0);
  const grids = reaches.includes("grids");
  if (kinds.length > 1 || (grids && agreements.length > 0)) return "all";
  if (products.length > 0) return { products: new Set(products) };
  if (providers.length > 0) return { providers: new Set(providers) };
  if (segments.length > 0) return { segments: new Set(segments) };
  if (agreements.length > 0)
    return { agreements: new Set(agreements.map(({ agreementId }) => agreementId)) };
  return "grids";
}

/** Whether an event of this type can change an answer (a note, for one, cannot). */
export const changesAnswers = (type: string) => !ANSWERLESS.has(type);

const isCatalogEvent = ({ agreementId }: StoredEvent) => isCatalogStream(agreementId);

const bearsOnAnswers = (event: StoredEvent) =>
  changesAnswers(event.type) &&
  !isAnswerStream(event.agreementId) &&
  !(isCatalogEvent(event) && catalogReachOf(event) === "none");

/** When the events that bear on answers were recorded, for the revisions a refresh labels. */
export function recordedSpanOf(events: StoredEvent[]): RecordedSpan | undefined {
  const relevant = events.filter(bearsOnAnswers);
  const instants = relevant.map(({ recordedAt }) => recordedAt).sort();
  if (instants.length === 0) return undefined;
  const rewritten = relevant.filter(changesThePast).map(({ agreementId }) => agreementId);
  return {
    earliest: instants[0] as string,
    latest: instants.at(-1) as string,
    ...(rewritten.length > 0 ? { rewritten } : {}),
  };
}
