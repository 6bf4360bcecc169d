/**
 * Detection-time normalisation, shared by every text guard. Evasions seen in the wild: full-width
 * digits and letters (１３８００１３８０００), zero-width and bidi control characters inside a
 * number or key, soft hyphens, Unicode dashes and spaces inside numbers. They are folded once into
 * a detection copy of the text, with a map from each copy position back to the original, so spans
 * are reported (and replaced) in the original text. Text with nothing to fold (pure ASCII, and
 * ordinary Chinese) is returned as is, after one native character-class test.
 */
export interface NormalizedText {
  /** The text detectors look at. */
  readonly text: string;
  /** Whether anything was folded or removed. */
  readonly changed: boolean;
  /** Count of invisible characters removed (zero-width, bidi controls): an evasion signal. */
  readonly invisibleRemoved: number;
  /** Original UTF-16 offset of a position in `text` (end offsets map to just after). */
  toOriginal(index: number): number;
}

/** Zero-width, joiners, word joiner, BOM, soft hyphen, bidi embeddings/overrides/isolates, Mongolian vowel separator. */
const INVISIBLE: readonly (readonly [number, number])[] = [[0xad, 0xad], [0x180e, 0x180e], [0x200b, 0x200f], [0x202a, 0x202e], [0x2060, 0x2064], [0x2066, 0x2069], [0xfeff, 0xfeff]];
/**
 * Full-width digits, letters and the symbols values are written with (＋ － ． ／ ＝ ＠ ＿), the
 * ideographic space, Unicode dashes and spaces people type inside numbers. Chinese punctuation
 * (，。！？：；) is left alone (full-width parentheses are folded: phone numbers use them): it is in
 * nearly every Chinese sentence, is never part of a value, and folding it would send all Chinese
 * text down the slow path.
 */
const FOLDABLE: readonly (readonly [number, number])[] = [
  [0xff08, 0xff09], [0xff0b, 0xff0b], [0xff0d, 0xff19], [0xff1d, 0xff1d], [0xff20, 0xff3a], [0xff3f, 0xff3f], [0xff41, 0xff5a],
  [0x3000, 0x3000], [0x2010, 0x2014], [0x2212, 0x2212], [0xa0, 0xa0], [0x2007, 0x2007], [0x202f, 0x202f],
];
const classOf = (ranges: readonly (readonly [number, number])[]): string =>
  ranges.map(([a, b]) => (a === b ? `\\u${a.toString(16).padStart(4, '0')}` : `\\u${a.toString(16).padStart(4, '0')}-\\u${b.toString(16).padStart(4, '0')}`)).join('');
const RUN = new RegExp(`[${classOf(INVISIBLE)}${classOf(FOLDABLE)}]+`, 'g');
const INVISIBLE_CHAR = new RegExp(`^[${classOf(INVISIBLE)}]$`);
/** 1 for every character folded or removed: a table lookup per character. */
const WORK = new Uint8Array(0x10000);
for (const [a, b] of [...INVISIBLE, ...FOLDABLE]) WORK.fill(1, a, b + 1);
/**
 * Where work can be needed, without a table lookup per character. Text with no character above
 * U+00FF (V8 stores it one byte per character, and a class of wider characters fails on it at
 * once) can only hold the two Latin-1 ones, found by indexOf. Elsewhere every character that
 * needs work lies outside ASCII-to-C1 and outside U+3001..U+FEFE (the CJK block): a negated class
 * V8 scans natively stops only at candidates, and the table decides at each. The Chinese
 * punctuation that never needs work (full-width comma, colon, semicolon, !, ?) is left out of the
 * candidates too. One class of the exact ranges is slower: V8 tests it range by range on every
 * character of two-byte (Chinese) text, and so is a table lookup per character.
 * `node scripts/profile-sensitive.mjs` prints the cost.
 */
const WIDE = /[^\x00-\xff]/;
const MAYBE = /[^\x00-\x9f\u3001-\ufefe\uff00-\uff07\uff0a\uff0c\uff1a-\uff1c\uff1e\uff1f]/g;

function needsWork(text: string): boolean {
  if (!WIDE.test(text)) return text.includes('\u00a0') || text.includes('\u00ad');
  MAYBE.lastIndex = 0;
  while (MAYBE.test(text)) if (WORK[text.charCodeAt(MAYBE.lastIndex - 1)] === 1) return true;
  return false;
}

function fold(c: number): number {
  if (c >= 0xff01 && c <= 0xff5e) return c - 0xfee0;
  if (c === 0x3000 || c === 0x00a0 || c === 0x2007 || c === 0x202f) return 0x20;
  return 0x2d; // the dashes
}

const IDENTITY: (i: number) => number = (i) => i;
const UNCHANGED = (text: string): NormalizedText => ({ text, changed: false, invisibleRemoved: 0, toOriginal: IDENTITY });

export function normalizeForDetection(original: string): NormalizedText {
  if (!needsWork(original)) return UNCHANGED(original);
  // Breakpoints: from normalized index norm[k] on, original = normalized + delta[k]. Only removed
  // characters shift the two apart, so the map is one entry per removal run, not per character.
  const norm: number[] = [0];
  const delta: number[] = [0];
  let out = '';
  let last = 0;
  let removed = 0;
  RUN.lastIndex = 0;
  for (let m = RUN.exec(original); m !== null; m = RUN.exec(original)) {
    out += original.slice(last, m.index);
    const run = m[0];
    for (let i = 0; i < run.length; i++) {
      const ch = run[i]!;
      if (INVISIBLE_CHAR.test(ch)) {
        removed++;
        norm.push(out.length);
        delta.push(m.index + i + 1 - out.length);
      } else out += String.fromCharCode(fold(ch.charCodeAt(0)));
    }
    last = m.index + run.length;
  }
  out += original.slice(last);
  if (removed === 0) return { text: out, changed: true, invisibleRemoved: 0, toOriginal: IDENTITY };
  return {
    text: out,
    changed: true,
    invisibleRemoved: removed,
    toOriginal: (index) => {
      // Last breakpoint at or before index (binary search).
      let lo = 0;
      let hi = norm.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (norm[mid]! <= index) lo = mid;
        else hi = mid - 1;
      }
      return index + delta[lo]!;
    },
  };
}

/** Maps a half-open span [start, end) of the normalized text to the original. */
export function spanToOriginal(n: NormalizedText, start: number, end: number): [number, number] {
  if (n.toOriginal === IDENTITY) return [start, end];
  return [n.toOriginal(start), end <= start ? n.toOriginal(start) : n.toOriginal(end - 1) + 1];
}
