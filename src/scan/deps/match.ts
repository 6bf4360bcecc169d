import type { Severity } from '../../core/index.js';
import { cvss3BaseScore, isCvss4Vector, severityOfScore, severityOfWord } from './cvss.js';
import { compareVersions, fixedVersions, isAffected, packageKey, sortVersions, type OsvAdvisory, type OsvAffected } from './osv.js';
import type { DepPackage, Ecosystem } from './types.js';

/** Where advisories come from: the offline SQLite index, or an in-memory list in tests. */
export interface AdvisorySource {
  /** Non-withdrawn advisories with an `affected` entry for this package (entries for other packages may be omitted). */
  advisoriesFor(ecosystem: Ecosystem, name: string): OsvAdvisory[];
  epss(cve: string): { score: number; percentile: number } | undefined;
  kev(cve: string): { dateAdded?: string; name?: string } | undefined;
}

/** One vulnerability of one package: advisories that alias each other are merged into one. */
export interface VulnerabilityMatch {
  package: DepPackage;
  /** The id shown first: MAL- when malicious, else GHSA-, else the first id. */
  id: string;
  /** Every id and alias of the merged advisories, primary first, the rest sorted. */
  ids: string[];
  advisories: string[];
  malicious: boolean;
  summary?: string;
  severity: Severity;
  cvss?: { vector: string; score?: number };
  epss?: { cve: string; score: number; percentile: number };
  kev: string[];
  fixed: string[];
  /** The smallest fixed version above the installed one that no known advisory of the package affects (else that this one does not). */
  upgrade?: string;
}

/** MAL- ids come from the OpenSSF malicious-packages feed (https://github.com/ossf/malicious-packages). */
export function isMaliciousId(id: string): boolean {
  return id.startsWith('MAL-');
}

function primaryId(ids: string[], malicious: boolean): string {
  const pick = (p: string) => ids.find((i) => i.startsWith(p));
  return (malicious ? pick('MAL-') : undefined) ?? pick('GHSA-') ?? pick('PYSEC-') ?? ids.find((i) => !i.startsWith('CVE-')) ?? ids[0]!;
}

/** Groups advisories whose ids or aliases overlap (union-find over the id sets). */
function mergeByAlias(advisories: OsvAdvisory[]): OsvAdvisory[][] {
  const parent = advisories.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i]!)));
  const owner = new Map<string, number>();
  advisories.forEach((a, i) => {
    for (const key of [a.id, ...a.aliases]) {
      const j = owner.get(key);
      if (j === undefined) owner.set(key, i);
      else parent[find(i)] = find(j);
    }
  });
  const groups = new Map<number, OsvAdvisory[]>();
  advisories.forEach((a, i) => {
    const r = find(i);
    const g = groups.get(r);
    if (g) g.push(a);
    else groups.set(r, [a]);
  });
  return [...groups.values()];
}

const RANK: Record<Severity, number> = { info: 0, low: 1, medium: 2, high: 3, critical: 4 };

function relevant(pkg: DepPackage, adv: OsvAdvisory) {
  const key = packageKey(pkg.ecosystem, pkg.name);
  return adv.affected.filter((a) => a.ecosystem === pkg.ecosystem && packageKey(a.ecosystem, a.name) === key);
}

/** Matches every package against the source; results in package order, then id. */
export function matchPackages(packages: readonly DepPackage[], source: AdvisorySource, onPackage?: (p: DepPackage) => void): VulnerabilityMatch[] {
  const cache = new Map<string, OsvAdvisory[]>();
  const out: VulnerabilityMatch[] = [];
  for (const pkg of packages) {
    onPackage?.(pkg);
    const key = `${pkg.ecosystem}\u0000${packageKey(pkg.ecosystem, pkg.name)}`;
    let advisories = cache.get(key);
    if (!advisories) cache.set(key, (advisories = source.advisoriesFor(pkg.ecosystem, pkg.name).filter((a) => a.withdrawn === undefined)));
    const hits = advisories.filter((a) => relevant(pkg, a).some((aff) => isAffected(pkg.ecosystem, pkg.version, aff)));
    const everyEntry = advisories.flatMap((a) => relevant(pkg, a));
    for (const group of mergeByAlias(hits)) out.push(describe(pkg, group, source, everyEntry));
  }
  return out;
}

