/**
 * Feature hashing for the statistical layer, shared by the trainer (scripts/train, through dist/)
 * and the scorer, so training and run time can never disagree. Features of the folded text:
 * character 3- and 4-grams over letters, digits and CJK characters with every other run of
 * characters collapsed to one space, 2-grams where a CJK character is in them (a Chinese word is
 * often two characters), plus word unigrams and bigrams. Each is hashed (FNV-1a,
 * finalised with one multiply-xorshift round) into 2^bits buckets; there is no vocabulary to ship.
 */
export interface FeatureConfig {
  /** log2 of the bucket count. */
  readonly bits: number;
  /** Character n-gram lengths (each of 2, 3, 4). */
  readonly charNgrams: readonly number[];
  readonly wordNgrams: 1 | 2;
}

export const FEATURE_CONFIG: FeatureConfig = { bits: 18, charNgrams: [2, 3], wordNgrams: 2 };

export const FNV = 0x01000193;
export const SEED = 0x811c9dc5 | 0;
export const WORD_SEED = 0x3c6ef372 | 0;

export function finish(h: number, mask: number): number {
  h = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d);
  return (h ^ (h >>> 12)) & mask;
}

/** Letters, digits and CJK characters: what features are made of; every other run is one space. */
export function isWordChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c >= 0x3400 || (c >= 0xc0 && c <= 0x24f);
}

/** Code units of the folded text with separator runs collapsed, and their positions in it. */
export interface Collapsed {
  readonly codes: Uint16Array;
  readonly pos: Uint32Array;
  readonly length: number;
}

let codesBuf = new Uint16Array(4096);
let posBuf = new Uint32Array(4096);

/** Shares one buffer across calls (the scorer is synchronous); copy the result to keep it. */
export function collapse(text: string): Collapsed {
  if (codesBuf.length < text.length + 2) {
    codesBuf = new Uint16Array(text.length + 2);
    posBuf = new Uint32Array(text.length + 2);
  }
  let n = 0;
  let space = true;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (isWordChar(c)) {
      codesBuf[n] = c;
      posBuf[n++] = i;
      space = false;
    } else if (!space) {
      codesBuf[n] = 32;
      posBuf[n++] = i;
      space = true;
    }
  }
  return { codes: codesBuf, pos: posBuf, length: n };
}

/**
 * Calls `emit(bucket, index)` for every feature of `c[from..to)`, with `index` the collapsed
 * position the feature starts at. Monomorphic and allocation-free: it runs on every prompt.
 */
export function forEachFeature(c: Collapsed, from: number, to: number, config: FeatureConfig, emit: (bucket: number, index: number) => void): void {
  const mask = (1 << config.bits) - 1;
  const codes = c.codes;
  const g2 = config.charNgrams.includes(2);
  const g3 = config.charNgrams.includes(3);
  const g4 = config.charNgrams.includes(4);
  const bigrams = config.wordNgrams === 2;
  let word = WORD_SEED;
  let wordStart = -1;
  let prevWord = 0;
  let hasPrev = false;
  for (let i = from; i < to; i++) {
    const c0 = codes[i]!;
    let h = Math.imul(SEED ^ c0, FNV);
    if (i + 1 < to) {
      h = Math.imul(h ^ codes[i + 1]!, FNV);
      if (g2 && (c0 >= 0x3400 || codes[i + 1]! >= 0x3400)) emit(finish(h ^ 2, mask), i);
      if (i + 2 < to) {
        h = Math.imul(h ^ codes[i + 2]!, FNV);
        if (g3) emit(finish(h ^ 3, mask), i);
        if (g4 && i + 3 < to) emit(finish(Math.imul(h ^ codes[i + 3]!, FNV) ^ 4, mask), i);
      }
    }
    // Words: runs of Latin letters and digits; each CJK character is too short to be a word.
    if (c0 !== 32 && c0 < 0x3400) {
      if (wordStart < 0) {
        wordStart = i;
        word = WORD_SEED;
      }
      word = Math.imul(word ^ c0, FNV);
    }
    if ((c0 === 32 || c0 >= 0x3400 || i + 1 === to) && wordStart >= 0) {
      emit(finish(word, mask), wordStart);
      if (bigrams && hasPrev) emit(finish(Math.imul(prevWord ^ 0x5bd1e995, FNV) ^ word, mask), wordStart);
      prevWord = word;
      hasPrev = true;
      wordStart = -1;
    }
  }
}
