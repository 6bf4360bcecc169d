import type { Advisory, Capability, Condition, ConditionGroups, ServiceFingerprint } from './data.js';

/**
 * Pure matching of probe answers against the fingerprint data: no I/O. The engine asks which
 * request is needed next, sends it, and asks again, so only the requests a decision needs are
 * ever sent.
 */

export interface ProbeResponse {
  /** "GET /path" or "REDIS PING". */
  request: string;
  /** HTTP status; 0 for Redis. */
  status: number;
  /** Lower-case names. */
  headers: Readonly<Record<string, string>>;
  /** The (possibly capped) body as text; a Redis reply as received. */
  body: string;
}

/** What the engine has learned: a response, or null when the request failed. */
export type Lookup = (request: string) => ProbeResponse | null | undefined;

export type Decision = { kind: 'yes' } | { kind: 'no' } | { kind: 'need'; request: string };

const jsonCache = new WeakMap<ProbeResponse, { value: unknown } | null>();

/** The body parsed as JSON, or undefined (bodies that are not JSON are common and not an error). */
export function jsonOf(r: ProbeResponse): unknown {
  let cached = jsonCache.get(r);
  if (cached === undefined) {
    const text = r.body.trimStart();
    cached = null;
    if (text.startsWith('{') || text.startsWith('[') || text.startsWith('"')) {
      try {
        cached = { value: JSON.parse(text) };
      } catch {
        cached = null;
      }
    }
    jsonCache.set(r, cached);
  }
  return cached?.value;
}

/** "a.b.0.c" into parsed JSON; "" is the value itself. Own properties only. */
export function jsonPath(value: unknown, path: string): unknown {
  if (path === '') return value;
  let v = value;
  for (const key of path.split('.')) {
    if (v === null || typeof v !== 'object') return undefined;
    if (Array.isArray(v)) {
      if (!/^\d+$/.test(key)) return undefined;
      v = v[Number(key)];
    } else {
      if (!Object.hasOwn(v, key)) return undefined;
      v = (v as Record<string, unknown>)[key];
    }
  }
  return v;
}

function typeOf(v: unknown): string {
  return Array.isArray(v) ? 'array' : v === null ? 'null' : typeof v;
}

/** Regexes from the data file are compiled once; inputs are capped by the engine. */
const regexCache = new Map<string, RegExp>();
function regex(source: string): RegExp {
  let r = regexCache.get(source);
  if (!r) {
    r = new RegExp(source, 'm');
    regexCache.set(source, r);
  }
  return r;
}

export function conditionHolds(c: Condition, r: ProbeResponse): boolean {
  if (c.status !== undefined && !c.status.includes(r.status)) return false;
  if (c.bodyIncludes !== undefined && !r.body.includes(c.bodyIncludes)) return false;
  if (c.bodyMatches !== undefined && !regex(c.bodyMatches).test(r.body)) return false;
  if (c.header !== undefined) {
    const h = r.headers[c.header.name];
    if (c.header.present === true && h === undefined) return false;
    if (c.header.present === false && h !== undefined) return false;
    if (c.header.includes !== undefined && (h === undefined || !h.toLowerCase().includes(c.header.includes.toLowerCase()))) return false;
  }
  if (c.json !== undefined) {
    const v = jsonPath(jsonOf(r), c.json.path);
    if (v === undefined) return false;
    if (c.json.type !== undefined && typeOf(v) !== c.json.type) return false;
    if (c.json.equals !== undefined && v !== c.json.equals) return false;
    if (c.json.matches !== undefined && (typeof v !== 'string' || !regex(c.json.matches).test(v))) return false;
  }
  return true;
}

/** Any group whose conditions all hold. Asks for the first unanswered request it needs. */
export function decide(groups: ConditionGroups | undefined, lookup: Lookup): Decision {
  if (!groups) return { kind: 'no' };
  for (const group of groups) {
    let ok = true;
    for (const c of group) {
      const r = lookup(c.request);
      if (r === undefined) return { kind: 'need', request: c.request };
      if (r === null || !conditionHolds(c, r)) {
        ok = false;
        break;
      }
    }
    if (ok) return { kind: 'yes' };
  }
  return { kind: 'no' };
}

