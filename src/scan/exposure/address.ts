import { isIPv4, isIPv6 } from 'node:net';

/** IPv4/IPv6 arithmetic for target expansion and the public-address check. Pure. */

export type Family = 4 | 6;

export function ipv4ToInt(address: string): number {
  return address.split('.').reduce((n, part) => n * 256 + Number(part), 0);
}

export function intToIpv4(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

/** Expands "::" and embedded IPv4 tails into eight groups, then into one 128-bit number. */
export function ipv6ToBigInt(address: string): bigint {
  let text = address.toLowerCase();
  const zone = text.indexOf('%');
  if (zone >= 0) text = text.slice(0, zone);
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (v4) {
    const n = ipv4ToInt(v4[1]!);
    text = `${text.slice(0, v4.index)}${(n >>> 16).toString(16)}:${(n & 0xffff).toString(16)}`;
  }
  const [head, tail] = text.includes('::') ? (text.split('::') as [string, string]) : [text, undefined];
  const h = head === '' ? [] : head.split(':');
  const t = tail === undefined || tail === '' ? [] : tail.split(':');
  const groups = tail === undefined ? h : [...h, ...Array<string>(8 - h.length - t.length).fill('0'), ...t];
  return groups.reduce((n, g) => (n << 16n) | BigInt(parseInt(g, 16)), 0n);
}

export function bigIntToIpv6(n: bigint): string {
  const groups: string[] = [];
  for (let i = 7; i >= 0; i--) groups.push(((n >> BigInt(i * 16)) & 0xffffn).toString(16));
  // RFC 5952 §4.2: the longest run (of two or more) of zero groups becomes "::".
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== '0') {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === '0') j++;
    if (j - i > bestLen) {
      best = i;
      bestLen = j - i;
    }
    i = j;
  }
  if (best < 0) return groups.join(':');
  return `${groups.slice(0, best).join(':')}::${groups.slice(best + bestLen).join(':')}`;
}

export function familyOf(address: string): Family | undefined {
  if (isIPv4(address)) return 4;
  if (isIPv6(address)) return 6;
  return undefined;
}

const V4_NOT_PUBLIC: readonly [string, number][] = [
  ['0.0.0.0', 8], // "this network" (RFC 1122)
  ['10.0.0.0', 8], // RFC 1918
  ['100.64.0.0', 10], // carrier-grade NAT (RFC 6598)
  ['127.0.0.0', 8], // loopback
  ['169.254.0.0', 16], // link-local (RFC 3927)
  ['172.16.0.0', 12], // RFC 1918
  ['192.0.0.0', 24], // IETF protocol assignments (RFC 6890)
  ['192.168.0.0', 16], // RFC 1918
  ['198.18.0.0', 15], // benchmarking (RFC 2544)
];

function inV4(address: string, [base, prefix]: readonly [string, number]): boolean {
  const mask = prefix === 0 ? 0 : (~0 << (32 - prefix)) >>> 0;
  return ((ipv4ToInt(address) & mask) >>> 0) === ((ipv4ToInt(base) & mask) >>> 0);
}

/**
 * Whether an address is routable on the internet (so scanning it needs --allow-public). Private,
 * loopback, link-local, CGNAT and unique-local ranges are not; everything else is.
 */
export function isPublicAddress(address: string): boolean {
  const family = familyOf(address);
  if (family === 4) return !V4_NOT_PUBLIC.some((r) => inV4(address, r));
  if (family !== 6) return true;
  const n = ipv6ToBigInt(address);
  if (n === 1n || n === 0n) return false; // ::1, ::
  if (n >> 96n === 0n || n >> 32n === 0xffffn) return isPublicAddress(intToIpv4(Number(n & 0xffffffffn))); // IPv4-compatible / -mapped
  const top = Number(n >> 112n);
  if ((top & 0xfe00) === 0xfc00) return false; // fc00::/7 unique local (RFC 4193)
  if ((top & 0xffc0) === 0xfe80) return false; // fe80::/10 link-local
  return true;
}

export function isLoopback(address: string): boolean {
  const family = familyOf(address);
  if (family === 4) return address.startsWith('127.');
  if (family === 6) {
    const n = ipv6ToBigInt(address);
    return n === 1n || (n >> 32n === 0xffffn && Number((n >> 24n) & 0xffn) === 127);
  }
  return false;
}
