import { connect } from 'node:net';
import { Ollama } from 'ollama';
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fakeAnswer } from '../src/demo/index.js';
import { call, closedPort, ndjsonLines, ollamaChat, openaiChat, postJson, rawHttp, readFrames, sseData, startHarness, waitFor, type Harness } from './helpers.js';

const HEADERS_MS = 300;

describe('upstream faults and hostile input', () => {
  let h: Harness;
  let deadPort: number;

  beforeAll(async () => {
    deadPort = await closedPort();
    h = await startHarness({
      config: (fake) => ({
        upstreams: {
          // Nothing listens here: the connection is refused.
          dead: { type: 'openai', baseUrl: `http://127.0.0.1:${deadPort}/v1`, timeouts: { connectMs: 2_000 } },
          // The same fake model, with a short header timeout for the hanging one.
          impatient: { type: 'ollama', baseUrl: fake.url, timeouts: { headersMs: HEADERS_MS } },
          // A total budget much shorter than the slow stream.
          'short-total': { type: 'ollama', baseUrl: fake.url, timeouts: { totalMs: 700 } },
        },
        routes: [
          { match: 'dead-*', upstream: 'dead' },
          { match: 'fault-hang', upstream: 'impatient' },
          { match: 'fault-slow-stream:latest', upstream: 'short-total' },
          { match: 'fake-gpt*', upstream: 'fake-openai' },
          { match: '*', upstream: 'fake-ollama' },
        ],
      }),
    });
  });
  afterAll(async () => {
    await h?.close();
  });
  beforeEach(() => h.fake.reset());

  /** The gateway keeps serving after each fault. */
  async function expectHealthy(): Promise<void> {
    const r = await call(h.url, 'GET', '/healthz');
    expect(r.status).toBe(200);
    expect(r.json).toEqual({ status: 'ok' });
    const chat = await postJson(h.url, '/v1/chat/completions', openaiChat('fake-gpt', 'still there?'), h.keys.user);
    expect(chat.status).toBe(200);
    expect(chat.json.choices[0].message.content).toBe(fakeAnswer('still there?'));
  }

  describe('upstream failures', () => {
    it('connection refused → 502 UPSTREAM_UNREACHABLE', async () => {
      const r = await postJson(h.url, '/v1/chat/completions', openaiChat('dead-model'), h.keys.user);
      expect(r.status).toBe(502);
      expect(r.json.error).toMatchObject({ code: 'UPSTREAM_UNREACHABLE', type: 'api_error' });
      // The upstream's address is configuration, not something to show clients.
      expect(r.text).not.toContain(String(deadPort));
      const s = await postJson(h.url, '/v1/chat/completions', openaiChat('dead-model', 'x', { stream: true }), h.keys.user);
      expect(s.status).toBe(502);
      expect(s.json.error.code).toBe('UPSTREAM_UNREACHABLE');
      await expectHealthy();
    });

    it('a listing still answers when one upstream is down', async () => {
      const r = await call(h.url, 'GET', '/v1/models', h.keys.user);
      expect(r.status).toBe(200);
      expect(r.json.data.map((m: { id: string }) => m.id).sort()).toEqual(['fake-gpt', 'fake-llama']);
    });

    it('an upstream that never answers → 504 UPSTREAM_TIMEOUT at the configured headersMs', async () => {
      const started = Date.now();
      const r = await postJson(h.url, '/api/chat', ollamaChat('fault-hang'), h.keys.user);
      const elapsed = Date.now() - started;
      expect(r.status).toBe(504);
      expect(r.json.code).toBe('UPSTREAM_TIMEOUT');
      expect(elapsed).toBeGreaterThanOrEqual(HEADERS_MS - 20);
      // Generous, yet it catches a timer that fires a second late (undici's own coarse timer).
      expect(elapsed).toBeLessThan(HEADERS_MS + 600);
      // The gateway gave up on the upstream request too.
      await waitFor(() => h.receivedOn('/api/chat')[0]?.closedEarly === true, 2_000, 'hung upstream request closed');

      const o = await postJson(h.url, '/v1/chat/completions', openaiChat('fault-hang', 'x', { stream: true }), h.keys.user);
      expect(o.status).toBe(504);
      expect(o.json.error.code).toBe('UPSTREAM_TIMEOUT');
      await expectHealthy();
    });

    it('upstream answers invalid JSON → 502 UPSTREAM_BAD_RESPONSE', async () => {
      const a = await postJson(h.url, '/v1/chat/completions', openaiChat('fault-invalid-json'), h.keys.user);
      expect(a.status).toBe(502);
      expect(a.json.error.code).toBe('UPSTREAM_BAD_RESPONSE');
      const b = await postJson(h.url, '/api/chat', ollamaChat('fault-invalid-json'), h.keys.user);
      expect(b.status).toBe(502);
      expect(b.json.code).toBe('UPSTREAM_BAD_RESPONSE');
      // Even when the client asked for a stream and the upstream answered plain (broken) JSON.
      const c = await postJson(h.url, '/v1/chat/completions', openaiChat('fault-invalid-json', 'x', { stream: true }), h.keys.user);
      expect(c.status).toBe(502);
      expect(c.json.error.code).toBe('UPSTREAM_BAD_RESPONSE');
      await expectHealthy();
    });

    it('upstream 500 → 502 UPSTREAM_ERROR with the upstream\'s message', async () => {
      const a = await postJson(h.url, '/v1/chat/completions', openaiChat('fault-500'), h.keys.user);
      expect(a.status).toBe(502);
      expect(a.json.error.code).toBe('UPSTREAM_ERROR');
      expect(a.json.error.message).toContain('fault-500');
      const b = await postJson(h.url, '/api/generate', { model: 'fault-500', prompt: 'x' }, h.keys.user);
      expect(b.status).toBe(502);
      expect(b.json.code).toBe('UPSTREAM_ERROR');
      // The openai client surfaces it as an API error with the code.
      const client = new OpenAI({ baseURL: `${h.url}/v1`, apiKey: h.keys.user, maxRetries: 0 });
      await expect(client.chat.completions.create({ model: 'fault-500', messages: [{ role: 'user', content: 'x' }] })).rejects.toMatchObject({ status: 502, code: 'UPSTREAM_ERROR' });
    });

    it('upstream 4xx (unknown model) is passed on with its status', async () => {
      const r = await postJson(h.url, '/v1/chat/completions', openaiChat('no-such-model'), h.keys.user);
      expect(r.status).toBe(404);
      expect(r.json.error.code).toBe('UPSTREAM_ERROR');
    });

    it('a non-streamed answer cut off midway → 502, never a hang', async () => {
      const r = await postJson(h.url, '/v1/chat/completions', openaiChat('fault-die-midstream'), h.keys.user);
      expect(r.status).toBe(502);
      expect(r.json.error.code).toBe('UPSTREAM_BAD_RESPONSE');
      await expectHealthy();
    });
  });

  describe('streams that fail midway', () => {
    it('SSE: the client gets the chunks so far, then an error event, then the connection closes', async () => {
      const res = await fetch(`${h.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${h.keys.user}` },
        body: JSON.stringify(openaiChat('fault-die-midstream', 'x', { stream: true })),
      });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain('text/event-stream');
      const text = await res.text(); // resolves only because the gateway ends the response
      const events = sseData(text);
      expect(events.length).toBe(4);
      const last = JSON.parse(events[3]!) as { error: { code: string; message: string } };
      expect(last.error.code).toBe('UPSTREAM_STREAM_FAILED');
      expect(text).not.toContain('[DONE]');
      for (const e of events.slice(0, 3)) expect(JSON.parse(e)).toHaveProperty('choices');
      await expectHealthy();
    });

    it('SSE: the openai client\'s stream iteration throws', async () => {
      const client = new OpenAI({ baseURL: `${h.url}/v1`, apiKey: h.keys.user, maxRetries: 0 });
      const stream = await client.chat.completions.create({ model: 'fault-die-midstream', messages: [{ role: 'user', content: 'x' }], stream: true });
      const got: string[] = [];
      await expect(
        (async () => {
          for await (const chunk of stream) got.push(chunk.choices[0]?.delta.content ?? '');
        })(),
      ).rejects.toThrow();
      expect(got.length).toBe(3);
    });

    it('NDJSON: the client gets the lines so far, then an {"error"} line, then the connection closes', async () => {
      const res = await fetch(`${h.url}/api/chat`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${h.keys.user}` },
        body: JSON.stringify({ model: 'fault-die-midstream', messages: [{ role: 'user', content: 'x' }] }),
      });
      expect(res.status).toBe(200);
      const lines = ndjsonLines(await res.text());
      expect(lines).toHaveLength(4);
      expect(lines[3]).toMatchObject({ code: 'UPSTREAM_STREAM_FAILED' });
      expect(typeof lines[3]!.error).toBe('string');
      expect(lines.slice(0, 3).every((l) => l.done === false)).toBe(true);
    });

    it('NDJSON: the ollama client\'s stream iteration throws', async () => {
      const ollama = new Ollama({ host: h.url, headers: { Authorization: `Bearer ${h.keys.user}` } });
      const stream = await ollama.chat({ model: 'fault-die-midstream', messages: [{ role: 'user', content: 'x' }], stream: true });
      let parts = 0;
      await expect(
        (async () => {
          for await (const _ of stream) parts++;
        })(),
      ).rejects.toThrow();
      expect(parts).toBe(3);
    });

    it('a stream over the route\'s total timeout ends with an error event and closes', async () => {
      // `fault-slow-stream:latest` is the same slow model to the fake, but routed to the upstream with totalMs 700.
      const started = Date.now();
      const res = await fetch(`${h.url}/api/chat`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${h.keys.user}` },
        body: JSON.stringify({ model: 'fault-slow-stream:latest', messages: [{ role: 'user', content: 'x' }] }),
      });
      expect(res.status).toBe(200);
      const lines = ndjsonLines(await res.text());
      const elapsed = Date.now() - started;
      expect(elapsed).toBeGreaterThanOrEqual(650);
      expect(elapsed).toBeLessThan(3_000);
      expect(lines.length).toBeGreaterThan(2);
      expect(lines[lines.length - 1]).toMatchObject({ code: 'UPSTREAM_STREAM_FAILED' });
      await waitFor(() => h.receivedOn('/api/chat')[0]?.closedEarly === true, 2_000, 'upstream stream closed');
      // This upstream has no key configured: nothing (least of all the client's key) is sent as one.
      expect(h.receivedOn('/api/chat')[0]!.headers.authorization).toBeUndefined();
    });
  });

  describe('clients that go away', () => {
    it.each([
      ['SSE', '/v1/chat/completions', openaiChat('fault-slow-stream', 'bye', { stream: true }), '\n\n'],
      ['NDJSON', '/api/chat', { model: 'fault-slow-stream', messages: [{ role: 'user', content: 'bye' }] }, '\n'],
    ])('%s: a client that disconnects mid-stream makes the upstream see its request closed within 1 s', async (_name, path, body, sep) => {
      const controller = new AbortController();
      const res = await fetch(`${h.url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${h.keys.user}` },
        body: JSON.stringify(body),
        signal: controller.signal,
      });
      expect(res.status).toBe(200);
      const { frames } = await readFrames(res.body!, sep, 1);
      expect(frames.length).toBeGreaterThanOrEqual(1);
      const abortedAt = Date.now();
      controller.abort();
      const seen = h.receivedOn(path);
      expect(seen).toHaveLength(1);
      await waitFor(() => seen[0]!.closedEarly, 3_000, 'upstream request closed');
      expect(seen[0]!.closedAt! - abortedAt).toBeLessThan(1_000);
      await expectHealthy();
    });

    it('a client that disconnects while the upstream has not answered yet aborts the upstream request too', async () => {
      const u = new URL(h.url);
      const socket = connect({ host: u.hostname, port: Number(u.port) });
      await new Promise((resolve) => socket.once('connect', resolve));
      const body = JSON.stringify({ model: 'fault-hang', messages: [{ role: 'user', content: 'x' }], stream: false });
      socket.write(`POST /api/chat HTTP/1.1\r\nhost: x\r\nauthorization: Bearer ${h.keys.user}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
      await waitFor(() => h.receivedOn('/api/chat').length === 1, 2_000, 'upstream got the request');
      const closedAt = Date.now();
      socket.destroy();
      await waitFor(() => h.receivedOn('/api/chat')[0]!.closedEarly, 2_000, 'upstream request closed');
      expect(h.receivedOn('/api/chat')[0]!.closedAt! - closedAt).toBeLessThan(1_000);
    });
  });

  describe('streaming is not held back', () => {
    it.each([
      ['SSE', '/v1/chat/completions', openaiChat('fault-slow-stream', 'tick', { stream: true }), '\n\n'],
      ['NDJSON', '/api/chat', { model: 'fault-slow-stream', messages: [{ role: 'user', content: 'tick' }] }, '\n'],
    ])('%s: chunks 100 ms apart upstream reach the client one by one', async (_name, path, body, sep) => {
      const controller = new AbortController();
      const sentAt = Date.now();
      const res = await fetch(`${h.url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${h.keys.user}` },
        body: JSON.stringify(body),
        signal: controller.signal,
      });
      const { frames } = await readFrames(res.body!, sep, 6);
      controller.abort();
      expect(frames.length).toBeGreaterThanOrEqual(6);
      // The upstream takes 60 s for this stream; the first chunk arrives while it has barely begun.
      expect(frames[0]!.at - sentAt).toBeLessThan(5_000);
      // Five more chunks took about five upstream intervals: they were passed on as they came,
      // not collected and sent together.
      expect(frames[5]!.at - frames[0]!.at).toBeGreaterThanOrEqual(350);
      const first = sep === '\n' ? JSON.parse(frames[0]!.text) : JSON.parse(frames[0]!.text.slice('data: '.length));
      expect(JSON.stringify(first)).toContain('Fake');
    });
  });

  describe('hostile request bodies', () => {
    const deep = (n: number): string => `{"model":"fake-gpt","messages":${'['.repeat(n)}${']'.repeat(n)}}`;
    const deepObj = (n: number): string => `{"model":"fake-gpt","x":${'{"a":'.repeat(n)}1${'}'.repeat(n)},"messages":[{"role":"user","content":"x"}]}`;
    const CASES: [string, string, string | Record<string, unknown>, number, string][] = [
      ['truncated JSON', '/v1/chat/completions', '{"model":"fake-gpt","messages":[', 400, 'INVALID_JSON'],
      ['not JSON at all', '/v1/chat/completions', 'model=fake-gpt', 400, 'INVALID_JSON'],
      ['empty body', '/v1/chat/completions', '', 400, 'INVALID_JSON'],
      ['a JSON array instead of an object', '/v1/chat/completions', '[1,2,3]', 400, 'INVALID_JSON'],
      ['JSON null', '/api/chat', 'null', 400, 'INVALID_JSON'],
      ['trailing garbage', '/api/chat', '{"model":"fake-llama"} {}', 400, 'INVALID_JSON'],
      ['messages: "x"', '/v1/chat/completions', { model: 'fake-gpt', messages: 'x' }, 400, 'INVALID_REQUEST'],
      ['model: 5', '/v1/chat/completions', { model: 5, messages: [{ role: 'user', content: 'x' }] }, 400, 'INVALID_REQUEST'],
      ['model missing', '/v1/chat/completions', { messages: [{ role: 'user', content: 'x' }] }, 400, 'INVALID_REQUEST'],
      ['messages empty', '/v1/chat/completions', { model: 'fake-gpt', messages: [] }, 400, 'INVALID_REQUEST'],
      ['a message that is a number', '/v1/chat/completions', { model: 'fake-gpt', messages: [5] }, 400, 'INVALID_REQUEST'],
      ['content an object', '/v1/chat/completions', { model: 'fake-gpt', messages: [{ role: 'user', content: { text: 'x' } }] }, 400, 'INVALID_REQUEST'],
      ['stream: "yes"', '/v1/chat/completions', { model: 'fake-gpt', stream: 'yes', messages: [{ role: 'user', content: 'x' }] }, 400, 'INVALID_REQUEST'],
      ['max_tokens: "10"', '/v1/chat/completions', { model: 'fake-gpt', max_tokens: '10', messages: [{ role: 'user', content: 'x' }] }, 400, 'INVALID_REQUEST'],
      ['max_tokens: 1.5', '/v1/chat/completions', { model: 'fake-gpt', max_tokens: 1.5, messages: [{ role: 'user', content: 'x' }] }, 400, 'INVALID_REQUEST'],
      ['embedding input of objects', '/v1/embeddings', { model: 'fake-gpt', input: [{ a: 1 }] }, 400, 'INVALID_REQUEST'],
      ['Ollama messages: "x"', '/api/chat', { model: 'fake-llama', messages: 'x' }, 400, 'INVALID_REQUEST'],
      ['Ollama model: 5', '/api/chat', { model: 5, messages: [] }, 400, 'INVALID_REQUEST'],
      ['Ollama options: "fast"', '/api/generate', { model: 'fake-llama', prompt: 'x', options: 'fast' }, 400, 'INVALID_REQUEST'],
      ['Ollama prompt: []', '/api/generate', { model: 'fake-llama', prompt: [] }, 400, 'INVALID_REQUEST'],
      ['10,000 messages', '/v1/chat/completions', { model: 'fake-gpt', messages: Array.from({ length: 10_000 }, () => ({ role: 'user', content: 'x' })) }, 400, 'TOO_MANY_MESSAGES'],
      ['10,000 Ollama messages', '/api/chat', { model: 'fake-llama', messages: Array.from({ length: 10_000 }, () => ({ role: 'user', content: 'x' })) }, 400, 'TOO_MANY_MESSAGES'],
      ['100,000 embedding inputs', '/v1/embeddings', { model: 'fake-gpt', input: Array.from({ length: 100_000 }, () => 'x') }, 400, 'TOO_MANY_MESSAGES'],
      ['arrays nested 10,000 deep', '/v1/chat/completions', deep(10_000), 400, 'JSON_TOO_DEEP'],
      ['objects nested 10,000 deep', '/v1/chat/completions', deepObj(10_000), 400, 'JSON_TOO_DEEP'],
      ['arrays nested 100,000 deep on an Ollama path', '/api/chat', `{"model":"fake-llama","messages":${'['.repeat(100_000)}`, 400, 'JSON_TOO_DEEP'],
    ];

    it.each(CASES.map(([name, path, body, status, code]) => ({ name, path, body, status, code })))('$name → $status $code, never forwarded', async ({ path, body, status, code }) => {
      const r = await postJson(h.url, path, body, h.keys.user);
      expect(r.status).toBe(status);
      const got = path.startsWith('/api/') ? r.json.code : r.json.error.code;
      expect(got).toBe(code);
      if (!path.startsWith('/api/')) expect(r.json.error.type).toBe('invalid_request_error');
      expect(h.fake.received).toHaveLength(0);
    });

    it('brackets inside strings do not count as nesting', async () => {
      const r = await postJson(h.url, '/v1/chat/completions', openaiChat('fake-gpt', '[[[[{{{{'.repeat(100)), h.keys.user);
      expect(r.status).toBe(200);
    });

    it('the server is still up and serving after all of that', async () => {
      await expectHealthy();
    });

    it('malformed HTTP gets a 400 and the connection is closed', async () => {
      const u = new URL(h.url);
      const socket = connect({ host: u.hostname, port: Number(u.port) });
      let text = '';
      socket.on('data', (d: Buffer) => (text += d.toString()));
      const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
      socket.on('error', () => undefined);
      socket.write('GARBAGE / HTTP/9.9\r\n\0\0\0\r\n\r\n');
      await closed;
      expect(text).toMatch(/^HTTP\/1\.1 400/);
      expect(text).toContain('INVALID_REQUEST');
      await expectHealthy();
    });

    it('an oversized header block is refused', async () => {
      const r = await rawHttp(h.url, 'GET', '/v1/models', { authorization: `Bearer ${h.keys.user}`, 'x-big': 'a'.repeat(32 * 1024) }).catch((e: Error) => e);
      if (r instanceof Error) expect(r.message).toMatch(/socket hang up|ECONNRESET/);
      // RFC 6585 §5: 431 Request Header Fields Too Large.
      else {
        expect(r.status).toBe(431);
        expect(r.text).toContain('HEADERS_TOO_LARGE');
      }
      expect(h.fake.received).toHaveLength(0);
      await expectHealthy();
    });
  });
});
