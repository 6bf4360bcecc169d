import { Ollama } from 'ollama';
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fakeAnswer, fakeEmbedding } from '../src/demo/index.js';
import { QUESTION, startHarness, UPSTREAM_KEY, type Harness } from './helpers.js';

/** The official clients, unchanged, pointed at the gateway instead of the model server. */
describe('official clients through the gateway', () => {
  let h: Harness;
  let openai: OpenAI;
  let ollama: Ollama;

  beforeAll(async () => {
    h = await startHarness();
    openai = new OpenAI({ baseURL: `${h.url}/v1`, apiKey: h.keys.user, maxRetries: 0, timeout: 10_000 });
    ollama = new Ollama({ host: h.url, headers: { Authorization: `Bearer ${h.keys.user}` } });
  });
  afterAll(async () => {
    await h?.close();
  });
  beforeEach(() => h.fake.reset());

  /** Every request the upstream saw carried the gateway's key, and none carried a client key. */
  function expectUpstreamCredentials(clientKey: string): void {
    expect(h.fake.received.length).toBeGreaterThan(0);
    for (const r of h.fake.received) {
      expect(r.headers.authorization).toBe(`Bearer ${UPSTREAM_KEY}`);
      expect(r.headers['x-api-key']).toBeUndefined();
      expect(JSON.stringify(r.headers)).not.toContain(clientKey);
      expect(r.body).not.toContain(clientKey);
    }
  }

  describe('openai client', () => {
    it('chat completion (OpenAI-format upstream)', async () => {
      const r = await openai.chat.completions.create({ model: 'fake-gpt', messages: [{ role: 'user', content: QUESTION }] });
      expect(r.choices[0]?.message.content).toBe(fakeAnswer(QUESTION));
      expect(r.model).toBe('fake-gpt');
      // fake-gpt routes to the OpenAI-format upstream, whose base URL already carries /v1.
      expect(h.receivedOn('/v1/chat/completions')).toHaveLength(1);
      expectUpstreamCredentials(h.keys.user);
    });

    it('chat completion of a model on an Ollama upstream goes to its /v1 API', async () => {
      const r = await openai.chat.completions.create({ model: 'fake-llama', messages: [{ role: 'user', content: 'hello there' }] });
      expect(r.choices[0]?.message.content).toBe(fakeAnswer('hello there'));
      expect(h.receivedOn('/v1/chat/completions')).toHaveLength(1);
    });

    it('streaming chat: chunks arrive and concatenate to the answer', async () => {
      const stream = await openai.chat.completions.create({ model: 'fake-gpt', messages: [{ role: 'user', content: QUESTION }], stream: true });
      const pieces: string[] = [];
      let finish: string | null | undefined;
      for await (const chunk of stream) {
        const c = chunk.choices[0];
        if (c?.delta.content) pieces.push(c.delta.content);
        if (c?.finish_reason) finish = c.finish_reason;
      }
      expect(pieces.length).toBe(20);
      expect(pieces.join('')).toBe(fakeAnswer(QUESTION));
      expect(finish).toBe('stop');
      expectUpstreamCredentials(h.keys.user);
    });

    it('legacy completions', async () => {
      const r = await openai.completions.create({ model: 'fake-gpt', prompt: 'Say hi' });
      expect(r.choices[0]?.text).toBe(fakeAnswer('Say hi'));
    });

    it('embeddings (the client asks for base64 and decodes it)', async () => {
      const r = await openai.embeddings.create({ model: 'fake-gpt', input: ['first text', 'second text'] });
      expect(r.data.map((d) => d.embedding)).toEqual([fakeEmbedding('first text'), fakeEmbedding('second text')]);
      expectUpstreamCredentials(h.keys.user);
    });

    it('models.list shows every routed model to an unrestricted key, once each', async () => {
      const ids: string[] = [];
      for await (const m of openai.models.list()) ids.push(m.id);
      expect(ids.sort()).toEqual(['fake-gpt', 'fake-llama']);
    });

    it('models.list shows a restricted key only the models its globs allow', async () => {
      const { key } = h.createKey('user', { allowedModels: ['fake-gpt*'] });
      const restricted = new OpenAI({ baseURL: `${h.url}/v1`, apiKey: key, maxRetries: 0 });
      const ids: string[] = [];
      for await (const m of restricted.models.list()) ids.push(m.id);
      expect(ids).toEqual(['fake-gpt']);
      const one = await restricted.models.retrieve('fake-gpt');
      expect(one.id).toBe('fake-gpt');
      await expect(restricted.models.retrieve('fake-llama')).rejects.toMatchObject({ status: 404 });
      // ...and it cannot call the hidden one either.
      await expect(restricted.chat.completions.create({ model: 'fake-llama', messages: [{ role: 'user', content: 'x' }] })).rejects.toMatchObject({ status: 403, code: 'FORBIDDEN_MODEL' });
    });

    it('errors reach the client in the OpenAI shape', async () => {
      const bad = new OpenAI({ baseURL: `${h.url}/v1`, apiKey: 'bw_000000000000_notarealkeynotarealkeynotarealkeynotarealkey1', maxRetries: 0 });
      await expect(bad.chat.completions.create({ model: 'fake-gpt', messages: [{ role: 'user', content: 'x' }] })).rejects.toMatchObject({
        status: 401,
        code: 'AUTH_INVALID',
        type: 'authentication_error',
      });
      expect(h.fake.received).toHaveLength(0);
    });
  });

  describe('ollama client', () => {
    it('chat', async () => {
      const r = await ollama.chat({ model: 'fake-llama', messages: [{ role: 'user', content: QUESTION }] });
      expect(r.message.content).toBe(fakeAnswer(QUESTION));
      expect(r.done).toBe(true);
      expect(h.receivedOn('/api/chat')).toHaveLength(1);
      expectUpstreamCredentials(h.keys.user);
    });

    it('streaming chat: NDJSON parts concatenate to the answer', async () => {
      const stream = await ollama.chat({ model: 'fake-llama', messages: [{ role: 'user', content: QUESTION }], stream: true });
      const parts: string[] = [];
      let done = false;
      for await (const part of stream) {
        parts.push(part.message.content);
        if (part.done) done = true;
      }
      expect(done).toBe(true);
      expect(parts.filter((p) => p !== '').length).toBe(20);
      expect(parts.join('')).toBe(fakeAnswer(QUESTION));
      expectUpstreamCredentials(h.keys.user);
    });

    it('generate, streamed', async () => {
      const stream = await ollama.generate({ model: 'fake-llama', prompt: 'Why is the sky blue?', stream: true });
      let text = '';
      for await (const part of stream) text += part.response;
      expect(text).toBe(fakeAnswer('Why is the sky blue?'));
    });

    it('embed', async () => {
      const r = await ollama.embed({ model: 'fake-llama', input: ['a', 'b'] });
      expect(r.embeddings).toEqual([fakeEmbedding('a'), fakeEmbedding('b')]);
    });

    it('list (tags) shows only models routed to an Ollama upstream', async () => {
      const r = await ollama.list();
      // fake-gpt is routed to the OpenAI-format upstream, so Ollama's own listing of it is hidden.
      expect(r.models.map((m) => m.name)).toEqual(['fake-llama']);
    });

    it('list respects a key\'s allowed models', async () => {
      const { key } = h.createKey('user', { allowedModels: ['nothing-*'] });
      const restricted = new Ollama({ host: h.url, headers: { Authorization: `Bearer ${key}` } });
      expect((await restricted.list()).models).toEqual([]);
      expect((await restricted.ps()).models).toEqual([]);
    });

    it('show', async () => {
      const r = await ollama.show({ model: 'fake-llama' });
      expect(r.modelfile).toContain('FROM fake-llama');
      expect(r.details.family).toBe('llama');
    });

    it('version', async () => {
      const r = await ollama.version();
      expect(r.version).toBe('0.6.0-fake');
      expectUpstreamCredentials(h.keys.user);
    });

    it('ps', async () => {
      const r = await ollama.ps();
      expect(r.models.map((m) => m.name)).toEqual(['fake-llama']);
    });

    it('errors reach the client as Ollama errors (status and message)', async () => {
      const anonymous = new Ollama({ host: h.url });
      await expect(anonymous.chat({ model: 'fake-llama', messages: [{ role: 'user', content: 'x' }] })).rejects.toMatchObject({ status_code: 401 });
      await expect(ollama.chat({ model: 'fake-gpt', messages: [{ role: 'user', content: 'x' }] })).rejects.toMatchObject({ status_code: 400 });
      expect(h.fake.received).toHaveLength(0);
    });

    it('x-api-key is accepted as well as Authorization', async () => {
      const viaHeader = new Ollama({ host: h.url, headers: { 'x-api-key': h.keys.user } });
      const r = await viaHeader.chat({ model: 'fake-llama', messages: [{ role: 'user', content: 'hi' }] });
      expect(r.message.content).toBe(fakeAnswer('hi'));
      expectUpstreamCredentials(h.keys.user);
    });
  });
});
