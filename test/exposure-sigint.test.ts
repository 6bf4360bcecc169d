import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScanReport } from '../src/scan/report/index.js';
import * as F from './exposure-fakes.js';
import { waitFor } from './helpers.js';


/** The real binary (after `npm run build`) stopped by SIGINT prints what it found so far. */

let ollama: F.Fake;
let blackHole: F.RawFake;
let home: string;

beforeAll(async () => {
  ollama = await F.fakeOllama('127.0.0.8', '0.1.30');
  blackHole = await F.fakeBlackHole('127.0.0.8');
  home = mkdtempSync(join(tmpdir(), 'bulwark-sigint-'));
});

afterAll(async () => {
  await Promise.all([ollama?.close(), blackHole?.close()]);
  rmSync(home, { recursive: true, force: true });
});

describe('bulwark scan exposure under Ctrl-C (SIGINT)', () => {
  it('stops probing, reports the partial result and exits by the policy', async () => {
    const bin = new URL('../dist/cli/bin.js', import.meta.url).pathname;
    const child = spawn(process.execPath, [bin, 'scan', 'exposure', ollama.target, blackHole.target, '--format', 'json', '--timeout', '60000'], { env: { ...process.env, BULWARK_HOME: home, HOME: home, BULWARK_CONFIG: '' }, cwd: home });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    // Ollama answered all it was asked, and the black hole holds its first request open.
    await waitFor(() => ollama.received.length >= 3 && blackHole.received.length >= 1, 8_000, 'probes in flight');
    // Let the last Ollama answer reach the scanner before the interrupt.
    await new Promise((r) => setTimeout(r, 300));
    child.kill('SIGINT');
    const code = await Promise.race([exited, new Promise<'hung'>((r) => setTimeout(() => r('hung'), 5_000))]);
    if (code === 'hung') child.kill('SIGKILL');
    expect(code).toBe(1);
    expect(err).toContain('interrupted');
    const report = JSON.parse(out) as ScanReport;
    expect(report.findings.some((f) => f.location.target === ollama.target && f.code === 'EXPOSURE_NO_AUTH')).toBe(true);
    expect(report.findings.some((f) => f.location.target === ollama.target && f.references?.includes('CVE-2024-28224'))).toBe(false);
    expect(report.errors).toEqual([expect.objectContaining({ target: blackHole.target, code: 'EXPOSURE_INTERRUPTED' })]);
  }, 20_000);
});
