import { BulwarkError, type Severity } from '../../core/index.js';
import type { ScanFinding } from '../report/index.js';
import { isRecord, parseJsonText, parseYamlText } from './safe-parse.js';

const RANK: Record<Severity, number> = { info: 0, low: 1, medium: 2, high: 3, critical: 4 };

/** The red line: which findings break the build (exit 1). */
export interface RedLine {
  /** Lowest failing severity; undefined = none (only malicious packages fail). */
  failOn?: Severity;
  /** EPSS probability at or above which a vulnerability fails. */
  failOnEpss?: number;
  failOnKev: boolean;
}

export interface IgnoreEntry {
  /** Advisory id or alias (GHSA-…, CVE-…, PYSEC-…), or a finding code (DEPS_LICENSE_DENIED …). */
  id: string;
  /** Limits the entry to one package ("name" or "name@version"). */
  package?: string;
  reason: string;
  /** As written (YYYY-MM-DD or ISO timestamp). */
  expires: string;
  /** Epoch ms after which the entry no longer applies (a date means through the end of that day, UTC). */
  expiresAt: number;
}

/**
 * Ignore file, YAML or JSON: `ignore: [{ id, package?, reason, expires }]` (or the list alone).
 * Every entry needs a reason and an expiry, so that no exception is silent or permanent.
 */
export function parseIgnoreFile(text: string, what: string): IgnoreEntry[] {
  let doc: unknown;
  try {
    doc = what.endsWith('.json') ? parseJsonText(text, what) : parseYamlText(text, what);
  } catch (err) {
    if (err instanceof BulwarkError && err.code === 'DEPS_JSON_TOO_DEEP') throw err;
    throw new BulwarkError('DEPS_IGNORE_INVALID', `${what}: ${(err as Error).message}`);
  }
  if (doc === null || doc === undefined) return [];
  const list = Array.isArray(doc) ? doc : isRecord(doc) ? doc.ignore : undefined;
  if (list === undefined || list === null) return [];
  if (!Array.isArray(list)) throw new BulwarkError('DEPS_IGNORE_INVALID', `${what}: "ignore" must be a list`);
  return list.map((e, i) => {
    const where = `${what}: ignore[${i}]`;
    if (!isRecord(e)) throw new BulwarkError('DEPS_IGNORE_INVALID', `${where} is not a mapping`);
    const id = e.id;
    if (typeof id !== 'string' || id.trim() === '') throw new BulwarkError('DEPS_IGNORE_INVALID', `${where} has no "id"`);
    if (typeof e.reason !== 'string' || e.reason.trim() === '') throw new BulwarkError('DEPS_IGNORE_INVALID', `${where} (${id.slice(0, 60)}) has no "reason"`);
    const raw = e.expires instanceof Date ? e.expires.toISOString().slice(0, 10) : e.expires;
    if (typeof raw !== 'string') throw new BulwarkError('DEPS_IGNORE_INVALID', `${where} (${id.slice(0, 60)}) has no "expires" date`);
    const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(raw);
    const t = Date.parse(dateOnly ? `${raw}T00:00:00Z` : raw);
    if (Number.isNaN(t)) throw new BulwarkError('DEPS_IGNORE_INVALID', `${where} (${id.slice(0, 60)}): "expires" is not a date (YYYY-MM-DD)`);
    if (e.package !== undefined && typeof e.package !== 'string') throw new BulwarkError('DEPS_IGNORE_INVALID', `${where}: "package" must be a string`);
    return { id: id.trim(), ...(typeof e.package === 'string' ? { package: e.package } : {}), reason: e.reason.trim().slice(0, 500), expires: raw, expiresAt: dateOnly ? t + 86_400_000 : t };
  });
}

function entryMatches(e: IgnoreEntry, f: ScanFinding): boolean {
  const ids = [f.code, ...(f.references ?? [])];
  if (!ids.includes(e.id)) return false;
  if (e.package === undefined) return true;
  const name = typeof f.properties?.package === 'string' ? f.properties.package : undefined;
  const version = typeof f.properties?.version === 'string' ? f.properties.version : undefined;
  return e.package === name || e.package === `${name}@${version}` || e.package === f.subject;
}

/**
 * Sets `failing` on every finding. Malicious packages always fail, and no ignore entry can
 * excuse them. Otherwise a finding fails at or above `failOn`, or a vulnerability whose EPSS
 * is at or above `failOnEpss`, or one in KEV with `failOnKev`; a live ignore entry then excuses
 * it. Expired entries excuse nothing and are reported so they get renewed or removed.
 */
export function applyRedLine(findings: ScanFinding[], redLine: RedLine, ignores: IgnoreEntry[], now: number): ScanFinding[] {
  const used = new Set<IgnoreEntry>();
  const out: ScanFinding[] = findings.map((f) => {
    const malicious = f.code === 'DEPS_MALICIOUS';
    const epss = typeof f.properties?.epss === 'number' ? f.properties.epss : undefined;
    let failing =
      malicious ||
      (redLine.failOn !== undefined && RANK[f.severity] >= RANK[redLine.failOn]) ||
      (redLine.failOnEpss !== undefined && epss !== undefined && epss >= redLine.failOnEpss) ||
      (redLine.failOnKev && f.properties?.kev === true);
    const entry = ignores.find((e) => entryMatches(e, f));
    const props: Record<string, unknown> = { ...(f.properties ?? {}) };
    if (entry) {
      used.add(entry);
      if (entry.expiresAt <= now) props.ignoreExpired = { reason: entry.reason, expires: entry.expires };
      else if (malicious) props.ignoreRefused = 'a malicious package cannot be ignored';
      else {
        failing = false;
        props.ignored = { reason: entry.reason, expires: entry.expires };
      }
    }
    return { ...f, failing, properties: props };
  });
  for (const e of ignores) {
    if (e.expiresAt > now || !used.has(e)) continue;
    out.push({
      code: 'DEPS_IGNORE_EXPIRED',
      severity: 'info',
      title: `ignore entry for ${e.id} expired on ${e.expires}`,
      message: `The ignore entry for ${e.id}${e.package ? ` (${e.package})` : ''} ("${e.reason}") expired on ${e.expires}; the finding counts again. Fix it, or renew the entry with a new reason and date.`,
      subject: e.package ?? e.id,
      location: {},
      references: [e.id],
      failing: false,
    });
  }
  return out;
}
