/**
 * Whether `text` holds `word` at `at` as `text.slice(at, at + word.length).toLowerCase()` would
 * give it, for a `word` of lower-case ASCII, without the copy. Outside ASCII only U+212A (Kelvin
 * sign) lower-cases to an ASCII letter, k; U+0130 lower-cases to two characters, neither of which
 * can match.
 */
export function startsWithFolded(text: string, at: number, word: string): boolean {
  if (at < 0 || at + word.length > text.length) return false;
  for (let i = 0; i < word.length; i++) {
    let c = text.charCodeAt(at + i);
    if (c >= 0x41 && c <= 0x5a) c |= 0x20;
    else if (c === 0x212a) c = 0x6b;
    if (c !== word.charCodeAt(i)) return false;
  }
  return true;
}
