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
