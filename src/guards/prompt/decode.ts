/**
 * Bounded decoders for payloads hidden in an encoding the model can read but a keyword filter
 * cannot: base64, hex, \u escapes, URL encoding, Morse, ROT13 and reversed text. Every candidate
 * is capped in size and count, and the engine caps nesting depth and the total decoded volume,
 * so hostile input (megabytes of base64, base64 of base64 of …) ends in bounded time and memory.
 */
import { keysOf, passes } from './gate.js';

export type EncodingKind = 'base64' | 'hex' | 'unicode-escape' | 'url' | 'morse' | 'rot13' | 'reversed' | 'spaced';

export interface EncodedSpan {
  readonly kind: EncodingKind;
  /** Span of the encoded run in the text that was searched. */
  readonly start: number;
  readonly end: number;
  readonly payload: string;
}

export interface DecodeLimits {
  /** Candidates decoded per text. */
  readonly maxCandidates: number;
  /** Longest encoded run decoded (longer runs are cut to this). */
  readonly maxRunChars: number;
}

export const DEFAULT_DECODE_LIMITS: DecodeLimits = { maxCandidates: 8, maxRunChars: 16_384 };

/** What a base64 run is; found by findEncoded's own scan (decode.test.ts holds the two equal). */
export const BASE64_RUN = /[A-Za-z0-9+/_-]{16,}={0,2}/g;
const HEX_RUN = /(?:\\x[0-9a-fA-F]{2}){6,}|\b(?:0x)?(?:[0-9a-fA-F]{2}[ :,]?){10,}/g;
const UNICODE_RUN = /(?:\\u[0-9a-fA-F]{4}){4,}/g;
const URL_RUN = /[^%\s]{0,16}(?:%[0-9a-fA-F]{2}[^%\s]{0,16}){3,}/g;
const MORSE_RUN = /[.\-]{1,7}(?:(?: ?[/|] ?| {1,3})[.\-]{1,7}){9,}/g;
// ROT13 and reversed forms of the attack vocabulary: decode the whole text only when one appears.
const HINT_WORDS = ['ignore', 'disregard', 'instruction', 'previous', 'system prompt', 'developer mode', 'jailbreak', 'restriction', 'pretend', 'you are now', 'dan', 'no rules', 'without limits', 'bomb', 'malware', 'ransomware', 'password', 'reveal', 'explosive', 'weapon'];
const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const ROT13_HINT = new RegExp(`\\b(?:${HINT_WORDS.map((w) => escapeRe(rot13(w))).join('|')})`);
const ROT13_KEYS = keysOf(HINT_WORDS.map(rot13));
const REVERSED_KEYS = keysOf(HINT_WORDS.filter((w) => w.length > 4).map((w) => reverse(w).split(' ')[0]!));
const REVERSED_HINT = new RegExp(HINT_WORDS.filter((w) => w.length > 4).map((w) => escapeRe(reverse(w))).join('|'));

const PRINTABLE = /^[\t\n\r\x20-\x7e\u00a0-\uffff]*$/;

/** Readable text, not binary: valid UTF-8, printable, and with some letters in it. */
function readable(s: string): boolean {
  if (s.length < 6 || s.includes('\ufffd') || !PRINTABLE.test(s)) return false;
  let letters = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (((c | 32) >= 97 && (c | 32) <= 122) || c >= 0x3400) letters++;
  }
  return letters >= 4 && letters * 2 >= s.length;
}

