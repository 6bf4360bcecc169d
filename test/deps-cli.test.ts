import { closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PassThrough } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';
import { createZipWriter } from '../src/scan/advisories/index.js';

/**
 * End to end through `main`, with a real SQLite advisory database built by `bulwark db import`
 * from hand-made OSV files, and real lockfiles on disk.
 */
const dirs: string[] = [];
afterEach(() => {
  while (dirs.length) rmSync(dirs.pop()!, { recursive: true, force: true });
});
function tmp(): string {
  const d = mkdtempSync(join(tmpdir(), 'bulwark-deps-'));
  dirs.push(d);
  return d;
}

async function bw(argv: string[], opts: { home: string; cwd?: string }) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const stdin = new PassThrough();
  stdin.end('');
  let out = '';
  let err = '';
  stdout.on('data', (c: Buffer) => (out += c.toString()));
  stderr.on('data', (c: Buffer) => (err += c.toString()));
  const code = await main(argv, { env: { BULWARK_HOME: opts.home, HOME: opts.home }, cwd: opts.cwd ?? opts.home, stdout, stderr, stdin });
  return { code, out, err };
}

const osv = (id: string, name: string, events: Record<string, string>[], extra: Record<string, unknown> = {}) => ({
  id,
  modified: '2026-01-01T00:00:00Z',
  aliases: [],
  affected: [{ package: { ecosystem: (extra.ecosystem as string) ?? 'npm', name }, ranges: [{ type: 'SEMVER', events }] }],
  ...extra,
});
const HIGH = [{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N' }]; // 7.5
const LOW = [{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:L/AC:H/PR:H/UI:R/S:U/C:L/I:N/A:N' }]; // 1.8

const lock = (deps: Record<string, string>) =>
  JSON.stringify({
    name: 'app',
    lockfileVersion: 3,
    packages: { '': { name: 'app', dependencies: Object.fromEntries(Object.keys(deps).map((k) => [k, '*'])) }, ...Object.fromEntries(Object.entries(deps).map(([n, v]) => [`node_modules/${n}`, { version: v, license: 'MIT' }])) },
  });

/** A home with an advisory database: lodash <4.17.21 high; tiny-lib low with EPSS 0.5; kev-lib low in KEV; evil malicious. */
async function setup() {
  const home = tmp();
  const adv = join(home, 'osv');
  mkdirSync(adv);
  const files = [
    osv('GHSA-lodash', 'lodash', [{ introduced: '0' }, { fixed: '4.17.21' }], { aliases: ['CVE-2021-23337'], severity: HIGH, summary: 'Command injection in lodash' }),
    osv('GHSA-tiny', 'tiny-lib', [{ introduced: '0' }, { fixed: '2.0.0' }], { aliases: ['CVE-2024-1111'], severity: LOW }),
    osv('GHSA-kev', 'kev-lib', [{ introduced: '0' }, { fixed: '2.0.0' }], { aliases: ['CVE-2021-44228'], severity: LOW }),
    osv('MAL-2025-1', 'evil', [{ introduced: '0' }]),
  ];
  for (const f of files) writeFileSync(join(adv, `${f.id}.json`), JSON.stringify(f));
  expect((await bw(['db', 'import', adv], { home })).code).toBe(0);
  writeFileSync(join(home, 'epss.csv.gz'), gzipSync('#model_version:v2025.03.14,score_date:2026-11-24\ncve,epss,percentile\nCVE-2024-1111,0.5,0.98\nCVE-2021-23337,0.01,0.5\n'));
  expect((await bw(['db', 'import-epss', join(home, 'epss.csv.gz')], { home })).code).toBe(0);
  writeFileSync(join(home, 'kev.json'), JSON.stringify({ catalogVersion: '2026.11.24', dateReleased: '2026-11-24', vulnerabilities: [{ cveID: 'CVE-2021-44228', vulnerabilityName: 'Log4Shell' }] }));
  expect((await bw(['db', 'import-kev', join(home, 'kev.json')], { home })).code).toBe(0);
  return home;
}

function project(home: string, name: string, files: Record<string, string>): string {
  const dir = join(home, name);
  mkdirSync(dir, { recursive: true });
  for (const [f, text] of Object.entries(files)) writeFileSync(join(dir, f), text);
  return dir;
}

describe('bulwark scan deps: exit codes and the red line', () => {
  it('0 clean, 1 over the policy, 3 nothing to scan; --fail-on moves the line', async () => {
    const home = await setup();
    const clean = project(home, 'clean', { 'package-lock.json': lock({ lodash: '4.17.21' }) });
    const vuln = project(home, 'vuln', { 'package-lock.json': lock({ lodash: '4.17.20' }) });
    const empty = project(home, 'empty', { 'README.md': '# nothing here' });
    expect((await bw(['scan', 'deps', clean], { home })).code).toBe(0);
    const r = await bw(['scan', 'deps', vuln], { home });
    expect(r.code).toBe(1);
    expect(r.out).toContain('lodash@4.17.20');
    expect(r.out).toContain('HIGH');
    expect(r.out).toContain('GHSA-lodash, CVE-2021-23337');
    expect(r.out).toContain('fix: upgrade lodash to 4.17.21');
    expect((await bw(['scan', 'deps', vuln, '--fail-on', 'critical'], { home })).code).toBe(0);
    expect((await bw(['scan', 'deps', vuln, '--fail-on', 'none'], { home })).code).toBe(0);
    expect((await bw(['scan', 'deps', empty], { home })).code).toBe(3);
  });

  it('--fail-on-epss and --fail-on-kev fail low-severity vulnerabilities', async () => {
    const home = await setup();
    const dir = project(home, 'p', { 'package-lock.json': lock({ 'tiny-lib': '1.0.0', 'kev-lib': '1.0.0' }) });
    expect((await bw(['scan', 'deps', dir], { home })).code).toBe(0);
    const e = await bw(['scan', 'deps', dir, '--fail-on-epss', '0.1', '--format', 'json'], { home });
    expect(e.code).toBe(1);
    const report = JSON.parse(e.out) as { findings: { subject: string; failing: boolean; properties: Record<string, unknown> }[] };
    expect(report.findings.map((f) => [f.subject, f.failing, f.properties.epss ?? null])).toEqual([
      ['kev-lib@1.0.0', false, null],
      ['tiny-lib@1.0.0', true, 0.5],
    ]);
    expect((await bw(['scan', 'deps', dir, '--fail-on-epss', '0.6'], { home })).code).toBe(0);
    expect((await bw(['scan', 'deps', dir, '--fail-on-kev'], { home })).code).toBe(1);
    expect((await bw(['scan', 'deps', dir, '--fail-on-epss', '2'], { home })).err).toContain('[USAGE]');
  });

  it('a malicious package always fails: under --fail-on none and despite an ignore entry', async () => {
    const home = await setup();
    const dir = project(home, 'p', {
      'package-lock.json': lock({ evil: '1.0.0' }),
      '.bulwark-ignore.yaml': 'ignore:\n  - id: MAL-2025-1\n    reason: we trust it\n    expires: 2099-01-01\n',
    });
    const r = await bw(['scan', 'deps', dir, '--fail-on', 'none'], { home });
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/CRITICAL\s+DEPS_MALICIOUS \[MAL-2025-1\]/);
  });

  it('ignore file: a live entry with reason and expiry excuses; an expired one does not; a bad one is exit 2', async () => {
    const home = await setup();
    const dir = project(home, 'p', { 'package-lock.json': lock({ lodash: '4.17.20' }) });
    writeFileSync(join(dir, '.bulwark-ignore.yaml'), 'ignore:\n  - id: CVE-2021-23337\n    reason: template() never gets user input here\n    expires: 2099-12-31\n');
    const ok = await bw(['scan', 'deps', dir, '--format', 'json'], { home });
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.out).findings[0].properties.ignored).toEqual({ reason: 'template() never gets user input here', expires: '2099-12-31' });
    writeFileSync(join(dir, 'old-ignore.yaml'), 'ignore:\n  - id: GHSA-lodash\n    reason: old\n    expires: 2001-01-01\n');
    const expired = await bw(['scan', 'deps', dir, '--ignore-file', join(dir, 'old-ignore.yaml')], { home });
    expect(expired.code).toBe(1);
    expect(expired.out).toContain('DEPS_IGNORE_EXPIRED');
    writeFileSync(join(dir, 'bad-ignore.yaml'), 'ignore:\n  - id: GHSA-lodash\n    expires: 2099-01-01\n');
    const bad = await bw(['scan', 'deps', dir, '--ignore-file', join(dir, 'bad-ignore.yaml')], { home });
    expect([bad.code, bad.err]).toEqual([2, expect.stringContaining('[DEPS_IGNORE_INVALID]')]);
  });

  it('licences: deny list fails, allow list flags the rest', async () => {
    const home = await setup();
    const dir = project(home, 'p', {
      'package-lock.json': JSON.stringify({ lockfileVersion: 3, packages: { '': { dependencies: { a: '*', b: '*' } }, 'node_modules/a': { version: '1.0.0', license: 'GPL-3.0-only' }, 'node_modules/b': { version: '1.0.0', license: 'ISC' } } }),
      'bulwark.yaml': 'scan:\n  deps:\n    licenses:\n      allow: [MIT, Apache-2.0]\n      deny: [GPL-3.0-only]\n',
    });
    const r = await bw(['scan', 'deps', '.', '--format', 'json'], { home, cwd: dir });
    expect(r.code).toBe(1);
    const findings = JSON.parse(r.out).findings as { code: string; subject: string; failing: boolean }[];
    expect(findings.map((f) => [f.code, f.subject, f.failing])).toEqual([
      ['DEPS_LICENSE_DENIED', 'a@1.0.0', true],
      ['DEPS_LICENSE_NOT_ALLOWED', 'b@1.0.0', false],
    ]);
  });
});

describe('bulwark scan deps: formats', () => {
  it('json (versioned), sarif, markdown, junit, html and cyclonedx with vulnerabilities', async () => {
    const home = await setup();
    const dir = project(home, 'p', { 'package-lock.json': lock({ lodash: '4.17.20', 'tiny-lib': '1.0.0' }) });
    const json = JSON.parse((await bw(['scan', 'deps', dir, '-f', 'json'], { home })).out);
    expect(json).toMatchObject({ schema: 'bulwark.scan-report', schemaVersion: 1, kind: 'deps', stats: { lockfiles: 1, packages: 2, vulnerable: 2 } });
    expect(json.findings[0].properties).toMatchObject({ package: 'lodash', version: '4.17.20', cvssScore: 7.5, epss: 0.01, kev: false, upgrade: '4.17.21', relation: 'direct' });
    const sarif = JSON.parse((await bw(['scan', 'deps', dir, '-f', 'sarif'], { home })).out);
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs[0].results).toHaveLength(2);
    expect((await bw(['scan', 'deps', dir, '-f', 'markdown'], { home })).out).toContain('| high | `DEPS_VULNERABLE`');
    expect((await bw(['scan', 'deps', dir, '-f', 'junit'], { home })).out).toContain('<failure type="DEPS_VULNERABLE"');
    expect((await bw(['scan', 'deps', dir, '-f', 'html'], { home })).out).toContain('<!doctype html>');
    const out = join(home, 'bom.json');
    const cdx = await bw(['scan', 'deps', dir, '-f', 'cyclonedx', '--with-vulnerabilities', '-o', out], { home });
    expect(cdx.code).toBe(1);
    const bom = JSON.parse(readFileSync(out, 'utf8'));
    expect(bom).toMatchObject({ bomFormat: 'CycloneDX', specVersion: '1.5' });
    expect(bom.components.map((c: { purl: string }) => c.purl)).toEqual(['pkg:npm/lodash@4.17.20', 'pkg:npm/tiny-lib@1.0.0']);
    expect(bom.vulnerabilities.map((v: { id: string; affects: { ref: string }[] }) => [v.id, v.affects[0]!.ref])).toEqual([
      ['GHSA-lodash', 'pkg:npm/lodash@4.17.20'],
      ['GHSA-tiny', 'pkg:npm/tiny-lib@1.0.0'],
    ]);
    expect((await bw(['scan', 'deps', dir, '-f', 'yaml'], { home })).err).toContain('[USAGE]');
  });
});

