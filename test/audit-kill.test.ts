import Database from 'better-sqlite3';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { startFakeModel, type FakeModel } from '../src/demo/index.js';

/**
 * The acknowledgement, proven the hard way: a real `bulwark serve` under concurrent load is killed
 * with SIGKILL; every request that got a whole answer must have its record afterwards. A stream
 * counts as answered only when its last bytes arrived (the gateway journals the record before it
 * ends the response), so a stream cut by the kill may or may not be on record.
 */

const BIN = join(import.meta.dirname, '..', 'dist', 'cli', 'bin.js');
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

function startServe(home: string, config: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [BIN, 'serve', '--config', config], { env: { ...process.env, BULWARK_HOME: home }, stdio: ['ignore', 'pipe', 'pipe'] });
  cleanups.push(() => void child.kill('SIGKILL'));
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`serve did not start:\n${out}`)), 15_000);
    const onData = (c: Buffer): void => {
      out += c.toString();
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ child, url: m[1]! });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`serve exited (${code}):\n${out}`)));
  });
}

function cliJson(home: string, config: string, args: string[]): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, [BIN, ...args, '--config', config], { env: { ...process.env, BULWARK_HOME: home }, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('kill -9 under load', () => {
  it('loses no record of a request that got its answer', async () => {
    const fake: FakeModel = await startFakeModel({ record: false, chunkDelayMs: 1 });
    cleanups.push(() => fake.close());
    const home = mkdtempSync(join(tmpdir(), 'bulwark-kill-'));
    cleanups.push(() => rmSync(home, { recursive: true, force: true }));
    const config = join(home, 'bulwark.yaml');
    writeFileSync(
      config,
      [
        'server: { host: 127.0.0.1, port: 0 }',
        'logging: { level: warn }',
        'upstreams:',
        `  fake: { type: openai, baseUrl: ${fake.url}/v1 }`,
        'routes:',
        '  - { match: "*", upstream: fake }',
        'limits: { perKey: { requestsPerMinute: 100000000, tokensPerMinute: 1000000000, concurrency: 10000 }, perIp: { requestsPerMinute: 100000000 } }',
        'guards: { enabled: false }',
        // Nothing is ingested during the run: every answered request must come back from the journal.
        // (serve's first purge, 5 s after start, would ingest first on a machine slow to get the load going.)
        'audit: { ingestIntervalMs: 600000, purgeIntervalMinutes: 0 }',
        '',
      ].join('\n'),
    );
    const created = cliJson(home, config, ['keys', 'create', '--tenant', 'load', '--json']);
    expect(created.code, created.err).toBe(0);
    const key = (JSON.parse(created.out) as { key: string }).key;

    const { child, url } = await startServe(home, config);
    const dispatcher = new Agent({ connections: 64 });
    cleanups.push(() => dispatcher.close());
    const answered: string[] = [];
    let failed = 0;
    let stop = false;
    let n = 0;
    const worker = async (w: number): Promise<void> => {
      while (!stop) {
        const id = `kill-${w}-${n++}`;
        const stream = n % 3 === 0;
        try {
          const res = await fetch(`${url}/v1/chat/completions`, {
            method: 'POST',
            headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', 'x-request-id': id },
            body: JSON.stringify({ model: 'fake-gpt', stream, messages: [{ role: 'user', content: `load ${id}` }] }),
            // @ts-expect-error undici's dispatcher option
            dispatcher,
          });
          const text = await res.text();
          if (res.status === 200 && (!stream || text.includes('[DONE]'))) answered.push(id);
        } catch {
          failed++;
        }
      }
    };
    const workers = Array.from({ length: 32 }, (_, i) => worker(i));
    // Kill once real load has been answered (time-bounded, so a slow CI machine still gets there).
    const loadUntil = Date.now() + 15_000;
    while (answered.length < 150 && Date.now() < loadUntil) await new Promise((resolve) => setTimeout(resolve, 50));
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));
    stop = true;
    await Promise.all(workers);
    expect(answered.length).toBeGreaterThan(50);
    expect(failed).toBeGreaterThan(0);

    const db = new Database(join(home, 'audit.db'));
    expect(db.prepare('SELECT COUNT(*) AS n FROM audit_records').get()).toEqual({ n: 0 });
    db.close();
    // The CLI sees the owner is dead and replays the journal it left behind.
    const found = cliJson(home, config, ['audit', 'export', '--tenant', 'load', '--format', 'jsonl']);
    expect(found.code, found.err).toBe(0);
    const recorded = new Set(found.out.trim().split('\n').map((l) => (JSON.parse(l) as { requestId: string }).requestId));
    const missing = answered.filter((id) => !recorded.has(id));
    expect(missing).toEqual([]);
    expect(cliJson(home, config, ['audit', 'verify']).code).toBe(0);

    // A restarted gateway ingests nothing twice and goes on with the same chain.
    const again = await startServe(home, config);
    const r = await fetch(`${again.url}/v1/chat/completions`, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', 'x-request-id': 'after-restart' }, body: JSON.stringify({ model: 'fake-gpt', messages: [{ role: 'user', content: 'hi' }] }) });
    expect(r.status).toBe(200);
    again.child.kill('SIGTERM');
    await new Promise((resolve) => again.child.once('exit', resolve));
    const after = cliJson(home, config, ['audit', 'export', '--tenant', 'load', '--format', 'jsonl']);
    const ids = after.out.trim().split('\n').map((l) => (JSON.parse(l) as { requestId: string | null }).requestId).filter((x) => x !== null);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toContain('after-restart');
    const verified = cliJson(home, config, ['audit', 'verify', '--json']);
    expect(verified.code, verified.out).toBe(0);
  }, 120_000);
});
