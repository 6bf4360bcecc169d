import { Ollama } from 'ollama';
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Finding } from '../src/core/index.js';
import { fakeAnswer } from '../src/demo/index.js';
import type { FailMode, Guard, GuardFactory, GuardResult, Stage, StreamGuard } from '../src/guards/index.js';
import { call, ndjsonLines, ollamaChat, openaiChat, postJson, sseChatText, sseData, startHarness, waitFor, type Harness } from './helpers.js';

/** Test guards: the hook points must work for any guard that follows the interface. */

function finding(guard: string, code: string, start: number, end: number): Finding {
  return { code, guard, severity: 'high', start, end, confidence: 1, tags: ['test'] };
}

function factory(id: string, defaultStages: Stage[], defaultFailMode: FailMode, build: (id: string, stages: readonly Stage[], failMode: FailMode, options: Record<string, unknown>) => Omit<Guard, 'id' | 'stages' | 'failMode'>): GuardFactory {
  return {
    id,
    description: `test guard ${id}`,
    defaultStages,
    defaultFailMode,
    enabledByDefault: false,
    create: (options, stages, failMode) => ({ id, stages, failMode, ...build(id, stages, failMode, options) }),
  };
}

/** Blocks any text containing the word. */
const blockWord = (id: string, word: string, stages: Stage[]): GuardFactory =>
  factory(id, stages, 'closed', (gid) => ({
    scan: (text): GuardResult => {
      const i = text.indexOf(word);
      return i < 0 ? { verdict: 'allow', risk: 0, text, findings: [] } : { verdict: 'block', risk: 1, text, findings: [finding(gid, `TEST_${word}`, i, i + word.length)] };
    },
  }));

/** Replaces every match of a pattern; whole texts only (streams get it windowed, as a flag). */
const redactPattern = (id: string, pattern: RegExp, replacement: string, stages: Stage[]): GuardFactory =>
  factory(id, stages, 'closed', (gid) => ({
    scan: (text): GuardResult => {
      const findings: Finding[] = [];
      const out = text.replace(pattern, (m, offset: number) => {
        findings.push(finding(gid, 'TEST_REDACTED', offset, offset + m.length));
        return replacement;
      });
      return findings.length === 0 ? { verdict: 'allow', risk: 0, text, findings } : { verdict: 'redact', risk: 0.5, text: out, findings };
    },
  }));

/**
 * A stream-aware rewriter: replaces `from` with `to`, also when `from` is cut across chunks, by
 * holding back the last from.length - 1 characters until more text (or the end) arrives.
 */
const replaceStream = (id: string, from: string, to: string): GuardFactory =>
  factory(id, ['output'], 'closed', (gid) => ({
    scan: (text): GuardResult =>
      text.includes(from) ? { verdict: 'redact', risk: 0.2, text: text.split(from).join(to), findings: [finding(gid, 'TEST_REPLACED', 0, from.length)] } : { verdict: 'allow', risk: 0, text, findings: [] },
    openStream: (): StreamGuard => {
      let held = '';
      const keep = from.length - 1;
      return {
        push(delta) {
          held = (held + delta).split(from).join(to);
          const cut = Math.max(0, held.length - keep);
          const out = held.slice(0, cut);
          held = held.slice(cut);
          return { text: out, verdict: out === '' ? 'allow' : 'redact', findings: [] };
        },
        end() {
          const out = held;
          held = '';
          return { text: out, verdict: 'allow', findings: [] };
        },
      };
    },
  }));

const crashing = (id: string, failMode: FailMode, stages: Stage[] = ['input']): GuardFactory =>
  factory(id, stages, failMode, () => ({
    scan: (): GuardResult => {
      throw new Error('guard bug');
    },
  }));

const hanging = (id: string): GuardFactory =>
  factory(id, ['input'], 'closed', () => ({
    scan: (): Promise<GuardResult> => new Promise<GuardResult>(() => undefined),
  }));

