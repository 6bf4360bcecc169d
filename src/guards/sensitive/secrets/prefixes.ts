/**
 * The literal key prefixes of the prefix pass (scanner.ts), and how they are found without a
 * regex over the whole text. Every prefix but one holds a character that prose has few of (`=`,
 * `_`, `/`, `-`, or an upper-case J, A or G; the Vault prefixes a `v`): those characters are found
 * with indexOf, which V8 runs as a native memory scan, and only where one stands are the prefixes
 * holding it compared, filtered first by the character next to it. A regex alternation over the
 * same literals tests nearly every position of English prose (s, r, g, h, e open many words).
 * `node scripts/profile-sensitive.mjs` prints what the secrets detector costs.
 */

import { findKeywords, KEYWORD_KEY_PREFIX, UNANCHORED_KEY_PREFIX } from '../keywords.js';
import { sortInPlace } from '../sort.js';

/** Prefixes found anywhere: the handlers check the left boundary themselves where they need one. */
export const ANYWHERE_PREFIXES: readonly string[] = [
  'sk-', 'sk_', 'sk.eyJ', 'sig=', 'shpat_', 'shpca_', 'shppa_', 'shpss_', 'sbp_', 'sntrys_', 'sntryu_', 'sq0atp-', 'sq0csp-',
  'rk_', 'r8_',
  'AKIA', 'AKID', 'ASIA', 'ABIA', 'ACCA', 'AIza', 'AccountKey=', 'ATATT3', 'AKLT',
  'ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_', 'github_pat_',
  'glpat-', 'gldt-', 'glrt-', 'glptt-', 'glft-', 'glsoat-', 'gloas-', 'glcbt-', 'glimt-', 'glagent-', 'glffct-', 'glsa_', 'glc_', 'gsk_',
  'xoxa-', 'xoxb-', 'xoxe-', 'xoxp-', 'xoxr-', 'xoxs-', 'xapp-', 'xai-',
  'hooks.slack.com/', 'hf_', 'hvs.', 'hvb.',
  'LTAI', 'npm_', 'eyJ', '-----BEGIN ', '://', ':AA', '\uff1aAA', 'SharedAccessKey=', 'GOCSPX-', 'JQQJ9', 'SG.', 'PMAK-', 'NRAK-',
];

/**
 * Prefixes opening with common lower-case letters, taken only at the start of a word (no letter,
 * digit or underscore before them): inside a word they are mostly English (`okey-dokey`).
 */
export const WORD_START_PREFIXES: readonly string[] = [
  'dapi', 'dop_v1_', 'doo_v1_', 'dor_v1_', 'dckr_pat_', 'pypi-AgEIcHlwaS5vcmc', 'pplx-', 'pcsk_', 'lin_api_', 'lsv2_pt_', 'lsv2_sk_', 'key-', 'tvly-', 'bce-v3/ALTAK-',
];

/**
 * Anchor characters: a prefix is found from the first of these it holds, in this order of
 * preference. Only `dapi` holds none; the keyword pass (keywords.ts) finds it among its words: a
 * needle of two characters or more costs indexOf several times a single character (`eyJ` stops
 * natively at every e), and a search of its own cost more than the rest of the prefix pass.
 */
const ANCHORS = ['=', '_', 'J', '/', '-', 'A', 'G', 'v'];

interface Entry {
  /** Index of the prefix in PREFIXES. */
  readonly index: number;
  /** Where the anchor character sits in the prefix. */
  readonly offset: number;
}

/** Entries of one anchor, keyed by the ASCII character before it or, failing that, after it. */
interface AnchorTable {
  readonly char: string;
  readonly before: (Entry[] | undefined)[];
  readonly after: (Entry[] | undefined)[];
}

/** Both families in one list: indexes below WORD_START_FROM are found anywhere. */
const PREFIXES: readonly string[] = [...ANYWHERE_PREFIXES, ...WORD_START_PREFIXES];
const WORD_START_FROM = ANYWHERE_PREFIXES.length;
/** Occurrences are packed as `start * SLOTS + index`. */
const SLOTS = 128;

