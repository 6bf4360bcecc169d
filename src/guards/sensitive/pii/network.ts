import type { Detection, Detector } from '../types.js';
import { before, codeAt, detection, isDigit, isHex, isWordChar } from './chars.js';

/**
 * IPv4, IPv6 and MAC addresses, found from the '.', ':' and '-' that every form contains.
 *
 * Decisions: private (RFC 1918) and link-local addresses are reported, they map internal
 * infrastructure; addresses that identify no host are not: 0.0.0.0, 255.255.255.255, netmasks,
 * the loopback block 127/8 and ::1, and the all-zero and broadcast MACs. Dotted quads written as
 * versions or section numbers (v1.2.3.4, "version 1.2.3.4", "section 2.3.1.4", 1.2.3.4.5) are
 * not addresses.
 */
export const NETWORK_CODES = { ipv4: 'PII_IPV4', ipv6: 'PII_IPV6', mac: 'PII_MAC' } as const;

const NOT_ADDRESS_BEFORE =
  /(?:\bv|\bver|\bversion|\brelease|\bbuild|\bsection|\bchapter|\bfigure|\bfig|\btable|\bstep|\brule|\bclause|\bpart|\bitem|\bpython|\bjava|\bnode|\bnode\.js|\bchrome|\bfirefox|\bsdk|\bkernel|\bpackage|\bupgrade|\bupdate|\bpatch|版本号|版本|章节|条款|第|§)\.?\s*[:：#]?\s*$/;

const MASK_OCTETS = new Set([0, 128, 192, 224, 240, 248, 252, 254, 255]);

function isNetmask(o: readonly number[]): boolean {
  if (o[0] !== 255) return false;
  let zeroSeen = false;
  for (const x of o) {
    if (!MASK_OCTETS.has(x)) return false;
    if (zeroSeen && x !== 0) return false;
    if (x !== 255) zeroSeen = true;
  }
  return true;
}

/**
 * The octets of the dotted quad parseIpv4 read last: one array for every call (detection is
 * synchronous), read only after a parse that succeeded and so wrote all four. A fresh array per
 * dot in the text was most of what this detector allocated.
 */
const OCTETS = [0, 0, 0, 0];

/** Parses a dotted quad at s into OCTETS; returns its end or -1. */
function parseIpv4(text: string, s: number): number {
  const octets = OCTETS;
  let i = s;
  for (let part = 0; part < 4; part++) {
    if (part > 0) {
      if (codeAt(text, i) !== 46) return -1;
      i++;
    }
    const os = i;
    let v = 0;
    while (i - os < 3 && isDigit(codeAt(text, i))) v = v * 10 + text.charCodeAt(i++) - 48;
    if (i === os || v > 255 || isDigit(codeAt(text, i))) return -1;
    if (i - os > 1 && text.charCodeAt(os) === 48) return -1; // leading zero: octal in inet_aton, not how addresses are written
    octets[part] = v;
  }
  return i;
}

function ipv4At(text: string, dot: number): [number, number] | null {
  let s = dot;
  while (s > 0 && dot - s < 3 && isDigit(text.charCodeAt(s - 1))) s--;
  if (s === dot) return null;
  const p = codeAt(text, s - 1);
  if (isWordChar(p) || p === 46 || isDigit(p)) return null;
  if ((p === 45 || p === 58) && isWordChar(codeAt(text, s - 2))) return null;
  const e = parseIpv4(text, s);
  const octets = OCTETS;
  if (e === -1) return null;
  const n = codeAt(text, e);
  if (isWordChar(n) || ((n === 46 || n === 45) && isWordChar(codeAt(text, e + 1)))) return null;
  if (octets.every((o) => o === 0) || octets.every((o) => o === 255) || octets[0] === 127 || isNetmask(octets)) return null;
  if (NOT_ADDRESS_BEFORE.test(before(text, s, 16))) return null;
  return [s, e];
}

/** Cisco notation aaaa.bbbb.cccc, starting 4 characters before `dot`. */
function ciscoMacAt(text: string, dot: number): [number, number] | null {
  const s = dot - 4;
  if (s < 0 || isWordChar(codeAt(text, s - 1)) || codeAt(text, s - 1) === 46) return null;
  let digits = 0;
  for (let k = 0; k < 14; k++) {
    const c = codeAt(text, s + k);
    if (k === 4 || k === 9) {
      if (c !== 46) return null;
    } else if (!isHex(c)) return null;
    else if (isDigit(c)) digits++;
  }
  const n = codeAt(text, s + 14);
  if (isWordChar(n) || (n === 46 && isWordChar(codeAt(text, s + 15)))) return null;
  if (digits === 0 || digits === 12) return null; // words (dead.beef.cafe) or a number
  return [s, s + 14];
}

/** Six hex pairs joined by one separator (':' or '-'), starting at s. */
function isSixPairs(text: string, s: number, sep: number): boolean {
  for (let k = 0; k < 17; k++) {
    const c = codeAt(text, s + k);
    if (k % 3 === 2) {
      if (c !== sep) return false;
    } else if (!isHex(c)) return false;
  }
  return true;
}

function macValue(text: string, s: number): string {
  return text.slice(s, s + 17).toLowerCase();
}

function reportableMac(text: string, s: number): boolean {
  const v = macValue(text, s);
  return v !== '00:00:00:00:00:00' && v !== 'ff:ff:ff:ff:ff:ff' && v !== '00-00-00-00-00-00' && v !== 'ff-ff-ff-ff-ff-ff';
}

function dashMacAt(text: string, dash: number): [number, number] | null {
  const s = dash - 2;
  if (s < 0) return null;
  const p = codeAt(text, s - 1);
  if (isWordChar(p) || p === 45) return null;
  if (!isSixPairs(text, s, 45)) return null;
  const n = codeAt(text, s + 17);
  if (isWordChar(n) || (n === 45 && isWordChar(codeAt(text, s + 18)))) return null;
  return reportableMac(text, s) ? [s, s + 17] : null;
}

function isIpv6Char(c: number): boolean {
  return isHex(c) || c === 58;
}

/** RFC 4291 section 2.2 text forms: eight groups, one '::' elision, an embedded IPv4 tail. */
function validIpv6(s: string): boolean {
  if (s.length < 2 || s.length > 45) return false;
  const halves = s.split('::');
  if (halves.length > 2) return false;
  let groups = 0;
  let longest = 0;
  let hasDigit = false;
  for (let h = 0; h < halves.length; h++) {
    const half = halves[h]!;
    if (half === '') continue;
    const parts = half.split(':');
    for (let k = 0; k < parts.length; k++) {
      const part = parts[k]!;
      if (part.includes('.')) {
        // An IPv4 tail only as the very last group.
        if (h !== halves.length - 1 || k !== parts.length - 1) return false;
        if (parseIpv4(part, 0) !== part.length) return false;
        groups += 2;
        hasDigit = true;
        longest = 4;
        continue;
      }
      if (part.length < 1 || part.length > 4) return false;
      for (let i = 0; i < part.length; i++) {
        const c = part.charCodeAt(i);
        if (!isHex(c)) return false;
        if (isDigit(c)) hasDigit = true;
      }
      groups++;
      if (part.length > longest) longest = part.length;
    }
  }
  if (!hasDigit) return false;
  if (halves.length === 1) return groups === 8;
  if (groups >= 8) return false;
  // "::", "::1" and short elisions like slice syntax a[1::2] identify nothing.
  return groups >= 3 || (groups === 2 && longest >= 3);
}

/** A MAC or IPv6 address exactly on [s, e); whether one was reported. */
function colonAddress(text: string, s: number, e: number, out: Detection[]): boolean {
  if (e - s > 45 || e - s < 2) return false;
  const p = codeAt(text, s - 1);
  if (isWordChar(p) || p === 46) return false;
  if (e - s === 17 && isSixPairs(text, s, 58)) {
    if (reportableMac(text, s)) out.push(detection(NETWORK_CODES.mac, s, e, 0.9, 'low'));
    return true;
  }
  // Every IPv6 form holds two colons or more ('::' or seven separators); times and labels
  // ("10:30", "key: ab") hold one, and skipping them avoids validIpv6's string splits.
  const first = text.indexOf(':', s);
  if (first === -1 || first + 1 >= e) return false;
  const second = text.indexOf(':', first + 1);
  if (second === -1 || second >= e) return false;
  if (!validIpv6(text.slice(s, e))) return false;
  out.push(detection(NETWORK_CODES.ipv6, s, e, 0.9, 'low'));
  return true;
}

function colonAddressAt(text: string, colon: number, out: Detection[]): number {
  let s = colon;
  while (s > 0 && isIpv6Char(text.charCodeAt(s - 1))) s--;
  let e = colon;
  while (e < text.length && (isIpv6Char(text.charCodeAt(e)) || text.charCodeAt(e) === 46)) e++;
  // Trailing ':' or '.' end a sentence.
  while (e > s && (text.charCodeAt(e - 1) === 46 || (text.charCodeAt(e - 1) === 58 && codeAt(text, e - 2) !== 58))) e--;
  const end = Math.max(e, colon + 1);
  if (isWordChar(codeAt(text, e)) || e - s > 4 * 45) return end;
  // The run may open with a label glued by a colon ("IPv6:2001:db8::1", "MAC:00:1A:…", "IP:fe80::1"):
  // try from each single colon in its first characters until an address reads.
  for (let k = s, tries = 0; k < e && tries < 3; tries++) {
    if (colonAddress(text, k, e, out)) break;
    const next = text.indexOf(':', k);
    // "IPv6:::ffff:…": the label's colon followed by an address's "::".
    if (next === -1 || next >= e || (codeAt(text, next + 1) === 58 && codeAt(text, next + 2) !== 58)) break;
    k = next + 1;
  }
  return end;
}

export function detectNetwork(text: string): Detection[] {
  const out: Detection[] = [];
  // Dotted: IPv4 and Cisco MACs.
  let from = 0;
  for (;;) {
    const dot = text.indexOf('.', from);
    if (dot === -1) break;
    from = dot + 1;
    if (isDigit(codeAt(text, dot - 1))) {
      const span = ipv4At(text, dot);
      if (span) {
        out.push(detection(NETWORK_CODES.ipv4, span[0], span[1], 0.9, 'low'));
        from = span[1];
        continue;
      }
    }
    if (isHex(codeAt(text, dot - 1)) && codeAt(text, dot + 5) === 46) {
      const span = ciscoMacAt(text, dot);
      if (span) {
        out.push(detection(NETWORK_CODES.mac, span[0], span[1], 0.85, 'low'));
        from = span[1];
      }
    }
  }
  // Colon forms: IPv6 and MACs.
  from = 0;
  for (;;) {
    const colon = text.indexOf(':', from);
    if (colon === -1) break;
    from = colonAddressAt(text, colon, out);
  }
  // Dashed MACs.
  from = 0;
  for (;;) {
    const dash = text.indexOf('-', from);
    if (dash === -1) break;
    from = dash + 1;
    if (codeAt(text, dash + 3) !== 45 || !isHex(codeAt(text, dash - 1))) continue;
    const span = dashMacAt(text, dash);
    if (span) {
      out.push(detection(NETWORK_CODES.mac, span[0], span[1], 0.9, 'low'));
      from = span[1];
    }
  }
  return out;
}

export const networkDetector: Detector = { id: 'pii-network', kind: 'pii', codes: Object.values(NETWORK_CODES), detect: detectNetwork };
