import { ValidationError } from "@termline/core";

/**
 * Page cursors are the last key a page read, base64url-encoded: opaque to callers, and checked
 * on the way back in, so a cursor can only resume the listing that gave it out.
 */
export const encodeCursor = (sk: string) => Buffer.from(sk, "utf8").toString("base64url");

export function decodeCursor(cursor: string, isOurs: (sk: string) => boolean, of: string): string {
  const sk = Buffer.from(cursor, "base64url").toString("utf8");
  if (isOurs(sk)) return sk;
  const message = `is not a cursor ${of} gave out`;
  throw new ValidationError(`cursor: ${message}`, { errors: [{ path: "cursor", message }] });
}

/**
 * The cursor a page starts after, for a listing as it stands: `knownAt` and `reportedBy` derive
 * the whole listing anyway, so they are answered in one response and refused with `limit`.
 */
export function pageStart(
  query: {
    knownAt?: string | undefined;
    reportedBy?: string | undefined;
    cursor?: string | undefined;
  },
  what: string,
  isOurs: (sk: string) => boolean,
): string | undefined {
  if (query.knownAt !== undefined || query.reportedBy !== undefined) {
    const message = `pages the ${what} as they stand; knownAt and reportedBy answer in one response`;
    throw new ValidationError(`limit: ${message}`, { errors: [{ path: "limit", message }] });
  }
  return query.cursor === undefined
    ? undefined
    : decodeCursor(query.cursor, isOurs, `these ${what}`);
}