const { TABLES, UNANCHORED } = (() => {
  for (const family of [ANYWHERE_PREFIXES, WORD_START_PREFIXES]) {
    for (const a of family) {
      for (const b of family) {
        // One prefix per position, as the alternation this replaces took the first that matched.
        if (a !== b && b.startsWith(a)) throw new Error(`prefix ${a} opens prefix ${b}`);
      }
    }
  }
  if (PREFIXES.length > SLOTS) throw new Error('too many prefixes');
  const tables = ANCHORS.map((char): AnchorTable => ({ char, before: new Array<Entry[] | undefined>(128).fill(undefined), after: new Array<Entry[] | undefined>(128).fill(undefined) }));
  let unanchored = -1;
  PREFIXES.forEach((p, index) => {
    const k = ANCHORS.findIndex((a) => p.includes(a));
    if (k === -1) {
      if (p !== UNANCHORED_KEY_PREFIX) throw new Error(`prefix ${p} holds no anchor character and the keyword pass does not find it`);
      unanchored = index;
      return;
    }
    const offset = p.indexOf(ANCHORS[k]!);
    const table = tables[k]!;
    const b = offset > 0 ? p.charCodeAt(offset - 1) : 128;
    const [side, key] = b < 128 ? [table.before, b] : [table.after, p.charCodeAt(offset + 1)];
    (side[key] ??= []).push({ index, offset });
  });
  return { TABLES: tables, UNANCHORED: unanchored };
})();

/** `\w` of a regex: what a word-start prefix may not follow. */
function isRegexWord(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f;
}

/** Occurrences of the prefixes in `t`, each family sorted by start (a position holds at most one prefix of a family). */
export interface FoundPrefixes {
  readonly anywhere: number[];
  readonly wordStart: number[];
}

function add(t: string, found: FoundPrefixes, start: number, index: number): void {
  if (start < 0 || !t.startsWith(PREFIXES[index]!, start)) return;
  if (index < WORD_START_FROM) found.anywhere.push(start * SLOTS + index);
  else if (start === 0 || !isRegexWord(t.charCodeAt(start - 1))) found.wordStart.push(start * SLOTS + index);
}

/**
 * Every occurrence of every prefix, including those the scanner will skip as inside a token it
 * already read: it decides.
 */
export function findPrefixes(t: string): FoundPrefixes {
  const found: FoundPrefixes = { anywhere: [], wordStart: [] };
  for (const a of TABLES) {
    for (let i = t.indexOf(a.char); i !== -1; i = t.indexOf(a.char, i + 1)) {
      const b = i > 0 ? t.charCodeAt(i - 1) : 128;
      const before = b < 128 ? a.before[b] : undefined;
      if (before !== undefined) for (const e of before) add(t, found, i - e.offset, e.index);
      const n = i + 1 < t.length ? t.charCodeAt(i + 1) : 128;
      const after = n < 128 ? a.after[n] : undefined;
      if (after !== undefined) for (const e of after) add(t, found, i - e.offset, e.index);
    }
  }
  if (UNANCHORED !== -1) {
    const h = findKeywords(t);
    for (let k = 0; k < h.count; k++) if (h.kind[k] === KEYWORD_KEY_PREFIX) add(t, found, h.start[k]!, UNANCHORED);
  }
  if (found.anywhere.length > 1) sortInPlace(found.anywhere, (x, y) => x - y);
  if (found.wordStart.length > 1) sortInPlace(found.wordStart, (x, y) => x - y);
  return found;
}

/** Start and prefix of a packed occurrence. */
export function occurrenceStart(key: number): number {
  return Math.floor(key / SLOTS);
}

export function occurrencePrefix(key: number): string {
  return PREFIXES[key % SLOTS]!;
}
