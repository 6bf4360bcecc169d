import { createHash } from 'node:crypto';
import { Ollama } from 'ollama';
import OpenAI from 'openai';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fakeAnswer, fakeAnswerPieces, fakeEmbedding, fakeTokenCount } from './fake-answers.js';
import { startFakeModel, type FakeModel, type RecordedRequest } from './fake-model.js';

const QUESTION = 'What is the capital of France? Answer in one word please.';
const UPSTREAM_KEY = 'sk-upstream-test-key';

function post(model: FakeModel, path: string, body: unknown, init: RequestInit = {}): Promise<Response> {
  return fetch(`${model.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
    ...init,
  });
}

function chatBody(model: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { model, messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: QUESTION }], ...extra };
}

/** SSE `data:` payloads, in order. */
function sseData(text: string): string[] {
  return text
    .split('\n\n')
    .filter((frame) => frame.startsWith('data: '))
    .map((frame) => frame.slice('data: '.length));
}

function ndjsonLines(text: string): Record<string, unknown>[] {
  return text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

async function waitFor(condition: () => boolean, timeoutMs = 3_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

function lastRecord(model: FakeModel): RecordedRequest {
  const record = model.received[model.received.length - 1];
  if (record === undefined) throw new Error('nothing recorded');
  return record;
}

describe('fake answers', () => {
  it.each([
    ['a short question is padded with filler words', 'Hi', 5, ['Fake', ' answer', ' to:', ' Hi', ' alpha']],
    ['a long question is merged into the last piece', 'one two three', 4, ['Fake', ' answer', ' to:', ' one two three']],
    ['a single chunk holds the whole answer', 'x y', 1, ['Fake answer to: x y']],
    ['whitespace is collapsed', ' a\n\n b ', 5, ['Fake', ' answer', ' to:', ' a', ' b']],
  ])('%s', (_name, question, count, pieces) => {
    expect(fakeAnswerPieces(question, count)).toEqual(pieces);
  });

  it('quotes at most 40 code points and never splits a surrogate pair', () => {
    const answer = fakeAnswer('😀'.repeat(50), 20);
    expect(answer.startsWith(`Fake answer to: ${'😀'.repeat(40)}`)).toBe(true);
    expect(answer).not.toContain('😀'.repeat(41));
    // A lone surrogate would not survive a UTF-8 round trip.
    expect(Buffer.from(answer, 'utf8').toString('utf8')).toBe(answer);
  });

  it('derives embeddings from the text only, exactly representable as float32', () => {
    const vector = fakeEmbedding('hello');
    expect(vector).toHaveLength(8);
    expect(fakeEmbedding('hello')).toEqual(vector);
    expect(fakeEmbedding('hello!')).not.toEqual(vector);
    expect(Array.from(new Float32Array(vector))).toEqual(vector);
  });

  it('counts one token per four characters, rounded up', () => {
    expect([fakeTokenCount(''), fakeTokenCount('abcd'), fakeTokenCount('abcde')]).toEqual([0, 1, 2]);
  });
});

describe('fake model over HTTP', () => {
  let model: FakeModel;
  let openai: OpenAI;
  let ollama: Ollama;

  beforeAll(async () => {
    model = await startFakeModel();
    openai = new OpenAI({ apiKey: UPSTREAM_KEY, baseURL: `${model.url}/v1`, maxRetries: 0 });
    ollama = new Ollama({ host: model.url });
  });
  afterAll(() => model.close());
  beforeEach(() => model.reset());

  describe('OpenAI wire format with the openai client', () => {
    it('answers a chat completion with usage', async () => {
      const completion = await openai.chat.completions.create({ model: 'fake-gpt', messages: [{ role: 'user', content: QUESTION }] });
      const content = fakeAnswer(QUESTION);
      expect(completion.object).toBe('chat.completion');
      expect(completion.model).toBe('fake-gpt');
      expect(completion.choices[0]?.message).toMatchObject({ role: 'assistant', content });
      expect(completion.choices[0]?.finish_reason).toBe('stop');
      expect(completion.usage).toEqual({ prompt_tokens: fakeTokenCount(QUESTION), completion_tokens: fakeTokenCount(content), total_tokens: fakeTokenCount(QUESTION) + fakeTokenCount(content) });
    });

    it('streams exactly streamChunks content chunks that add up to the non-streamed answer, then usage', async () => {
      const stream = await openai.chat.completions.create({ ...chatBody('fake-gpt'), stream: true, stream_options: { include_usage: true } } as OpenAI.ChatCompletionCreateParamsStreaming);
      const pieces: string[] = [];
      const finishReasons: (string | null | undefined)[] = [];
      let usage: OpenAI.CompletionUsage | null | undefined;
      for await (const chunk of stream) {
        expect(chunk.object).toBe('chat.completion.chunk');
        const choice = chunk.choices[0];
        if (choice?.delta.content != null) pieces.push(choice.delta.content);
        if (choice) finishReasons.push(choice.finish_reason);
        if (chunk.usage) usage = chunk.usage;
      }
      expect(pieces).toEqual(fakeAnswerPieces(QUESTION, 20));
      expect(finishReasons.filter((r) => r === 'stop')).toHaveLength(1);
      expect(finishReasons[finishReasons.length - 1]).toBe('stop');
      expect(usage?.completion_tokens).toBe(fakeTokenCount(fakeAnswer(QUESTION)));
    });

    it('decodes base64 embeddings (the client default) to the same vectors as float ones', async () => {
      const viaBase64 = await openai.embeddings.create({ model: 'fake-gpt', input: ['alpha', 'beta'] });
      const viaFloat = await openai.embeddings.create({ model: 'fake-gpt', input: ['alpha', 'beta'], encoding_format: 'float' });
      expect(lastRecord(model).body).toContain('"encoding_format":"float"');
      expect(viaBase64.data.map((d) => Array.from(d.embedding))).toEqual([fakeEmbedding('alpha'), fakeEmbedding('beta')]);
      expect(viaFloat.data.map((d) => d.embedding)).toEqual([fakeEmbedding('alpha'), fakeEmbedding('beta')]);
      const tokens = fakeTokenCount('alpha') + fakeTokenCount('beta');
      expect(viaFloat.usage).toEqual({ prompt_tokens: tokens, total_tokens: tokens });
    });

    it('lists the configured models and no fault model', async () => {
      const ids: string[] = [];
      for await (const m of openai.models.list()) ids.push(m.id);
      expect(ids).toEqual(['fake-llama', 'fake-gpt']);
      expect((await openai.models.retrieve('fake-gpt')).id).toBe('fake-gpt');
      await expect(openai.models.retrieve('fault-500')).rejects.toMatchObject({ status: 404 });
    });

    it('records the authorization header the upstream received', async () => {
      await openai.models.list();
      expect(lastRecord(model)).toMatchObject({ method: 'GET', path: '/v1/models', closedEarly: false });
      expect(lastRecord(model).headers.authorization).toBe(`Bearer ${UPSTREAM_KEY}`);
    });

    it('refuses an unknown model with 404 model_not_found', async () => {
      await expect(openai.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'x' }] })).rejects.toMatchObject({ status: 404, code: 'model_not_found' });
    });
  });

  describe('OpenAI wire format over fetch', () => {
    it('gives byte-identical answers to identical requests, different ids to different ones', async () => {
      const a = await (await post(model, '/v1/chat/completions', chatBody('fake-gpt', { stream: true }))).text();
      const b = await (await post(model, '/v1/chat/completions', chatBody('fake-gpt', { stream: true }))).text();
      const c = await (await post(model, '/v1/chat/completions', chatBody('fake-gpt', { stream: true, temperature: 0 }))).text();
      expect(a).toBe(b);
      expect(JSON.parse(sseData(a)[0] ?? '{}').id).not.toBe(JSON.parse(sseData(c)[0] ?? '{}').id);
    });

    it('streams without a usage chunk unless include_usage is set, and ends with [DONE]', async () => {
      const res = await post(model, '/v1/chat/completions', chatBody('fake-gpt', { stream: true }));
      expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
      const data = sseData(await res.text());
      expect(data).toHaveLength(21);
      expect(data[20]).toBe('[DONE]');
      expect(data.slice(0, 20).every((d) => !('usage' in JSON.parse(d)))).toBe(true);
    });

    it('answers text completions, streamed and not', async () => {
      const whole = (await (await post(model, '/v1/completions', { model: 'fake-gpt', prompt: 'Say hi' })).json()) as { object: string; choices: { text: string }[] };
      expect(whole.object).toBe('text_completion');
      expect(whole.choices[0]?.text).toBe(fakeAnswer('Say hi'));
      const streamed = sseData(await (await post(model, '/v1/completions', { model: 'fake-gpt', prompt: 'Say hi', stream: true })).text());
      const text = streamed
        .slice(0, -1)
        .map((d) => (JSON.parse(d) as { choices: { text: string }[] }).choices[0]?.text)
        .join('');
      expect(text).toBe(whole.choices[0]?.text);
    });

    it.each([
      ['not JSON', '{"model": "fake-gpt",'],
      ['a JSON array', '[1,2]'],
      ['an empty body', ''],
    ])('answers 400 in the OpenAI error shape to %s', async (_name, body) => {
      const res = await post(model, '/v1/chat/completions', body);
      expect(res.status).toBe(400);
      const error = ((await res.json()) as { error: { type: string; message: string } }).error;
      expect(error.type).toBe('invalid_request_error');
      expect(error.message).not.toBe('');
    });

    it('answers 400 to a chat without messages and 404 JSON to an unknown path', async () => {
      expect((await post(model, '/v1/chat/completions', { model: 'fake-gpt' })).status).toBe(400);
      const res = await post(model, '/v1/unknown', {});
      expect(res.status).toBe(404);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('not_found');
    });

    it('answers 405 with Allow to a wrong method', async () => {
      const res = await fetch(`${model.url}/v1/chat/completions`);
      expect(res.status).toBe(405);
      expect(res.headers.get('allow')).toBe('POST');
    });
  });

  describe('Ollama wire format with the ollama client', () => {
    it('answers a chat with Ollama statistics', async () => {
      const reply = await ollama.chat({ model: 'fake-llama', messages: [{ role: 'user', content: QUESTION }] });
      expect(reply.message).toEqual({ role: 'assistant', content: fakeAnswer(QUESTION) });
      expect(reply).toMatchObject({ done: true, done_reason: 'stop', prompt_eval_count: fakeTokenCount(QUESTION), eval_count: fakeTokenCount(fakeAnswer(QUESTION)) });
      expect(reply.total_duration).toBeGreaterThan(0);
    });

    it('streams a chat as NDJSON ending with a done line', async () => {
      const parts: string[] = [];
      let final: Awaited<ReturnType<typeof ollama.chat>> | undefined;
      for await (const part of await ollama.chat({ model: 'fake-llama', messages: [{ role: 'user', content: QUESTION }], stream: true })) {
        if (part.done) final = part;
        else parts.push(part.message.content);
      }
      expect(parts).toEqual(fakeAnswerPieces(QUESTION, 20));
      expect(final).toMatchObject({ done_reason: 'stop', eval_count: fakeTokenCount(parts.join('')) });
    });

    it('answers generate, embed, legacy embeddings, tags, show, version and ps', async () => {
      expect((await ollama.generate({ model: 'fake-llama', prompt: 'Why is the sky blue?' })).response).toBe(fakeAnswer('Why is the sky blue?'));
      expect((await ollama.embed({ model: 'fake-llama', input: ['a', 'b'] })).embeddings).toEqual([fakeEmbedding('a'), fakeEmbedding('b')]);
      expect((await ollama.embeddings({ model: 'fake-llama', prompt: 'a' })).embedding).toEqual(fakeEmbedding('a'));
      expect((await ollama.list()).models.map((m) => m.name)).toEqual(['fake-llama', 'fake-gpt']);
      expect((await ollama.show({ model: 'fake-llama:latest' })).details.family).toBe('llama');
      expect(await ollama.version()).toEqual({ version: '0.6.0-fake' });
      expect((await ollama.ps()).models.map((m) => m.name)).toEqual(['fake-llama']);
    });

    it('refuses unknown and fault models on show, and unknown models on chat', async () => {
      await expect(ollama.show({ model: 'fault-hang' })).rejects.toMatchObject({ status_code: 404 });
      await expect(ollama.chat({ model: 'llama3', messages: [] })).rejects.toMatchObject({ status_code: 404, error: expect.stringContaining('not found') });
    });

    it('lets anyone pull, copy, create, push and delete models (the exposure Bulwark exists to close)', async () => {
      expect(await ollama.pull({ model: 'pulled' })).toEqual({ status: 'success' });
      await ollama.copy({ source: 'pulled', destination: 'copied' });
      expect(await ollama.create({ model: 'created', from: 'fake-llama' })).toEqual({ status: 'success' });
      const pushed: string[] = [];
      for await (const progress of await ollama.push({ model: 'copied', stream: true })) pushed.push(progress.status);
      expect(pushed[pushed.length - 1]).toBe('success');
      await ollama.delete({ model: 'fake-llama' });
      expect((await ollama.list()).models.map((m) => m.name)).toEqual(['fake-gpt', 'pulled', 'copied', 'created']);
      await expect(ollama.delete({ model: 'fake-llama' })).rejects.toMatchObject({ status_code: 404 });
      model.reset();
      expect((await ollama.list()).models.map((m) => m.name)).toEqual(['fake-llama', 'fake-gpt']);
    });
  });

  describe('Ollama wire format over fetch', () => {
    it('streams by default when the request has no stream field', async () => {
      const res = await post(model, '/api/generate', { model: 'fake-llama', prompt: 'Hi' });
      expect(res.headers.get('content-type')).toBe('application/x-ndjson');
      const lines = ndjsonLines(await res.text());
      expect(lines).toHaveLength(21);
      expect(lines.slice(0, 20).every((l) => l.done === false)).toBe(true);
      expect(lines[20]).toMatchObject({ done: true, done_reason: 'stop', prompt_eval_count: 1, eval_count: fakeTokenCount(fakeAnswer('Hi')) });
      expect(lines[20]).toHaveProperty('total_duration');
    });

    it('streams pull progress unless stream is false', async () => {
      const lines = ndjsonLines(await (await post(model, '/api/pull', { model: 'x' })).text());
      expect(lines[0]).toEqual({ status: 'pulling manifest' });
      expect(lines[lines.length - 1]).toEqual({ status: 'success' });
      expect(lines.length).toBeGreaterThan(2);
    });

    it('stores a blob only when the digest matches', async () => {
      const data = Buffer.from('GGUF fake weights');
      const digest = `sha256:${createHash('sha256').update(data).digest('hex')}`;
      expect((await fetch(`${model.url}/api/blobs/${digest}`, { method: 'HEAD' })).status).toBe(404);
      expect((await post(model, `/api/blobs/${digest}`, 'not the same bytes')).status).toBe(400);
      expect((await fetch(`${model.url}/api/blobs/${digest}`, { method: 'POST', body: data })).status).toBe(201);
      expect((await fetch(`${model.url}/api/blobs/${digest}`, { method: 'HEAD' })).status).toBe(200);
      expect((await fetch(`${model.url}/api/blobs/sha256:nothex`, { method: 'HEAD' })).status).toBe(400);
    });

    it('answers 400 in the Ollama error shape to malformed JSON and keeps serving', async () => {
      const res = await post(model, '/api/chat', '{"model":');
      expect(res.status).toBe(400);
      expect(typeof ((await res.json()) as { error: unknown }).error).toBe('string');
      expect((await fetch(`${model.url}/api/version`)).status).toBe(200);
    });

    it('answers the Ollama banner on / and 404 JSON to unknown /api paths', async () => {
      expect(await (await fetch(model.url)).text()).toBe('Ollama is running');
      const res = await fetch(`${model.url}/api/nope`);
      expect(res.status).toBe(404);
      expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    });
  });

  describe('fault injection by model name', () => {
    it('fault-500 answers 500 in each wire shape', async () => {
      await expect(openai.chat.completions.create({ model: 'fault-500', messages: [{ role: 'user', content: 'x' }] })).rejects.toMatchObject({ status: 500, type: 'server_error' });
      await expect(ollama.chat({ model: 'fault-500', messages: [{ role: 'user', content: 'x' }] })).rejects.toMatchObject({ status_code: 500, error: expect.stringContaining('fault-500') });
    });

    it('fault-invalid-json answers 200 application/json that does not parse', async () => {
      const res = await post(model, '/v1/chat/completions', chatBody('fault-invalid-json'));
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^application\/json/);
      await expect(res.json()).rejects.toThrow(SyntaxError);
      await expect(openai.chat.completions.create({ model: 'fault-invalid-json', messages: [{ role: 'user', content: 'x' }] })).rejects.toThrow();
    });

    it('fault-die-midstream sends three chunks and then cuts the connection', async () => {
      const res = await post(model, '/v1/chat/completions', chatBody('fault-die-midstream', { stream: true }));
      expect(res.status).toBe(200);
      const reader = res.body!.getReader();
      const decoder = new TextDecoder();
      let text = '';
      await expect(
        (async () => {
          for (;;) {
            const { done, value } = await reader.read();
            if (done) return;
            text += decoder.decode(value, { stream: true });
          }
        })(),
      ).rejects.toThrow();
      expect(sseData(text)).toHaveLength(3);
      expect(text).not.toContain('[DONE]');
      // The fake model cut the connection itself; that is not the client going away.
      expect(lastRecord(model).closedEarly).toBe(false);
    });

    it('fault-die-midstream makes the openai client stream fail, not end quietly', async () => {
      const stream = await openai.chat.completions.create({ model: 'fault-die-midstream', messages: [{ role: 'user', content: 'x' }], stream: true });
      let chunks = 0;
      await expect(
        (async () => {
          for await (const _chunk of stream) chunks++;
        })(),
      ).rejects.toThrow();
      expect(chunks).toBe(3);
    });

    it('fault-die-midstream truncates a non-streamed body below its content-length', async () => {
      const res = await post(model, '/api/chat', chatBody('fault-die-midstream', { stream: false }));
      expect(res.status).toBe(200);
      await expect(res.text()).rejects.toThrow();
    });

    it('fault-hang never answers, and records that the client went away', async () => {
      const started = Date.now();
      await expect(post(model, '/api/chat', chatBody('fault-hang'), { signal: AbortSignal.timeout(300) })).rejects.toThrow();
      expect(Date.now() - started).toBeGreaterThanOrEqual(250);
      const record = lastRecord(model);
      await waitFor(() => record.closedEarly);
      expect(record.closedAt).toBeGreaterThanOrEqual(record.receivedAt);
      expect(JSON.parse(record.body)).toMatchObject({ model: 'fault-hang' });
    });

    it('fault-slow-stream sends one chunk per 100 ms and stops when the client leaves', async () => {
      const abort = new AbortController();
      const res = await post(model, '/api/chat', chatBody('fault-slow-stream'), { signal: abort.signal });
      const reader = res.body!.getReader();
      const decoder = new TextDecoder();
      const started = Date.now();
      let lines = 0;
      while (lines < 4) {
        const { value } = await reader.read();
        lines += decoder.decode(value).split('\n').filter((l) => l !== '').length;
      }
      expect(Date.now() - started).toBeGreaterThanOrEqual(250);
      abort.abort();
      const record = lastRecord(model);
      await waitFor(() => record.closedEarly);
      expect(record.closedAt! - record.receivedAt).toBeLessThan(5_000);
    });
  });
});

describe('fake model lifecycle and options', () => {
  const started: FakeModel[] = [];
  async function start(options: Parameters<typeof startFakeModel>[0]): Promise<FakeModel> {
    const model = await startFakeModel(options);
    started.push(model);
    return model;
  }
  afterEach(async () => {
    await Promise.all(started.splice(0).map((m) => m.close()));
  });

  it('closes promptly with hanging and slow responses open, and stops answering', async () => {
    const model = await start({});
    const hanging = post(model, '/api/chat', chatBody('fault-hang')).catch((err: unknown) => err);
    const slow = await post(model, '/v1/chat/completions', chatBody('fault-slow-stream', { stream: true }));
    await waitFor(() => model.received.length === 2 && model.received.every((r) => r.body !== ''));
    const before = Date.now();
    await model.close();
    await model.close();
    expect(Date.now() - before).toBeLessThan(1_000);
    expect(await hanging).toBeInstanceOf(Error);
    await expect(slow.text()).rejects.toThrow();
    await expect(fetch(`${model.url}/api/version`)).rejects.toThrow();
    // Connections cut by close() are not clients leaving early.
    expect(model.received.map((r) => r.closedEarly)).toEqual([false, false]);
  });

  it('honours streamChunks and chunkDelayMs', async () => {
    const model = await start({ streamChunks: 3, chunkDelayMs: 50 });
    const before = Date.now();
    const data = sseData(await (await post(model, '/v1/chat/completions', chatBody('fake-gpt', { stream: true }))).text());
    expect(Date.now() - before).toBeGreaterThanOrEqual(90);
    expect(data).toHaveLength(4);
    expect(data.slice(0, 3).map((d) => (JSON.parse(d) as { choices: { delta: { content: string } }[] }).choices[0]?.delta.content).join('')).toBe(fakeAnswer(QUESTION, 3));
  });

  it('delivers a long stream completely to a reader that starts late (backpressure)', async () => {
    const model = await start({ streamChunks: 5_000 });
    const res = await post(model, '/api/chat', chatBody('fake-llama'));
    await new Promise((resolve) => setTimeout(resolve, 200));
    const lines = ndjsonLines(await res.text());
    expect(lines).toHaveLength(5_001);
    expect(lines.slice(0, -1).map((l) => (l.message as { content: string }).content).join('')).toBe(fakeAnswer(QUESTION, 5_000));
  });

  it('serves custom model lists', async () => {
    const model = await start({ models: ['qwen2.5:7b'] });
    const tags = (await (await fetch(`${model.url}/api/tags`)).json()) as { models: { name: string }[] };
    expect(tags.models.map((m) => m.name)).toEqual(['qwen2.5:7b']);
    expect((await post(model, '/api/chat', chatBody('fake-llama', { stream: false }))).status).toBe(404);
  });

  it('keeps only the most recent maxRecorded requests', async () => {
    const model = await start({ maxRecorded: 3 });
    for (let i = 0; i < 5; i++) await (await fetch(`${model.url}/api/version?i=${i}`)).text();
    expect(model.received.map((r) => r.path)).toEqual(['/api/version?i=2', '/api/version?i=3', '/api/version?i=4']);
  });

  it('records nothing with record: false', async () => {
    const model = await start({ record: false });
    await (await fetch(`${model.url}/api/version`)).text();
    expect(model.received).toEqual([]);
  });

  it.each([
    [{ streamChunks: 0 }],
    [{ streamChunks: 1.5 }],
    [{ chunkDelayMs: -1 }],
    [{ models: ['fault-hang'] }],
    [{ models: [''] }],
  ])('rejects invalid options %j', async (options) => {
    await expect(startFakeModel(options)).rejects.toThrow(RangeError);
  });
});
