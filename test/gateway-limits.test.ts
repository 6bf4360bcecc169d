import { connect, type Socket } from 'node:net';
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { call, manualClock, ollamaChat, openaiChat, postJson, sleep, startHarness, waitFor, type Harness } from './helpers.js';

const MAX_BODY = 1024 * 1024;
const FIFTY_MB = 50 * 1024 * 1024;

/** Parses the status line and JSON body of a raw HTTP/1.1 response (content-length framed). */
function parseRaw(text: string): { status: number; headers: Record<string, string>; json: any } {
  const [head = '', body = ''] = text.split('\r\n\r\n');
  const [statusLine = '', ...lines] = head.split('\r\n');
  const headers: Record<string, string> = {};
  for (const l of lines) {
    const i = l.indexOf(':');
    headers[l.slice(0, i).trim().toLowerCase()] = l.slice(i + 1).trim();
  }
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    json = undefined;
  }
  return { status: Number(statusLine.split(' ')[1]), headers, json };
}

interface RawExchange {
  socket: Socket;
  /** Resolves with everything received once the response's header block and body are in. */
  response: Promise<string>;
  closed: Promise<void>;
}

function openRaw(url: string): Promise<RawExchange> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect({ host: u.hostname, port: Number(u.port) }, () => {
      let buf = '';
      const response = new Promise<string>((res, rej) => {
        const check = (): void => {
          const end = buf.indexOf('\r\n\r\n');
          if (end < 0) return;
          const m = /content-length:\s*(\d+)/i.exec(buf.slice(0, end));
          if (m && buf.length - end - 4 >= Number(m[1])) res(buf);
        };
        socket.on('data', (d: Buffer) => {
          buf += d.toString('utf8');
          check();
        });
        socket.on('close', () => (buf ? res(buf) : rej(new Error('closed without a response'))));
      });
      // Tests that expect no response must not leave the rejection unobserved.
      response.catch(() => undefined);
      const closed = new Promise<void>((res) => socket.on('close', () => res()));
      socket.on('error', () => undefined);
      resolve({ socket, response, closed });
    });
    socket.once('error', reject);
    socket.setTimeout(15_000, () => socket.destroy(new Error('raw socket timed out')));
  });
}

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  return Promise.race([p, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`${what}: no result within ${ms} ms`)), ms))]);
}

