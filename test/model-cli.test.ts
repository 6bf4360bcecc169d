import { spawnSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MODEL_FIXTURES } from '../src/scan/model/fixtures/generate.js';
import { PickleWriter } from '../src/scan/model/fixtures/writers.js';
import type { ScanReport } from '../src/scan/report/index.js';
import { runCli } from './cli-run.js';

const RANK = { info: 0, low: 1, medium: 2, high: 3, critical: 4 } as const;
let home = '';
beforeAll(() => {
  home = mkdtempSync(join(tmpdir(), 'bulwark-model-cli-'));
  mkdirSync(join(home, 'models'));
  for (const f of MODEL_FIXTURES) writeFileSync(join(home, 'models', f.name), f.build());
  mkdirSync(join(home, 'benign'));
  for (const f of MODEL_FIXTURES.filter((x) => x.kind === 'benign')) writeFileSync(join(home, 'benign', f.name), f.build());
  mkdirSync(join(home, 'docs'));
  writeFileSync(join(home, 'docs', 'notes.txt'), 'not a model\n');
});
afterAll(() => rmSync(home, { recursive: true, force: true }));

describe('bulwark scan model', () => {
  it('flags every malicious fixture critical and no benign one above medium, in one directory walk', async () => {
    const r = await runCli(home, ['scan', 'model', 'models', '--format', 'json']);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.out) as ScanReport;
    expect(report.scanned).toBe(MODEL_FIXTURES.length);
    for (const f of MODEL_FIXTURES) {
      const mine = report.findings.filter((x) => x.location.path === f.name);
      if (f.kind === 'malicious') expect([f.name, mine.some((x) => x.severity === 'critical' && x.failing)]).toEqual([f.name, true]);
      else expect([f.name, mine.filter((x) => RANK[x.severity] > RANK.medium).map((x) => x.code)]).toEqual([f.name, []]);
    }
  });

  it('exit 0 on benign files, 3 on a directory without models, 2 on a missing path or bad flag', async () => {
    expect((await runCli(home, ['scan', 'model', 'benign'])).code).toBe(0);
    expect((await runCli(home, ['scan', 'model', 'docs'])).code).toBe(3);
    const missing = await runCli(home, ['scan', 'model', 'nope.pt']);
    expect([missing.code, missing.err]).toEqual([2, expect.stringContaining('[MODEL_PATH_NOT_FOUND]')]);
    expect((await runCli(home, ['scan', 'model'])).code).toBe(2);
    expect((await runCli(home, ['scan', 'model', 'models', '--format', 'yaml'])).code).toBe(2);
    expect((await runCli(home, ['scan', 'model', 'models', '--fail-on', 'severe'])).code).toBe(2);
  });

  it('--fail-on and the allowlist in config decide whether an unknown global fails', async () => {
    writeFileSync(join(home, 'custom.pkl'), new PickleWriter().proto(2).global('mylab.layers', 'Block').raw(0x29).raw(0x52).raw(0x2e).toBuffer());
    expect((await runCli(home, ['scan', 'model', 'custom.pkl'])).code).toBe(0);
    const strict = await runCli(home, ['scan', 'model', 'custom.pkl', '--fail-on', 'medium', '--format', 'json']);
    expect(strict.code).toBe(1);
    expect((JSON.parse(strict.out) as ScanReport).findings.map((f) => [f.code, f.title])).toEqual([['MODEL_PICKLE_UNKNOWN_GLOBAL', expect.stringContaining('mylab.layers.Block')]]);
    writeFileSync(join(home, 'allow.yaml'), 'scan:\n  model:\n    allowGlobals: ["mylab.layers.*"]\n');
    expect((await runCli(home, ['scan', 'model', 'custom.pkl', '--fail-on', 'medium', '--config', 'allow.yaml'])).code).toBe(0);
    expect((await runCli(home, ['scan', 'model', 'models', '--fail-on', 'none'])).code).toBe(0);
  });

  it.each(['sarif', 'junit', 'markdown', 'html', 'table'])('renders %s', async (format) => {
    const r = await runCli(home, ['scan', 'model', join('models', 'os-system.pkl'), '--format', format]);
    expect(r.code).toBe(1);
    expect(r.out).toContain('MODEL_PICKLE_DANGEROUS_GLOBAL');
  });
});

describe('the built binary (npm run build first, as npm test does)', () => {
  it('exits 1 with SARIF on a malicious model and 0 on a benign directory', () => {
    const bin = join(process.cwd(), 'dist', 'cli', 'bin.js');
    const env = { ...process.env, BULWARK_HOME: home, HOME: home };
    const bad = spawnSync(process.execPath, [bin, 'scan', 'model', join('models', 'evil-data.pt'), '--format', 'sarif'], { cwd: home, env, encoding: 'utf8' });
    expect(bad.status).toBe(1);
    const sarif = JSON.parse(bad.stdout) as { runs: { results: { ruleId: string }[] }[] };
    expect(sarif.runs[0]!.results.some((r) => r.ruleId.startsWith('MODEL_PICKLE_DANGEROUS_GLOBAL'))).toBe(true);
    expect(spawnSync(process.execPath, [bin, 'scan', 'model', 'benign'], { cwd: home, env, encoding: 'utf8' }).status).toBe(0);
  });
});

