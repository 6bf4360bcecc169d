/**
 * Internal network names that should not leave the company: private IPv4 ranges (RFC 1918),
 * shared address space (RFC 6598), link-local (RFC 3927), IPv6 unique-local (RFC 4193), hostnames
 * under internal suffixes (RFC 6762 .local, RFC 8375 home.arpa, and the configured domains), and
 * URLs pointing at either.
 */
export interface InternalMatch {
  code: 'RELEASE_INTERNAL_URL' | 'RELEASE_INTERNAL_HOST' | 'RELEASE_INTERNAL_ADDRESS';
  start: number;
  end: number;
}

export interface InternalMatcher {
  find(text: string): InternalMatch[];
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export function isPrivateIpv4(ip: string): boolean {
  const p = ip.split('.').map(Number);
  if (p.length !== 4 || p.some((n) => !Number.isInteger(n) || n < 0 || n > 255)) return false;
  const [a, b] = p as [number, number, number, number];
  return a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 100 && b >= 64 && b <= 127) || (a === 169 && b === 254);
}

export function createInternalMatcher(domains: readonly string[], patterns: readonly string[]): InternalMatcher {
  const suffixes = domains.map((d) => escape(d.replace(/^\.+/, '').toLowerCase())).join('|');
  const host = suffixes === '' ? undefined : new RegExp(`(?<![\\w.-])((?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\\.)+(?:${suffixes}))(?![\\w-]|\\.[a-z0-9])`, 'gi');
  const url = /\b(?:https?|wss?|ftp|ssh|git|jdbc:[a-z]+|redis|postgres(?:ql)?|mysql|mongodb(?:\+srv)?|amqp):\/\/(?:[^\s/@'"<>]*@)?([^\s/:'"<>?#\]]+|\[[0-9a-f:]+\])(?::\d+)?[^\s'"<>)\]]*/gi;
  const ipv4 = /(?<![\d.])(\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3})(?![\d]|\.\d)/g;
  const ula = /(?<![0-9a-f:])(f[cd][0-9a-f]{2}:[0-9a-f:]{2,})(?![0-9a-f:])/gi;
  const extra = patterns.map((p) => new RegExp(p, 'g'));
  const hostMatch = host === undefined ? undefined : new RegExp(`^(?:[a-z0-9-]+\\.)*(?:${suffixes})$`, 'i');
  const internalHost = (h: string) => (hostMatch?.test(h) ?? false) || isPrivateIpv4(h) || /^\[?f[cd][0-9a-f]{2}:/i.test(h);

  return {
    find(text) {
      const out: InternalMatch[] = [];
      const covered: [number, number][] = [];
      const inside = (s: number) => covered.some(([a, b]) => s >= a && s < b);
      for (const m of text.matchAll(url)) {
        if (internalHost(m[1]!.toLowerCase())) {
          out.push({ code: 'RELEASE_INTERNAL_URL', start: m.index, end: m.index + m[0].length });
          covered.push([m.index, m.index + m[0].length]);
        }
      }
      for (const re of extra) {
        for (const m of text.matchAll(re)) {
          if (m[0].length === 0 || inside(m.index)) continue;
          out.push({ code: 'RELEASE_INTERNAL_HOST', start: m.index, end: m.index + m[0].length });
          covered.push([m.index, m.index + m[0].length]);
          if (out.length > 10_000) return out;
        }
      }
      if (host) for (const m of text.matchAll(host)) if (!inside(m.index)) out.push({ code: 'RELEASE_INTERNAL_HOST', start: m.index, end: m.index + m[0].length });
      for (const m of text.matchAll(ipv4)) if (!inside(m.index) && isPrivateIpv4(m[1]!)) out.push({ code: 'RELEASE_INTERNAL_ADDRESS', start: m.index, end: m.index + m[0].length });
      for (const m of text.matchAll(ula)) if (!inside(m.index) && m[1]!.split(':').length >= 3) out.push({ code: 'RELEASE_INTERNAL_ADDRESS', start: m.index, end: m.index + m[0].length });
      return out;
    },
  };
}
