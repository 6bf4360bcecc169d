import { BulwarkError, type Severity } from '../../core/index.js';
import type { ScanFinding } from '../report/index.js';
import { normalizePypiName } from './pep440.js';
import type { LocatedPackage } from './report.js';
import { formatSpdx, parseSpdx } from './spdx.js';
import { isRecord, parseJsonText } from './safe-parse.js';
import type { DepPackage, Ecosystem } from './types.js';

/**
 * CycloneDX 1.5 JSON (https://cyclonedx.org/docs/1.5/json/). Components are identified by
 * package URL (purl spec: npm scopes as "%40scope" namespaces, PyPI names lower-cased with "-"),
 * and Bulwark's tree position is kept in `bulwark:` properties so a stored SBOM can be rescanned.
 */
export function purlOf(ecosystem: Ecosystem, name: string, version: string): string {
  const enc = (s: string) => encodeURIComponent(s).replace(/%2F/gi, '/');
  if (ecosystem === 'PyPI') return `pkg:pypi/${enc(normalizePypiName(name))}@${enc(version)}`;
  const slash = name.startsWith('@') ? name.indexOf('/') : -1;
  const path = slash > 0 ? `${enc(name.slice(0, slash))}/${encodeURIComponent(name.slice(slash + 1))}` : encodeURIComponent(name);
  return `pkg:npm/${path}@${enc(version)}`;
}