function fromBase64(run: string): string | null {
  // A run of only letters (a long identifier or word) or only hex digits is not base64 text.
  if (/^[A-Za-z]+$/.test(run) || /^[0-9a-fA-F]+$/.test(run)) return null;
  const s = Buffer.from(run.replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString('utf8');
  return readable(s) ? s : null;
}

function fromHex(run: string): string | null {
  const digits = run.replace(/\\x|0x|[ :,]/g, '');
  if (digits.length % 2 !== 0) return null;
  const s = Buffer.from(digits, 'hex').toString('utf8');
  return readable(s) ? s : null;
}

function fromUnicodeEscapes(run: string): string | null {
  const s = run.replace(/\\u([0-9a-fA-F]{4})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
  return readable(s) ? s : null;
}

function fromUrl(run: string): string | null {
  try {
    const s = decodeURIComponent(run);
    return readable(s) ? s : null;
  } catch {
    return null;
  }
}

const MORSE: Record<string, string> = {
  '.-': 'a', '-...': 'b', '-.-.': 'c', '-..': 'd', '.': 'e', '..-.': 'f', '--.': 'g', '....': 'h', '..': 'i', '.---': 'j', '-.-': 'k', '.-..': 'l', '--': 'm',
  '-.': 'n', '---': 'o', '.--.': 'p', '--.-': 'q', '.-.': 'r', '...': 's', '-': 't', '..-': 'u', '...-': 'v', '.--': 'w', '-..-': 'x', '-.--': 'y', '--..': 'z',
  '-----': '0', '.----': '1', '..---': '2', '...--': '3', '....-': '4', '.....': '5', '-....': '6', '--...': '7', '---..': '8', '----.': '9',
};

function fromMorse(run: string): string | null {
  let out = '';
  // Words are separated by "/" or "|" (or three spaces), letters by single spaces.
  for (const word of run.split(/ ?[/|] ?| {3}/)) {
    for (const letter of word.split(/ +/)) {
      if (letter === '') continue;
      const c = MORSE[letter];
      if (c === undefined) return null;
      out += c;
    }
    out += ' ';
  }
  out = out.trim();
  return readable(out) ? out : null;
}

function rot13(s: string): string {
  return s.replace(/[a-zA-Z]/g, (c) => {
    const base = c <= 'Z' ? 65 : 97;
    return String.fromCharCode(((c.charCodeAt(0) - base + 13) % 26) + base);
  });
}

/**
 * Letters spelled out one at a time with a separator between them ("i g n o r e", "d.i.s.r.e.g.a.r.d",
 * "m-a-l-w-a-r-e", "忽 略 之 前"): a keyword filter sees no word. Runs of at least four single
 * letters (or CJK characters), each followed by one separator, are closed up; a wider gap stays a
 * word break. SPACED_HINT is the cheap test that such a run exists at all.
 */
// Anchored on a separator (rarer than letters, so the search skips faster): three single letters, each between separators.
const SPACED_HINT = /[ .\-_*·][a-z\u4e00-\u9fff][ .\-_*·][a-z\u4e00-\u9fff][ .\-_*·][a-z\u4e00-\u9fff][ .\-_*·]?(?![a-z0-9\u4e00-\u9fff])/;
const SPACED_RUN = /(?<![\p{L}\p{N}])\p{L}[ .\-_*·](?:\p{L}[ .\-_*·]){2,}\p{L}(?![\p{L}\p{N}])/gu;
const SEPARATOR = /[ .\-_*·]/g;

/** The text with its spelled-out runs closed up, or null when it has none (`folded`: its lower-case copy, for the quick test). */
export function closeSpacedLetters(s: string, folded = s.toLowerCase()): string | null {
  if (!SPACED_HINT.test(folded)) return null;
  SPACED_RUN.lastIndex = 0;
  if (!SPACED_RUN.test(s)) return null;
  return s.replace(SPACED_RUN, (run) => run.replace(SEPARATOR, ''));
}

function reverse(s: string): string {
  let out = '';
  for (let i = s.length - 1; i >= 0; i--) out += s[i];
  return out;
}

// Character classes for the pre-scan: 1 base64 letter, 2 digit or '+' / '/', 4 hex letter, 8 separator in hex dumps.
const CLASS = new Uint8Array(128);
for (let c = 65; c <= 90; c++) CLASS[c] = 1;
for (let c = 97; c <= 122; c++) CLASS[c] = 1;
for (const c of '-_') CLASS[c.charCodeAt(0)] = 1;
for (let c = 48; c <= 57; c++) CLASS[c] = 2;
for (const c of '+/') CLASS[c.charCodeAt(0)] = 2;
for (const c of 'abcdefABCDEF') CLASS[c.charCodeAt(0)]! |= 4;
for (const c of ' :,') CLASS[c.charCodeAt(0)] = 8;

// Run classes for the pre-scan: 1 base64 character, 2 hex digit or hex-dump separator.
const BASE64_CHAR = 1;
const HEX_CHAR = 2;
const RUN = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const k = CLASS[c]!;
  if (k & 3) RUN[c]! |= BASE64_CHAR;
  if (k & 12 || (c >= 48 && c <= 57)) RUN[c]! |= HEX_CHAR;
}
const isRunChar = (c: number, kind: number): boolean => c < 128 && (RUN[c]! & kind) !== 0;

/**
 * Start of the next maximal run of at least `min` characters of the class `kind` beginning at or
 * after `from`, or -1. Looks at every `min`-th character and walks out only from the ones in the
 * class, so prose, where runs are words, costs a fraction of a look per character.
 */
function nextRun(text: string, from: number, min: number, kind: number): number {
  const n = text.length;
  for (let i = from + min - 1; i < n; ) {
    if (!isRunChar(text.charCodeAt(i), kind)) {
      i += min;
      continue;
    }
    let start = i;
    while (start > from && isRunChar(text.charCodeAt(start - 1), kind)) start--;
    let end = i + 1;
    while (end < n && end - start < min && isRunChar(text.charCodeAt(end), kind)) end++;
    if (end - start >= min) return start;
    i = end + min;
  }
  return -1;
}

/**
 * Whether the text has a run of base64 characters (`min` long) and a run of hex digits and
 * separators (20 long) that do not look like prose: digits, '+' or '/' in them, or case changing
 * inside a word (base64 of text has both). Both signals only grow along a run, so each run is
 * judged whole; no regular expression.
 */
function runHints(text: string, min: number): { base64: boolean; hex: boolean } {
  const n = text.length;
  let base64 = false;
  for (let s = nextRun(text, 0, min, BASE64_CHAR); s >= 0 && !base64; ) {
    let odd = 0;
    let i = s;
    for (; i < n; i++) {
      const c = text.charCodeAt(i);
      if (!isRunChar(c, BASE64_CHAR)) break;
      if (CLASS[c]! & 2) odd += 3;
      else if (c <= 90 && c >= 65 && i > s && text.charCodeAt(i - 1) >= 97 && text.charCodeAt(i - 1) <= 122) odd++;
    }
    if (i - s >= min && odd >= 3) base64 = true;
    else s = nextRun(text, i, min, BASE64_CHAR);
  }
  let hex = false;
  for (let s = nextRun(text, 0, 20, HEX_CHAR); s >= 0 && !hex; ) {
    let digits = 0;
    let i = s;
    for (; i < n; i++) {
      const c = text.charCodeAt(i);
      if (!isRunChar(c, HEX_CHAR)) break;
      if (c >= 48 && c <= 57) digits++;
    }
    if (i - s >= 20 && digits >= 4) hex = true;
    else s = nextRun(text, i, 20, HEX_CHAR);
  }
  return { base64, hex };
}

/**
 * Encoded runs of `text` with their decoded payloads. `folded` is the lower-case detection copy,
 * used only for the cheap ROT13 / reversed hints.
 */
export function findEncoded(text: string, folded: string, limits: DecodeLimits = DEFAULT_DECODE_LIMITS, hintGate?: number): EncodedSpan[] {
  const out: EncodedSpan[] = [];
  const scan = (next: (from: number) => number, kind: EncodingKind, decode: (run: string) => string | null): void => {
    for (let start = next(0); start >= 0 && out.length < limits.maxCandidates; start = next(matchEnd)) {
      const found = text.slice(start, matchEnd);
      const run = found.length > limits.maxRunChars ? found.slice(0, limits.maxRunChars - (limits.maxRunChars % 4)) : found;
      const payload = decode(run.trim());
      if (payload !== null) out.push({ kind, start, end: matchEnd, payload });
    }
  };
  // Where the last match found by `next` ends.
  let matchEnd = 0;
  const regex =
    (re: RegExp) =>
    (from: number): number => {
      re.lastIndex = from;
      const m = re.exec(text);
      if (m === null) return -1;
      matchEnd = m.index + m[0].length;
      return m.index;
    };
  // Base64 runs are maximal runs of its alphabet (the regular expression BASE64_RUN describes),
  // found by the pre-scan's stepping search instead of a match attempt at every word.
  const base64 = (from: number): number => {
    const start = nextRun(text, from, 16, BASE64_CHAR);
    if (start < 0) return -1;
    let end = start;
    while (end < text.length && isRunChar(text.charCodeAt(end), BASE64_CHAR)) end++;
    for (let pad = 0; pad < 2 && text.charCodeAt(end) === 61; pad++) end++;
    matchEnd = end;
    return start;
  };
  // The run regexes start with character classes common in prose; a linear pre-scan finds the
  // few places worth running them on.
  const hints = runHints(text, 16);
  if (hints.base64) scan(base64, 'base64', fromBase64);
  if (hints.hex || text.includes('\\x')) scan(regex(HEX_RUN), 'hex', fromHex);
  if (text.includes('\\u')) scan(regex(UNICODE_RUN), 'unicode-escape', fromUnicodeEscapes);
  if (text.includes('%')) scan(regex(URL_RUN), 'url', fromUrl);
  if (text.includes('.-') || text.includes('-.')) scan(regex(MORSE_RUN), 'morse', fromMorse);
  const whole = text.length > limits.maxRunChars ? text.slice(0, limits.maxRunChars) : text;
  // With the caller's gate (gate.ts) open on `folded`, the hint words are looked up, not searched.
  const rot13Possible = hintGate === undefined || passes(hintGate, ROT13_KEYS);
  const reversedPossible = hintGate === undefined || passes(hintGate, REVERSED_KEYS);
  if (out.length < limits.maxCandidates && rot13Possible && ROT13_HINT.test(folded)) out.push({ kind: 'rot13', start: 0, end: whole.length, payload: rot13(whole) });
  if (out.length < limits.maxCandidates && reversedPossible && REVERSED_HINT.test(folded)) out.push({ kind: 'reversed', start: 0, end: whole.length, payload: reverse(whole) });
  if (out.length < limits.maxCandidates) {
    const closed = closeSpacedLetters(whole, folded);
    if (closed !== null) out.push({ kind: 'spaced', start: 0, end: whole.length, payload: closed });
  }
  return out;
}