describe('bulwark model manifest | verify', () => {
  it('writes a signed manifest, verifies it, and reports modified, added and missing files and a bad signature', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    writeFileSync(join(home, 'signing.key'), privateKey.export({ type: 'pkcs8', format: 'pem' }));
    writeFileSync(join(home, 'signing.pub'), publicKey.export({ type: 'spki', format: 'pem' }));
    writeFileSync(join(home, 'sign.yaml'), 'scan:\n  model:\n    signing:\n      privateKeyFile: signing.key\n      publicKeyFile: signing.pub\n');
    const dir = join(home, 'release-1');
    mkdirSync(join(dir, 'sub'), { recursive: true });
    writeFileSync(join(dir, 'model.safetensors'), MODEL_FIXTURES.find((f) => f.name === 'model.safetensors')!.build());
    writeFileSync(join(dir, 'sub', 'config.json'), '{"hidden_size": 16}');

    const made = await runCli(home, ['model', 'manifest', 'release-1', '--sign', '--config', 'sign.yaml']);
    expect([made.code, made.out]).toEqual([0, expect.stringMatching(/2 files.*signed/)]);
    const manifest = JSON.parse(readFileSync(join(dir, 'bulwark-manifest.json'), 'utf8')) as { files: { path: string }[]; signature: { value: string } };
    expect(manifest.files.map((f) => f.path)).toEqual(['model.safetensors', 'sub/config.json']);
    expect((await runCli(home, ['model', 'verify', 'release-1', '--config', 'sign.yaml'])).code).toBe(0);

    writeFileSync(join(dir, 'sub', 'config.json'), '{"hidden_size": 17}');
    writeFileSync(join(dir, 'extra.pkl'), 'x');
    rmSync(join(dir, 'model.safetensors'));
    const changed = await runCli(home, ['model', 'verify', 'release-1', '--config', 'sign.yaml', '--format', 'json']);
    expect(changed.code).toBe(1);
    expect((JSON.parse(changed.out) as ScanReport).findings.map((f) => [f.code, f.location.path]).sort()).toEqual([
      ['MANIFEST_FILE_ADDED', 'extra.pkl'],
      ['MANIFEST_FILE_MISSING', 'model.safetensors'],
      ['MANIFEST_FILE_MODIFIED', 'sub/config.json'],
    ]);

    // Rewriting the manifest to match the tampered files breaks the signature.
    const forged = JSON.parse(readFileSync(join(dir, 'bulwark-manifest.json'), 'utf8')) as { files: { path: string; sha256: string }[] };
    forged.files = forged.files.filter((f) => f.path !== 'model.safetensors');
    writeFileSync(join(dir, 'bulwark-manifest.json'), JSON.stringify(forged));
    const bad = await runCli(home, ['model', 'verify', 'release-1', '--config', 'sign.yaml', '--format', 'json']);
    expect((JSON.parse(bad.out) as ScanReport).findings.map((f) => f.code)).toContain('MANIFEST_SIGNATURE_INVALID');
  });

  it('errors: no manifest, invalid manifest, missing key, not a directory', async () => {
    const dir = join(home, 'release-2');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'w.bin'), 'abc');
    expect((await runCli(home, ['model', 'verify', 'release-2'])).err).toContain('[MANIFEST_NOT_FOUND]');
    writeFileSync(join(dir, 'bulwark-manifest.json'), '{"schema":"bulwark.model-manifest","schemaVersion":1,"algorithm":"sha256","createdAt":"x","files":[{"path":"../etc/passwd","size":1,"sha256":"00"}]}');
    expect((await runCli(home, ['model', 'verify', 'release-2'])).err).toContain('[MANIFEST_INVALID]');
    expect((await runCli(home, ['model', 'manifest', 'release-2', '--sign'])).err).toContain('[MANIFEST_KEY_INVALID]');
    writeFileSync(join(home, 'rsa.yaml'), 'scan:\n  model:\n    signing:\n      privateKeyFile: rsa.key\n');
    writeFileSync(join(home, 'rsa.key'), generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs8', format: 'pem' }));
    expect((await runCli(home, ['model', 'manifest', 'release-2', '--sign', '--config', 'rsa.yaml'])).err).toContain('Ed25519');
    expect((await runCli(home, ['model', 'manifest', 'w.bin'])).code).toBe(2);
    expect((await runCli(home, ['model', 'frobnicate'])).code).toBe(2);
  });
});
