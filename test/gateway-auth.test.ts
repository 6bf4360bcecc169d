import { createHash } from 'node:crypto';
import { Ollama } from 'ollama';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openSqliteStore } from '../src/store/index.js';
import { call, ollamaChat, openaiChat, rawHttp, sleep, startHarness, type Harness } from './helpers.js';

/** Every model path the gateway serves, with a body that would be valid there. */
const MODEL_PATHS: { method: string; path: string; body?: unknown }[] = [
  { method: 'POST', path: '/v1/chat/completions', body: openaiChat('fake-gpt') },
  { method: 'POST', path: '/v1/completions', body: { model: 'fake-gpt', prompt: 'hi' } },
  { method: 'POST', path: '/v1/embeddings', body: { model: 'fake-gpt', input: 'hi' } },
  { method: 'GET', path: '/v1/models' },
  { method: 'GET', path: '/v1/models/fake-gpt' },
  { method: 'POST', path: '/api/chat', body: ollamaChat('fake-llama') },
  { method: 'POST', path: '/api/generate', body: { model: 'fake-llama', prompt: 'hi', stream: false } },
  { method: 'POST', path: '/api/embed', body: { model: 'fake-llama', input: 'hi' } },
  { method: 'POST', path: '/api/embeddings', body: { model: 'fake-llama', prompt: 'hi' } },
  { method: 'GET', path: '/api/tags' },
  { method: 'POST', path: '/api/show', body: { model: 'fake-llama' } },
  { method: 'GET', path: '/api/version' },
  { method: 'GET', path: '/api/ps' },
  { method: 'POST', path: '/api/pull', body: { model: 'stolen', stream: false } },
  { method: 'POST', path: '/api/push', body: { model: 'fake-llama', stream: false } },
  { method: 'POST', path: '/api/create', body: { model: 'evil', from: 'fake-llama', stream: false } },
  { method: 'POST', path: '/api/copy', body: { source: 'fake-llama', destination: 'fake-llama-copy' } },
  { method: 'DELETE', path: '/api/delete', body: { model: 'fake-llama' } },
];

const BLOB = Buffer.from('a model layer');
const BLOB_PATH = `/api/blobs/sha256:${createHash('sha256').update(BLOB).digest('hex')}`;

/** Ollama's admin endpoints, as an attacker on an exposed server would call them. */
const ADMIN_CALLS: { method: string; path: string; body?: unknown; raw?: Buffer; adminStatus: number }[] = [
  { method: 'DELETE', path: '/api/delete', body: { model: 'fake-llama' }, adminStatus: 200 },
  { method: 'POST', path: '/api/pull', body: { model: 'pulled-model', stream: false }, adminStatus: 200 },
  { method: 'POST', path: '/api/create', body: { model: 'created-model', from: 'fake-llama', stream: false }, adminStatus: 200 },
  { method: 'POST', path: '/api/push', body: { model: 'fake-llama', stream: false }, adminStatus: 200 },
  { method: 'POST', path: '/api/copy', body: { source: 'fake-llama', destination: 'copied-model' }, adminStatus: 200 },
  { method: 'POST', path: BLOB_PATH, raw: BLOB, adminStatus: 201 },
  // The fake model has no such blob yet: its 404 is passed on, which shows the probe got there.
  { method: 'HEAD', path: BLOB_PATH, adminStatus: 404 },
];

function adminRequest(h: Harness, c: (typeof ADMIN_CALLS)[number], key: string | undefined) {
  const headers: Record<string, string> = key === undefined ? {} : { authorization: `Bearer ${key}` };
  if (c.raw) return rawHttp(h.url, c.method, c.path, { ...headers, 'content-type': 'application/octet-stream' }, c.raw);
  if (c.body === undefined) return rawHttp(h.url, c.method, c.path, headers);
  return rawHttp(h.url, c.method, c.path, { ...headers, 'content-type': 'application/json' }, JSON.stringify(c.body));
}