describe('bulwark scan sbom: a stored SBOM against a newer database', () => {
  it('clean when written, failing after the advisory for one of its components is imported', async () => {
    const home = await setup();
    const dir = project(home, 'p', { 'package-lock.json': lock({ 'left-pad': '1.3.0', lodash: '4.17.21' }) });
    const sbom = join(home, 'release-1.0.cdx.json');
    expect((await bw(['scan', 'deps', dir, '-f', 'cyclonedx', '-o', sbom], { home })).code).toBe(0);
    expect((await bw(['scan', 'sbom', sbom], { home })).code).toBe(0);
    // disclosure: an advisory for left-pad 1.3.0 arrives; import it and rescan the stored SBOM
    const fresh = join(home, 'fresh');
    mkdirSync(fresh);
    writeFileSync(join(fresh, 'GHSA-new.json'), JSON.stringify(osv('GHSA-new', 'left-pad', [{ introduced: '0' }, { fixed: '1.3.1' }], { severity: HIGH })));
    expect((await bw(['db', 'import', fresh], { home })).code).toBe(0);
    const r = await bw(['scan', 'sbom', sbom, '--format', 'json'], { home });
    expect(r.code).toBe(1);
    const report = JSON.parse(r.out);
    expect(report.kind).toBe('sbom');
    expect(report.findings.map((f: { subject: string; references: string[]; location: { detail: string } }) => [f.subject, f.references[0], f.location.detail])).toEqual([['left-pad@1.3.0', 'GHSA-new', 'npm, direct']]);
    writeFileSync(join(home, 'not-sbom.json'), '{"hello": 1}');
    expect((await bw(['scan', 'sbom', join(home, 'not-sbom.json')], { home })).err).toContain('[DEPS_SBOM_INVALID]');
  });
});

