import { BULWARK_VERSION } from '../../core/index.js';
import { SCAN_REPORT_SCHEMA_VERSION, type ScanError, type ScanFinding, type ScanReport } from '../report/index.js';
import { matchPackages, type AdvisorySource, type VulnerabilityMatch } from './match.js';
import { applyRedLine, type IgnoreEntry, type RedLine } from './policy.js';
import { evaluateSpdx, formatSpdx, parseSpdx } from './spdx.js';
import type { DepPackage, ExtractResult } from './types.js';

/** A lockfile (or SBOM) after extraction, with its path relative to the scan root. */
export interface LockfileInput {
  path: string;
  result: ExtractResult;
}

/** A package and the lockfile it was found in. */
export interface LocatedPackage extends DepPackage {
  path: string;
}

export interface LicencePolicy {
  allow: readonly string[];
  deny: readonly string[];
  reportMissing: boolean;
}

export interface DepsReportInput {
  kind: 'deps' | 'sbom';
  targets: string[];
  lockfiles: LockfileInput[];
  errors: ScanError[];
  source: AdvisorySource;
  redLine: RedLine;
  ignores: IgnoreEntry[];
  licences: LicencePolicy;
  startedAt: number;
  now: () => number;
  onPackage?: (p: DepPackage) => void;
}

export function subjectOf(p: DepPackage): string {
  return `${p.name}@${p.version}`;
}

function where(p: LocatedPackage): string {
  const rel = p.relation === 'direct' ? 'direct' : p.relation === 'transitive' ? (p.parents.length > 0 ? `via ${p.parents.join(', ')}` : 'transitive') : 'relation unknown';
  return `${p.ecosystem}${p.dev ? ', dev' : ''}, ${rel}`;
}

function packageProps(p: LocatedPackage): Record<string, unknown> {
  return { ecosystem: p.ecosystem, package: p.name, version: p.version, relation: p.relation, parents: p.parents, dev: p.dev };
}

function vulnerabilityFinding(m: VulnerabilityMatch & { package: LocatedPackage }): ScanFinding {
  const p = m.package;
  const title = m.malicious ? `${p.name}@${p.version} is a known malicious package` : `${p.name}@${p.version}: ${m.summary ?? m.id}`;
  const fix = m.malicious ? `remove ${p.name} and rotate any credential the install could reach` : m.upgrade !== undefined ? `upgrade ${p.name} to ${m.upgrade}` : m.fixed.length > 0 ? `fixed in ${m.fixed.join(', ')}` : undefined;
  const extras = [
    m.cvss?.score !== undefined ? `CVSS ${m.cvss.score.toFixed(1)}` : undefined,
    m.epss ? `EPSS ${(m.epss.score * 100).toFixed(1)} % (percentile ${(m.epss.percentile * 100).toFixed(0)})` : undefined,
    m.kev.length > 0 ? 'in the CISA KEV catalogue (exploited in the wild)' : undefined,
  ].filter((x) => x !== undefined);
  return {
    code: m.malicious ? 'DEPS_MALICIOUS' : 'DEPS_VULNERABLE',
    severity: m.severity,
    title,
    message: `${m.id}${m.ids.length > 1 ? ` (also ${m.ids.slice(1).join(', ')})` : ''} affects ${p.name} ${p.version} (${where(p)}).${extras.length > 0 ? ` ${extras.join('; ')}.` : ''}${fix !== undefined ? ` Fix: ${fix}.` : ' No fixed version is published.'}`,
    subject: subjectOf(p),
    location: { path: p.path, detail: where(p) },
    references: m.ids,
    links: [`https://osv.dev/vulnerability/${encodeURIComponent(m.id)}`],
    ...(fix !== undefined ? { fix } : {}),
    failing: false,
    properties: {
      ...packageProps(p),
      advisories: m.advisories,
      malicious: m.malicious,
      ...(m.cvss ? { cvssVector: m.cvss.vector, ...(m.cvss.score !== undefined ? { cvssScore: m.cvss.score } : {}) } : {}),
      ...(m.epss ? { epss: m.epss.score, epssPercentile: m.epss.percentile, epssCve: m.epss.cve } : {}),
      kev: m.kev.length > 0,
      ...(m.kev.length > 0 ? { kevCves: m.kev } : {}),
      fixedVersions: m.fixed,
      ...(m.upgrade !== undefined ? { upgrade: m.upgrade } : {}),
    },
  };
}

