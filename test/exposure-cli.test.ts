import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shippedData } from '../src/scan/exposure/index.js';
import * as F from './exposure-fakes.js';
import { parseReport, runExposure } from './exposure-helpers.js';
import { closedPort } from './helpers.js';

/** The command line: explicit targets only, range and public-address gates, exit codes, formats, Ctrl-C. */

let ollama: F.Fake;
let blackHole: F.RawFake;

beforeAll(async () => {
  ollama = await F.fakeOllama('127.0.0.7', '0.6.2');
  blackHole = await F.fakeBlackHole('127.0.0.7');
});

afterAll(async () => {
  await Promise.all([ollama?.close(), blackHole?.close()]);
});

describe('bulwark scan exposure: refusals (nothing is sent)', () => {
  it.each([
    [[], 'USAGE'],
    [['10.0.0.0/33'], 'EXPOSURE_TARGET_INVALID'],
    [['http://127.0.0.1:11434/'], 'EXPOSURE_TARGET_INVALID'],
    [['127.0.0.1:70000'], 'EXPOSURE_TARGET_INVALID'],
    [['fd00::1::2'], 'EXPOSURE_TARGET_INVALID'],
    [['10.0.0.0/16'], 'EXPOSURE_TOO_MANY_HOSTS'],
    [['10.0.0.0/23', '--max-hosts', '100'], 'EXPOSURE_TOO_MANY_HOSTS'],
    [['8.8.8.8'], 'EXPOSURE_PUBLIC_TARGET'],
    [['[2001:4860:4860::8888]:443'], 'EXPOSURE_PUBLIC_TARGET'],
    [['127.0.0.1', '--ports', '0'], 'EXPOSURE_TARGET_INVALID'],
    [['127.0.0.1', '--ports', '9-3'], 'EXPOSURE_TARGET_INVALID'],
    [['127.0.0.1', '--format', 'pdf'], 'USAGE'],
    [['127.0.0.1', '--targets', 'missing.txt'], 'EXPOSURE_TARGETS_FILE'],
  ])('%j → exit 2 [%s]', async (args, code) => {
    const r = await runExposure(args as string[]);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`[${code}]`);
    expect(r.out).toBe('');
  });

  it('--allow-public prints the authorisation reminder (scan interrupted before any traffic)', async () => {
    const stop = new AbortController();
    stop.abort();
    const r = await runExposure(['203.0.113.9:11434', '--allow-public', '--format', 'json'], { signal: stop.signal });
    expect(r.err).toMatch(/authorised/);
    const report = parseReport(r.out);
    expect(report.scanned).toBe(0);
    expect(report.errors.map((e) => e.code)).toEqual(['EXPOSURE_INTERRUPTED']);
    expect(r.code).toBe(3);
  });
});

describe('bulwark scan exposure: runs', () => {
  it('--help explains targets, the read-only promise and exit codes', async () => {
    const r = await runExposure(['--help']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('--allow-public');
    expect(r.out).toContain('read-only');
    expect(r.out).toContain('authorised');
  });

  it('an empty --targets file is nothing to scan (exit 3)', async () => {
    const r = await runExposure(['--targets', 'hosts.txt', '--format', 'json'], { files: { 'hosts.txt': '# none yet\n\n' } });
    expect(r.code).toBe(3);
    expect(parseReport(r.out).scanned).toBe(0);
  });

  it('reads --targets, --ports and reports closed ports as clean (exit 0)', async () => {
    const a = await closedPort();
    const b = await closedPort();
    const r = await runExposure(['--targets', 'hosts.txt', '--ports', `${a},${b}`, '--format', 'json'], { files: { 'hosts.txt': '127.0.0.1  # loopback\n' } });
    const report = parseReport(r.out);
    expect(report.stats.closed).toBe(2);
    expect(report.findings).toEqual([]);
    expect(r.code).toBe(0);
  });

  it('without --ports, probes the data file\'s default port list', async () => {
    const r = await runExposure(['127.0.0.10', '--format', 'json', '--fail-on', 'none', '--timeout', '2000']);
    const report = parseReport(r.out);
    expect(report.scanned).toBe(shippedData().fingerprints.defaultPorts.length);
    expect(report.stats['host:port probed']).toBe(report.scanned);
    expect(r.code).toBe(0);
  });

  it('exit 1 on an exposed service, 0 with --fail-on none; renders every format', async () => {
    const failing = await runExposure([ollama.target]);
    expect(failing.code).toBe(1);
    expect(failing.out).toContain(`${ollama.target} ollama 0.6.2`);
    expect(failing.out).toMatch(/CRITICAL\s+EXPOSURE_NO_AUTH/);
    expect((await runExposure([ollama.target, '--fail-on', 'none'])).code).toBe(0);
    const sarif = JSON.parse((await runExposure([ollama.target, '--format', 'sarif'])).out);
    expect(sarif.runs[0].results.some((x: { ruleId: string }) => x.ruleId === 'EXPOSURE_NO_AUTH')).toBe(true);
    expect((await runExposure([ollama.target, '--format', 'markdown'])).out).toContain('| critical | `EXPOSURE_NO_AUTH`');
    expect((await runExposure([ollama.target, '--format', 'junit'])).out).toContain('<failure type="EXPOSURE_NO_AUTH"');
  });

  it('resolves host names (loopback only here) and probes every address', async () => {
    const local = await F.fakeOllama('127.0.0.1', '0.6.2');
    try {
      const r = await runExposure([`localhost:${local.port}`, 'no-such-host.invalid:11434', '--format', 'json']);
      const report = parseReport(r.out);
      expect(report.findings.some((f) => f.location.target === local.target && f.code === 'EXPOSURE_NO_AUTH')).toBe(true);
      expect(report.errors).toEqual([expect.objectContaining({ target: 'no-such-host.invalid:11434', code: 'EXPOSURE_HOST_UNRESOLVED' })]);
    } finally {
      await local.close();
    }
  });

  it('takes its settings from scan.exposure in the config file, validated', async () => {
    const quiet = await runExposure([ollama.target, '--config', 'b.yaml'], { files: { 'b.yaml': 'scan:\n  exposure:\n    failOn: none\n    concurrency: 4\n' } });
    expect(quiet.code).toBe(0);
    const bad = await runExposure([ollama.target, '--config', 'b.yaml'], { files: { 'b.yaml': 'scan:\n  exposure:\n    concurrency: 0\n    bogus: 1\n' } });
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('[CONFIG_INVALID]');
    expect(bad.err).toContain('scan.exposure.concurrency');
  });

  it('Ctrl-C keeps what was found so far and names what was cut', async () => {
    const stop = new AbortController();
    setTimeout(() => stop.abort(), 700);
    const started = Date.now();
    const r = await runExposure([ollama.target, blackHole.target, '--format', 'json', '--timeout', '60000'], { signal: stop.signal });
    expect(Date.now() - started).toBeLessThan(3_000);
    const report = parseReport(r.out);
    expect(r.err).toContain('interrupted');
    expect(report.findings.some((f) => f.location.target === ollama.target && f.code === 'EXPOSURE_NO_AUTH')).toBe(true);
    expect(report.errors).toEqual([expect.objectContaining({ target: blackHole.target, code: 'EXPOSURE_INTERRUPTED' })]);
    expect(r.code).toBe(1);
  });
});
