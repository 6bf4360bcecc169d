import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScanReport } from '../src/scan/report/index.js';
import { fakeOllama, type Fake } from './exposure-fakes.js';
import { findingsOf, parseReport, runExposure, serviceFinding } from './exposure-helpers.js';
import { call, startHarness, UPSTREAM_KEY, type Harness } from './helpers.js';

/**
 * A vulnerable Ollama behind a running Bulwark gateway: scanned directly it is exposed; scanned
 * through the gateway it is protected, and the gateway's refusal hides the Ollama version.
 */

let ollama: Fake;
let harness: Harness;
let report: ScanReport;
let gatewayTarget: string;

beforeAll(async () => {
  ollama = await fakeOllama('127.0.0.2', '0.1.33');
  harness = await startHarness({ config: { upstreams: { 'fake-ollama': { type: 'ollama', baseUrl: `http://${ollama.target}`, apiKey: UPSTREAM_KEY } } } });
  gatewayTarget = new URL(harness.url).host;
  const r = await runExposure([gatewayTarget, ollama.target, '--format', 'json']);
  report = parseReport(r.out);
}, 30_000);

afterAll(async () => {
  await harness?.close();
  await ollama?.close();
});

describe('a service behind the Bulwark gateway', () => {
  it('the gateway really fronts the fake Ollama (a keyed call reaches it)', async () => {
    const before = ollama.received.length;
    const r = await call(harness.url, 'GET', '/api/version', harness.keys.user);
    expect(r.status).toBe(200);
    expect(r.json).toEqual({ version: '0.1.33' });
    expect(ollama.received.length).toBeGreaterThan(before);
  });

  it('is reported protected through the gateway, with no advisory and nothing failing', () => {
    const f = serviceFinding(report, gatewayTarget)!;
    expect(f.code).toBe('EXPOSURE_PROTECTED');
    expect(f.properties).toMatchObject({ service: 'bulwark-gateway', protected: true, auth: 'required' });
    expect(f.failing).toBe(false);
    expect(findingsOf(report, gatewayTarget).map((x) => x.code)).toEqual(['EXPOSURE_PROTECTED']);
    expect(report.stats.protected).toBe(1);
  });

  it('is reported exposed and vulnerable when reached directly', () => {
    const f = serviceFinding(report, ollama.target)!;
    expect(f.code).toBe('EXPOSURE_NO_AUTH');
    expect(findingsOf(report, ollama.target).some((x) => x.references?.includes('CVE-2024-37032'))).toBe(true);
  });
});
