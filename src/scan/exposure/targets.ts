import { BulwarkError } from '../../core/index.js';
import { bigIntToIpv6, familyOf, intToIpv4, ipv4ToInt, ipv6ToBigInt, type Family } from './address.js';

/** Target syntax → specs → (address, port) pairs. Pure: name resolution is the caller's. */

export type TargetSpec =
  | { kind: 'address'; text: string; address: string; family: Family; port?: number }
  | { kind: 'cidr'; text: string; base: string; prefix: number; family: Family; port?: number }
  | { kind: 'name'; text: string; name: string; port?: number };

export interface Endpoint {
  host: string;
  port: number;
  /** The spec it came from, for messages. */
  from: string;
  /** The host name the address was resolved from: sent as the Host header (virtual hosts). */
  name?: string;
}

const HOSTNAME = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*\.?$/i;

function invalid(text: string, why: string): BulwarkError {
  return new BulwarkError('EXPOSURE_TARGET_INVALID', `target "${text.slice(0, 100)}": ${why}`);
}

export function parsePort(text: string, where: string): number {
  if (!/^\d{1,5}$/.test(text)) throw invalid(where, `port "${text.slice(0, 20)}" is not a number`);
  const n = Number(text);
  if (n < 1 || n > 65_535) throw invalid(where, `port ${n} is out of range 1-65535`);
  return n;
}

/** "11434,8000-8010" → sorted unique ports; ranges limited so a typo cannot mean 65k probes per host. */
export function parsePortList(text: string): number[] {
  const out = new Set<number>();
  for (const part of text.split(',')) {
    const p = part.trim();
    if (p === '') continue;
    const range = /^(\d+)-(\d+)$/.exec(p);
    if (range) {
      const a = parsePort(range[1]!, `--ports ${text}`);
      const b = parsePort(range[2]!, `--ports ${text}`);
      if (b < a) throw invalid(`--ports ${text}`, `range ${p} is reversed`);
      for (let i = a; i <= b; i++) out.add(i);
    } else out.add(parsePort(p, `--ports ${text}`));
  }
  if (out.size === 0) throw invalid(`--ports ${text}`, 'no port given');
  return [...out].sort((x, y) => x - y);
}

export function parseTarget(raw: string): TargetSpec {
  const text = raw.trim();
  if (text === '') throw invalid(raw, 'empty');
  if (text.length > 300) throw invalid(text, 'too long');
  if (/[\s/\\?#@]/.test(text.replace(/\/\d{1,3}$/, ''))) throw invalid(text, 'expected host, host:port, an IP address or a CIDR block (no URLs)');
  // [v6] or [v6]:port (RFC 3986 §3.2.2 brackets an IPv6 literal that carries a port)
  const bracket = /^\[([^\]]+)\](?::(\d+))?$/.exec(text);
  if (bracket) {
    const address = bracket[1]!;
    if (familyOf(address) !== 6) throw invalid(text, 'brackets must hold an IPv6 address');
    return { kind: 'address', text, address: bigIntToIpv6(ipv6ToBigInt(address)), family: 6, ...(bracket[2] !== undefined ? { port: parsePort(bracket[2], text) } : {}) };
  }
  const cidr = /^([^/]+)\/(\d{1,3})$/.exec(text);
  if (cidr) {
    const base = cidr[1]!;
    const family = familyOf(base);
    if (family === undefined) throw invalid(text, 'a CIDR block needs an IP address before the /');
    const prefix = Number(cidr[2]);
    if (prefix > (family === 4 ? 32 : 128)) throw invalid(text, `prefix /${prefix} is too long for IPv${family}`);
    return { kind: 'cidr', text, base, prefix, family };
  }
  const family = familyOf(text);
  if (family !== undefined) return { kind: 'address', text, address: family === 6 ? bigIntToIpv6(ipv6ToBigInt(text)) : text, family };
  const colon = text.lastIndexOf(':');
  const host = colon >= 0 ? text.slice(0, colon) : text;
  const port = colon >= 0 ? parsePort(text.slice(colon + 1), text) : undefined;
  if (host.includes(':')) throw invalid(text, 'write an IPv6 address with a port as [address]:port');
  const hostFamily = familyOf(host);
  if (hostFamily !== undefined) return { kind: 'address', text, address: host, family: hostFamily, ...(port !== undefined ? { port } : {}) };
  if (/^[\d.]+$/.test(host)) throw invalid(text, 'not a valid IPv4 address');
  if (!HOSTNAME.test(host)) throw invalid(text, 'not a valid host name');
  return { kind: 'name', text, name: host.toLowerCase().replace(/\.$/, ''), ...(port !== undefined ? { port } : {}) };
}

/** A targets file: one target per line, blank lines and # comments ignored. */
export function parseTargetsFile(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.replace(/#.*$/, '').trim())
    .filter((l) => l !== '');
}

/** How many addresses a spec stands for (a name counts as one until resolved). */
export function addressCount(spec: TargetSpec): bigint {
  if (spec.kind !== 'cidr') return 1n;
  const bits = (spec.family === 4 ? 32 : 128) - spec.prefix;
  const all = 1n << BigInt(bits);
  // A v4 block of /30 or wider: the network and broadcast addresses are not hosts.
  return spec.family === 4 && bits >= 2 ? all - 2n : all;
}

/** The addresses of a CIDR block (caller has checked the count). */
export function expandCidr(spec: Extract<TargetSpec, { kind: 'cidr' }>): string[] {
  const bits = (spec.family === 4 ? 32 : 128) - spec.prefix;
  const out: string[] = [];
  if (spec.family === 4) {
    const mask = bits === 32 ? 0 : (~0 << bits) >>> 0;
    const base = (ipv4ToInt(spec.base) & mask) >>> 0;
    const size = 2 ** bits;
    const [first, last] = bits >= 2 ? [1, size - 2] : [0, size - 1];
    for (let i = first; i <= last; i++) out.push(intToIpv4(base + i));
    return out;
  }
  const size = 1n << BigInt(bits);
  const base = ipv6ToBigInt(spec.base) & ~(size - 1n);
  for (let i = 0n; i < size; i++) out.push(bigIntToIpv6(base + i));
  return out;
}

/**
 * Specs × ports → endpoints, in an order that interleaves hosts (host1:p1, host2:p1, …) so
 * concurrency spreads over many hosts instead of hammering one.
 */
export function endpointsFor(hosts: readonly { host: string; port?: number; from: string; name?: string }[], ports: readonly number[]): Endpoint[] {
  const seen = new Set<string>();
  const perHost: Endpoint[][] = [];
  for (const h of hosts) {
    const list: Endpoint[] = [];
    for (const port of h.port !== undefined ? [h.port] : ports) {
      const key = `${h.host}|${port}`;
      if (seen.has(key)) continue;
      seen.add(key);
      list.push({ host: h.host, port, from: h.from, ...(h.name !== undefined ? { name: h.name } : {}) });
    }
    if (list.length > 0) perHost.push(list);
  }
  const out: Endpoint[] = [];
  for (let i = 0; perHost.some((l) => i < l.length); i++) for (const l of perHost) if (i < l.length) out.push(l[i]!);
  return out;
}

/** "host:port" with IPv6 bracketed. */
export function endpointText(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}
