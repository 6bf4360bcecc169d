import { describe, expect, it } from 'vitest';
import { BulwarkError } from '../../core/index.js';
import type { ScanFinding } from '../report/index.js';
import { applyRedLine, cvss3BaseScore, evaluateSpdx, formatSpdx, isCvss4Vector, parseIgnoreFile, parsePurl, parseSpdx, purlOf, readCycloneDx, severityOfScore, toCycloneDx, type LocatedPackage } from './index.js';

describe('CVSS v3 base score', () => {
  // Scores as FIRST's CVSS v3.1 calculator gives them for these vectors (worked examples of the
  // v3.1 specification document and the NVD entries named).
  it.each([
    ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', 9.8],
    ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H', 10.0],
    ['CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:C/C:H/I:N/A:N', 6.8], // CVE-2020-28498 (elliptic)
    ['CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H', 7.8],
    ['CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N', 6.1], // the typical reflected XSS
    ['CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H', 7.5],
    ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:N', 0],
  ])('%s → %d', (vector, score) => {
    expect(cvss3BaseScore(vector)).toBe(score);
  });
  it.each(['', 'CVSS:2.0/AV:N', 'CVSS:3.1/AV:N/AC:L', 'CVSS:3.1/AV:X/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', 'CVSS:3.1/AV:N/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', 'x'.repeat(10_000)])('rejects %j', (v) => {
    expect(cvss3BaseScore(v)).toBeUndefined();
  });
  it('rating scale and v4 vectors', () => {
    expect([0, 0.1, 3.9, 4, 6.9, 7, 8.9, 9, 10].map(severityOfScore)).toEqual(['info', 'low', 'low', 'medium', 'medium', 'high', 'high', 'critical', 'critical']);
    expect(isCvss4Vector('CVSS:4.0/AV:N/AC:L/AT:N/PR:H/UI:N/VC:L/VI:L/VA:N/SC:N/SI:N/SA:N')).toBe(true);
    expect(isCvss4Vector('CVSS:4.0/AV:N')).toBe(false);
  });
});

describe('SPDX expressions', () => {
  it('parses with WITH > AND > OR precedence and round-trips', () => {
    expect(formatSpdx(parseSpdx('MIT OR Apache-2.0 AND BSD-3-Clause')!)).toBe('MIT OR (Apache-2.0 AND BSD-3-Clause)');
    expect(formatSpdx(parseSpdx('(MIT OR Apache-2.0) AND BSD-3-Clause')!)).toBe('(MIT OR Apache-2.0) AND BSD-3-Clause');
    expect(formatSpdx(parseSpdx('GPL-2.0-only WITH Classpath-exception-2.0 or mit')!)).toBe('GPL-2.0-only WITH Classpath-exception-2.0 OR mit');
    expect(parseSpdx('LicenseRef-Proprietary')).toBeDefined();
  });
  it.each(['', 'SEE LICENSE IN LICENSE.md', 'MIT OR', '(MIT', 'MIT)', 'AND MIT', 'MIT WITH', `${'('.repeat(60)}MIT${')'.repeat(60)}`])('%j is not an expression', (t) => {
    expect(parseSpdx(t)).toBeUndefined();
  });
  it('OR takes the best option, AND the worst term; ids case-insensitive; "+" matches -or-later', () => {
    const deny = ['GPL-3.0-only', 'AGPL-3.0-or-later'];
    expect(evaluateSpdx(parseSpdx('MIT OR GPL-3.0-only')!, [], deny)).toBe('allowed');
    expect(evaluateSpdx(parseSpdx('MIT AND GPL-3.0-only')!, [], deny)).toBe('denied');
    expect(evaluateSpdx(parseSpdx('gpl-3.0-ONLY')!, [], deny)).toBe('denied');
    expect(evaluateSpdx(parseSpdx('AGPL-3.0+')!, [], deny)).toBe('denied');
    expect(evaluateSpdx(parseSpdx('ISC')!, ['MIT'], deny)).toBe('unlisted');
    expect(evaluateSpdx(parseSpdx('ISC OR MIT')!, ['MIT'], deny)).toBe('allowed');
    expect(evaluateSpdx(parseSpdx('ISC AND MIT')!, ['MIT'], deny)).toBe('unlisted');
  });
});

const finding = (over: Partial<ScanFinding>): ScanFinding => ({ code: 'DEPS_VULNERABLE', severity: 'medium', title: 't', message: 'm', subject: 'x@1.0.0', location: {}, references: ['GHSA-1', 'CVE-2024-1'], failing: false, properties: { package: 'x', version: '1.0.0' }, ...over });

