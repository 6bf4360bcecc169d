/**
 * Bounded decoders for payloads hidden in an encoding the model can read but a keyword filter
 * cannot: base64, hex, \u escapes, URL encoding, Morse, ROT13 and reversed text. Every candidate
 * is capped in size and count, and the engine caps nesting depth and the total decoded volume,
 * so hostile input (megabytes of base64, base64 of base64 of …) ends in bounded time and memory.
 */
import { keysOf, passes } from './gate.js';

export type EncodingKind = 'base64' | 'hex' | 'unicode-escape' | 'url' | 'morse' | 'rot13' | 'reversed';

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

const BASE64_RUN = /[A-Za-z0-9+/_-]{16,}={0,2}/g;
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

/**
 * Whether the text has a run of base64 characters (`min` long) and a run of hex digits and
 * separators (20 long) that do not look like prose: digits, '+' or '/' in them, or case changing
 * inside a word (base64 of text has both). One pass over a class table, no regular expression.
 */
function runHints(text: string, min: number): { base64: boolean; hex: boolean } {
  let b64 = 0;
  let b64Odd = 0;
  let hex = 0;
  let hexDigits = 0;
  let prevLower = false;
  let base64 = false;
  let hexRun = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const k = c < 128 ? CLASS[c]! : 0;
    if (k & 3) {
      b64++;
      if (k & 2) b64Odd += 3;
      else if (c <= 90 && c >= 65 && prevLower) b64Odd++;
      if (b64 >= min && b64Odd >= 3) base64 = true;
    } else {
      b64 = 0;
      b64Odd = 0;
    }
    prevLower = c >= 97 && c <= 122;
    if (k & 8 || (k & 2 && c !== 43 && c !== 47) || k & 4) {
      hex++;
      if (k & 2) hexDigits++;
      if (hex >= 20 && hexDigits >= 4) hexRun = true;
    } else {
      hex = 0;
      hexDigits = 0;
    }
  }
  return { base64, hex: hexRun };
}

/**
 * Encoded runs of `text` with their decoded payloads. `folded` is the lower-case detection copy,
 * used only for the cheap ROT13 / reversed hints.
 */
export function findEncoded(text: string, folded: string, limits: DecodeLimits = DEFAULT_DECODE_LIMITS, hintGate?: number): EncodedSpan[] {
  const out: EncodedSpan[] = [];
  const scan = (re: RegExp, kind: EncodingKind, decode: (run: string) => string | null): void => {
    re.lastIndex = 0;
    for (let m = re.exec(text); m !== null && out.length < limits.maxCandidates; m = re.exec(text)) {
      const run = m[0].length > limits.maxRunChars ? m[0].slice(0, limits.maxRunChars - (limits.maxRunChars % 4)) : m[0];
      const payload = decode(run.trim());
      if (payload !== null) out.push({ kind, start: m.index, end: m.index + m[0].length, payload });
    }
  };
  // The run regexes start with character classes common in prose; a linear pre-scan finds the
  // few places worth running them on.
  const hints = runHints(text, 16);
  if (hints.base64) scan(BASE64_RUN, 'base64', fromBase64);
  if (hints.hex || text.includes('\\x')) scan(HEX_RUN, 'hex', fromHex);
  if (text.includes('\\u')) scan(UNICODE_RUN, 'unicode-escape', fromUnicodeEscapes);
  if (text.includes('%')) scan(URL_RUN, 'url', fromUrl);
  if (text.includes('.-') || text.includes('-.')) scan(MORSE_RUN, 'morse', fromMorse);
  const whole = text.length > limits.maxRunChars ? text.slice(0, limits.maxRunChars) : text;
  // With the caller's gate (gate.ts) open on `folded`, the hint words are looked up, not searched.
  const rot13Possible = hintGate === undefined || passes(hintGate, ROT13_KEYS);
  const reversedPossible = hintGate === undefined || passes(hintGate, REVERSED_KEYS);
  if (out.length < limits.maxCandidates && rot13Possible && ROT13_HINT.test(folded)) out.push({ kind: 'rot13', start: 0, end: whole.length, payload: rot13(whole) });
  if (out.length < limits.maxCandidates && reversedPossible && REVERSED_HINT.test(folded)) out.push({ kind: 'reversed', start: 0, end: whole.length, payload: reverse(whole) });
  return out;
}
