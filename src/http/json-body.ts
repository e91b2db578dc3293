// JSON from a request, read strictly, by REST and GraphQL alike. Bytes that are not UTF-8 are
// refused: a lenient decoder puts U+FFFD in their place and the server stores what nobody sent.
// Nesting past a sane depth is refused too, found by a scan of the text before anything recursive
// (JSON.parse, GraphQL's input coercion, the server's own walks over inputs) runs on the value.

export const maxJsonNesting = 64;

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The text of the bytes, or undefined when they are not UTF-8. */
export function decodeUtf8(bytes: Uint8Array): string | undefined {
  try {
    return utf8.decode(bytes);
  } catch {
    return undefined;
  }
}

/** The value of the JSON text, or what is wrong with the text (for a message "<what>: <problem>"). */
export function parseJson(text: string): { value: unknown } | { problem: string } {
  if (nestsDeeperThan(text, maxJsonNesting)) return { problem: `may nest arrays and objects at most ${maxJsonNesting} levels deep` };
  try {
    return { value: JSON.parse(text) };
  } catch {
    return { problem: 'is not valid JSON' };
  }
}

const quote = 0x22;
const backslash = 0x5c;
const opening = new Set([0x5b, 0x7b]); // [ {
const closing = new Set([0x5d, 0x7d]); // ] }

// One pass, no recursion: brackets inside strings do not count. Text that is not JSON may be
// counted wrong, and JSON.parse refuses it anyway.
function nestsDeeperThan(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if (inString) {
      if (code === backslash) index += 1;
      else if (code === quote) inString = false;
    } else if (code === quote) {
      inString = true;
    } else if (opening.has(code)) {
      depth += 1;
      if (depth > limit) return true;
    } else if (closing.has(code)) {
      depth -= 1;
    }
  }
  return false;
}
