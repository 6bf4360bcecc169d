import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../../test/cli-run.js';

const dirs: string[] = [];
afterEach(() => {
  while (dirs.length) rmSync(dirs.pop()!, { recursive: true, force: true });
});

async function run(argv: string[], opts: { stdin?: string; files?: Record<string, string> } = {}) {
  const home = mkdtempSync(join(tmpdir(), 'bulwark-cli-'));
  dirs.push(home);
  for (const [name, text] of Object.entries(opts.files ?? {})) writeFileSync(join(home, name), text);
  return runIn(home, argv, opts.stdin);
}

function runIn(home: string, argv: string[], stdinText?: string) {
  return runCli(home, argv, { stdin: stdinText }).then((r) => ({ ...r, home }));
}

describe('bulwark keys', () => {
  it('creates, lists and revokes keys, printing the key once and never its hash', async () => {
    const created = await run(['keys', 'create', '--tenant', 'acme', '--role', 'operator', '--models', 'llama*,qwen*', '--rpm', '20', '--expires', '30d', '--json']);
    expect(created.code).toBe(0);
    const k = JSON.parse(created.out) as { key: string; id: string; allowedModels: string[]; limits: object };
    expect(k.key).toMatch(/^bw_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$/);
    expect(k.allowedModels).toEqual(['llama*', 'qwen*']);
    expect(k.limits).toEqual({ requestsPerMinute: 20 });

    const list = await runIn(created.home, ['keys', 'list', '--json']);
    expect(list.out).not.toContain(k.key);
    expect(list.out).not.toContain('hash');
    expect(JSON.parse(list.out)).toEqual([expect.objectContaining({ id: k.id, tenantId: 'acme', role: 'operator', revokedAt: null })]);

    expect((await runIn(created.home, ['keys', 'revoke', k.id])).code).toBe(0);
    expect((await runIn(created.home, ['keys', 'list'])).out).toMatch(new RegExp(`${k.id}\\tacme\\toperator.*\\trevoked`));
    const missing = await runIn(created.home, ['keys', 'revoke', 'ffffffffffff']);
    expect([missing.code, missing.err]).toEqual([2, expect.stringContaining('[KEY_NOT_FOUND]')]);
  });

  it.each([
    [['keys', 'create'], 'USAGE'],
    [['keys', 'create', '--tenant', 't', '--role', 'root'], 'USAGE'],
    [['keys', 'create', '--tenant', 't', '--rpm', '-3'], 'USAGE'],
    [['keys', 'create', '--tenant', 't', '--expires', 'someday'], 'USAGE'],
    [['keys', 'create', '--tenant', 't', '--bogus'], 'USAGE'],
    [['keys', 'frobnicate'], 'USAGE'],
  ])('refuses %j with exit 2 and %s', async (argv, code) => {
    const r = await run(argv);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`[${code}]`);
  });
});

describe('configuration errors', () => {
  it('lists every problem with its path and exits 2', async () => {
    const r = await run(['keys', 'list', '--config', 'bad.yaml'], { files: { 'bad.yaml': 'server:\n  port: nope\nroutes:\n  - match: "*"\n    upstream: ghost\n' } });
    expect(r.code).toBe(2);
    expect(r.err).toContain('server.port');
    expect(r.err).toContain('routes[0].upstream');
    expect(r.err).toContain('[CONFIG_INVALID]');
  });

  it.each([
    ['not YAML', 'a: [1, 2\n', 'CONFIG_PARSE'],
    ['a missing env variable', 'upstreams:\n  x: { type: openai, baseUrl: "http://h/v1", apiKey: "${NOPE_NOT_SET}" }\nroutes: [{ match: "*", upstream: x }]\n', 'CONFIG_ENV_MISSING'],
    ['an alias bomb', `a: &a ["x","x","x","x","x","x","x","x","x"]\n${Array.from({ length: 12 }, (_, i) => `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)}]`).join('\n')}\n`, 'CONFIG_PARSE'],
  ])('reports %s with its code', async (_name, text, code) => {
    const r = await run(['keys', 'list', '--config', 'c.yaml'], { files: { 'c.yaml': text } });
    expect(r.code).toBe(2);
    expect(r.err).toContain(`[${code}]`);
  });

  it('names a missing file', async () => {
    const r = await run(['keys', 'list', '--config', 'nowhere.yaml']);
    expect([r.code, r.err]).toEqual([2, expect.stringContaining('[CONFIG_NOT_FOUND]')]);
  });
});

describe('bulwark check', () => {
  it('answers one result line per --jsonl input line, and flags bad lines in place', async () => {
    const r = await run(['check', '--jsonl'], { stdin: '{"text":"hello"}\nnot json\n{"text":"second"}\n\n' });
    const lines = r.out.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatchObject({ schemaVersion: 1, verdict: 'allow', text: 'hello', findings: [] });
    expect(lines[1]).toMatchObject({ line: 2, error: { code: 'INVALID_REQUEST' } });
    expect(lines[2]).toMatchObject({ verdict: 'allow', text: 'second' });
    expect(r.code).toBe(2);
  });

  it('exits 3 when there is nothing to check', async () => {
    expect((await run(['check', '--jsonl'], { stdin: '' })).code).toBe(3);
    expect((await run(['check', '-'], { stdin: '   ' })).code).toBe(3);
  });

  it('needs TEXT or -', async () => {
    expect((await run(['check'])).code).toBe(2);
  });
});

describe('bulwark serve (the real bin)', () => {
  it('starts on defaults, prints the first admin key once and answers /healthz', async () => {
    const home = mkdtempSync(join(tmpdir(), 'bulwark-serve-'));
    dirs.push(home);
    const bin = new URL('../../dist/cli/bin.js', import.meta.url).pathname;
    const child = spawn(process.execPath, [bin, 'serve', '--port', '0'], { env: { ...process.env, BULWARK_HOME: home, HOME: home, BULWARK_CONFIG: '' }, cwd: home });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no listening line in: ${out}`)), 10_000);
        child.stdout.on('data', () => {
          const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
          if (m) {
            clearTimeout(timer);
            resolve(m[1]!);
          }
        });
      });
      expect(out).toMatch(/admin key: bw_[0-9a-f]{12}_[A-Za-z0-9_-]{43}/);
      expect((await fetch(`${url}/healthz`)).status).toBe(200);
      const denied = await fetch(`${url}/v1/chat/completions`, { method: 'POST', body: '{}' });
      expect(denied.status).toBe(401);
    } finally {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    }
    expect(child.exitCode).toBe(0);
  });
});
