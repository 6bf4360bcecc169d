import Database from 'better-sqlite3';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { generateMasterKey, openAuditTrail, parseMasterKey } from '../src/audit/index.js';
import { parseConfig } from '../src/core/index.js';
import { startFakeModel } from '../src/demo/index.js';

/**
 * Raw sensitive values never reach the operational log or the database files in clear: a real
 * `bulwark serve` at log level trace gets prompts full of Chinese ID numbers, card numbers and
 * cloud keys on every path (whole and streamed answers, Ollama, guard scan, refusals, broken
 * JSON, a key in the Authorization header); then every log line and every byte of every file in
 * the data directory (SQLite files and their -wal/-shm, the journal segments) is searched. The
 * content is on record all the same, and only the master key opens it.
 */

const BIN = join(import.meta.dirname, '..', 'dist', 'cli', 'bin.js');
const SECRETS = ['11010519491231002X', '4111111111111111', 'AKIA2E3MRJWK7XPQLN4T', 'sk-proj-Qm9vT3Bh1nAI7kX2vR8pL4sW6yZ0cD5eF9gH3jK7mN1qS5tU'];
const PROMPT = `我的身份证号码是 ${SECRETS[0]}，银行卡号 ${SECRETS[1]}。AWS key ${SECRETS[2]}, OpenAI key ${SECRETS[3]} — please remember all of them.`;

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

describe('no sensitive value in logs or database files', () => {
  it('greps every log line and every stored byte: zero hits; the master key alone opens the content', async () => {
    const fake = await startFakeModel({ models: ['fake-gpt', 'fake-echo', 'fake-llama'] });
    cleanups.push(() => fake.close());
    const home = mkdtempSync(join(tmpdir(), 'bulwark-leak-'));
    cleanups.push(() => rmSync(home, { recursive: true, force: true }));
    const config = join(home, 'bulwark.yaml');
    writeFileSync(
      config,
      [
        'server: { host: 127.0.0.1, port: 0 }',
        'logging: { level: trace }',
        'upstreams:',
        `  openai: { type: openai, baseUrl: ${fake.url}/v1 }`,
        `  ollama: { type: ollama, baseUrl: ${fake.url} }`,
        'routes:',
        '  - { match: "fake-llama", upstream: ollama }',
        '  - { match: "*", upstream: openai }',
        'audit: { subjectHeader: x-bulwark-subject }',
        '',
      ].join('\n'),
    );
    const env = { ...process.env, BULWARK_HOME: home };
    const created = spawnSync(process.execPath, [BIN, 'keys', 'create', '--tenant', 'acme', '--role', 'admin', '--json', '--config', config], { env, encoding: 'utf8' });
    const key = (JSON.parse(created.stdout) as { key: string }).key;

    const child = spawn(process.execPath, [BIN, 'serve', '--config', config], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    cleanups.push(() => void child.kill('SIGKILL'));
    let log = '';
    child.stdout.on('data', (c: Buffer) => (log += c.toString()));
    child.stderr.on('data', (c: Buffer) => (log += c.toString()));
    const url = await new Promise<string>((resolve, reject) => {
      const t = setInterval(() => {
        const m = /listening on (http:\/\/\S+)/.exec(log);
        if (m) {
          clearInterval(t);
          resolve(m[1]!);
        }
      }, 20);
      child.once('exit', () => reject(new Error(log)));
    });

    const post = async (path: string, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; text: string }> => {
      const r = await fetch(`${url}${path}`, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', 'x-bulwark-subject': 'user-42', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) });
      return { status: r.status, text: await r.text() };
    };
    const chat = { model: 'fake-echo', messages: [{ role: 'system', content: `context ${SECRETS[2]}` }, { role: 'user', content: PROMPT }] };
    expect((await post('/v1/chat/completions', chat)).status).toBe(200);
    const streamed = await post('/v1/chat/completions', { ...chat, stream: true });
    expect(streamed.status).toBe(200);
    expect((await post('/v1/completions', { model: 'fake-echo', prompt: PROMPT })).status).toBe(200);
    expect((await post('/api/chat', { model: 'fake-llama', stream: true, messages: [{ role: 'user', content: PROMPT }] })).status).toBe(200);
    expect((await post('/v1/embeddings', { model: 'fake-gpt', input: PROMPT })).status).toBe(200);
    expect((await post('/v1/guard/scan', { text: PROMPT })).status).toBe(200);
    expect((await post('/v1/chat/completions', `{"model":"fake-gpt","messages":[{"role":"user","content":"${SECRETS[3]} ${SECRETS[0]}"}`)).status).toBe(400);
    expect((await post('/v1/chat/completions', { model: 'fake-gpt', messages: [{ role: 'user', content: PROMPT }], max_tokens: 'many' })).status).toBe(400);
    expect((await post('/v1/chat/completions', chat, { authorization: `Bearer ${SECRETS[2]}` })).status).toBe(401);
    expect((await post('/v1/chat/completions', chat, { authorization: `Bearer ${SECRETS[3]}` })).status).toBe(401);

    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));

    // The log: request lines were written (the grep below is not vacuous), none carries a value.
    expect(log.split('\n').filter((l) => l.includes('"msg":"request"')).length).toBeGreaterThanOrEqual(10);
    for (const value of [...SECRETS, key]) expect(log.includes(value), `log contains ${value}`).toBe(false);

    // Every byte of every file: bulwark.db, audit.db, their -wal/-shm, the journal segments.
    const files = filesUnder(home).filter((f) => !f.endsWith('bulwark.yaml') && !f.endsWith('master.key'));
    expect(files.some((f) => f.endsWith('audit.db'))).toBe(true);
    expect(files.some((f) => f.endsWith('.seg'))).toBe(true);
    for (const f of files) {
      const bytes = readFileSync(f);
      for (const value of [...SECRETS, key]) expect(bytes.includes(Buffer.from(value)), `${f} contains ${value}`).toBe(false);
    }

    // Opened directly, the database holds metadata and finding codes, no text.
    const db = new Database(join(home, 'audit.db'), { readonly: true });
    const rows = db.prepare("SELECT record, codes FROM audit_records WHERE tenant_id = 'acme' AND kind = 'request'").all() as { record: string; codes: string }[];
    expect(rows.length).toBe(8);
    expect(rows.map((r) => r.codes).join(' ')).toContain('PII_CN_ID_CARD');
    expect(db.prepare('SELECT COUNT(*) AS n FROM audit_content').get()).toMatchObject({ n: expect.any(Number) });
    db.close();

    // Another master key cannot open it; the right one reads back exactly what was sent.
    const settings = parseConfig({}).audit;
    await expect(openAuditTrail({ path: join(home, 'audit.db'), masterKey: generateMasterKey(), settings, mode: 'inline' })).rejects.toMatchObject({ code: 'AUDIT_MASTER_KEY_MISMATCH' });
    const trail = await openAuditTrail({ path: join(home, 'audit.db'), masterKey: parseMasterKey(readFileSync(join(home, 'master.key'), 'utf8')), settings, mode: 'inline' });
    cleanups.push(() => trail.close());
    const texts = [...trail.reader.search({ tenantId: 'acme', kind: 'request' }, { withContent: true })].flatMap((v) => v.content?.request.map((s) => s.text) ?? []);
    expect(texts).toContain(PROMPT);
    expect(texts).toContain(`context ${SECRETS[2]}`);
  }, 60_000);
});
