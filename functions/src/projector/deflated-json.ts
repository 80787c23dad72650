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

/**
 * Whether the values written out as JSON stay within `maxChars`, found without writing out more
 * than that: a busy cell's timeline is hundreds of MB of text, and one that long could never
 * deflate into a small item anyway.
 */
export function jsonWithin(values: Iterable<unknown>, maxChars: number): boolean {
  let chars = 0;
  for (const value of values) {
    chars += JSON.stringify(value).length;
    if (chars > maxChars) return false;
  }
  return true;
}