describe('bad input: a code and exit 2, never a crash', () => {
  it('truncated, invalid and unknown-version lockfiles, JSON nested a million deep', async () => {
    const home = await setup();
    const cases: [Record<string, string>, string][] = [
      [{ 'package-lock.json': '{"lockfileVersion": 3, "packages": {"node_modules/a": {"vers' }, 'DEPS_LOCKFILE_INVALID'],
      [{ 'package-lock.json': '{"lockfileVersion": 42}' }, 'DEPS_LOCKFILE_UNSUPPORTED'],
      [{ 'pnpm-lock.yaml': 'lockfileVersion: 5.3\n' }, 'DEPS_LOCKFILE_UNSUPPORTED'],
      [{ 'poetry.lock': '[[package]\n' }, 'DEPS_LOCKFILE_INVALID'],
      [{ 'package-lock.json': `${'['.repeat(1_000_000)}${']'.repeat(1_000_000)}` }, 'DEPS_JSON_TOO_DEEP'],
      [{ 'bun.lock': `{"lockfileVersion":1,"packages":${'{"a":'.repeat(500_000)}` }, 'DEPS_JSON_TOO_DEEP'],
    ];
    for (const [i, [files, code]] of cases.entries()) {
      const dir = project(home, `bad${i}`, files);
      const r = await bw(['scan', 'deps', dir], { home });
      expect([r.code, r.err], code).toEqual([2, expect.stringContaining(`[${code}]`)]);
    }
    // one bad lockfile among good ones: the good ones are still reported, the exit is still 2
    const mixed = project(home, 'mixed', { 'package-lock.json': lock({ lodash: '4.17.20' }) });
    project(mixed, 'sub', { 'yarn.lock': 'garbage' });
    const r = await bw(['scan', 'deps', mixed, '-f', 'json'], { home });
    expect(r.code).toBe(2);
    const report = JSON.parse(r.out);
    expect(report.findings.map((f: { subject: string }) => f.subject)).toEqual(['lodash@4.17.20']);
    expect(report.errors).toEqual([expect.objectContaining({ target: 'sub/yarn.lock', code: 'DEPS_LOCKFILE_INVALID' })]);
  });

  it('a 200 MB lockfile is refused unread (a stat, then the size cap), with bounded memory', async () => {
    const home = await setup();
    const dir = project(home, 'huge', {});
    const fd = openSync(join(dir, 'package-lock.json'), 'w');
    const entry = Buffer.from(`"node_modules/p${'x'.repeat(60)}": { "version": "1.0.0", "license": "MIT" },\n`);
    const chunk = Buffer.concat(Array.from({ length: Math.ceil((1024 * 1024) / entry.length) }, () => entry));
    writeSync(fd, '{ "lockfileVersion": 3, "packages": {\n');
    for (let i = 0; i < 200; i++) writeSync(fd, chunk);
    writeSync(fd, '"": {} } }\n');
    closeSync(fd);
    const rss = process.memoryUsage().rss;
    const r = await bw(['scan', 'deps', dir], { home });
    expect([r.code, r.err]).toEqual([2, expect.stringContaining('[DEPS_FILE_TOO_LARGE]')]);
    expect(process.memoryUsage().rss - rss).toBeLessThan(64 * 1024 * 1024);
  });

  it('a zip bomb inside an import is refused and the database is left as it was', async () => {
    const home = await setup();
    const before = (await bw(['db', 'status', '--json'], { home })).out;
    const z = createZipWriter(join(home, 'all.zip'));
    z.add({ name: 'GHSA-ok.json', data: Buffer.from(JSON.stringify(osv('GHSA-ok', 'x', [{ introduced: '0' }]))) });
    z.add({ name: 'GHSA-bomb.json', data: Buffer.alloc(64 * 1024 * 1024, 0x20), declaredSize: 2000 });
    z.close();
    const r = await bw(['db', 'import', join(home, 'all.zip')], { home });
    expect([r.code, r.err]).toEqual([2, expect.stringContaining('[ADVISORY_ZIP_BOMB]')]);
    expect((await bw(['db', 'status', '--json'], { home })).out).toBe(before);
  });

  it('no database: exit 2 with ADVISORY_DB_MISSING; usage errors are exit 2', async () => {
    const home = tmp();
    const dir = project(home, 'p', { 'package-lock.json': lock({ lodash: '4.17.20' }) });
    const r = await bw(['scan', 'deps', dir], { home });
    expect([r.code, r.err]).toEqual([2, expect.stringContaining('[ADVISORY_DB_MISSING]')]);
    expect((await bw(['db', 'status'], { home })).err).toContain('[ADVISORY_DB_MISSING]');
    expect((await bw(['scan', 'deps', join(home, 'nope')], { home })).err).toContain('[USAGE]');
    expect((await bw(['db', 'frobnicate'], { home })).code).toBe(2);
    expect((await bw(['scan', 'deps', dir, '--bogus'], { home })).code).toBe(2);
  });
});