describe('size, prompt and output limits', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness({
      config: { limits: { maxBodyBytes: MAX_BODY, maxPromptChars: 4000, maxPromptTokens: 1000, maxMessages: 8, maxOutputTokens: 256 } },
    });
  });
  afterAll(async () => {
    await h?.close();
  });
  beforeEach(() => h.fake.reset());

  it('a declared 50 MB body gets 413 while almost all of it is still unsent', async () => {
    const raw = await openRaw(h.url);
    let sent = 0;
    raw.socket.write(
      `POST /v1/chat/completions HTTP/1.1\r\nhost: x\r\nauthorization: Bearer ${h.keys.user}\r\ncontent-type: application/json\r\ncontent-length: ${FIFTY_MB}\r\n\r\n`,
    );
    const piece = Buffer.alloc(64 * 1024, 0x20);
    raw.socket.write(piece);
    sent += piece.length;
    const res = parseRaw(await withTimeout(raw.response, 5_000, '413'));
    expect(res.status).toBe(413);
    expect(res.json.error.code).toBe('BODY_TOO_LARGE');
    expect(res.headers.connection).toBe('close');
    // The gateway answered having been given 64 KiB of 50 MiB, and then hangs up: the rest is never read.
    expect(sent).toBeLessThan(FIFTY_MB / 100);
    await withTimeout(raw.closed, 5_000, 'connection close after 413');
    expect(h.fake.received).toHaveLength(0);
  });

  it('the declared-size check applies before authentication too', async () => {
    const raw = await openRaw(h.url);
    raw.socket.write(`POST /api/chat HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: ${FIFTY_MB}\r\n\r\n{"model":`);
    const res = parseRaw(await withTimeout(raw.response, 5_000, '413'));
    expect(res.status).toBe(413);
    expect(res.json).toMatchObject({ code: 'BODY_TOO_LARGE' });
    raw.socket.destroy();
  });

  /**
   * Sends body bytes as fast as the gateway takes them until it answers (or 50 MB went out), as
   * a real client uploading a big file does; returns how many body bytes were sent.
   */
  async function uploadUntilAnswered(raw: RawExchange, chunked: boolean): Promise<number> {
    let answered = false;
    void raw.response.then(
      () => (answered = true),
      () => (answered = true),
    );
    const piece = Buffer.alloc(64 * 1024, 0x20);
    let sent = 0;
    while (!answered && sent < FIFTY_MB && !raw.socket.destroyed) {
      const ok = await new Promise<boolean>((resolve) => {
        if (chunked) raw.socket.write(`${piece.length.toString(16)}\r\n`);
        raw.socket.write(piece);
        raw.socket.write(chunked ? '\r\n' : '', (err) => resolve(!err));
      });
      if (!ok) break;
      sent += piece.length;
      await sleep(1);
    }
    return sent;
  }

  it('a client streaming a declared 50 MB body reads the 413 (no reset) long before the end', async () => {
    const raw = await openRaw(h.url);
    raw.socket.write(`POST /v1/chat/completions HTTP/1.1\r\nhost: x\r\nauthorization: Bearer ${h.keys.user}\r\ncontent-type: application/json\r\ncontent-length: ${FIFTY_MB}\r\n\r\n`);
    const sent = await uploadUntilAnswered(raw, false);
    const res = parseRaw(await withTimeout(raw.response, 5_000, '413'));
    expect(res.status).toBe(413);
    expect(res.json.error.code).toBe('BODY_TOO_LARGE');
    expect(sent).toBeLessThan(FIFTY_MB / 2);
    raw.socket.end();
    await withTimeout(raw.closed, 5_000, 'connection close after 413');
    expect(h.fake.received).toHaveLength(0);
  });

  it('a chunked body is refused with 413 as soon as it crosses the limit', async () => {
    const raw = await openRaw(h.url);
    raw.socket.write(`POST /v1/chat/completions HTTP/1.1\r\nhost: x\r\nauthorization: Bearer ${h.keys.user}\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n`);
    const sent = await uploadUntilAnswered(raw, true);
    const res = parseRaw(await withTimeout(raw.response, 5_000, '413'));
    expect(res.status).toBe(413);
    expect(res.json.error.code).toBe('BODY_TOO_LARGE');
    expect(res.headers.connection).toBe('close');
    expect(sent).toBeGreaterThan(MAX_BODY / 2);
    // Kernel buffers may absorb some MB more; the point is the gateway did not wait for 50.
    expect(sent).toBeLessThan(FIFTY_MB / 2);
    raw.socket.end();
    await withTimeout(raw.closed, 5_000, 'connection close after 413');
    expect(h.fake.received).toHaveLength(0);
  });

  it('a client that keeps uploading after the 413 is cut off within a bounded time', async () => {
    const raw = await openRaw(h.url);
    raw.socket.write(`POST /v1/chat/completions HTTP/1.1\r\nhost: x\r\nauthorization: Bearer ${h.keys.user}\r\ncontent-type: application/json\r\ncontent-length: ${FIFTY_MB}\r\n\r\n`);
    const started = Date.now();
    const piece = Buffer.alloc(16 * 1024, 0x20);
    // Trickle on regardless of the answer: the gateway must hang up by itself.
    const timer = setInterval(() => raw.socket.writable && raw.socket.write(piece), 20);
    try {
      expect(parseRaw(await withTimeout(raw.response, 5_000, '413')).status).toBe(413);
      await withTimeout(raw.closed, 8_000, 'gateway-side close');
    } finally {
      clearInterval(timer);
    }
    expect(Date.now() - started).toBeLessThan(8_000);
  });

  it('real clients uploading an oversized body get the 413, not a reset', async () => {
    const big = JSON.stringify(openaiChat('fake-gpt', 'x'.repeat(8 * MAX_BODY)));
    for (let i = 0; i < 3; i++) {
      const r = await postJson(h.url, '/v1/chat/completions', big, h.keys.user);
      expect(r.status).toBe(413);
      expect(r.json.error.code).toBe('BODY_TOO_LARGE');
    }
    const client = new OpenAI({ baseURL: `${h.url}/v1`, apiKey: h.keys.user, maxRetries: 0 });
    await expect(client.chat.completions.create({ model: 'fake-gpt', messages: [{ role: 'user', content: 'x'.repeat(8 * MAX_BODY) }] })).rejects.toMatchObject({ status: 413, code: 'BODY_TOO_LARGE' });
    expect(h.fake.received).toHaveLength(0);
  });

  it('a body just under the limit is accepted', async () => {
    const padding = ' '.repeat(MAX_BODY - 200);
    const body = `{"model":"fake-gpt","messages":[{"role":"user","content":"hi"}]${padding}}`;
    expect(Buffer.byteLength(body)).toBeLessThan(MAX_BODY);
    const r = await postJson(h.url, '/v1/chat/completions', body, h.keys.user);
    expect(r.status).toBe(200);
  });

  it('a prompt over maxPromptChars → 400 PROMPT_TOO_LONG, never forwarded', async () => {
    const r = await postJson(h.url, '/v1/chat/completions', openaiChat('fake-gpt', 'a'.repeat(4001)), h.keys.user);
    expect(r.status).toBe(400);
    expect(r.json.error).toMatchObject({ code: 'PROMPT_TOO_LONG', type: 'invalid_request_error' });
    // Split across messages it is still one prompt.
    const split = await postJson(h.url, '/api/chat', { model: 'fake-llama', stream: false, messages: [{ role: 'system', content: 'a'.repeat(2001) }, { role: 'user', content: 'b'.repeat(2000) }] }, h.keys.user);
    expect(split.status).toBe(400);
    expect(split.json.code).toBe('PROMPT_TOO_LONG');
    const gen = await postJson(h.url, '/api/generate', { model: 'fake-llama', stream: false, prompt: 'p'.repeat(4001) }, h.keys.user);
    expect(gen.status).toBe(400);
    expect(gen.json.code).toBe('PROMPT_TOO_LONG');
    expect(h.fake.received).toHaveLength(0);
    const ok = await postJson(h.url, '/v1/chat/completions', openaiChat('fake-gpt', 'a'.repeat(3900)), h.keys.user);
    expect(ok.status).toBe(200);
  });

  it('a prompt over maxPromptTokens (estimated) → 400 PROMPT_TOO_LONG, counting CJK as a token per character', async () => {
    const r = await postJson(h.url, '/v1/chat/completions', openaiChat('fake-gpt', '长'.repeat(1500)), h.keys.user);
    expect(r.status).toBe(400);
    expect(r.json.error.code).toBe('PROMPT_TOO_LONG');
    const emb = await postJson(h.url, '/v1/embeddings', { model: 'fake-gpt', input: ['长'.repeat(600), '短'.repeat(600)] }, h.keys.user);
    expect(emb.status).toBe(400);
    expect(emb.json.error.code).toBe('PROMPT_TOO_LONG');
    expect(h.fake.received).toHaveLength(0);
  });

  it('too many messages or inputs → 400 TOO_MANY_MESSAGES', async () => {
    const messages = Array.from({ length: 9 }, (_, i) => ({ role: i % 2 ? 'assistant' : 'user', content: `m${i}` }));
    const a = await postJson(h.url, '/v1/chat/completions', { model: 'fake-gpt', messages }, h.keys.user);
    expect(a.status).toBe(400);
    expect(a.json.error.code).toBe('TOO_MANY_MESSAGES');
    const b = await postJson(h.url, '/api/chat', { model: 'fake-llama', messages, stream: false }, h.keys.user);
    expect(b.status).toBe(400);
    expect(b.json.code).toBe('TOO_MANY_MESSAGES');
    const c = await postJson(h.url, '/api/embed', { model: 'fake-llama', input: Array.from({ length: 9 }, (_, i) => `x${i}`) }, h.keys.user);
    expect(c.status).toBe(400);
    expect(c.json.code).toBe('TOO_MANY_MESSAGES');
    expect(h.fake.received).toHaveLength(0);
    const ok = await postJson(h.url, '/v1/chat/completions', { model: 'fake-gpt', messages: messages.slice(0, 8) }, h.keys.user);
    expect(ok.status).toBe(200);
  });

  describe('output tokens (policy clamp)', () => {
    const forwarded = (): Record<string, any> => JSON.parse(h.fake.received[h.fake.received.length - 1]!.body);

    it.each([
      ['max_tokens above the limit is lowered', { max_tokens: 5000 }, { max_tokens: 256 }],
      ['max_tokens at the limit is kept', { max_tokens: 256 }, { max_tokens: 256 }],
      ['max_tokens below the limit is kept', { max_tokens: 10 }, { max_tokens: 10 }],
      ['no max_tokens gets the limit', {}, { max_tokens: 256 }],
      ['max_completion_tokens above the limit is lowered', { max_completion_tokens: 9999 }, { max_completion_tokens: 256 }],
      // vLLM and OpenAI honour max_completion_tokens over max_tokens: a small max_tokens must not smuggle a big one through.
      ['a small max_tokens does not let a big max_completion_tokens through', { max_tokens: 1, max_completion_tokens: 100_000 }, { max_tokens: 1, max_completion_tokens: 256 }],
    ])('OpenAI chat: %s', async (_name, extra, expected) => {
      const r = await postJson(h.url, '/v1/chat/completions', openaiChat('fake-gpt', 'hi', extra), h.keys.user);
      expect(r.status).toBe(200);
      expect(forwarded()).toMatchObject(expected);
      const body = forwarded();
      for (const k of ['max_tokens', 'max_completion_tokens']) if (k in body) expect(body[k]).toBeLessThanOrEqual(256);
    });

    it('OpenAI completions and streaming requests are clamped too', async () => {
      await postJson(h.url, '/v1/completions', { model: 'fake-gpt', prompt: 'hi', max_tokens: 100_000 }, h.keys.user);
      expect(forwarded().max_tokens).toBe(256);
      const s = await postJson(h.url, '/v1/chat/completions', openaiChat('fake-gpt', 'hi', { stream: true, max_tokens: 100_000 }), h.keys.user);
      expect(s.status).toBe(200);
      expect(forwarded().max_tokens).toBe(256);
    });

    it.each([
      ['num_predict above the limit', { options: { num_predict: 5000, temperature: 0.5 } }, { options: { num_predict: 256, temperature: 0.5 } }],
      ['num_predict -1 (unbounded)', { options: { num_predict: -1 } }, { options: { num_predict: 256 } }],
      ['no options', {}, { options: { num_predict: 256 } }],
      ['num_predict below the limit', { options: { num_predict: 7 } }, { options: { num_predict: 7 } }],
    ])('Ollama chat: %s', async (_name, extra, expected) => {
      const r = await postJson(h.url, '/api/chat', ollamaChat('fake-llama', 'hi', extra), h.keys.user);
      expect(r.status).toBe(200);
      expect(forwarded()).toMatchObject(expected);
    });

    it('Ollama generate is clamped', async () => {
      await postJson(h.url, '/api/generate', { model: 'fake-llama', prompt: 'hi', stream: false, options: { num_predict: 100_000 } }, h.keys.user);
      expect(forwarded().options.num_predict).toBe(256);
    });
  });
});

