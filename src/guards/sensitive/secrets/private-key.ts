/**
 * PEM private keys (RFC 7468 labels, OpenSSH, PGP armour): the whole block from the BEGIN line
 * through its END line. A block cut short (a paste that lost its tail) still leaks key material,
 * so a BEGIN without END is reported through the end of its base64 body. Bodies shorter than 40
 * base64 characters are the `-----BEGIN RSA PRIVATE KEY-----\n...` of documentation.
 */
import { BASE64, EQUALS, is } from './chars.js';
import { emit, type ScanState } from './state.js';

const HEADER = /-----BEGIN (?:(?:RSA|EC|DSA|OPENSSH|ENCRYPTED|PGP|SSH2 ENCRYPTED) )?PRIVATE KEY(?: BLOCK)?-----/y;
const FOOTER = /-----END (?:(?:RSA|EC|DSA|OPENSSH|ENCRYPTED|PGP|SSH2 ENCRYPTED) )?PRIVATE KEY(?: BLOCK)?-----/y;
const MIN_BODY = 40;
/** Body lines are 64 (PEM) or 70 (OpenSSH) characters; prose words after a cut-off key are short. */
const MIN_CHUNK = 16;

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
}

/** Skips whitespace and the `\n` / `\r` escapes of a key held in a JSON or code string. */
function skipGap(t: string, i: number): number {
  for (;;) {
    const c = t.charCodeAt(i);
    if (isSpace(c)) i++;
    else if (c === 0x5c && (t.charCodeAt(i + 1) === 0x6e || t.charCodeAt(i + 1) === 0x72)) i += 2;
    else return i;
  }
}

function lineEnd(t: string, i: number): number {
  while (i < t.length) {
    const c = t.charCodeAt(i);
    if (c === 0x0a || (c === 0x5c && t.charCodeAt(i + 1) === 0x6e)) return i;
    i++;
  }
  return i;
}

/** `at` is the first `-` of `-----BEGIN `. */
export function scanPrivateKey(s: ScanState, at: number): number {
  const t = s.text;
  HEADER.lastIndex = at;
  if (!HEADER.test(t)) return at + 11;
  const bodyStart = HEADER.lastIndex;
  let i = bodyStart;
  let base64 = 0;
  let seenBody = false;
  let lastEnd = bodyStart;
  for (;;) {
    i = skipGap(t, i);
    if (i >= t.length || t.startsWith('-----', i)) break;
    let e = i;
    let pure = true;
    while (e < t.length) {
      const c = t.charCodeAt(e);
      if (isSpace(c) || c === 0x5c || (c === 0x2d && t.startsWith('-----', e))) break;
      if (!is(c, BASE64 | EQUALS)) pure = false;
      e++;
    }
    if (pure) {
      const padded = t.charCodeAt(e - 1) === 0x3d;
      if (e - i < MIN_CHUNK && !padded && !t.startsWith('-----END ', skipGap(t, e))) break;
      base64 += e - i;
      lastEnd = e;
      seenBody = true;
      i = e;
    } else if (!seenBody && t.slice(i, e).includes(':')) {
      // RFC 1421 / armour header lines (Proc-Type, DEK-Info, Version, Comment) precede the body.
      i = lineEnd(t, e);
    } else break;
  }
  if (base64 < MIN_BODY) return bodyStart;
  FOOTER.lastIndex = i;
  if (FOOTER.test(t)) {
    const end = FOOTER.lastIndex;
    emit(s, 'SECRET_PRIVATE_KEY', at, end, 0.99);
    return end;
  }
  emit(s, 'SECRET_PRIVATE_KEY', at, lastEnd, 0.9);
  return lastEnd;
}