describe('bulwark scan deps . on this repository', () => {
  it('reports the installed tree truthfully against a hand-made database', async () => {
    const repo = resolve(import.meta.dirname, '..');
    const lockText = readFileSync(join(repo, 'package-lock.json'), 'utf8');
    const lockJson = JSON.parse(lockText) as { packages: Record<string, { version?: string; link?: boolean; name?: string }> };
    // Expected counts computed here straight from package-lock.json, independently of the tool.
    const installed = new Set<string>();
    for (const [path, p] of Object.entries(lockJson.packages)) {
      if (!path.includes('node_modules/') || p.link === true || p.version === undefined) continue;
      installed.add(`${p.name ?? path.slice(path.lastIndexOf('node_modules/') + 13)}@${p.version}`);
    }
    const yamlVersion = lockJson.packages['node_modules/yaml']!.version!;
    const home = tmp();
    const adv = join(home, 'osv');
    mkdirSync(adv);
    // one advisory that covers the installed yaml exactly, one for a version that is not installed
    writeFileSync(join(adv, 'a.json'), JSON.stringify({ ...osv('GHSA-yaml-test', 'yaml', []), affected: [{ package: { ecosystem: 'npm', name: 'yaml' }, versions: [yamlVersion] }], severity: HIGH }));
    writeFileSync(join(adv, 'b.json'), JSON.stringify(osv('GHSA-zod-old', 'zod', [{ introduced: '0' }, { fixed: '0.0.1' }], { severity: HIGH })));
    expect((await bw(['db', 'import', adv], { home })).code).toBe(0);
    const r = await bw(['scan', 'deps', '.', '--format', 'json'], { home, cwd: repo });
    expect(r.err).toBe('');
    expect(r.code).toBe(1);
    const report = JSON.parse(r.out);
    expect(report.stats).toMatchObject({ lockfiles: 1, packages: installed.size, vulnerable: 1 });
    expect(report.errors).toEqual([]);
    expect(report.findings.filter((f: { code: string }) => f.code.startsWith('DEPS_VULN')).map((f: { subject: string; location: { path: string; detail: string } }) => [f.subject, f.location.path, f.location.detail])).toEqual([
      [`yaml@${yamlVersion}`, 'package-lock.json', 'npm, direct'],
    ]);
  });
});
