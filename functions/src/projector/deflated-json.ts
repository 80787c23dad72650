import { deflateRawSync, inflateRawSync } from "node:zlib";

/**
 * JSON deflated into base64 text, how the answers model stores what repeats itself (a cell's
 * timeline, a segment's matrix, a revision's answers, a cell's conflicts) in one small item.
 */
export const deflatedJson = (value: unknown): string =>
  deflateRawSync(JSON.stringify(value)).toString("base64");

/** What `deflatedJson` stored; the caller says what it holds. */
export const inflatedJson = <T>(deflated: string): T =>
  JSON.parse(inflateRawSync(Buffer.from(deflated, "base64")).toString("utf8"));
