/**
 * Cloud credentials. AWS access key ids: AKIA (long-term), ASIA (STS), ABIA, ACCA + 16 base32
 * characters (A-Z, 2-7); the secret is 40 base64 characters, recognised only with AWS context.
 * Google API keys: AIza + 35 base64url; OAuth client secrets: GOCSPX- + 28. Alibaba Cloud
 * AccessKey ids: LTAI + 12-20 alphanumerics. Tencent Cloud SecretId: AKID + 32 alphanumerics.
 *
 * AWS's documentation keys (AKIAIOSFODNN7EXAMPLE, wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY and
 * every other documented pair) all end in EXAMPLE / EXAMPLEKEY; they are not reported. A real key
 * ending so has odds of 32^-7.
 */
import { ALNUM, BASE64, DIGIT, DOT, EQUALS, LOWER, OTHER, UPPER, WORD, all, classesIn, distinct, entropy, is, leftBoundary, looksRandom, runEnd } from './chars.js';
import { emit, type ScanState } from './state.js';

function isBase32(c: number): boolean {
  return (c >= 0x41 && c <= 0x5a) || (c >= 0x32 && c <= 0x37);
}

/** How far from an access key id its secret is looked for (CSV rows, credential files, JSON). */
const AWS_PAIR_WINDOW = 240;

export function scanAwsKeyId(s: ScanState, at: number): number {
  const t = s.text;
  if (!leftBoundary(t, at)) return at + 4;
  const end = at + 20;
  if (end > t.length) return at + 4;
  for (let i = at + 4; i < end; i++) if (!isBase32(t.charCodeAt(i))) return runEnd(t, at, WORD);
  if (end < t.length && is(t.charCodeAt(end), WORD)) return runEnd(t, end, WORD);
  if (t.startsWith('EXAMPLE', end - 7)) return end;
  if (distinct(t, at + 4, end) < 6) return end;
  emit(s, 'SECRET_AWS_ACCESS_KEY', at, end, 0.9);
  findAwsSecretNear(s, Math.max(0, at - AWS_PAIR_WINDOW), Math.min(t.length, end + AWS_PAIR_WINDOW));
  return end;
}

/** Shape of an AWS secret access key at [start, end): 40 base64 characters, random, not a doc example. */
export function isAwsSecret(t: string, start: number, end: number): boolean {
  if (end - start !== 40 || !all(t, start, end, BASE64)) return false;
  const m = classesIn(t, start, end);
  if ((m & LOWER) === 0 || (m & UPPER) === 0) return false;
  // The span is all base64, so its only non-alphanumeric characters are '+' and '/'.
  if ((m & DIGIT) === 0 && (m & OTHER) === 0) return false;
  const example = t.indexOf('EXAMPLE', start);
  if (example !== -1 && example + 7 <= end) return false;
  return entropy(t, start, end) >= 4.0;
}

/** A key name of one to twenty letters or underscores ending at the '=' at `eq`, after a blank, a quote or the start. */
function keyNameBefore(t: string, eq: number): boolean {
  let k = eq;
  while (k > 0 && eq - k < 20) {
    const c = t.charCodeAt(k - 1);
    if ((c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || c === 0x5f) k--;
    else break;
  }
  if (k === eq) return false;
  const b = k === 0 ? 32 : t.charCodeAt(k - 1);
  return b <= 0x20 || b === 0x22 || b === 0x27 || b === 0x3b || b === 0x2c || b === 0x26 || b === 0x3f;
}

/**
 * 40-character base64 runs in [from, to). Skips like Boyer-Moore: a run of 40 starting at `i` needs
 * `i + 39` to be base64, so prose is probed about once every 40 characters.
 */
function findAwsSecretNear(s: ScanState, from: number, to: number): void {
  const t = s.text;
  let i = from;
  while (i + 40 <= to) {
    let j = i + 39;
    while (j >= i && is(t.charCodeAt(j), BASE64)) j--;
    if (j >= i) {
      i = j + 1;
      continue;
    }
    const e = runEnd(t, i, BASE64, i + 41);
    // A standalone value: not the tail of a longer token (`-`, `_`, `.` before it) nor a JWT segment.
    // `sk=<secret>` after its key id: an '=' that closes a short key name is a separator, not base64 padding.
    const left = i === 0 || !is(t.charCodeAt(i - 1), BASE64 | EQUALS | WORD | DOT) || (t.charCodeAt(i - 1) === 0x3d && keyNameBefore(t, i - 1));
    const bounded = left && (e >= t.length || !is(t.charCodeAt(e), BASE64 | EQUALS | WORD));
    if (e - i === 40 && bounded && !t.startsWith('eyJ', i) && isAwsSecret(t, i, e)) emit(s, 'SECRET_AWS_SECRET_KEY', i, e, 0.8);
    i = e === i + 41 ? runEnd(t, e, BASE64, to) : e;
  }
}

export function scanGoogleApiKey(s: ScanState, at: number): number {
  const t = s.text;
  if (!leftBoundary(t, at)) return at + 4;
  const end = runEnd(t, at + 4, WORD);
  if (end - at === 39 && looksRandom(t, at + 4, end)) emit(s, 'SECRET_GOOGLE_API_KEY', at, end, 0.9);
  return end;
}

export function scanGoogleOAuthSecret(s: ScanState, at: number): number {
  const t = s.text;
  if (!leftBoundary(t, at)) return at + 7;
  const end = runEnd(t, at + 7, WORD);
  if (end - at === 35 && looksRandom(t, at + 7, end)) emit(s, 'SECRET_GOOGLE_OAUTH_SECRET', at, end, 0.9);
  return end;
}

export function scanAlibabaKeyId(s: ScanState, at: number): number {
  const t = s.text;
  if (!leftBoundary(t, at)) return at + 4;
  const end = runEnd(t, at + 4, WORD);
  const n = end - at - 4;
  if (n >= 12 && n <= 20 && all(t, at + 4, end, ALNUM)) {
    const m = classesIn(t, at + 4, end);
    const mixed = (m & DIGIT) !== 0 || ((m & LOWER) !== 0 && (m & UPPER) !== 0);
    if (mixed && looksRandom(t, at + 4, end)) emit(s, 'SECRET_ALIBABA_ACCESS_KEY', at, end, 0.85);
  }
  return end;
}

export function scanTencentSecretId(s: ScanState, at: number): number {
  const t = s.text;
  if (!leftBoundary(t, at)) return at + 4;
  const end = runEnd(t, at + 4, WORD);
  if (end - at === 36 && all(t, at + 4, end, ALNUM) && looksRandom(t, at + 4, end)) emit(s, 'SECRET_TENCENT_SECRET_ID', at, end, 0.9);
  return end;
}