export function parsePurl(purl: string): { ecosystem: Ecosystem; name: string; version: string } | undefined {
  const m = /^pkg:(npm|pypi)\/([^@?#]+)@([^?#]+)/i.exec(purl);
  if (!m) return undefined;
  let name: string;
  let version: string;
  try {
    name = m[2]!.split('/').map(decodeURIComponent).join('/');
    version = decodeURIComponent(m[3]!);
  } catch {
    return undefined;
  }
  if (m[1]!.toLowerCase() === 'pypi') return { ecosystem: 'PyPI', name: normalizePypiName(name), version };
  return { ecosystem: 'npm', name, version };
}

const CDX_SEVERITY: Record<Severity, string> = { critical: 'critical', high: 'high', medium: 'medium', low: 'low', info: 'info' };

export interface CycloneDxOptions {
  serialNumber: string;
  timestamp: string;
  toolVersion: string;
  /** The scanned project, as metadata.component. */
  projectName: string;
  /** Include vulnerabilities (from the report's DEPS_VULNERABLE / DEPS_MALICIOUS findings). */
  vulnerabilities: boolean;
}

export function toCycloneDx(packages: readonly LocatedPackage[], findings: readonly ScanFinding[], options: CycloneDxOptions): Record<string, unknown> {
  const components = new Map<string, Record<string, unknown>>();
  for (const p of packages) {
    const purl = purlOf(p.ecosystem, p.name, p.version);
    if (components.has(purl)) continue;
    const node = p.licence !== undefined ? parseSpdx(p.licence) : undefined;
    const licenses = p.licence === undefined ? undefined : node ? [{ expression: formatSpdx(node) }] : [{ license: { name: p.licence.slice(0, 200) } }];
    components.set(purl, {
      type: 'library',
      'bom-ref': purl,
      name: p.name,
      version: p.version,
      purl,
      ...(licenses ? { licenses } : {}),
      ...(p.dev ? { scope: 'optional' } : {}),
      properties: [
        { name: 'bulwark:ecosystem', value: p.ecosystem },
        { name: 'bulwark:relation', value: p.relation },
        ...(p.parents.length > 0 ? [{ name: 'bulwark:parents', value: p.parents.join(',') }] : []),
        { name: 'bulwark:dev', value: String(p.dev) },
        { name: 'bulwark:lockfile', value: p.path },
      ],
    });
  }
  const bom: Record<string, unknown> = {
    $schema: 'http://cyclonedx.org/schema/bom-1.5.schema.json',
    bomFormat: 'CycloneDX',
    specVersion: '1.5',
    serialNumber: options.serialNumber,
    version: 1,
    metadata: {
      timestamp: options.timestamp,
      tools: { components: [{ type: 'application', name: 'bulwark', version: options.toolVersion }] },
      component: { type: 'application', 'bom-ref': 'project', name: options.projectName },
    },
    components: [...components.values()].sort((a, b) => ((a.purl as string) < (b.purl as string) ? -1 : 1)),
  };
  if (options.vulnerabilities) {
    const vulns: Record<string, unknown>[] = [];
    const index = new Map<string, Record<string, unknown>>();
    for (const f of findings) {
      if (f.code !== 'DEPS_VULNERABLE' && f.code !== 'DEPS_MALICIOUS') continue;
      const props = f.properties ?? {};
      const ref = purlOf(props.ecosystem as Ecosystem, props.package as string, props.version as string);
      const id = f.references?.[0] ?? f.code;
      const existing = index.get(id);
      if (existing) {
        const affects = existing.affects as { ref: string }[];
        if (!affects.some((a) => a.ref === ref)) affects.push({ ref });
        continue;
      }
      const vector = typeof props.cvssVector === 'string' ? props.cvssVector : undefined;
      const rating: Record<string, unknown> = { severity: CDX_SEVERITY[f.severity] };
      if (typeof props.cvssScore === 'number') rating.score = props.cvssScore;
      if (vector !== undefined) {
        rating.method = vector.startsWith('CVSS:4.0') ? 'CVSSv4' : vector.startsWith('CVSS:3.1') ? 'CVSSv31' : 'CVSSv3';
        rating.vector = vector;
      } else rating.method = 'other';
      const v: Record<string, unknown> = {
        'bom-ref': `vuln:${id}`,
        id,
        source: { name: 'OSV', url: `https://osv.dev/vulnerability/${encodeURIComponent(id)}` },
        ...(f.references && f.references.length > 1 ? { references: f.references.slice(1).map((a) => ({ id: a, source: { name: 'OSV', url: `https://osv.dev/vulnerability/${encodeURIComponent(a)}` } })) } : {}),
        ratings: [rating],
        description: f.title,
        ...(f.fix !== undefined ? { recommendation: f.fix } : {}),
        affects: [{ ref }],
        properties: [
          { name: 'bulwark:malicious', value: String(f.code === 'DEPS_MALICIOUS') },
          ...(typeof props.epss === 'number' ? [{ name: 'bulwark:epss', value: String(props.epss) }, { name: 'bulwark:epssPercentile', value: String(props.epssPercentile) }] : []),
          { name: 'bulwark:kev', value: String(props.kev === true) },
        ],
      };
      index.set(id, v);
      vulns.push(v);
    }
    bom.vulnerabilities = vulns;
  }
  return bom;
}

const MAX_COMPONENTS = 1_000_000;

/** Reads the npm and PyPI components of a CycloneDX 1.x JSON SBOM (nested components included). */
export function readCycloneDx(text: string, what: string): DepPackage[] {
  let doc: unknown;
  try {
    doc = parseJsonText(text, what);
  } catch (err) {
    if (err instanceof BulwarkError && err.code === 'DEPS_LOCKFILE_INVALID') throw new BulwarkError('DEPS_SBOM_INVALID', err.message);
    throw err;
  }
  if (!isRecord(doc) || doc.bomFormat !== 'CycloneDX') throw new BulwarkError('DEPS_SBOM_INVALID', `${what}: not a CycloneDX document (bomFormat is not "CycloneDX")`);
  if (typeof doc.specVersion !== 'string' || !/^1\.\d+$/.test(doc.specVersion)) throw new BulwarkError('DEPS_SBOM_INVALID', `${what}: specVersion ${String(doc.specVersion).slice(0, 20)} is not a CycloneDX 1.x version`);
  if (doc.components !== undefined && !Array.isArray(doc.components)) throw new BulwarkError('DEPS_SBOM_INVALID', `${what}: "components" is not an array`);
  const out = new Map<string, DepPackage>();
  let seen = 0;
  const walk = (list: unknown[], depth: number) => {
    if (depth > 32) throw new BulwarkError('DEPS_SBOM_INVALID', `${what}: components nested deeper than 32 levels`);
    for (const c of list) {
      if (++seen > MAX_COMPONENTS) throw new BulwarkError('DEPS_SBOM_INVALID', `${what}: more than ${MAX_COMPONENTS} components`);
      if (!isRecord(c)) throw new BulwarkError('DEPS_SBOM_INVALID', `${what}: a component is not an object`);
      if (Array.isArray(c.components)) walk(c.components, depth + 1);
      const parsed = typeof c.purl === 'string' ? parsePurl(c.purl) : undefined;
      if (!parsed) continue;
      const props = new Map<string, string>();
      for (const p of Array.isArray(c.properties) ? c.properties : []) if (isRecord(p) && typeof p.name === 'string' && typeof p.value === 'string') props.set(p.name, p.value);
      const rel = props.get('bulwark:relation');
      const licence = licenceOf(c.licenses);
      out.set(`${parsed.ecosystem}:${parsed.name}@${parsed.version}`, {
        ...parsed,
        relation: rel === 'direct' || rel === 'transitive' ? rel : 'unknown',
        parents: (props.get('bulwark:parents') ?? '').split(',').filter((s) => s !== ''),
        dev: props.get('bulwark:dev') === 'true' || c.scope === 'optional',
        ...(licence !== undefined ? { licence } : {}),
      });
    }
  };
  walk((doc.components as unknown[] | undefined) ?? [], 0);
  return [...out.values()];
}

function licenceOf(v: unknown): string | undefined {
  if (!Array.isArray(v)) return undefined;
  const parts: string[] = [];
  for (const l of v) {
    if (!isRecord(l)) continue;
    if (typeof l.expression === 'string') parts.push(l.expression);
    else if (isRecord(l.license)) {
      const id = l.license.id ?? l.license.name;
      if (typeof id === 'string') parts.push(id);
    }
  }
  if (parts.length === 0) return undefined;
  return parts.length === 1 ? parts[0] : parts.map((p) => (p.includes(' ') ? `(${p})` : p)).join(' AND ');
}
