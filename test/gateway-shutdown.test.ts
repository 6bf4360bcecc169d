import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './helpers.js';

/**
 * Graceful shutdown: a rolling restart must not cut answers that are being streamed. close()
 * stops accepting, lets requests in flight finish within the grace period, then cuts the rest.
 */
let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

function streamChat(url: string, key: string, agent?: false): Promise<{ status: number; body: string; connection: string | undefined }> {
  return new Promise((resolve, reject) => {
    const req = request(`${url}/v1/chat/completions`, { method: 'POST', ...(agent === false ? { agent: false } : {}), headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, connection: res.headers.connection }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(JSON.stringify({ model: 'fake-gpt', stream: true, messages: [{ role: 'user', content: 'hello there' }] }));
  });
}

describe('gateway shutdown', () => {
  it('lets a stream in flight finish, then refuses new connections', async () => {
    // 10 chunks 60 ms apart: the answer takes about 0.6 s.
    h = await startHarness({ fake: { streamChunks: 10, chunkDelayMs: 60 } });
    const inFlight = streamChat(h.url, h.keys.user);
    await new Promise((r) => setTimeout(r, 150));
    const closing = h.gateway.close({ graceMs: 5_000 });
    const answer = await inFlight;
    expect(answer.status).toBe(200);
    expect(answer.body).toContain('data: [DONE]');
    await closing;
    // A fresh connection (the pooled one was closed with the server).
    await expect(streamChat(h.url, h.keys.user, false)).rejects.toThrow(/ECONNREFUSED/);
  });

  it('cuts what is still running when the grace period ends', async () => {
    h = await startHarness({ fake: { streamChunks: 200, chunkDelayMs: 50 } });
    const inFlight = streamChat(h.url, h.keys.user).then(
      (r) => ({ ok: true as const, r }),
      (err: Error) => ({ ok: false as const, err }),
    );
    await new Promise((r) => setTimeout(r, 150));
    const started = Date.now();
    await h.gateway.close({ graceMs: 300 });
    const waited = Date.now() - started;
    // Bounded by the grace period (plus scheduling), far below the 10 s the stream would take.
    expect(waited).toBeLessThan(3_000);
    const outcome = await inFlight;
    if (outcome.ok) expect(outcome.r.body).not.toContain('data: [DONE]');
    else expect(outcome.err.message).toMatch(/aborted|socket hang up|ECONNRESET/);
  });
});
