/**
 * Is a value after `password:` / `token=` a machine-made secret or something a person typed?
 * Shannon entropy alone cannot tell `ThisIsMyPasswordForProd` (3.8 bits/char) from a 16-character
 * key (3.7): both are mixed case and long. So the value is also cut into pieces — camel-case words,
 * digit runs — and the share of letters that read as words (a vowel, no long consonant cluster)
 * is weighed against the share that does not. Hex strings and UUIDs count as random once letters
 * and digits mix: no one types them.
 */
import { DIGIT, LOWER, UPPER, classOf, spanStats } from './chars.js';

function isVowel(c: number): boolean {
  const l = c | 0x20;
  return l === 0x61 || l === 0x65 || l === 0x69 || l === 0x6f || l === 0x75 || l === 0x79;
}

/**
 * Letter pairs English words (and the identifiers made of them) practically never contain: `q`
 * not before `u`, `j` / `v` / `z` before most consonants, and the like. Random letters hit one
 * in about every four pairs, so an 8-letter random piece almost always holds one.
 */
const RARE_AFTER: Readonly<Record<string, string>> = {
  // Compound words (subchannel, endpoint, webcam, backpack) join any two consonants at the seam,
  // so most rows keep only the pairs no seam makes either.
  b: 'qxz',
  c: 'bfgjqvwxz',
  d: 'qxz',
  f: 'jqvxz',
  g: 'jqvxz',
  h: 'jqxz',
  j: 'bcdfghjklmnpqrstvwxyz',
  k: 'qxz',
  m: 'qxz',
  p: 'qxz',
  q: 'abcdefghijklmnopqrstvwxyz',
  v: 'cdfghjkmnpqtwxz',
  w: 'jqvxz',
  x: 'dgjkmnqrsvxz',
  z: 'cdfgjkmnpqrstvx',
};
const RARE = (() => {
  const t = new Uint8Array(26 * 26);
  for (const [a, bs] of Object.entries(RARE_AFTER)) for (const b of bs) t[(a.charCodeAt(0) - 97) * 26 + b.charCodeAt(0) - 97] = 1;
  return t;
})();

/** A letter piece that reads as a word: a vowel, no cluster of 5+ consonants, no rare pair. */
function wordLike(t: string, start: number, end: number): boolean {
  let vowels = 0;
  let run = 0;
  let prev = -1;
  for (let i = start; i < end; i++) {
    const c = t.charCodeAt(i) | 0x20;
    if (isVowel(c)) {
      vowels++;
      run = 0;
    } else if (++run > 4) return false;
    const k = c - 97;
    if (prev >= 0 && RARE[prev * 26 + k] === 1) return false;
    prev = k;
  }
  return vowels > 0;
}

function isHexOrUuid(t: string, start: number, end: number): boolean {
  let hexLetters = 0;
  let digits = 0;
  for (let i = start; i < end; i++) {
    const c = t.charCodeAt(i);
    const l = c | 0x20;
    if (c >= 0x30 && c <= 0x39) digits++;
    else if (l >= 0x61 && l <= 0x66) hexLetters++;
    else if (c !== 0x2d) return false;
  }
  return digits >= 2 && hexLetters >= 2;
}

/**
 * Confidence (0.6–0.8) that [start, end) is a machine-made secret, or 0. Callers have already
 * excluded placeholders and code references.
 */
export function secretLikeness(t: string, start: number, end: number): number {
  const n = end - start;
  if (n < 16 || n > 1024) return 0;
  let lower = 0;
  let upper = 0;
  let digit = 0;
  for (let i = start; i < end; i++) {
    const k = classOf(t.charCodeAt(i));
    if (k & LOWER) lower++;
    else if (k & UPPER) upper++;
    else if (k & DIGIT) digit++;
  }
  const letters = lower + upper;
  if (letters === 0 || letters + digit < 12) return 0;
  const st = spanStats(t, start, end);
  // A 16-symbol alphabet caps hex entropy at 4 bits (64-bit tokens sit near 3.3) and makes
  // neighbouring symbols adjacent three times as often as in base62.
  if (isHexOrUuid(t, start, end)) {
    return st.distinct >= 6 && st.entropy >= 2.5 && st.sequential <= 0.5 ? Math.max(0.6, Math.min(0.8, 0.6 + (st.entropy - 3.0) * 0.2)) : 0;
  }
  if (st.sequential > 0.35 || st.distinct < 8 || st.entropy < 3.0) return 0;

  // Pieces: digit runs, and letter runs cut at case changes (camelCase, XMLHttp → XML Http).
  let random = 0;
  let words = 0;
  let letterPieces = 0;
  let transitions = 0;
  let prevKind = 0;
  let i = start;
  while (i < end) {
    const k = classOf(t.charCodeAt(i));
    if (k & DIGIT) {
      let e = i + 1;
      while (e < end && classOf(t.charCodeAt(e)) & DIGIT) e++;
      // Years, ports, counters, version parts (1.2.3) read as numbers; short digit runs inside
      // letters are noise.
      if (e - i >= 4 || t.charCodeAt(i - 1) === 0x2e || t.charCodeAt(e) === 0x2e) words += e - i;
      else random += e - i;
      if (prevKind === LOWER) transitions++;
      prevKind = DIGIT;
      i = e;
    } else if (k & (LOWER | UPPER)) {
      let e = i + 1;
      if (k & UPPER) {
        while (e < end && classOf(t.charCodeAt(e)) & UPPER) e++;
        // An upper run followed by lower case gives its last capital to the next word.
        if (e - i > 1 && e < end && classOf(t.charCodeAt(e)) & LOWER) e--;
      }
      while (e < end && classOf(t.charCodeAt(e)) & LOWER) e++;
      // One- and two-letter pieces are what random mixed case is made of; camelCase has few. A
      // capital run of five or more among lower case is not an acronym either (HTTP, JSON, XML).
      const len = e - i;
      const longCaps = len >= 5 && lower > 0 && (classOf(t.charCodeAt(e - 1)) & UPPER) !== 0;
      if (len >= 3 && !longCaps && wordLike(t, i, e)) words += len;
      else random += len;
      letterPieces++;
      if (prevKind === DIGIT) transitions++;
      prevKind = LOWER;
      i = e;
    } else {
      prevKind = 0;
      i++;
    }
  }
  // Random mixed case: capitals everywhere, so pieces average about two letters (camelCase: 5+).
  const randomCase = lower > 0 && upper > 0 && letters / letterPieces < 3.2;
  // Letters and digits interleaved throughout (a1b2…), which typed names and versions are not.
  const interleaved = digit >= 3 && transitions >= 4 && transitions * 8 >= n;
  if (!randomCase && !interleaved) {
    // camelCase with long pieces is an identifier unless most of it reads as no word at all
    // (`TSConstructSignature`: "Construct" has a four-consonant cluster but is a word).
    const camel = lower > 0 && upper > 0;
    if (random < 8 || (camel ? random < 2 * words : random * 2 < words)) return 0;
  }
  return Math.min(0.8, 0.6 + (st.entropy - 3.0) * 0.2);
}