const GUARDS: GuardFactory[] = [
  blockWord('block-forbidden', 'FORBIDDEN', ['input']),
  redactPattern('redact-secret', /SECRET-\d+/g, '[SECRET]', ['input']),
  blockWord('answer-block', 'BLOCKME', ['output']),
  redactPattern('answer-redact', /REDACTME/g, '[HIDDEN]', ['output']),
  replaceStream('rename', 'Fake answer', 'Real reply'),
  crashing('crash-closed', 'closed'),
  crashing('crash-open', 'open'),
  crashing('crash-output-closed', 'closed', ['output']),
  hanging('hang-closed'),
];

function guardHarness(use: { id: string; failMode?: FailMode }[], extra: Record<string, unknown> = {}, fake?: { chunkDelayMs: number }): Promise<Harness> {
  return startHarness({ guardFactories: GUARDS, config: { guards: { enabled: true, use, streamWindowChars: 32, timeoutMs: 200, ...extra } }, ...(fake && { fake }) });
}

describe('input guards', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await guardHarness([{ id: 'redact-secret' }, { id: 'block-forbidden' }]);
  });
  afterAll(async () => {
    await h?.close();
  });
  beforeEach(() => h.fake.reset());

  it('a blocking input guard → 400 GUARD_BLOCKED with its finding code; the upstream is never called', async () => {
    const a = await postJson(h.url, '/v1/chat/completions', openaiChat('fake-gpt', 'please do the FORBIDDEN thing'), h.keys.user);
    expect(a.status).toBe(400);
    expect(a.json.error).toMatchObject({ code: 'GUARD_BLOCKED', type: 'invalid_request_error' });
    expect(a.json.error.message).toContain('TEST_FORBIDDEN');
    // The blocked text is not echoed back.
    expect(a.text).not.toContain('please do the');
    const b = await postJson(h.url, '/api/chat', ollamaChat('fake-llama', 'FORBIDDEN'), h.keys.user);
    expect(b.status).toBe(400);
    expect(b.json.code).toBe('GUARD_BLOCKED');
    const c = await postJson(h.url, '/api/generate', { model: 'fake-llama', system: 'FORBIDDEN', prompt: 'hi', stream: false }, h.keys.user);
    expect(c.status).toBe(400);
    const d = await postJson(h.url, '/v1/embeddings', { model: 'fake-gpt', input: ['ok', 'FORBIDDEN'] }, h.keys.user);
    expect(d.status).toBe(400);
    // Text in content parts and tool-call arguments is guarded too.
    const e = await postJson(h.url, '/v1/chat/completions', { model: 'fake-gpt', messages: [{ role: 'user', content: [{ type: 'text', text: 'FORBIDDEN' }] }] }, h.keys.user);
    expect(e.status).toBe(400);
    const f = await postJson(
      h.url,
      '/v1/chat/completions',
      { model: 'fake-gpt', messages: [{ role: 'user', content: 'hi' }, { role: 'assistant', content: null, tool_calls: [{ id: '1', type: 'function', function: { name: 'x', arguments: '{"q":"FORBIDDEN"}' } }] }] },
      h.keys.user,
    );
    expect(f.status).toBe(400);
    expect(h.fake.received).toHaveLength(0);
    const rec = h.records.filter((r) => r.errorCode === 'GUARD_BLOCKED');
    expect(rec.length).toBeGreaterThanOrEqual(6);
    expect(rec[0]!.verdict).toBe('block');
    expect(rec[0]!.findings.map((x) => x.code)).toContain('TEST_FORBIDDEN');
  });

  it('the openai client sees the block as a 400 API error', async () => {
    const client = new OpenAI({ baseURL: `${h.url}/v1`, apiKey: h.keys.user, maxRetries: 0 });
    await expect(client.chat.completions.create({ model: 'fake-gpt', messages: [{ role: 'user', content: 'FORBIDDEN' }], stream: true })).rejects.toMatchObject({ status: 400, code: 'GUARD_BLOCKED' });
    expect(h.fake.received).toHaveLength(0);
  });

  it('a redacting input guard changes what the upstream receives', async () => {
    const r = await postJson(h.url, '/v1/chat/completions', openaiChat('fake-gpt', 'my code is SECRET-12345 ok'), h.keys.user);
    expect(r.status).toBe(200);
    const sent = h.fake.received[0]!.body;
    expect(sent).not.toContain('SECRET-12345');
    expect(JSON.parse(sent).messages[0].content).toBe('my code is [SECRET] ok');
    // The fake model quotes the question: it only ever saw the redacted one.
    expect(r.json.choices[0].message.content).toBe(fakeAnswer('my code is [SECRET] ok'));
    const o = await postJson(h.url, '/api/chat', ollamaChat('fake-llama', 'SECRET-1 and SECRET-2'), h.keys.user);
    expect(o.status).toBe(200);
    expect(JSON.parse(h.fake.received[1]!.body).messages[0].content).toBe('[SECRET] and [SECRET]');
    expect(h.records[h.records.length - 1]!.verdict).toBe('redact');
  });

  it('clean text reaches the upstream byte for byte', async () => {
    const body = '{"model":"fake-gpt",  "max_tokens":10,\n "messages":[{"role":"user","content":"nothing to see"}], "temperature":0.2}';
    const r = await postJson(h.url, '/v1/chat/completions', body, h.keys.user);
    expect(r.status).toBe(200);
    expect(h.fake.received[0]!.body).toBe(body);
  });

  it('clients cannot switch guards off with headers, fields or model aliases', async () => {
    const tricks: [Record<string, string>, Record<string, unknown>][] = [
      [{ 'x-bulwark-guards': 'off', 'x-guardrails': 'none' }, {}],
      [{}, { guardrails: false, guards: [], metadata: { guards: 'off' }, bulwark: { guards: { enabled: false } } }],
    ];
    for (const [headers, fields] of tricks) {
      const r = await postJson(h.url, '/v1/chat/completions', openaiChat('fake-gpt', 'FORBIDDEN', fields), h.keys.user, headers);
      expect(r.status).toBe(400);
      expect(r.json.error.code).toBe('GUARD_BLOCKED');
    }
    expect(h.fake.received).toHaveLength(0);
  });
});