function describe(pkg: DepPackage, group: OsvAdvisory[], source: AdvisorySource, everyEntry: OsvAffected[]): VulnerabilityMatch {
  const all = new Set<string>();
  for (const a of group) for (const id of [a.id, ...a.aliases]) all.add(id);
  const malicious = [...all].some(isMaliciousId);
  const sorted = [...all].sort();
  const id = primaryId(sorted, malicious);
  const ids = [id, ...sorted.filter((i) => i !== id)];
  let cvss: VulnerabilityMatch['cvss'];
  let wordSeverity: Severity | undefined;
  for (const a of group) {
    for (const s of a.severity) {
      if (s.type === 'CVSS_V3') {
        const score = cvss3BaseScore(s.score);
        if (score !== undefined && (cvss?.score === undefined || score > cvss.score)) cvss = { vector: s.score, score };
      } else if (s.type === 'CVSS_V4' && isCvss4Vector(s.score) && cvss === undefined) cvss = { vector: s.score };
    }
    const w = severityOfWord(a.databaseSeverity);
    if (w !== undefined && (wordSeverity === undefined || RANK[w] > RANK[wordSeverity])) wordSeverity = w;
  }
  const severity: Severity = malicious ? 'critical' : cvss?.score !== undefined ? severityOfScore(cvss.score) : (wordSeverity ?? 'medium');
  let epss: VulnerabilityMatch['epss'];
  const kev: string[] = [];
  for (const cve of ids.filter((i) => i.startsWith('CVE-'))) {
    const e = source.epss(cve);
    if (e && (epss === undefined || e.score > epss.score)) epss = { cve, ...e };
    if (source.kev(cve)) kev.push(cve);
  }
  const entries = group.flatMap((a) => relevant(pkg, a));
  const fixed = sortVersions(pkg.ecosystem, [...new Set(entries.flatMap((e) => fixedVersions(pkg.ecosystem, e)))]);
  // Prefer a version no known advisory of the package affects (not just this one), so the
  // upgrade does not land in the next hole; else the smallest version that fixes this one.
  const above = (f: string) => (compareVersions(pkg.ecosystem, f, pkg.version) ?? 0) > 0;
  const candidates = sortVersions(pkg.ecosystem, [...new Set([...fixed, ...everyEntry.flatMap((e) => fixedVersions(pkg.ecosystem, e))])]).filter(above);
  const upgrade =
    candidates.find((f) => !everyEntry.some((e) => isAffected(pkg.ecosystem, f, e))) ?? fixed.find((f) => above(f) && !entries.some((e) => isAffected(pkg.ecosystem, f, e)));
  const summary = group.find((a) => a.summary !== undefined && a.summary !== '')?.summary;
  return {
    package: pkg,
    id,
    ids,
    advisories: group.map((a) => a.id).sort(),
    malicious,
    ...(summary !== undefined ? { summary } : {}),
    severity,
    ...(cvss !== undefined ? { cvss } : {}),
    ...(epss !== undefined ? { epss } : {}),
    kev,
    fixed,
    ...(upgrade !== undefined ? { upgrade } : {}),
  };
}

/** An in-memory source over a list of advisories (tests, and SBOM rescans of small inputs). */
export function createMemorySource(advisories: OsvAdvisory[], feeds: { epss?: Record<string, { score: number; percentile: number }>; kev?: string[] } = {}): AdvisorySource {
  const kev = new Set(feeds.kev ?? []);
  return {
    advisoriesFor: (ecosystem, name) => advisories.filter((a) => a.affected.some((x) => x.ecosystem === ecosystem && packageKey(ecosystem, x.name) === packageKey(ecosystem, name))),
    epss: (cve) => feeds.epss?.[cve],
    kev: (cve) => (kev.has(cve) ? {} : undefined),
  };
}
