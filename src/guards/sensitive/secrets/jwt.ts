/**
 * JSON Web Tokens (RFC 7519): base64url(header).base64url(payload).base64url(signature), and JWE
 * (RFC 7516) with five segments. The header must decode to a JSON object naming an `alg`
 * (RFC 7515 §4.1.1), which rules out look-alikes such as `eyJ…` strings that are not JOSE.
 */
import { BASE64URL, WORD, is, leftBoundary, runEnd } from './chars.js';
import { emit, type ScanState } from './state.js';

const MAX_HEADER = 4096;

function b64urlValue(c: number): number {
  if (c >= 0x41 && c <= 0x5a) return c - 0x41;
  if (c >= 0x61 && c <= 0x7a) return c - 0x61 + 26;
  if (c >= 0x30 && c <= 0x39) return c - 0x30 + 52;
  if (c === 0x2d) return 62;
  if (c === 0x5f) return 63;
  return -1;
}

/** Decodes base64url to a binary string (one char per byte), or null. */
export function decodeBase64Url(t: string, start: number, end: number): string | null {
  if ((end - start) % 4 === 1) return null;
  // Bytes first, one string at the end: a string grown a character at a time is a chain V8
  // flattens again for JSON.parse.
  const bytes: number[] = [];
  let buf = 0;
  let bits = 0;
  for (let i = start; i < end; i++) {
    const v = b64urlValue(t.charCodeAt(i));
    if (v < 0) return null;
    buf = ((buf << 6) | v) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes.push((buf >> bits) & 0xff);
    }
  }
  if (bytes.length <= 4096) return String.fromCharCode(...bytes);
  // fromCharCode takes its arguments on the stack: chunks keep long inputs within its limits.
  let out = '';
  for (let k = 0; k < bytes.length; k += 4096) out += String.fromCharCode(...bytes.slice(k, k + 4096));
  return out;
}

interface JoseHeader {
  alg: string;
  enc?: unknown;
}

/**
 * The headers nearly every JWT carries ({"alg":"HS256","typ":"JWT"} and its siblings, either key
 * order), encoded once here: looked up, they are not decoded and parsed again for every token.
 */
const COMMON_HEADERS: ReadonlyMap<string, JoseHeader> = (() => {
  const map = new Map<string, JoseHeader>();
  for (const alg of ['HS256', 'HS384', 'HS512', 'RS256', 'RS384', 'RS512', 'ES256', 'ES384', 'ES512', 'PS256', 'PS384', 'PS512', 'EdDSA']) {
    for (const json of [`{"alg":"${alg}","typ":"JWT"}`, `{"typ":"JWT","alg":"${alg}"}`]) {
      map.set(btoa(json).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, ''), { alg });
    }
  }
  return map;
})();

function joseHeader(t: string, start: number, end: number): JoseHeader | null {
  if (end - start <= 48) {
    const common = COMMON_HEADERS.get(t.slice(start, end));
    if (common !== undefined) return common;
  }
  const json = decodeBase64Url(t, start, end);
  if (json === null || json.charCodeAt(0) !== 0x7b) return null;
  try {
    const h: unknown = JSON.parse(json);
    if (h !== null && typeof h === 'object' && !Array.isArray(h) && typeof (h as { alg?: unknown }).alg === 'string') return h as JoseHeader;
  } catch {
    // Not JSON: a look-alike.
  }
  return null;
}

export function scanJwt(s: ScanState, at: number): number {
  const t = s.text;
  if (!leftBoundary(t, at)) return at + 3;
  const h = runEnd(t, at, BASE64URL);
  if (t.charCodeAt(h) !== 0x2e || h - at < 12 || h - at > MAX_HEADER) return h;
  const header = joseHeader(t, at, h);
  if (header === null) return h;
  const segments = header.enc !== undefined ? 5 : 3;
  let end = h;
  const lens: number[] = [h - at];
  for (let k = 1; k < segments; k++) {
    if (t.charCodeAt(end) !== 0x2e) return h;
    const e = runEnd(t, end + 1, BASE64URL);
    lens.push(e - end - 1);
    end = e;
  }
  if (segments === 3) {
    if (lens[1]! < 2) return h;
    if (header.alg.toLowerCase() !== 'none' && lens[2]! < 16) return h;
  } else if (lens[2]! < 8 || lens[3]! < 8 || lens[4]! < 8) return h;
  if (end < t.length && is(t.charCodeAt(end), WORD)) return h;
  emit(s, 'SECRET_JWT', at, end, 0.99);
  return end;
}
