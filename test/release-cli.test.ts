import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateReleaseRepo, type PlantedItem } from '../src/scan/release/fixtures/repo.js';
import type { ScanReport } from '../src/scan/report/index.js';
import { runCli } from './cli-run.js';

let home = '';
let planted: PlantedItem[] = [];
beforeAll(() => {
  home = mkdtempSync(join(tmpdir(), 'bulwark-release-'));
  // Small limits so the generated files exercise sampling and the large-binary rule quickly.
  writeFileSync(join(home, 'bulwark.yaml'), 'scan:\n  release:\n    largeFileBytes: 1048576\n    maxTextBytes: 262144\n    sampleBytes: 262144\n');
  mkdirSync(join(home, 'planted'));
  mkdirSync(join(home, 'clean'));
  planted = generateReleaseRepo(join(home, 'planted'), 'planted', { largeBinaryBytes: 1 << 20, jsonlBytes: 2 << 20 }).planted;
  generateReleaseRepo(join(home, 'clean'), 'clean', { largeBinaryBytes: 1 << 20, jsonlBytes: 2 << 20 });
}, 60_000);
afterAll(() => rmSync(home, { recursive: true, force: true }));

const found = (report: ScanReport, item: PlantedItem) => report.findings.some((f) => f.code === item.code && f.location.path === item.path);

describe('bulwark scan release', () => {
  it('finds every planted item in the generated repository, and never prints the values', async () => {
    const r = await runCli(home, ['scan', 'release', 'planted', '--format', 'json']);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.out) as ScanReport;
    const inTree = planted.filter((p) => !p.history);
    expect(inTree.length).toBeGreaterThanOrEqual(12);
    expect(inTree.filter((p) => !found(report, p))).toEqual([]);
    expect(report.findings.find((f) => f.location.path === 'data/chats.jsonl')?.properties).toMatchObject({ sampled: true });
    for (const raw of ['AKIAQ3EGRT5YKD4LXN2P', 'sk-proj-Xq7Lk2', 'S3cr3tPassw0rd', 'mail-example.com', 'MIIEpAIBAAKCAQEA', '10.20.30.40']) expect(r.out).not.toContain(raw);
  });

  it('finds nothing in the clean twin (exit 0)', async () => {
    const r = await runCli(home, ['scan', 'release', 'clean', '--format', 'json']);
    const report = JSON.parse(r.out) as ScanReport;
    expect(report.findings.map((f) => `${f.code} ${f.title}`)).toEqual([]);
    expect([r.code, report.scanned > 5]).toEqual([0, true]);
  });

  it('--history finds a secret committed and later deleted; the clean history is clean', async () => {
    const r = await runCli(home, ['scan', 'release', 'planted', '--history', '--format', 'json']);
    const report = JSON.parse(r.out) as ScanReport;
    for (const item of planted.filter((p) => p.history)) expect(report.findings.some((f) => f.code === item.code && f.location.path === item.path && /^commit [0-9a-f]{12}$/.test(f.location.detail ?? ''))).toBe(true);
    expect(report.stats.commits).toBe(2);
    const clean = await runCli(home, ['scan', 'release', 'clean', '--history', '--format', 'json']);
    expect([clean.code, (JSON.parse(clean.out) as ScanReport).findings.length]).toEqual([0, 0]);
  });

  it.each(['sarif', 'junit', 'markdown', 'table', 'html'])('renders %s with exit 1 on the planted repository', async (format) => {
    const r = await runCli(home, ['scan', 'release', 'planted', '--format', format]);
    expect(r.code).toBe(1);
    expect(r.out).toContain('RELEASE_PRIVATE_KEY');
    expect(r.out).not.toContain('AKIAQ3EGRT5YKD4LXN2P');
  });

  it('errors: missing path, two paths, --history outside a repository, bad pattern config', async () => {
    expect((await runCli(home, ['scan', 'release', 'nope'])).err).toContain('[MODEL_PATH_NOT_FOUND]');
    expect((await runCli(home, ['scan', 'release', 'a', 'b'])).code).toBe(2);
    const notRepo = join(home, 'plain');
    mkdirSync(notRepo, { recursive: true });
    writeFileSync(join(notRepo, 'a.txt'), 'hello\n');
    const h = await runCli(home, ['scan', 'release', 'plain', '--history']);
    expect([h.code, h.err]).toEqual([2, expect.stringContaining('[RELEASE_GIT_FAILED]')]);
    writeFileSync(join(home, 'bad.yaml'), 'scan:\n  release:\n    internalPatterns: ["(unclosed"]\n');
    const bad = await runCli(home, ['scan', 'release', 'clean', '--config', 'bad.yaml']);
    expect([bad.code, bad.err]).toEqual([2, expect.stringContaining('[CONFIG_INVALID]')]);
    const empty = join(home, 'empty');
    mkdirSync(empty, { recursive: true });
    expect((await runCli(home, ['scan', 'release', 'empty'])).code).toBe(3);
  });
});