export type AuthState = 'none' | 'required' | 'unknown';

export interface Identification {
  service: ServiceFingerprint;
  version?: string;
  auth: AuthState;
  postures: { code: string; severity: ServiceFingerprint['severity']; title: string; capabilities: Capability[] }[];
}

export type Step<T> = { done: T } | { need: string };

/** Authentication, version and postures of an identified service. */
export function describe(service: ServiceFingerprint, lookup: Lookup): Step<Identification> {
  const required = decide(service.auth.required, lookup);
  if (required.kind === 'need') return { need: required.request };
  let auth: AuthState = 'required';
  if (required.kind === 'no') {
    const open = decide(service.auth.open, lookup);
    if (open.kind === 'need') return { need: open.request };
    auth = open.kind === 'yes' ? 'none' : 'unknown';
  }
  let version: string | undefined;
  for (const v of service.version ?? []) {
    const r = lookup(v.request);
    if (r === undefined) return { need: v.request };
    if (r === null || (v.status !== undefined && !v.status.includes(r.status))) continue;
    const value = v.json === undefined ? r.body : jsonPath(jsonOf(r), v.json);
    if (typeof value !== 'string') continue;
    const m = regex(v.matches).exec(value.slice(0, 4096));
    if (m?.[1] !== undefined) {
      version = m[1];
      break;
    }
  }
  const postures: Identification['postures'] = [];
  for (const p of service.postures ?? []) {
    const d = decide(p.when, lookup);
    if (d.kind === 'need') return { need: d.request };
    if (d.kind === 'yes') postures.push({ code: p.code, severity: p.severity, title: p.title, capabilities: p.capabilities });
  }
  return { done: { service, ...(version !== undefined ? { version } : {}), auth, postures } };
}

/**
 * Services in the order they are tried: those whose usual port is this one first, then the
 * rest, catch-alls (generic) last; the data file's order breaks ties.
 */
export function candidateOrder(services: readonly ServiceFingerprint[], port: number, protocol: 'http' | 'redis'): ServiceFingerprint[] {
  const rank = (s: ServiceFingerprint) => (s.generic ? 2 : s.ports.includes(port) || s.protects ? 0 : 1);
  return services.filter((s) => s.protocol === protocol).map((s, i) => ({ s, i })).sort((a, b) => rank(a.s) - rank(b.s) || a.i - b.i).map(({ s }) => s);
}

/** The first service whose identification holds, or null. */
export function identify(services: readonly ServiceFingerprint[], lookup: Lookup): Step<ServiceFingerprint | null> {
  for (const s of services) {
    const d = decide(s.identify, lookup);
    if (d.kind === 'need') return { need: d.request };
    if (d.kind === 'yes') return { done: s };
  }
  return { done: null };
}

// ---------------------------------------------------------------- versions and advisories

/** "v2.19.4 (abc)" → [2, 19, 4]; undefined when there is no dotted number. */
export function parseVersion(text: string): number[] | undefined {
  const m = /(\d+(?:\.\d+){0,3})/.exec(text);
  return m ? m[1]!.split('.').map(Number) : undefined;
}

export function compareVersions(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  return 0;
}

export interface AdvisoryMatch {
  advisory: Advisory;
  /** The fixed version of the range the version fell in, when there is one. */
  fixed?: string;
}

/** Advisories of a service whose ranges hold the version (introduced <= v < fixed). */
export function matchAdvisories(advisories: readonly Advisory[], serviceId: string, version: string | undefined): AdvisoryMatch[] {
  const out: AdvisoryMatch[] = [];
  const v = version === undefined ? undefined : parseVersion(version);
  for (const a of advisories) {
    if (a.service !== serviceId) continue;
    for (const range of a.affected) {
      const everyVersion = range.introduced === undefined && range.fixed === undefined;
      if (!everyVersion && v === undefined) continue;
      if (v !== undefined && range.introduced !== undefined && compareVersions(v, parseVersion(range.introduced)!) < 0) continue;
      if (v !== undefined && range.fixed !== undefined && compareVersions(v, parseVersion(range.fixed)!) >= 0) continue;
      out.push({ advisory: a, ...(range.fixed !== undefined ? { fixed: range.fixed } : {}) });
      break;
    }
  }
  return out;
}