describe('output tokens (policy reject)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ config: { limits: { maxOutputTokens: 256, outputTokensPolicy: 'reject' } } });
  });
  afterAll(async () => {
    await h?.close();
  });
  beforeEach(() => h.fake.reset());

  it('max_tokens / num_predict over the limit → 400 MAX_TOKENS_TOO_LARGE, never forwarded', async () => {
    const a = await postJson(h.url, '/v1/chat/completions', openaiChat('fake-gpt', 'hi', { max_tokens: 257 }), h.keys.user);
    expect(a.status).toBe(400);
    expect(a.json.error.code).toBe('MAX_TOKENS_TOO_LARGE');
    const b = await postJson(h.url, '/api/chat', ollamaChat('fake-llama', 'hi', { options: { num_predict: 1000 } }), h.keys.user);
    expect(b.status).toBe(400);
    expect(b.json.code).toBe('MAX_TOKENS_TOO_LARGE');
    const c = await postJson(h.url, '/v1/chat/completions', openaiChat('fake-gpt', 'hi', { max_tokens: 5, max_completion_tokens: 100_000 }), h.keys.user);
    expect(c.status).toBe(400);
    expect(h.fake.received).toHaveLength(0);
  });

  it('within the limit passes unchanged; absent gets the limit', async () => {
    const a = await postJson(h.url, '/v1/chat/completions', openaiChat('fake-gpt', 'hi', { max_tokens: 256 }), h.keys.user);
    expect(a.status).toBe(200);
    expect(JSON.parse(h.fake.received[0]!.body).max_tokens).toBe(256);
    const b = await postJson(h.url, '/v1/chat/completions', openaiChat('fake-gpt', 'hi'), h.keys.user);
    expect(b.status).toBe(200);
    expect(JSON.parse(h.fake.received[1]!.body).max_tokens).toBe(256);
  });
});