function licenceFindings(packages: LocatedPackage[], policy: LicencePolicy): ScanFinding[] {
  const out: ScanFinding[] = [];
  const seen = new Set<string>();
  for (const p of packages) {
    const key = `${p.ecosystem}:${subjectOf(p)}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const base = { subject: subjectOf(p), location: { path: p.path, detail: where(p) }, failing: false, properties: { ...packageProps(p), ...(p.licence !== undefined ? { licence: p.licence } : {}) } };
    if (p.licence === undefined) {
      if (policy.reportMissing) out.push({ ...base, code: 'DEPS_LICENSE_UNKNOWN', severity: 'low', title: `${subjectOf(p)}: no licence recorded`, message: `No offline source (lockfile, installed package.json, SBOM) records a licence for ${subjectOf(p)}; check it by hand.` });
      continue;
    }
    const node = parseSpdx(p.licence);
    if (!node) {
      out.push({ ...base, code: 'DEPS_LICENSE_UNKNOWN', severity: 'low', title: `${subjectOf(p)}: licence is not an SPDX expression`, message: `The licence of ${subjectOf(p)} ("${p.licence.slice(0, 80)}") is not an SPDX expression, so it cannot be checked against the allow and deny lists; read it by hand.` });
      continue;
    }
    const verdict = evaluateSpdx(node, policy.allow, policy.deny);
    if (verdict === 'denied') out.push({ ...base, code: 'DEPS_LICENSE_DENIED', severity: 'high', title: `${subjectOf(p)}: licence ${formatSpdx(node)} is denied`, message: `${subjectOf(p)} is licensed ${formatSpdx(node)}, which scan.deps.licenses.deny forbids whichever option is chosen.`, fix: `replace ${p.name}, or obtain another licence` });
    else if (verdict === 'unlisted') out.push({ ...base, code: 'DEPS_LICENSE_NOT_ALLOWED', severity: 'medium', title: `${subjectOf(p)}: licence ${formatSpdx(node)} is not on the allow list`, message: `${subjectOf(p)} is licensed ${formatSpdx(node)}, which scan.deps.licenses.allow does not list.`, fix: 'review the licence and add it to scan.deps.licenses.allow, or replace the package' });
  }
  return out;
}

function unpinnedFindings(lockfiles: LockfileInput[]): ScanFinding[] {
  const out: ScanFinding[] = [];
  for (const l of lockfiles) {
    const u = l.result.unpinned;
    if (u.length === 0) continue;
    const manifest = l.result.format === 'package.json' || l.result.format === 'pyproject.toml';
    out.push({
      code: 'DEPS_UNPINNED',
      severity: 'low',
      title: manifest ? `${u.length} dependencies without a lockfile` : `${u.length} requirements without an exact pin`,
      message: `${manifest ? 'No lockfile sits beside this manifest, so' : 'Without "==" pins'} the installed versions are decided at install time and cannot be checked: ${u
        .slice(0, 15)
        .map((d) => `${d.name} ${d.spec}`)
        .join(', ')}${u.length > 15 ? `, and ${u.length - 15} more` : ''}.`,
      subject: l.path,
      location: { path: l.path },
      fix: manifest ? 'commit the lockfile your package manager writes' : 'pin every requirement with == (pip-compile / uv pip compile)',
      failing: false,
      properties: { unpinned: u.map((d) => ({ ecosystem: d.ecosystem, name: d.name, spec: d.spec })) },
    });
  }
  return out;
}

/** Every package with its lockfile, deduplicated per lockfile. */
export function locatedPackages(lockfiles: LockfileInput[]): LocatedPackage[] {
  const out: LocatedPackage[] = [];
  for (const l of lockfiles) for (const p of l.result.packages) out.push({ ...p, path: l.path });
  return out;
}

/** Extraction results + advisory source + policy → the scan report, with `failing` set. */
export function buildDepsReport(input: DepsReportInput): { report: ScanReport; packages: LocatedPackage[]; matches: VulnerabilityMatch[] } {
  const packages = locatedPackages(input.lockfiles);
  const matches = matchPackages(packages, input.source, input.onPackage);
  const findings = [...matches.map((m) => vulnerabilityFinding(m as VulnerabilityMatch & { package: LocatedPackage })), ...licenceFindings(packages, input.licences), ...unpinnedFindings(input.lockfiles)];
  const judged = applyRedLine(findings, input.redLine, input.ignores, input.now());
  const distinct = new Set(packages.map((p) => `${p.ecosystem}:${subjectOf(p)}`));
  const vulnerable = new Set(matches.map((m) => `${m.package.ecosystem}:${subjectOf(m.package)}`));
  const unpinned = input.lockfiles.reduce((n, l) => n + l.result.unpinned.length, 0);
  const report: ScanReport = {
    schema: 'bulwark.scan-report',
    schemaVersion: SCAN_REPORT_SCHEMA_VERSION,
    kind: input.kind,
    tool: { name: 'bulwark', version: BULWARK_VERSION },
    startedAt: new Date(input.startedAt).toISOString(),
    finishedAt: new Date(input.now()).toISOString(),
    targets: input.targets,
    scanned: distinct.size + unpinned,
    stats: { lockfiles: input.lockfiles.length, packages: distinct.size, ...(unpinned > 0 ? { unpinned } : {}), vulnerable: vulnerable.size },
    findings: judged,
    errors: input.errors,
  };
  return { report, packages, matches };
}
