import { createServer } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as F from './exposure-fakes.js';
import { parseReport, runExposure } from './exposure-helpers.js';
import { closedPort } from './helpers.js';

/**
 * Hostile peers: one accepts and never answers, one answers 100 MB, one drip-feeds a byte a
 * second, one answers broken HTTP, one announces JSON and sends a broken body. The scan ends
 * within its deadline, names each target's problem with a stable code, and reads a bounded
 * number of bytes.
 */

let blackHole: F.RawFake;
let huge: F.RawFake;
let drip: F.RawFake;
let badHttp: F.RawFake;
let badJson: F.Fake;

beforeAll(async () => {
  blackHole = await F.fakeBlackHole('127.0.0.3');
  huge = await F.fakeHuge('127.0.0.3');
  drip = await F.fakeDrip('127.0.0.4');
  badHttp = await F.fakeMalformedHttp('127.0.0.4');
  badJson = await F.fakeMalformedJson('127.0.0.5');
});

afterAll(async () => {
  await Promise.all([blackHole, huge, drip, badHttp, badJson].map((f) => f?.close()));
});

describe('hostile peers', () => {
  it('each gets a clear per-target error, the scan ends in time and memory stays bounded', async () => {
    const closed = await closedPort();
    const rssBefore = process.memoryUsage().rss;
    const started = Date.now();
    const r = await runExposure([blackHole.target, huge.target, drip.target, badHttp.target, badJson.target, `127.0.0.1:${closed}`, '--format', 'json', '--timeout', '1500', '--deadline', '10']);
    const elapsed = Date.now() - started;
    const report = parseReport(r.out);
    const errorOf = (target: string) => report.errors.filter((e) => e.target === target).map((e) => e.code);

    expect(elapsed).toBeLessThan(10_000);
    expect(errorOf(blackHole.target)).toEqual(['EXPOSURE_READ_TIMEOUT']);
    expect(errorOf(drip.target)).toEqual(['EXPOSURE_READ_TIMEOUT']);
    expect(errorOf(huge.target)).toEqual(['EXPOSURE_RESPONSE_TOO_LARGE']);
    expect(errorOf(badHttp.target)).toEqual(['EXPOSURE_BAD_RESPONSE']);
    expect(errorOf(badJson.target)).toContain('EXPOSURE_BAD_RESPONSE');
    expect(report.errors.find((e) => e.target === badJson.target)!.message).toMatch(/not valid JSON/);
    expect(errorOf(`127.0.0.1:${closed}`)).toEqual([]);
    expect(report.stats.closed).toBe(1);
    // Open but unidentified peers are reported unknown, never misnamed.
    for (const t of [huge.target, badHttp.target, badJson.target]) {
      expect(report.findings.filter((f) => f.location.target === t).map((f) => f.code)).toEqual(['EXPOSURE_UNKNOWN_SERVICE']);
    }
    // 100 MB offered, at most the 1 MiB cap plus socket buffers taken.
    expect(huge.bytesWritten()).toBeLessThan(24 * 1024 * 1024);
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(96 * 1024 * 1024);
    // The drip-feeder got no further than the timeout allows.
    expect(drip.bytesWritten()).toBeLessThanOrEqual(3);
    expect(r.code).toBe(0);
  }, 20_000);

  it('a total deadline shorter than the per-request timeout cuts the scan and keeps what was found', async () => {
    const ollama = await F.fakeOllama('127.0.0.6', '0.1.33');
    try {
      const started = Date.now();
      const r = await runExposure([ollama.target, blackHole.target, drip.target, '--format', 'json', '--timeout', '60000', '--deadline', '2']);
      const elapsed = Date.now() - started;
      const report = parseReport(r.out);
      expect(elapsed).toBeLessThan(4_000);
      expect(report.errors.filter((e) => e.code === 'EXPOSURE_DEADLINE').map((e) => e.target).sort()).toEqual([blackHole.target, drip.target].sort());
      expect(report.findings.some((f) => f.location.target === ollama.target && f.code === 'EXPOSURE_NO_AUTH')).toBe(true);
      expect(r.err).toContain('deadline reached');
      expect(r.code).toBe(1);
    } finally {
      await ollama.close();
    }
  }, 20_000);

  it('a peer answering just under the byte cap on every path is kept within the per-target budget', async () => {
    const big = await F.startHttpFake('127.0.0.5', () => ({ status: 200, headers: { 'content-type': 'text/html' }, body: `<html>${'z'.repeat(900 * 1024)}</html>` }), { status: 404 });
    try {
      const rssBefore = process.memoryUsage().rss;
      const r = await runExposure([big.target, '--format', 'json']);
      const report = parseReport(r.out);
      expect(big.received.length).toBeGreaterThan(10);
      expect(report.errors).toEqual([]);
      expect(report.findings.map((f) => f.code)).toEqual(['EXPOSURE_UNKNOWN_SERVICE']);
      expect(process.memoryUsage().rss - rssBefore).toBeLessThan(96 * 1024 * 1024);
    } finally {
      await big.close();
    }
  });

  it('a connection reset before any answer is retried once, after a backoff', async () => {
    let connections = 0;
    const connectedAt: number[] = [];
    const server = createServer((req, res) => {
      if (req.url === '/') return void res.end('Ollama is running');
      if (req.url === '/api/version') return void res.writeHead(200, { 'content-type': 'application/json' }).end('{"version":"0.6.2"}');
      if (req.url === '/api/tags') return void res.writeHead(200, { 'content-type': 'application/json' }).end('{"models":[]}');
      res.writeHead(404).end('404 page not found');
    });
    // The very first connection is reset before anything is answered (a flaky middlebox).
    server.prependListener('connection', (socket: Socket) => {
      connections += 1;
      connectedAt.push(Date.now());
      if (connections === 1) socket.resetAndDestroy();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.6', resolve));
    const target = `127.0.0.6:${(server.address() as AddressInfo).port}`;
    try {
      const r = await runExposure([target, '--format', 'json']);
      const report = parseReport(r.out);
      expect(report.errors).toEqual([]);
      expect(report.findings.find((f) => f.code === 'EXPOSURE_NO_AUTH')?.properties).toMatchObject({ service: 'ollama', version: '0.6.2' });
      // reset, its retry (GET /v1/models: is it a Bulwark gateway?), then GET /, /api/tags, /api/version
      expect(connections).toBe(5);
      expect(connectedAt[1]! - connectedAt[0]!).toBeGreaterThanOrEqual(200); // scan.exposure.retryBackoffMs 250
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