describe('per-key request and token rates', () => {
  let h: Harness;
  const clock = manualClock();
  beforeAll(async () => {
    // A frozen clock: the window cannot refill while the test runs, however slow the machine.
    h = await startHarness({ clock });
  });
  afterAll(async () => {
    await h?.close();
  });
  beforeEach(() => h.fake.reset());

  it('the 21st request in a 20-per-minute window gets 429 RATE_LIMITED with Retry-After', async () => {
    const { key } = h.createKey('user', { limits: { requestsPerMinute: 20 } });
    for (let i = 0; i < 20; i++) {
      const r = await postJson(h.url, '/v1/chat/completions', openaiChat('fake-gpt', `q${i}`), key);
      expect(r.status, `request ${i + 1}`).toBe(200);
    }
    const r21 = await postJson(h.url, '/v1/chat/completions', openaiChat('fake-gpt', 'q21'), key);
    expect(r21.status).toBe(429);
    expect(r21.json.error).toMatchObject({ code: 'RATE_LIMITED', type: 'rate_limit_error' });
    // 20 per minute refills one every 3 s.
    expect(r21.headers.get('retry-after')).toBe('3');
    expect(h.receivedOn('/v1/chat/completions')).toHaveLength(20);

    // The official client sees a RateLimitError.
    const client = new OpenAI({ baseURL: `${h.url}/v1`, apiKey: key, maxRetries: 0 });
    await expect(client.chat.completions.create({ model: 'fake-gpt', messages: [{ role: 'user', content: 'x' }] })).rejects.toMatchObject({ status: 429 });
    // Ollama paths count against the same key and answer in Ollama's shape.
    const o = await postJson(h.url, '/api/chat', ollamaChat('fake-llama'), key);
    expect(o.status).toBe(429);
    expect(o.json.code).toBe('RATE_LIMITED');
    expect(o.headers.get('retry-after')).toBe('3');

    // Another key is not affected.
    expect((await postJson(h.url, '/v1/chat/completions', openaiChat('fake-gpt'), h.keys.user)).status).toBe(200);

    // After Retry-After seconds one more request is admitted, and only one.
    clock.advance(3_000);
    expect((await postJson(h.url, '/v1/chat/completions', openaiChat('fake-gpt'), key)).status).toBe(200);
    expect((await postJson(h.url, '/v1/chat/completions', openaiChat('fake-gpt'), key)).status).toBe(429);
  });

  it('tokens per minute: a key over its token budget gets 429 TOKEN_RATE_LIMITED', async () => {
    const { key } = h.createKey('user', { limits: { tokensPerMinute: 100 } });
    const first = await postJson(h.url, '/v1/chat/completions', openaiChat('fake-gpt', 'x'.repeat(400)), key);
    expect(first.status).toBe(200);
    const second = await postJson(h.url, '/v1/chat/completions', openaiChat('fake-gpt', 'short'), key);
    expect(second.status).toBe(429);
    expect(second.json.error.code).toBe('TOKEN_RATE_LIMITED');
    expect(Number(second.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(h.receivedOn('/v1/chat/completions')).toHaveLength(1);
  });
});

describe('per-IP limit, before authentication', () => {
  let h: Harness;
  const clock = manualClock();
  beforeAll(async () => {
    h = await startHarness({ clock, config: { limits: { perIp: { requestsPerMinute: 5 } } } });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('unauthenticated requests exhaust the address budget; then even a valid key gets 429 IP_RATE_LIMITED', async () => {
    for (let i = 0; i < 5; i++) {
      const r = await postJson(h.url, '/v1/chat/completions', openaiChat('fake-gpt'), 'bw_000000000000_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA');
      expect(r.status, `request ${i + 1}`).toBe(401);
    }
    const sixth = await postJson(h.url, '/v1/chat/completions', openaiChat('fake-gpt'), undefined);
    expect(sixth.status).toBe(429);
    expect(sixth.json.error.code).toBe('IP_RATE_LIMITED');
    expect(sixth.headers.get('retry-after')).toBe('12');
    const withKey = await postJson(h.url, '/api/chat', ollamaChat('fake-llama'), h.keys.admin);
    expect(withKey.status).toBe(429);
    expect(withKey.json.code).toBe('IP_RATE_LIMITED');
    expect(h.fake.received).toHaveLength(0);
    // Health checks are not rate-limited (load balancers poll them).
    expect((await fetch(`${h.url}/healthz`)).status).toBe(200);
  });
});

describe('concurrency caps', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ config: { limits: { globalConcurrency: 5 } } });
  });
  afterAll(async () => {
    await h?.close();
  });
  beforeEach(() => h.fake.reset());

  /** Starts a streamed chat on the never-ending slow model; resolves at the response headers. */
  function slowStream(key: string, signal: AbortSignal): Promise<Response> {
    return fetch(`${h.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      body: JSON.stringify(openaiChat('fault-slow-stream', 'burst', { stream: true })),
      signal,
    });
  }

  it('a burst of 10 on a key with concurrency 3: exactly 3 proceed, 7 get 429 CONCURRENCY_LIMITED', async () => {
    const { key } = h.createKey('user', { limits: { concurrency: 3 } });
    const controllers = Array.from({ length: 10 }, () => new AbortController());
    const responses = await Promise.all(controllers.map((c) => slowStream(key, c.signal)));
    const admitted = responses.map((r, i) => ({ r, c: controllers[i]! })).filter(({ r }) => r.status === 200);
    const refused = responses.filter((r) => r.status === 429);
    expect(admitted).toHaveLength(3);
    expect(refused).toHaveLength(7);
    for (const r of refused) {
      const j = (await r.json()) as { error: { code: string } };
      expect(j.error.code).toBe('CONCURRENCY_LIMITED');
      expect(r.headers.get('retry-after')).toBe('1');
    }
    // The admitted ones really stream.
    for (const { r } of admitted) {
      const { value } = await r.body!.getReader().read();
      expect(new TextDecoder().decode(value)).toContain('data: ');
    }
    const seen = h.receivedOn('/v1/chat/completions');
    expect(seen).toHaveLength(3);

    for (const { c } of admitted) c.abort();
    await waitFor(() => seen.every((s) => s.closedEarly), 3_000, 'upstream streams closed');
    // At no moment did the upstream hold more than 3 of this key's requests.
    const events = seen.flatMap((s) => [{ t: s.receivedAt, d: 1 }, { t: s.closedAt!, d: -1 }]).sort((a, b) => a.t - b.t || a.d - b.d);
    let open = 0;
    let peak = 0;
    for (const e of events) peak = Math.max(peak, (open += e.d));
    expect(peak).toBeLessThanOrEqual(3);

    // Finished requests give their slots back.
    const again = await Promise.all([0, 1, 2].map(() => postJson(h.url, '/v1/chat/completions', openaiChat('fake-gpt'), key)));
    expect(again.map((r) => r.status)).toEqual([200, 200, 200]);
  });

  it('the global cap holds across keys', async () => {
    const keys = Array.from({ length: 6 }, () => h.createKey('user').key);
    const controllers = keys.map(() => new AbortController());
    const responses: Response[] = [];
    // One at a time, so which one is refused is deterministic: the sixth.
    for (let i = 0; i < keys.length; i++) responses.push(await slowStream(keys[i]!, controllers[i]!.signal));
    expect(responses.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 429]);
    expect(((await responses[5]!.json()) as { error: { code: string } }).error.code).toBe('CONCURRENCY_LIMITED');
    expect(h.receivedOn('/v1/chat/completions')).toHaveLength(5);
    for (const c of controllers) c.abort();
    await waitFor(() => h.receivedOn('/v1/chat/completions').every((s) => s.closedEarly), 3_000, 'upstream streams closed');
    expect((await postJson(h.url, '/v1/chat/completions', openaiChat('fake-gpt'), keys[5])).status).toBe(200);
  });
});

describe('slow clients', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ config: { server: { idleTimeoutMs: 300 } } });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('a client that goes silent in the middle of its request is disconnected', async () => {
    const raw = await openRaw(h.url);
    const opened = Date.now();
    raw.socket.write('POST /v1/chat/completions HTTP/1.1\r\nhost: x\r\n');
    await withTimeout(raw.closed, 5_000, 'idle connection close');
    expect(Date.now() - opened).toBeGreaterThanOrEqual(250);
    expect(h.fake.received).toHaveLength(0);
  });

  it('a client that stops sending its body is disconnected', async () => {
    const raw = await openRaw(h.url);
    raw.socket.write(`POST /v1/chat/completions HTTP/1.1\r\nhost: x\r\nauthorization: Bearer ${h.keys.user}\r\ncontent-type: application/json\r\ncontent-length: 1000\r\n\r\n{"model":`);
    await withTimeout(raw.closed, 5_000, 'idle connection close');
    expect(h.fake.received).toHaveLength(0);
  });

  it('an active client is not cut off', async () => {
    const r = await call(h.url, 'GET', '/api/tags', h.keys.user);
    expect(r.status).toBe(200);
  });
});
