import type { Detection, Detector } from '../types.js';
import { codeAt, detection, isAlnum } from './chars.js';
import { TLDS } from './lexicons.generated.js';

/**
 * E-mail addresses, found from each '@' outwards (no regex over the whole text). Local part: the
 * RFC 5322 dot-atom characters, no leading, trailing or double dot, at most 64 characters. Domain:
 * LDH labels, at most 253 characters, ending in a top-level domain that exists, so retina image
 * names (icon@2x.png), package specs (pkg@1.2.3) and handles (@user) are not addresses.
 */
export const EMAIL_CODE = 'PII_EMAIL';

const TLD_SET: ReadonlySet<string> = new Set(TLDS);

/** The RFC 5322 atext characters people actually use, plus '.'. */
function isLocalChar(c: number): boolean {
  return isAlnum(c) || c === 46 || c === 95 || c === 45 || c === 43 || c === 37 || c === 39 || c === 61 || c === 126;
}

/**
 * File extensions: the usual reason an "@" is followed by something dotted that is not a domain
 * (icon@2x.png, lib@1.0.min.js, photo@home.jpeg).
 */
const FILE_EXTENSIONS: ReadonlySet<string> = new Set(
  'png jpg jpeg gif svg webp bmp ico tif tiff psd heic avif js mjs cjs ts tsx jsx py rb go rs java kt swift php c h cc cpp hpp cs vue scss sass less css html htm xml json yml yaml toml ini cfg conf lock md txt csv tsv log pdf doc docx xls xlsx ppt pptx zip tar gz tgz bz2 xz rar 7z exe dll so dylib bin img iso dmg apk ipa wasm map min mp3 mp4 mov avi mkv wav flac ogg ttf otf woff woff2 eot sh bat ps1 sql db sqlite bak tmp old orig'.split(' '),
);

/** Generic TLDs are many and new ones appear; an alphabetic label that is not a file extension is accepted. */
function plausibleNewTld(tld: string): boolean {
  return tld.length >= 3 && tld.length <= 18 && /^[a-z]+$/.test(tld) && !FILE_EXTENSIONS.has(tld);
}

function isDomainChar(c: number): boolean {
  return isAlnum(c) || c === 45 || c === 46;
}

/** Characters a local part may start with. */
function isLocalEdgeOk(c: number): boolean {
  return isAlnum(c) || c === 95 || c === 43 || c === 45;
}

/** Whether the ':' at `colon` sits in a URL authority ("scheme://user:"), looking back to the last space. */
function urlAuthorityBefore(text: string, colon: number): boolean {
  for (let k = colon - 1; k > 0 && colon - k < 256; k--) {
    const c = text.charCodeAt(k);
    if (c === 32 || c === 10 || c === 9) return false;
    if (c === 47 && text.charCodeAt(k - 1) === 47) return true;
  }
  return false;
}

function emailAt(text: string, at: number): [number, number] | null {
  // Local part, leftwards; longer than 64 characters is not an address.
  let s = at;
  while (s > 0 && isLocalChar(text.charCodeAt(s - 1))) {
    if (at - s === 64) return null;
    s--;
  }
  // Trim characters that belong to the surrounding text (quotes, a leading dot or dash).
  while (s < at && !isLocalEdgeOk(text.charCodeAt(s))) s++;
  if (s === at) return null;
  // userinfo of a URL (https://user:password@host, ftp://user@host) is a credential or a login
  // name, not a mailbox; "mailto:" is still an address.
  const p = codeAt(text, s - 1);
  if (p === 47 || (p === 58 && urlAuthorityBefore(text, s - 1))) return null;
  // No trailing or double dot in the local part (read in place: one address per '@' found).
  if (text.charCodeAt(at - 1) === 46) return null;
  for (let k = s + 1; k < at; k++) if (text.charCodeAt(k) === 46 && text.charCodeAt(k - 1) === 46) return null;
  // Domain, rightwards.
  let e = at + 1;
  const limit = Math.min(text.length, at + 254);
  while (e < limit && isDomainChar(text.charCodeAt(e))) e++;
  // A sentence's full stop or a dash after the address is not part of it.
  while (e > at + 1 && (text.charCodeAt(e - 1) === 46 || text.charCodeAt(e - 1) === 45)) e--;
  // Labels between the dots: at least two, none empty, longer than 63 or with a dash at an end.
  let labels = 0;
  let lastLabel = at + 1;
  for (let ls = at + 1; ; ) {
    let le = ls;
    while (le < e && text.charCodeAt(le) !== 46) le++;
    const n = le - ls;
    if (n === 0 || n > 63 || text.charCodeAt(ls) === 45 || text.charCodeAt(le - 1) === 45) return null;
    labels++;
    lastLabel = ls;
    if (le >= e) break;
    ls = le + 1;
  }
  if (labels < 2) return null;
  const tld = text.slice(lastLabel, e).toLowerCase();
  if (!TLD_SET.has(tld) && !tld.startsWith('xn--') && !plausibleNewTld(tld)) return null;
  // Glued on the right to more address characters ("a@b.com@c", "a@b.com_x"): not a clean address.
  const next = codeAt(text, e);
  if (next === 64 || next === 95) return null;
  return [s, e];
}

export function detectEmails(text: string): Detection[] {
  const out: Detection[] = [];
  let from = 0;
  for (;;) {
    const at = text.indexOf('@', from);
    if (at === -1) break;
    const span = at > 0 ? emailAt(text, at) : null;
    if (span) {
      out.push(detection(EMAIL_CODE, span[0], span[1], 0.95, 'medium'));
      from = span[1];
    } else from = at + 1;
  }
  return out;
}

export const emailDetector: Detector = { id: 'pii-email', kind: 'pii', codes: [EMAIL_CODE], detect: detectEmails };
