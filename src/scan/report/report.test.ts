import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { toCycloneDx, type LocatedPackage } from '../deps/index.js';
import { renderReport, sortFindings, toSarif, type ScanFinding, type ScanReport } from './index.js';

/**
 * The shared renderers, and the machine formats validated against the official JSON schemas
 * kept verbatim as fixtures: SARIF 2.1.0 (OASIS sarif-spec, Schemata/sarif-schema-2.1.0.json) and
 * CycloneDX 1.5 (CycloneDX/specification, schema/bom-1.5.schema.json with the spdx and jsf
 * schemas it references).
 */
const schemas = join(import.meta.dirname, '../../../test/fixtures/schemas');
const load = (f: string) => JSON.parse(readFileSync(join(schemas, f), 'utf8')) as Record<string, unknown>;
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

function validator(main: string, extra: string[] = [], options: { draft04?: boolean } = {}): ValidateFunction {
  // The SARIF 2.1.0 schema declares JSON Schema draft-04, whose meta-schema ajv 8 no longer ships;
  // it uses no keyword whose meaning changed after draft-04 (no boolean exclusiveMinimum/Maximum,
  // only local "#/definitions" refs), so it is compiled as is with meta-schema validation off.
  const ajv = new Ajv({ strict: false, allErrors: true, validateSchema: options.draft04 !== true });
  addFormats(ajv);
  // Formats the CycloneDX schema names that ajv-formats does not define (RFC 3987 IRIs, RFC 6531 mail).
  ajv.addFormat('iri-reference', /^[^\s<>"{}|\\^`]*$/u);
  ajv.addFormat('idn-email', /^[^\s@]+@[^\s@]+$/u);
  for (const e of extra) ajv.addSchema(load(e));
  const schema = load(main);
  if (options.draft04 === true) {
    // draft-04's root "id" is draft-07's "$id" (the fixture file itself stays verbatim).
    const { id, $schema: _draft04, ...rest } = schema;
    return ajv.compile({ ...rest, $id: id as string });
  }
  return ajv.compile(schema);
}

function errorsOf(v: ValidateFunction): string {
  return JSON.stringify(v.errors?.slice(0, 5), null, 1);
}

const finding = (over: Partial<ScanFinding>): ScanFinding => ({
  code: 'DEPS_VULNERABLE',
  severity: 'high',
  title: 'lodash@4.17.20: Command injection',
  message: 'GHSA-35jh-r3h4-6jhm affects lodash 4.17.20.',
  subject: 'lodash@4.17.20',
  location: { path: 'package-lock.json', detail: 'npm, direct' },
  references: ['GHSA-35jh-r3h4-6jhm', 'CVE-2021-23337'],
  links: ['https://osv.dev/vulnerability/GHSA-35jh-r3h4-6jhm'],
  fix: 'upgrade lodash to 4.17.21',
  failing: true,
  properties: { cvssScore: 7.2, ecosystem: 'npm' },
  ...over,
});

const report = (findings: ScanFinding[], over: Partial<ScanReport> = {}): ScanReport => ({
  schema: 'bulwark.scan-report',
  schemaVersion: 1,
  kind: 'deps',
  tool: { name: 'bulwark', version: '0.1.0' },
  startedAt: '2026-11-25T10:00:00.000Z',
  finishedAt: '2026-11-25T10:00:01.000Z',
  targets: ['.'],
  scanned: 3,
  stats: { lockfiles: 1, packages: 3 },
  findings,
  errors: [],
  ...over,
});

const varied = report(
  [
    finding({}),
    finding({ code: 'DEPS_MALICIOUS', severity: 'critical', subject: 'evil@1.0.0', references: ['MAL-2025-1'], properties: {}, location: { path: 'sub dir/pnpm-lock.yaml', line: 12 } }),
    finding({ code: 'EXPOSURE_NO_AUTH', severity: 'medium', subject: '127.0.0.1:11434 ollama', location: { target: '127.0.0.1:11434' }, references: undefined, links: undefined, fix: undefined, failing: false, properties: undefined }),
    finding({ code: 'DEPS_UNPINNED', severity: 'info', subject: 'pyproject.toml', location: {}, references: [], failing: false, title: 'a | pipe <and> \u001b[31m escape' }),
  ],
  { errors: [{ target: 'sub/yarn.lock', code: 'DEPS_LOCKFILE_INVALID', message: 'sub/yarn.lock: truncated' }] },
);

describe('SARIF 2.1.0 output', () => {
  const validate = validator('sarif-schema-2.1.0.json', [], { draft04: true });
  it('validates against the official schema: path+line, network target, no location, errors as notifications', () => {
    const sarif = toSarif(varied);
    const ok = validate(sarif);
    expect(ok, errorsOf(validate)).toBe(true);
    const run = (sarif.runs as { results: { ruleId: string; level: string }[]; tool: { driver: { rules: { id: string }[] } } }[])[0]!;
    expect(run.results.map((r) => [r.ruleId, r.level])).toEqual([
      ['DEPS_MALICIOUS/MAL-2025-1', 'error'],
      ['DEPS_VULNERABLE/GHSA-35jh-r3h4-6jhm', 'error'],
      ['EXPOSURE_NO_AUTH', 'warning'],
      ['DEPS_UNPINNED', 'note'],
    ]);
    expect(run.tool.driver.rules.map((r) => r.id)).toHaveLength(4);
  });
  it('an empty report is valid SARIF too', () => {
    expect(validate(toSarif(report([]))), errorsOf(validate)).toBe(true);
  });
  it('the schema fixture really rejects broken SARIF (the validator is live)', () => {
    expect(validate({ version: '2.1.0', runs: [{ tool: {} }] })).toBe(false);
    expect(validate({ version: '3.0', runs: [] })).toBe(false);
  });
});

describe('CycloneDX 1.5 output', () => {
  const validate = validator('bom-1.5.schema.json', ['spdx.schema.json', 'jsf-0.82.schema.json']);
  const packages: LocatedPackage[] = [
    { ecosystem: 'npm', name: '@scope/a b', version: '1.0.0-rc.1', relation: 'direct', parents: [], dev: false, licence: 'MIT OR Apache-2.0', path: 'package-lock.json' },
    { ecosystem: 'npm', name: 'lodash', version: '4.17.20', relation: 'transitive', parents: ['@scope/a b'], dev: true, licence: 'SEE LICENSE IN LICENSE', path: 'package-lock.json' },
    { ecosystem: 'npm', name: 'lodash', version: '4.17.20', relation: 'transitive', parents: [], dev: false, path: 'other/package-lock.json' },
    { ecosystem: 'PyPI', name: 'zope-interface', version: '5.4.0', relation: 'unknown', parents: [], dev: false, path: 'poetry.lock' },
  ];
  const options = { serialNumber: 'urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79', timestamp: '2026-11-25T10:00:00.000Z', toolVersion: '0.1.0', projectName: 'app' };
  const vulns: ScanFinding[] = [
    finding({ properties: { ecosystem: 'npm', package: 'lodash', version: '4.17.20', cvssScore: 7.2, cvssVector: 'CVSS:3.1/AV:N/AC:L/PR:H/UI:N/S:U/C:H/I:H/A:H', epss: 0.01, epssPercentile: 0.5, kev: false } }),
    finding({ code: 'DEPS_MALICIOUS', severity: 'critical', references: ['MAL-2025-1'], subject: 'zope-interface@5.4.0', properties: { ecosystem: 'PyPI', package: 'zope-interface', version: '5.4.0', kev: false } }),
    finding({ references: ['GHSA-v4', 'CVE-2025-1'], subject: '@scope/a b@1.0.0-rc.1', properties: { ecosystem: 'npm', package: '@scope/a b', version: '1.0.0-rc.1', cvssVector: 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N', kev: true } }),
  ];
  it('an SBOM with components only validates', () => {
    const bom = toCycloneDx(packages, [], { ...options, vulnerabilities: false });
    expect(validate(bom), errorsOf(validate)).toBe(true);
    expect((bom.components as unknown[]).length).toBe(3); // lodash@4.17.20 once: components are unique
  });
  it('an SBOM with vulnerabilities (CVSS v3, v4, malicious, aliases, EPSS/KEV properties) validates', () => {
    const bom = toCycloneDx(packages, vulns, { ...options, vulnerabilities: true });
    expect(validate(bom), errorsOf(validate)).toBe(true);
    expect((bom.vulnerabilities as { id: string }[]).map((v) => v.id)).toEqual(['GHSA-35jh-r3h4-6jhm', 'MAL-2025-1', 'GHSA-v4']);
  });
  it('an empty SBOM validates; the validator rejects a broken one', () => {
    expect(validate(toCycloneDx([], [], { ...options, vulnerabilities: true })), errorsOf(validate)).toBe(true);
    expect(validate({ bomFormat: 'CycloneDX', specVersion: '1.5', version: 1, components: [{ type: 'library' }] })).toBe(false);
    expect(validate({ bomFormat: 'SPDX', specVersion: '1.5', version: 1 })).toBe(false);
  });
});

describe('text renderers', () => {
  it('table: grouped by subject, worst first, control characters neutralised, summary line', () => {
    const t = renderReport(varied, 'table');
    expect(t.indexOf('evil@1.0.0')).toBeLessThan(t.indexOf('lodash@4.17.20'));
    expect(t).not.toContain('\u001b[31m');
    expect(t).toContain('\\u001b[31m');
    expect(t).toContain('error DEPS_LOCKFILE_INVALID  sub/yarn.lock');
    expect(t.trimEnd().split('\n').pop()).toBe('bulwark scan deps: 1 lockfiles, 3 packages; 4 findings (1 critical, 1 high, 1 medium, 0 low, 1 info), 2 over the policy, 1 errors');
    expect(renderReport(varied, 'table', { color: true })).toContain('\x1b[1;31mCRITICAL');
  });
  it('json: versioned, sorted, with a severity summary', () => {
    const j = JSON.parse(renderReport(varied, 'json'));
    expect(j).toMatchObject({ schema: 'bulwark.scan-report', schemaVersion: 1, summary: { critical: 1, high: 1, medium: 1, low: 0, info: 1 } });
    expect(j.findings.map((f: ScanFinding) => f.code)).toEqual(sortFindings(varied.findings).map((f) => f.code));
  });
  it('markdown escapes pipes and angle brackets; junit and html escape XML', () => {
    const md = renderReport(varied, 'markdown');
    expect(md).toContain('a \\| pipe &lt;and&gt;');
    const junit = renderReport(varied, 'junit');
    expect(junit).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>/);
    expect(junit).toContain('failures="2"');
    expect(junit).toContain('errors="1"');
    expect(junit).not.toMatch(/<and>/);
    const html = renderReport(varied, 'html');
    expect(html).toContain("default-src 'none'");
    expect(html).toContain('&lt;and&gt;');
  });
});
