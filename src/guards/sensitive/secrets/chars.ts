/**
 * Character classes and cheap measurements shared by the secret detectors. Everything works on
 * char codes over the ASCII-folded detection text; no slicing or regex in the hot paths.
 */

export const LOWER = 1;
export const UPPER = 2;
export const DIGIT = 4;
export const UNDERSCORE = 8;
export const DASH = 16;
export const PLUS = 32;
export const SLASH = 64;
export const EQUALS = 128;
export const DOT = 256;

export const ALNUM = LOWER | UPPER | DIGIT;
/** A token run: keys are made of these and never start right after one. */
export const WORD = ALNUM | UNDERSCORE | DASH;
export const BASE64 = ALNUM | PLUS | SLASH;
export const BASE64URL = ALNUM | UNDERSCORE | DASH;

const TABLE = new Uint16Array(128);
for (let c = 0x61; c <= 0x7a; c++) TABLE[c] = LOWER;
for (let c = 0x41; c <= 0x5a; c++) TABLE[c] = UPPER;
for (let c = 0x30; c <= 0x39; c++) TABLE[c] = DIGIT;
TABLE[0x5f] = UNDERSCORE;
TABLE[0x2d] = DASH;
TABLE[0x2b] = PLUS;
TABLE[0x2f] = SLASH;
TABLE[0x3d] = EQUALS;
TABLE[0x2e] = DOT;

export function classOf(c: number): number {
  return c < 128 ? TABLE[c]! : 0;
}

export function is(c: number, set: number): boolean {
  return c < 128 && (TABLE[c]! & set) !== 0;
}

/** End of the run of `set` characters starting at `from` (exclusive), at most `limit`. */
export function runEnd(text: string, from: number, set: number, limit = text.length): number {
  const max = Math.min(limit, text.length);
  let i = from;
  while (i < max && is(text.charCodeAt(i), set)) i++;
  return i;
}

/** True when no token character sits right before `i` (keys do not start mid-word). */
export function leftBoundary(text: string, i: number): boolean {
  return i === 0 || !is(text.charCodeAt(i - 1), WORD);
}

/** True when `[start, end)` consists only of `set` characters. */
export function all(text: string, start: number, end: number, set: number): boolean {
  for (let i = start; i < end; i++) if (!is(text.charCodeAt(i), set)) return false;
  return true;
}

export function isLowerHex(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (!((c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66))) return false;
  }
  return true;
}

export function isHex(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i) | 0x20;
    if (!((c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66))) return false;
  }
  return true;
}

/** classesIn's bit for a character that is not a letter or digit. */
export const OTHER = 0x1000;

/** Bitmask of LOWER | UPPER | DIGIT present in the span, plus OTHER for anything else. */
export function classesIn(text: string, start: number, end: number): number {
  let m = 0;
  for (let i = start; i < end; i++) {
    const k = classOf(text.charCodeAt(i)) & ALNUM;
    m |= k === 0 ? OTHER : k;
  }
  return m;
}

/**
 * Shannon entropy (bits per character), distinct characters, and the share of neighbours that are
 * consecutive or repeated characters (abcdef, 123456, aaaa: typed, not random), in one pass.
 */
export interface SpanStats {
  entropy: number;
  distinct: number;
  sequential: number;
}

const C_LOG_C = (() => {
  const t = new Float64Array(1025);
  for (let c = 2; c < t.length; c++) t[c] = c * Math.log2(c);
  return t;
})();

/**
 * Counters for printable ASCII, shared by every call and zeroed again as they are summed
 * (detection is synchronous). A fresh array per span was most of what the secrets detector
 * allocated: every AWS, JWT and generic candidate measures one.
 */
const COUNTS = new Int32Array(96);

export function spanStats(text: string, start: number, end: number): SpanStats {
  const n = end - start;
  if (n <= 0) return { entropy: 0, distinct: 0, sequential: 0 };
  const counts = COUNTS;
  let d = 0;
  let seq = 0;
  let prev = -10;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    const k = c >= 0x20 && c < 0x80 ? c - 0x20 : 0;
    if (counts[k]!++ === 0) d++;
    if (c === prev || c === prev + 1 || c === prev - 1) seq++;
    prev = c;
  }
  // H = log2(n) - Σ c·log2(c) / n, with c·log2(c) from a table (spans are at most ~1 KB).
  let sum = 0;
  for (let k = 0; k < 96; k++) {
    const v = counts[k]!;
    counts[k] = 0;
    if (v > 1) sum += v < C_LOG_C.length ? C_LOG_C[v]! : v * Math.log2(v);
  }
  return { entropy: Math.log2(n) - sum / n, distinct: d, sequential: n > 1 ? seq / (n - 1) : 0 };
}

export function entropy(text: string, start: number, end: number): number {
  return spanStats(text, start, end).entropy;
}

/** Distinct characters of the span (ASCII), counted in four 32-bit masks: no allocation. */
export function distinct(text: string, start: number, end: number): number {
  let m0 = 0;
  let m1 = 0;
  let m2 = 0;
  let m3 = 0;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i) & 0x7f;
    const bit = 1 << (c & 31);
    switch (c >> 5) {
      case 0:
        m0 |= bit;
        break;
      case 1:
        m1 |= bit;
        break;
      case 2:
        m2 |= bit;
        break;
      default:
        m3 |= bit;
    }
  }
  return popcount(m0) + popcount(m1) + popcount(m2) + popcount(m3);
}

function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24);
}

/**
 * A random-looking key body: enough distinct characters and entropy for its length. Rejects the
 * placeholders people write in docs and tickets (`xxxxxxxx`, `0000…`, `abcdef…`, `XXXX-XXXX`).
 * Hex bodies get hex thresholds: 16 symbols cap entropy at 4 bits and make neighbours adjacent
 * three times as often as in base62.
 */
export function looksRandom(text: string, start: number, end: number): boolean {
  const n = end - start;
  if (n < 8) return false;
  const hex = isHex(text, start, end);
  const st = spanStats(text, start, end);
  if (st.sequential > (hex ? 0.5 : 0.35)) return false;
  if (hex) return st.distinct >= Math.min(8, Math.ceil(n / 3)) && st.entropy >= Math.min(3.0, Math.log2(n) - 1);
  return st.distinct >= Math.min(10, Math.ceil(n / 3)) && st.entropy >= Math.min(3.2, Math.log2(n) - 0.8);
}
