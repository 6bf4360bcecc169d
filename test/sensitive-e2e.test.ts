import { Ollama } from 'ollama';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postJson, startHarness, type Harness } from './helpers.js';

/** Valid values: the GB 11643 example ID, a Luhn-valid Visa test number, a well-formed AWS key id. */
const CN_ID = '11010519491231002X';
const CARD = '4111 1111 1111 1111';
const AWS = 'AKIA2E3MRJWK7XPQLN4T';
const PROMPT = `请帮我核对：身份证 ${CN_ID}，card ${CARD}, key ${AWS} thanks`;

describe('sensitive-data guard in the gateway', () => {
  let h: Harness;
  let openai: OpenAI;
  let ollama: Ollama;

  beforeAll(async () => {
    h = await startHarness({
      // Chunks 5 ms apart reach the gateway in separate reads, as a model's tokens do, so a
      // placeholder really is split across the guard's pushes (one read's chunks are one batch).
      fake: { models: ['fake-llama', 'fake-gpt', 'fake-echo'], chunkDelayMs: 5 },
      config: {
        guards: { enabled: true, use: [{ id: 'sensitive-data' }] },
        limits: { perKey: { requestsPerMinute: 100_000, concurrency: 1_000 }, perIp: { requestsPerMinute: 100_000 } },
      },
    });
    openai = new OpenAI({ baseURL: `${h.url}/v1`, apiKey: h.keys.user, maxRetries: 0 });
    ollama = new Ollama({ host: h.url, headers: { Authorization: `Bearer ${h.keys.user}` } });
  });
  afterAll(() => h.close());

  it('sends the model placeholders only and gives the client its own values back (OpenAI client)', async () => {
    h.fake.reset();
    const r = await openai.chat.completions.create({ model: 'fake-echo', messages: [{ role: 'user', content: PROMPT }] });
    const seen = h.fake.received.map((x) => x.body).join('\n');
    for (const v of [CN_ID, CARD, AWS, '4111']) expect(seen).not.toContain(v);
    expect(seen).toContain('<CN_ID_CARD_1>');
    expect(seen).toContain('<BANK_CARD_1>');
    expect(seen).toContain('<AWS_ACCESS_KEY_1>');
    expect(r.choices[0]!.message.content).toBe(PROMPT);
  });

  it('restores placeholders split across SSE chunks (OpenAI client, streaming)', async () => {
    h.fake.reset();
    const stream = await openai.chat.completions.create({ model: 'fake-echo', stream: true, messages: [{ role: 'user', content: PROMPT }] });
    const parts: string[] = [];
    for await (const chunk of stream) parts.push(chunk.choices[0]?.delta?.content ?? '');
    expect(parts.join('')).toBe(PROMPT);
    // Streamed, not buffered: many pieces reach the client (placeholder pieces merge on restore).
    expect(parts.filter((p) => p !== '').length).toBeGreaterThan(8);
    expect(h.fake.received.map((x) => x.body).join('')).not.toContain(CN_ID);
  });

  it('restores placeholders split across NDJSON chunks (Ollama client, streaming and not)', async () => {
    h.fake.reset();
    const stream = await ollama.chat({ model: 'fake-echo', stream: true, messages: [{ role: 'user', content: PROMPT }] });
    let text = '';
    for await (const part of stream) text += part.message.content;
    expect(text).toBe(PROMPT);
    const whole = await ollama.chat({ model: 'fake-echo', stream: false, messages: [{ role: 'user', content: PROMPT }] });
    expect(whole.message.content).toBe(PROMPT);
    const seen = h.fake.received.map((x) => x.body).join('\n');
    for (const v of [CN_ID, AWS]) expect(seen).not.toContain(v);
  });

  it('never returns one tenant’s values to another, under concurrent streaming and whole requests', async () => {
    const a = h.createKey('user', { tenantId: 'tenant-a' }).key;
    const b = h.createKey('user', { tenantId: 'tenant-b' }).key;
    const clientA = new OpenAI({ baseURL: `${h.url}/v1`, apiKey: a, maxRetries: 0 });
    const clientB = new OpenAI({ baseURL: `${h.url}/v1`, apiKey: b, maxRetries: 0 });
    const promptFor = (who: string, i: number): string => `${who}${i}: mail ${who}${i}@example.com phone 138 0013 80${String(i).padStart(2, '0')}`;
    const ask = async (client: OpenAI, who: string, i: number): Promise<[string, string]> => {
      const prompt = promptFor(who, i);
      if (i % 2 === 0) {
        const r = await client.chat.completions.create({ model: 'fake-echo', messages: [{ role: 'user', content: prompt }] });
        return [prompt, r.choices[0]!.message.content ?? ''];
      }
      const s = await client.chat.completions.create({ model: 'fake-echo', stream: true, messages: [{ role: 'user', content: prompt }] });
      let text = '';
      for await (const c of s) text += c.choices[0]?.delta?.content ?? '';
      return [prompt, text];
    };
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => [ask(clientA, 'alice', i), ask(clientB, 'bob', i)]).flat());
    for (const [prompt, answer] of results) expect(answer).toBe(prompt);
  });

  it('masks a value in the answer that the user did not send (a leak), per the output policy', async () => {
    const leak = await startHarness({
      fake: { models: ['fake-echo'] },
      config: { guards: { enabled: true, use: [{ id: 'sensitive-data', options: { input: { actions: { PII_EMAIL: 'allow' } } } }] } },
    });
    try {
      const r = await postJson(leak.url, '/v1/chat/completions', { model: 'fake-echo', messages: [{ role: 'user', content: 'write to carol@example.org now' }] }, leak.keys.user);
      expect(r.status).toBe(200);
      expect((r.json as { choices: { message: { content: string } }[] }).choices[0]!.message.content).toBe('write to [EMAIL] now');
      expect(leak.fake.received.map((x) => x.body).join('')).toContain('carol@example.org');
    } finally {
      await leak.close();
    }
  });

  it('answers POST /v1/guard/scan with the shared result shape, for input and output', async () => {
    const r = await postJson(h.url, '/v1/guard/scan', { text: `id ${CN_ID}`, direction: 'input' }, h.keys.user);
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ schemaVersion: 1, verdict: 'redact', text: 'id <CN_ID_CARD_1>', findings: [{ code: 'PII_CN_ID_CARD', start: 3, end: 21, guard: 'sensitive-data' }] });
    expect(r.text).not.toContain(CN_ID);
    const out = await postJson(h.url, '/v1/guard/scan', { text: `key ${AWS}`, direction: 'output' }, h.keys.user);
    expect(out.json).toMatchObject({ verdict: 'redact', text: 'key [AWS_ACCESS_KEY]' });
    const bad = await postJson(h.url, '/v1/guard/scan', { text: 5 }, h.keys.user);
    expect([bad.status, (bad.json as { error: { code: string } }).error.code]).toEqual([400, 'INVALID_REQUEST']);
    const unknownPolicy = await postJson(h.url, '/v1/guard/scan', { text: 'x', policy: 'nope' }, h.keys.user);
    expect(unknownPolicy.status).toBe(400);
    expect((await postJson(h.url, '/v1/guard/scan', { text: 'x' })).status).toBe(401);
  });
});