describe('red line and ignore file', () => {
  const now = Date.parse('2026-06-15T12:00:00Z');
  it('fail-on severity, EPSS threshold and KEV each fail on their own', () => {
    const fs = [finding({ severity: 'high' }), finding({ severity: 'low', properties: { epss: 0.3 } }), finding({ severity: 'low', properties: { kev: true } }), finding({ severity: 'low' })];
    expect(applyRedLine(fs, { failOn: 'high', failOnKev: false }, [], now).map((f) => f.failing)).toEqual([true, false, false, false]);
    expect(applyRedLine(fs, { failOn: 'high', failOnEpss: 0.3, failOnKev: true }, [], now).map((f) => f.failing)).toEqual([true, true, true, false]);
    expect(applyRedLine(fs, { failOnKev: false }, [], now).map((f) => f.failing)).toEqual([false, false, false, false]);
  });

  it('a live entry excuses by id or alias (optionally per package); an expired one does not and is reported; malicious is never excused', () => {
    const ignores = parseIgnoreFile(
      `ignore:
  - id: CVE-2024-1
    package: x
    reason: not reachable from our code
    expires: 2026-06-15
  - id: GHSA-old
    reason: was waiting for upstream
    expires: 2026-06-14
  - id: MAL-1
    reason: we trust it
    expires: 2099-01-01
`,
      '.bulwark-ignore.yaml',
    );
    // 2026-06-15 as a date means through the end of that day (UTC)
    expect(ignores[0]!.expiresAt).toBe(Date.parse('2026-06-16T00:00:00Z'));
    const out = applyRedLine(
      [finding({ severity: 'critical' }), finding({ severity: 'critical', references: ['GHSA-old'] }), finding({ code: 'DEPS_MALICIOUS', severity: 'critical', references: ['MAL-1'] }), finding({ severity: 'critical', subject: 'y@1.0.0', properties: { package: 'y', version: '1.0.0' } })],
      { failOn: 'high', failOnKev: false },
      ignores,
      now,
    );
    expect(out.map((f) => [f.code, f.failing])).toEqual([
      ['DEPS_VULNERABLE', false],
      ['DEPS_VULNERABLE', true],
      ['DEPS_MALICIOUS', true],
      ['DEPS_VULNERABLE', true], // package y is not covered by the x-only entry
      ['DEPS_IGNORE_EXPIRED', false],
    ]);
    expect(out[0]!.properties?.ignored).toEqual({ reason: 'not reachable from our code', expires: '2026-06-15' });
    expect(out[2]!.properties?.ignoreRefused).toBeDefined();
  });

  it.each([
    ['ignore:\n  - id: X\n    expires: 2030-01-01\n', /reason/],
    ['ignore:\n  - id: X\n    reason: r\n', /expires/],
    ['ignore:\n  - id: X\n    reason: r\n    expires: soon\n', /not a date/],
    ['ignore:\n  - reason: r\n', /id/],
    ['ignore: 3\n', /list/],
    ['ignore: [unclosed\n', /YAML/],
  ])('rejects %j', (text, msg) => {
    let err: unknown;
    try {
      parseIgnoreFile(text, '.bulwark-ignore.yaml');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(BulwarkError);
    expect((err as BulwarkError).code).toBe('DEPS_IGNORE_INVALID');
    expect((err as BulwarkError).message).toMatch(msg);
  });
});

describe('CycloneDX', () => {
  it('purls follow the purl spec (npm scope as %40 namespace, PyPI normalised) and parse back', () => {
    expect(purlOf('npm', '@babel/core', '7.0.0')).toBe('pkg:npm/%40babel/core@7.0.0');
    expect(purlOf('PyPI', 'Zope_Interface', '5.4.0')).toBe('pkg:pypi/zope-interface@5.4.0');
    expect(parsePurl('pkg:npm/%40babel/core@7.0.0')).toEqual({ ecosystem: 'npm', name: '@babel/core', version: '7.0.0' });
    expect(parsePurl('pkg:maven/a/b@1')).toBeUndefined();
    expect(parsePurl('pkg:npm/%E0%A4%A@1')).toBeUndefined();
  });

  it('writes and reads back packages with their tree position and licence', () => {
    const packages: LocatedPackage[] = [
      { ecosystem: 'npm', name: '@scope/a', version: '1.0.0', relation: 'direct', parents: [], dev: false, licence: 'MIT OR Apache-2.0', path: 'package-lock.json' },
      { ecosystem: 'npm', name: 'b', version: '2.0.0', relation: 'transitive', parents: ['@scope/a'], dev: true, licence: 'SEE LICENSE IN x', path: 'package-lock.json' },
      { ecosystem: 'PyPI', name: 'c', version: '3.0', relation: 'unknown', parents: [], dev: false, path: 'poetry.lock' },
    ];
    const bom = toCycloneDx(packages, [], { serialNumber: 'urn:uuid:00000000-0000-4000-8000-000000000000', timestamp: '2026-01-01T00:00:00.000Z', toolVersion: '0.1.0', projectName: 'p', vulnerabilities: false });
    const back = readCycloneDx(JSON.stringify(bom), 'bom.json');
    expect(back).toEqual(packages.map(({ path: _path, ...p }) => (p.name === 'b' ? { ...p, licence: 'SEE LICENSE IN x' } : p)));
  });

  it.each([
    ['{}', 'DEPS_SBOM_INVALID'],
    ['{"bomFormat":"CycloneDX","specVersion":"2.0"}', 'DEPS_SBOM_INVALID'],
    ['{"bomFormat":"CycloneDX","specVersion":"1.5","components":{}}', 'DEPS_SBOM_INVALID'],
    ['{"bomFormat":"CycloneDX","specVersion":"1.5","components":[', 'DEPS_SBOM_INVALID'],
    [`${'['.repeat(300)}`, 'DEPS_JSON_TOO_DEEP'],
  ])('rejects %j with %s', (text, code) => {
    expect(() => readCycloneDx(text, 'bom.json')).toThrow(expect.objectContaining({ code }));
  });
});