describe('authentication and authorisation', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.close();
  });
  beforeEach(() => h.fake.reset());

  describe('without a key', () => {
    it.each(MODEL_PATHS)('$method $path → 401 and nothing forwarded', async ({ method, path, body }) => {
      const r = await call(h.url, method, path, undefined, body);
      expect(r.status).toBe(401);
      if (path.startsWith('/api/')) {
        // Ollama's shape: a string `error`, which the ollama client shows as the message.
        expect(typeof r.json.error).toBe('string');
        expect(r.json.code).toBe('AUTH_MISSING');
      } else {
        expect(r.json.error).toMatchObject({ type: 'authentication_error', code: 'AUTH_MISSING' });
        expect(typeof r.json.error.message).toBe('string');
      }
      expect(h.fake.received).toHaveLength(0);
    });

    it('a malformed or unknown key is 401 AUTH_INVALID', async () => {
      for (const key of ['nonsense', 'bw_000000000000_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', `${h.keys.user}x`, h.keys.user.slice(0, -1) + (h.keys.user.endsWith('A') ? 'B' : 'A')]) {
        const r = await call(h.url, 'POST', '/v1/chat/completions', key, openaiChat('fake-gpt'));
        expect(r.status, key).toBe(401);
        expect(r.json.error.code).toBe('AUTH_INVALID');
      }
      const basic = await call(h.url, 'GET', '/v1/models', undefined, undefined, { authorization: `Basic ${Buffer.from(`u:${h.keys.user}`).toString('base64')}` });
      expect(basic.status).toBe(401);
      expect(h.fake.received).toHaveLength(0);
    });

    it('the 401 never echoes the presented key', async () => {
      const key = h.keys.user.slice(0, -2) + 'zz';
      const r = await call(h.url, 'POST', '/v1/chat/completions', key, openaiChat('fake-gpt'));
      expect(r.status).toBe(401);
      expect(r.text).not.toContain(key);
      // The secret part (`bw_<12 hex id>_<secret>`); it may itself contain '_', so it is cut by position.
      const secret = key.slice('bw_'.length + 12 + 1);
      expect(secret).toHaveLength(43);
      expect(r.text).not.toContain(secret);
    });
  });

  describe('Ollama admin endpoints', () => {
    it.each(ADMIN_CALLS)('user key: $method $path → 403 and the upstream never sees it', async (c) => {
      const r = await adminRequest(h, c, h.keys.user);
      expect(r.status).toBe(403);
      if (c.method !== 'HEAD') expect(r.json).toMatchObject({ code: 'FORBIDDEN_ENDPOINT' });
      expect(h.fake.received).toHaveLength(0);
    });

    it.each(ADMIN_CALLS)('operator key (not in roles.ollamaAdmin): $method $path → 403', async (c) => {
      const r = await adminRequest(h, c, h.keys.operator);
      expect(r.status).toBe(403);
      expect(h.fake.received).toHaveLength(0);
    });

    it.each(ADMIN_CALLS)('admin key: $method $path passes to the upstream', async (c) => {
      const r = await adminRequest(h, c, h.keys.admin);
      expect(r.status).toBe(c.adminStatus);
      const seen = h.fake.received.filter((x) => x.path === c.path && x.method === c.method);
      expect(seen).toHaveLength(1);
      if (c.raw) expect(seen[0]!.body).toBe(c.raw.toString('utf8'));
    });

    it('the official ollama client: refused for a user, works for an admin', async () => {
      const user = new Ollama({ host: h.url, headers: { Authorization: `Bearer ${h.keys.user}` } });
      const admin = new Ollama({ host: h.url, headers: { Authorization: `Bearer ${h.keys.admin}` } });
      await expect(user.delete({ model: 'fake-llama' })).rejects.toMatchObject({ status_code: 403 });
      await expect(user.pull({ model: 'x' })).rejects.toMatchObject({ status_code: 403 });
      await expect(user.copy({ source: 'fake-llama', destination: 'y' })).rejects.toMatchObject({ status_code: 403 });
      expect(h.fake.received).toHaveLength(0);

      const pulled = await admin.pull({ model: 'new-model', stream: false });
      expect(pulled.status).toBe('success');
      await admin.copy({ source: 'fake-llama', destination: 'fake-llama-2' });
      expect((await admin.list()).models.map((m) => m.name).sort()).toEqual(['fake-llama', 'fake-llama-2', 'new-model']);
      await admin.delete({ model: 'fake-llama-2' });
      expect((await admin.list()).models.map((m) => m.name).sort()).toEqual(['fake-llama', 'new-model']);
    });

    it('a streamed pull reaches an admin as NDJSON progress', async () => {
      const admin = new Ollama({ host: h.url, headers: { Authorization: `Bearer ${h.keys.admin}` } });
      const statuses: string[] = [];
      for await (const p of await admin.pull({ model: 'streamed-model', stream: true })) statuses.push(p.status);
      expect(statuses[0]).toBe('pulling manifest');
      expect(statuses[statuses.length - 1]).toBe('success');
    });

    it('an uploaded blob is then found by a HEAD probe', async () => {
      const post = ADMIN_CALLS.find((c) => c.method === 'POST' && c.raw)!;
      const head = ADMIN_CALLS.find((c) => c.method === 'HEAD')!;
      expect((await adminRequest(h, post, h.keys.admin)).status).toBe(201);
      expect((await adminRequest(h, head, h.keys.admin)).status).toBe(200);
      const wrong = await rawHttp(h.url, 'POST', `/api/blobs/sha256:${'0'.repeat(64)}`, { authorization: `Bearer ${h.keys.admin}` }, BLOB);
      expect(wrong.status).toBe(400);
    });

    it('copy cannot smuggle a model name the key may not use', async () => {
      const { key } = h.createKey('admin', { allowedModels: ['fake-llama'] });
      const r = await call(h.url, 'POST', '/api/copy', key, { source: 'fake-llama', destination: 'other-model' });
      expect(r.status).toBe(403);
      expect(r.json.code).toBe('FORBIDDEN_MODEL');
      expect(h.fake.received).toHaveLength(0);
    });
  });

  describe('unknown paths', () => {
    const UNKNOWN: [string, string][] = [
      ['GET', '/api/foo'],
      ['POST', '/api/foo'],
      ['GET', '/v1/files'],
      ['POST', '/v1/files'],
      ['GET', '/../etc/passwd'],
      ['POST', '/v1/chat/completions/../../x'],
      ['POST', '/v1/chat/completions/'],
      ['POST', '/v1//chat/completions'],
      ['POST', '/V1/chat/completions'],
      ['POST', '/v1/chat%2Fcompletions'],
      ['GET', '/'],
      ['GET', '/api'],
      ['GET', '/api/blobs/sha256:../../etc/passwd'],
      ['POST', '/api/blobs/../delete'],
      ['GET', 'http://169.254.169.254/latest/meta-data/'],
      ['GET', '/v1/models/../../api/delete'],
    ];

    it.each(UNKNOWN)('%s %s → 404 ROUTE_NOT_FOUND, never forwarded', async (method, path) => {
      for (const key of [undefined, h.keys.admin]) {
        const r = await rawHttp(h.url, method, path, key === undefined ? {} : { authorization: `Bearer ${key}` });
        expect(r.status).toBe(404);
        const code = typeof r.json.error === 'string' ? r.json.code : r.json.error.code;
        expect(code).toBe('ROUTE_NOT_FOUND');
      }
      expect(h.fake.received).toHaveLength(0);
    });

    it('a known path with the wrong method is 405, never forwarded', async () => {
      const r = await rawHttp(h.url, 'GET', '/v1/chat/completions', { authorization: `Bearer ${h.keys.admin}` });
      expect(r.status).toBe(405);
      expect(r.json.error.code).toBe('METHOD_NOT_ALLOWED');
      const d = await rawHttp(h.url, 'POST', '/api/delete', { authorization: `Bearer ${h.keys.admin}` });
      expect(d.status).toBe(405);
      expect(h.fake.received).toHaveLength(0);
    });
  });

  describe('key lifecycle', () => {
    it('a key revoked by another connection to the same database is refused on the very next request', async () => {
      const { key, id } = h.createKey('user');
      const first = await call(h.url, 'POST', '/v1/chat/completions', key, openaiChat('fake-gpt'));
      expect(first.status).toBe(200);
      // A second connection, as `bulwark keys revoke` in another process would open.
      const cli = openSqliteStore({ path: h.dbPath });
      try {
        expect(cli.revokeKey(id, Date.now())).toBe(true);
      } finally {
        cli.close();
      }
      const next = await call(h.url, 'POST', '/v1/chat/completions', key, openaiChat('fake-gpt'));
      expect(next.status).toBe(401);
      expect(next.json.error.code).toBe('AUTH_INVALID');
      expect(h.receivedOn('/v1/chat/completions')).toHaveLength(1);
      // Other keys are unaffected.
      expect((await call(h.url, 'POST', '/v1/chat/completions', h.keys.user, openaiChat('fake-gpt'))).status).toBe(200);
    });

    it('a key created by another connection works at once', async () => {
      const { createApiKey } = await import('../src/gateway/index.js');
      const cli = openSqliteStore({ path: h.dbPath });
      let key: string;
      try {
        key = createApiKey(cli, { tenantId: 'beta', role: 'user' }, Date.now()).key;
      } finally {
        cli.close();
      }
      const r = await call(h.url, 'GET', '/api/tags', key);
      expect(r.status).toBe(200);
    });

    it('an expired key is refused on the very next request', async () => {
      const { key } = h.createKey('user', { expiresAt: Date.now() + 400 });
      const before = await call(h.url, 'POST', '/api/chat', key, ollamaChat('fake-llama'));
      expect(before.status).toBe(200);
      await sleep(500);
      const after = await call(h.url, 'POST', '/api/chat', key, ollamaChat('fake-llama'));
      expect(after.status).toBe(401);
      expect(after.json.code).toBe('AUTH_INVALID');
      expect(h.receivedOn('/api/chat')).toHaveLength(1);
    });

    it('a key created already expired never works', async () => {
      const { key } = h.createKey('admin', { expiresAt: Date.now() - 1 });
      const r = await call(h.url, 'GET', '/v1/models', key);
      expect(r.status).toBe(401);
      expect(h.fake.received).toHaveLength(0);
    });
  });

  describe('model permissions', () => {
    it('a model outside the key\'s globs is 403 FORBIDDEN_MODEL on every wire format, never forwarded', async () => {
      const { key } = h.createKey('user', { allowedModels: ['fake-gpt'] });
      const openai = await call(h.url, 'POST', '/v1/chat/completions', key, openaiChat('fake-llama'));
      expect(openai.status).toBe(403);
      expect(openai.json.error).toMatchObject({ code: 'FORBIDDEN_MODEL', type: 'permission_error' });
      const ollama = await call(h.url, 'POST', '/api/chat', key, ollamaChat('fake-llama'));
      expect(ollama.status).toBe(403);
      expect(ollama.json.code).toBe('FORBIDDEN_MODEL');
      const embed = await call(h.url, 'POST', '/api/embed', key, { model: 'fake-llama', input: 'x' });
      expect(embed.status).toBe(403);
      const show = await call(h.url, 'POST', '/api/show', key, { model: 'fake-llama' });
      expect(show.status).toBe(403);
      expect(h.fake.received).toHaveLength(0);
      // The allowed model still works.
      const ok = await call(h.url, 'POST', '/v1/chat/completions', key, openaiChat('fake-gpt'));
      expect(ok.status).toBe(200);
    });

    it('glob patterns do not match by prefix or substring', async () => {
      const { key } = h.createKey('user', { allowedModels: ['fake-gpt'] });
      for (const model of ['fake-gpt-2', 'xfake-gpt', 'fake-gp']) {
        const r = await call(h.url, 'POST', '/v1/chat/completions', key, openaiChat(model));
        expect(r.status, model).toBe(403);
      }
      expect(h.fake.received).toHaveLength(0);
    });
  });
});
