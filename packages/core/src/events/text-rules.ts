/**
 * Control characters (other than tab and line breaks) have no place in a term, a note or a
 * source: they can hide text from a reader or rewrite a terminal's screen.
 */
export function hasControlCharacters(value: string): boolean {
  for (const character of value) {
    const code = character.codePointAt(0) ?? 0;
    if ((code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) || code === 0x7f)
      return true;
  }
  return false;
}

export const noControlCharacters = { message: "must not contain control characters" };
