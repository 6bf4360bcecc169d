import semver from 'semver';
import { comparePep440, normalizePypiName, parsePep440, type Pep440Version } from './pep440.js';
import type { Ecosystem } from './types.js';

/** The parts of an OSV record (https://ossf.github.io/osv-schema/) the scanner uses. */
export interface OsvEvent {
  introduced?: string;
  fixed?: string;
  last_affected?: string;
  limit?: string;
}
export interface OsvRange {
  type: string;
  events: OsvEvent[];
}
export interface OsvAffected {
  ecosystem: string;
  name: string;
  ranges: OsvRange[];
  versions: string[];
}
export interface OsvSeverity {
  type: string;
  score: string;
}
export interface OsvAdvisory {
  id: string;
  modified: string;
  published?: string;
  withdrawn?: string;
  aliases: string[];
  summary?: string;
  severity: OsvSeverity[];
  /** database_specific.severity (GHSA: LOW, MODERATE, HIGH, CRITICAL). */
  databaseSeverity?: string;
  references: string[];
  affected: OsvAffected[];
}

const MAX_TEXT = 1024;

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

function arr(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

/**
 * Reads an OSV record from parsed JSON. Returns a string naming the problem when a required field
 * (id, modified, affected[].package) is missing or mistyped; unknown fields are ignored, as the
 * schema asks of consumers.
 */
export function readOsvAdvisory(json: unknown): OsvAdvisory | string {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return 'not a JSON object';
  const o = json as Record<string, unknown>;
  const id = str(o.id);
  if (id === undefined || id === '' || id.length > 200) return 'missing "id"';
  const modified = str(o.modified);
  if (modified === undefined) return `${id}: missing "modified"`;
  if (o.affected !== undefined && !Array.isArray(o.affected)) return `${id}: "affected" is not an array`;
  const affected: OsvAffected[] = [];
  for (const [i, a] of arr(o.affected).entries()) {
    if (typeof a !== 'object' || a === null) return `${id}: affected[${i}] is not an object`;
    const pkg = (a as Record<string, unknown>).package as Record<string, unknown> | undefined;
    const ecosystem = str(pkg?.ecosystem);
    const name = str(pkg?.name);
    if (pkg === undefined) continue; // allowed by the schema for GIT-only records
    if (ecosystem === undefined || name === undefined) return `${id}: affected[${i}].package needs "ecosystem" and "name"`;
    const ranges: OsvRange[] = [];
    for (const r of arr((a as Record<string, unknown>).ranges)) {
      const rr = r as Record<string, unknown> | null;
      const type = str(rr?.type);
      if (type === undefined || !Array.isArray(rr?.events)) return `${id}: affected[${i}].ranges needs "type" and "events"`;
      const events: OsvEvent[] = [];
      for (const e of rr.events as unknown[]) {
        const ee = (e ?? {}) as Record<string, unknown>;
        const ev: OsvEvent = {};
        for (const k of ['introduced', 'fixed', 'last_affected', 'limit'] as const) {
          const s = str(ee[k]);
          if (s !== undefined) ev[k] = s;
        }
        if (Object.keys(ev).length !== 1) return `${id}: affected[${i}] has an event without exactly one of introduced/fixed/last_affected/limit`;
        events.push(ev);
      }
      ranges.push({ type, events });
    }
    const versions = arr((a as Record<string, unknown>).versions).filter((v): v is string => typeof v === 'string');
    affected.push({ ecosystem, name, ranges, versions });
  }
  const severity: OsvSeverity[] = [];
  for (const s of arr(o.severity)) {
    const type = str((s as Record<string, unknown> | null)?.type);
    const score = str((s as Record<string, unknown> | null)?.score);
    if (type !== undefined && score !== undefined) severity.push({ type, score: score.slice(0, MAX_TEXT) });
  }
  const dbs = str((o.database_specific as Record<string, unknown> | undefined)?.severity);
  const published = str(o.published);
  const withdrawn = str(o.withdrawn);
  const summary = str(o.summary);
  return {
    id,
    modified,
    ...(published !== undefined ? { published } : {}),
    ...(withdrawn !== undefined ? { withdrawn } : {}),
    aliases: arr(o.aliases).filter((a): a is string => typeof a === 'string' && a.length <= 200),
    ...(summary !== undefined ? { summary: summary.slice(0, MAX_TEXT) } : {}),
    severity,
    ...(dbs !== undefined ? { databaseSeverity: dbs } : {}),
    references: arr(o.references)
      .map((r) => str((r as Record<string, unknown> | null)?.url))
      .filter((u): u is string => u !== undefined && /^https?:\/\//.test(u))
      .slice(0, 20),
    affected,
  };
}

/** The key a package is stored and looked up under: PyPI names are PEP 503-normalised. */
export function packageKey(ecosystem: string, name: string): string {
  return ecosystem === 'PyPI' ? normalizePypiName(name) : name;
}

// ---------------------------------------------------------------- version ordering

/** A parsed version that orders within its ecosystem; undefined when the text is not a version there. */
export interface VersionOrder<T> {
  parse(text: string): T | undefined;
  compare(a: T, b: T): number;
}

const SEMVER_ORDER: VersionOrder<semver.SemVer> = {
  parse(text) {
    if (text.length > 256) return undefined;
    return semver.parse(text) ?? semver.parse(text, { loose: true }) ?? undefined;
  },
  compare: (a, b) => semver.compare(a, b),
};

const PEP440_ORDER: VersionOrder<Pep440Version> = { parse: parsePep440, compare: comparePep440 };

/**
 * npm versions order by SemVer 2.0.0 (OSV uses SEMVER ranges, and GHSA's ECOSYSTEM ranges for npm
 * follow the same order); PyPI versions by PEP 440.
 */
export function versionOrder(ecosystem: Ecosystem): VersionOrder<unknown> {
  return (ecosystem === 'PyPI' ? PEP440_CACHED : SEMVER_CACHED) as VersionOrder<unknown>;
}

/**
 * Parsing dominates matching (the same event versions are parsed for every package and every
 * upgrade candidate), so parses are memoised; the cache is dropped when it grows past a bound.
 */
function cached<T>(order: VersionOrder<T>): VersionOrder<T> {
  const memo = new Map<string, T | null>();
  return {
    parse(text) {
      let v = memo.get(text);
      if (v === undefined) {
        if (memo.size > 200_000) memo.clear();
        v = order.parse(text) ?? null;
        memo.set(text, v);
      }
      return v ?? undefined;
    },
    compare: order.compare,
  };
}
const SEMVER_CACHED = cached(SEMVER_ORDER);
const PEP440_CACHED = cached(PEP440_ORDER);

export function compareVersions(ecosystem: Ecosystem, a: string, b: string): number | undefined {
  const order = versionOrder(ecosystem);
  const x = order.parse(a);
  const y = order.parse(b);
  if (x === undefined || y === undefined) return undefined;
  return order.compare(x, y);
}

// ---------------------------------------------------------------- OSV evaluation

/**
 * The OSV schema's evaluation ("Evaluation" pseudocode in docs/schema.md): affected when the
 * version is listed in `versions`, or lies in a range: inside the range's limits (no `limit` →
 * unlimited; otherwise below some limit), and, walking the events sorted by version, the last
 * event that applies is an `introduced` ("0" is before everything). `fixed` ends the range at
 * that version (exclusive), `last_affected` after it (inclusive). GIT ranges name commits, not
 * versions, and are skipped.
 */
export function isAffected(ecosystem: Ecosystem, version: string, affected: OsvAffected): boolean {
  const order = versionOrder(ecosystem);
  const v = order.parse(version);
  for (const listed of affected.versions) {
    if (listed === version) return true;
    if (v !== undefined) {
      const l = order.parse(listed);
      if (l !== undefined && order.compare(v, l) === 0) return true;
    }
  }
  if (v === undefined) return false;
  for (const range of affected.ranges) {
    if (range.type !== 'SEMVER' && range.type !== 'ECOSYSTEM') continue;
    if (inRange(order, v, range.events)) return true;
  }
  return false;
}

interface Sorted<T> {
  e: OsvEvent;
  at: T | 'zero';
}

function inRange<T>(order: VersionOrder<T>, v: T, events: OsvEvent[]): boolean {
  const parsed: Sorted<T>[] = [];
  for (const e of events) {
    const text = e.introduced ?? e.fixed ?? e.last_affected ?? e.limit ?? '';
    if (e.introduced === '0') {
      parsed.push({ e, at: 'zero' });
      continue;
    }
    const at = order.parse(text);
    if (at !== undefined) parsed.push({ e, at });
  }
  const limits = parsed.filter((p) => p.e.limit !== undefined);
  if (limits.length > 0 && !limits.some((p) => p.at !== 'zero' && order.compare(v, p.at) < 0)) return false;
  parsed.sort((a, b) => (a.at === 'zero' ? (b.at === 'zero' ? 0 : -1) : b.at === 'zero' ? 1 : order.compare(a.at, b.at)));
  let vulnerable = false;
  for (const { e, at } of parsed) {
    if (e.introduced !== undefined) {
      if (at === 'zero' || order.compare(v, at) >= 0) vulnerable = true;
    } else if (e.fixed !== undefined) {
      if (at !== 'zero' && order.compare(v, at) >= 0) vulnerable = false;
    } else if (e.last_affected !== undefined) {
      if (at !== 'zero' && order.compare(v, at) > 0) vulnerable = false;
    }
  }
  return vulnerable;
}

/** The `fixed` versions an affected entry names, in ecosystem order. */
export function fixedVersions(ecosystem: Ecosystem, affected: OsvAffected): string[] {
  const out = new Set<string>();
  for (const r of affected.ranges) {
    if (r.type !== 'SEMVER' && r.type !== 'ECOSYSTEM') continue;
    for (const e of r.events) if (e.fixed !== undefined) out.add(e.fixed);
  }
  return sortVersions(ecosystem, [...out]);
}

export function sortVersions(ecosystem: Ecosystem, versions: string[]): string[] {
  const order = versionOrder(ecosystem);
  const parsed = versions.map((text) => ({ text, v: order.parse(text) })).filter((p) => p.v !== undefined);
  parsed.sort((a, b) => order.compare(a.v, b.v));
  return parsed.map((p) => p.text);
}