describe('output guards on whole answers and on windows of streams', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await guardHarness([{ id: 'answer-block' }, { id: 'answer-redact' }]);
  });
  afterAll(async () => {
    await h?.close();
  });
  beforeEach(() => h.fake.reset());

  it('an output guard blocks a whole answer: 400 GUARD_BLOCKED and the answer text never reaches the client', async () => {
    // The fake model quotes the question, so the answer contains the word.
    const r = await postJson(h.url, '/v1/chat/completions', openaiChat('fake-gpt', 'say BLOCKME'), h.keys.user);
    expect(r.status).toBe(400);
    expect(r.json.error.code).toBe('GUARD_BLOCKED');
    expect(r.text).not.toContain('Fake answer');
    const o = await postJson(h.url, '/api/generate', { model: 'fake-llama', prompt: 'say BLOCKME', stream: false }, h.keys.user);
    expect(o.status).toBe(400);
    expect(o.json.code).toBe('GUARD_BLOCKED');
    // It reached the upstream (output guards run after it); only the answer was withheld.
    expect(h.fake.received).toHaveLength(2);
  });

  it('an output guard redacts a whole answer', async () => {
    const r = await postJson(h.url, '/v1/chat/completions', openaiChat('fake-gpt', 'say REDACTME twice REDACTME'), h.keys.user);
    expect(r.status).toBe(200);
    expect(r.json.choices[0].message.content).toBe(fakeAnswer('say REDACTME twice REDACTME').replaceAll('REDACTME', '[HIDDEN]'));
    const o = await postJson(h.url, '/api/chat', ollamaChat('fake-llama', 'REDACTME'), h.keys.user);
    expect(o.json.message.content).toBe(fakeAnswer('REDACTME').replaceAll('REDACTME', '[HIDDEN]'));
  });

  it('a windowed guard stops an SSE stream with an error event and the connection closes', async () => {
    const res = await fetch(`${h.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${h.keys.user}` },
      body: JSON.stringify(openaiChat('fault-slow-stream', 'say BLOCKME', { stream: true })),
    });
    expect(res.status).toBe(200);
    const text = await res.text(); // ends because the gateway closes the stream
    const events = sseData(text);
    const last = JSON.parse(events[events.length - 1]!) as { error?: { code: string } };
    expect(last.error?.code).toBe('GUARD_BLOCKED');
    expect(text).not.toContain('[DONE]');
    // The slow stream would run for a minute: the gateway stopped it and told the upstream.
    await waitFor(() => h.receivedOn('/v1/chat/completions')[0]?.closedEarly === true, 3_000, 'upstream aborted');
  });

  it('a windowed guard stops an NDJSON stream; the ollama client throws', async () => {
    const res = await fetch(`${h.url}/api/chat`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${h.keys.user}` },
      body: JSON.stringify({ model: 'fake-llama', messages: [{ role: 'user', content: 'say BLOCKME' }] }),
    });
    const lines = ndjsonLines(await res.text());
    expect(lines[lines.length - 1]).toMatchObject({ code: 'GUARD_BLOCKED' });
    expect(lines.some((l) => l.done === true)).toBe(false);

    const ollama = new Ollama({ host: h.url, headers: { Authorization: `Bearer ${h.keys.user}` } });
    const stream = await ollama.chat({ model: 'fake-llama', messages: [{ role: 'user', content: 'say BLOCKME' }], stream: true });
    await expect(
      (async () => {
        for await (const _ of stream) void _;
      })(),
    ).rejects.toThrow();
  });

  it('a clean stream passes whole', async () => {
    const client = new OpenAI({ baseURL: `${h.url}/v1`, apiKey: h.keys.user, maxRetries: 0 });
    const stream = await client.chat.completions.create({ model: 'fake-gpt', messages: [{ role: 'user', content: 'harmless' }], stream: true });
    let text = '';
    for await (const c of stream) text += c.choices[0]?.delta.content ?? '';
    expect(text).toBe(fakeAnswer('harmless'));
  });
});

describe('stream-aware output guards', () => {
  let h: Harness;
  beforeAll(async () => {
    // Chunks 5 ms apart arrive in separate reads, as a model's tokens do; chunks that arrive
    // in one read are relayed as one batch (the tests without a delay cover that).
    h = await guardHarness([{ id: 'rename' }], {}, { chunkDelayMs: 5 });
  });
  afterAll(async () => {
    await h?.close();
  });
  beforeEach(() => h.fake.reset());

  const expected = (q: string): string => fakeAnswer(q).replace('Fake answer', 'Real reply');

  it('rewrites a whole answer', async () => {
    const r = await postJson(h.url, '/v1/chat/completions', openaiChat('fake-gpt', 'hello'), h.keys.user);
    expect(r.json.choices[0].message.content).toBe(expected('hello'));
  });

  it('rewrites SSE text cut across chunks, still chunk by chunk (openai client)', async () => {
    const client = new OpenAI({ baseURL: `${h.url}/v1`, apiKey: h.keys.user, maxRetries: 0 });
    const stream = await client.chat.completions.create({ model: 'fake-gpt', messages: [{ role: 'user', content: 'hello' }], stream: true });
    const pieces: string[] = [];
    for await (const c of stream) pieces.push(c.choices[0]?.delta.content ?? '');
    // "Fake" and " answer" arrive as two chunks upstream; the guard saw both before releasing.
    expect(pieces.join('')).toBe(expected('hello'));
    expect(pieces.filter((p) => p !== '').length).toBeGreaterThan(10);
  });

  it('rewrites legacy completion streams', async () => {
    const res = await postJson(h.url, '/v1/completions', { model: 'fake-gpt', prompt: 'hello', stream: true }, h.keys.user);
    const text = sseData(res.text)
      .filter((d) => d !== '[DONE]')
      .map((d) => (JSON.parse(d) as { choices: { text: string }[] }).choices[0]?.text ?? '')
      .join('');
    expect(text).toBe(expected('hello'));
  });

  it('rewrites NDJSON streams (ollama client)', async () => {
    const ollama = new Ollama({ host: h.url, headers: { Authorization: `Bearer ${h.keys.user}` } });
    let text = '';
    for await (const part of await ollama.chat({ model: 'fake-llama', messages: [{ role: 'user', content: 'hello' }], stream: true })) text += part.message.content;
    expect(text).toBe(expected('hello'));
    let gen = '';
    for await (const part of await ollama.generate({ model: 'fake-llama', prompt: 'hello', stream: true })) gen += part.response;
    expect(gen).toBe(expected('hello'));
  });

  it('the stream guard holds back a bounded tail, not the whole answer', async () => {
    const res = await fetch(`${h.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${h.keys.user}` },
      body: JSON.stringify(openaiChat('fault-slow-stream', 'tick', { stream: true })),
      signal: AbortSignal.timeout(5_000),
    });
    // The upstream streams for a minute; rewritten text still arrives while it runs.
    const reader = res.body!.getReader();
    let text = '';
    while (!sseChatText(text).includes('Real reply to: tick')) {
      const { value, done } = await reader.read();
      if (done) break;
      text += new TextDecoder().decode(value);
    }
    expect(sseChatText(text)).toContain('Real reply to: tick');
    await reader.cancel();
  });
});

describe('guards that fail', () => {
  const harnesses: Harness[] = [];
  const make = async (use: { id: string; failMode?: FailMode }[]): Promise<Harness> => {
    const h = await guardHarness(use);
    harnesses.push(h);
    return h;
  };
  afterAll(async () => {
    await Promise.all(harnesses.map((h) => h.close()));
  });

  it('a crashing fail-closed input guard → 503 GUARD_FAILED; the upstream is never called', async () => {
    const h = await make([{ id: 'crash-closed' }]);
    const a = await postJson(h.url, '/v1/chat/completions', openaiChat('fake-gpt'), h.keys.user);
    expect(a.status).toBe(503);
    expect(a.json.error).toMatchObject({ code: 'GUARD_FAILED', type: 'server_error' });
    expect(a.json.error.message).not.toContain('guard bug');
    const b = await postJson(h.url, '/api/chat', ollamaChat('fake-llama'), h.keys.user);
    expect(b.status).toBe(503);
    expect(b.json.code).toBe('GUARD_FAILED');
    expect(h.fake.received).toHaveLength(0);
    expect(h.records[0]!.guardRuns).toEqual([expect.objectContaining({ id: 'crash-closed', failed: 'closed' })]);
  });

  it('a crashing fail-open input guard lets the request through, and the record says so', async () => {
    const h = await make([{ id: 'crash-open' }]);
    const r = await postJson(h.url, '/v1/chat/completions', openaiChat('fake-gpt'), h.keys.user);
    expect(r.status).toBe(200);
    expect(h.fake.received).toHaveLength(1);
    expect(h.records[0]!.guardRuns).toEqual([expect.objectContaining({ id: 'crash-open', failed: 'open' })]);
  });

  it('the config decides the fail mode, not the guard\'s default', async () => {
    const h = await make([{ id: 'crash-closed', failMode: 'open' }]);
    const r = await postJson(h.url, '/v1/chat/completions', openaiChat('fake-gpt'), h.keys.user);
    expect(r.status).toBe(200);
  });

  it('a fail-closed guard that times out → 503 GUARD_FAILED', async () => {
    const h = await make([{ id: 'hang-closed' }]);
    const started = Date.now();
    const r = await postJson(h.url, '/v1/chat/completions', openaiChat('fake-gpt'), h.keys.user);
    expect(r.status).toBe(503);
    expect(r.json.error.code).toBe('GUARD_FAILED');
    expect(Date.now() - started).toBeGreaterThanOrEqual(180);
    expect(h.fake.received).toHaveLength(0);
  });

  it('a crashing fail-closed output guard withholds the answer (503) and stops streams', async () => {
    const h = await make([{ id: 'crash-output-closed' }]);
    const r = await postJson(h.url, '/v1/chat/completions', openaiChat('fake-gpt'), h.keys.user);
    expect(r.status).toBe(503);
    expect(r.json.error.code).toBe('GUARD_FAILED');
    expect(r.text).not.toContain('Fake answer');
    const s = await postJson(h.url, '/v1/chat/completions', openaiChat('fake-gpt', 'x', { stream: true }), h.keys.user);
    const events = sseData(s.text);
    // A failure, not a block by policy: the same code as for a whole answer.
    expect(JSON.parse(events[events.length - 1]!).error.code).toBe('GUARD_FAILED');
    expect(s.text).not.toContain('[DONE]');
    expect(sseChatText(s.text.split('data: {"error"')[0]!)).not.toBe(fakeAnswer('x'));
  });
});

describe('health and metrics', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await guardHarness([{ id: 'block-forbidden' }]);
  });
  afterAll(async () => {
    await h?.close();
  });

  it('/healthz is 200 without a key', async () => {
    const r = await call(h.url, 'GET', '/healthz');
    expect(r.status).toBe(200);
    expect(r.json).toEqual({ status: 'ok' });
    expect(r.headers.get('x-request-id')).toBeTruthy();
  });

  it('/metrics counts requests by route and status, limiter rejections and guard verdicts', async () => {
    await postJson(h.url, '/v1/chat/completions', openaiChat('fake-gpt'), h.keys.user);
    await postJson(h.url, '/v1/chat/completions', openaiChat('fake-gpt'), h.keys.user);
    await postJson(h.url, '/v1/chat/completions', openaiChat('fake-gpt', 'FORBIDDEN'), h.keys.user);
    await postJson(h.url, '/api/chat', ollamaChat('fake-llama'), undefined);
    await call(h.url, 'GET', '/api/nope', h.keys.user);
    const r = await call(h.url, 'GET', '/metrics');
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toContain('text/plain');
    const line = (labels: RegExp): number => {
      const m = r.text.split('\n').find((l) => l.startsWith('bulwark_requests_total{') && labels.test(l));
      return m === undefined ? 0 : Number(m.split(' ').pop());
    };
    expect(line(/route="\/v1\/chat\/completions",status="200",model="fake-gpt",tenant="acme"/)).toBe(2);
    expect(line(/route="\/v1\/chat\/completions",status="400"/)).toBe(1);
    expect(line(/route="\/api\/chat",status="401"/)).toBe(1);
    expect(line(/route="unmatched",status="404"/)).toBe(1);
    expect(r.text).toMatch(/bulwark_guard_verdicts_total\{guard="block-forbidden",verdict="block"\} 1/);
    expect(r.text).toMatch(/bulwark_request_duration_seconds_bucket\{le="[^"]+",route="\/v1\/chat\/completions"\}/);
    // The blocked request never reached the upstream.
    expect(r.text).toMatch(/bulwark_upstream_duration_seconds_count\{upstream="fake-openai"\} 2\n/);
    // No key material in any label.
    for (const key of Object.values(h.keys)) expect(r.text).not.toContain(key);
    expect(r.text).not.toContain('sk-upstream');
  });
});
