import { Ollama } from 'ollama';
import OpenAI from 'openai';
import { afterEach, describe, expect, it } from 'vitest';
import { fakeAnswer } from '../src/demo/index.js';
import { call, ndjsonLines, ollamaChat, openaiChat, postJson, QUESTION, sseChatText, startHarness, type Harness } from './helpers.js';

/**
 * The audit trail seen through the gateway: every request leaves a record (refused ones too),
 * content is readable only by admin and auditor keys of the same tenant, and every read of the
 * trail is itself on the trail.
 */

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

type View = { kind: string; seq: number; route: string; status: number; completionTokens: number | null; keyId: string | null; requestId: string; verdict: string; stream: boolean; errorCode: string | null; content?: { request: { source: string; text: string }[]; answer: string[] } | null; detail: Record<string, unknown> | null; findings: { code: string; start: number; end: number }[] };

async function records(base: string, key: string, query = ''): Promise<{ status: number; json: { data: View[]; next: string | null; error?: { code: string } } }> {
  const r = await call(base, 'GET', `/v1/audit/records${query}`, key);
  return { status: r.status, json: r.json };
}

describe('audit trail over the gateway', () => {
  it('records every request, refused ones included, with who, what, status and tokens', async () => {
    h = await startHarness({ audit: true });
    const ok = await postJson(h.url, '/v1/chat/completions', openaiChat('fake-gpt'), h.keys.user, { 'x-request-id': 'req-plain' });
    expect(ok.status).toBe(200);
    const stream = await fetch(`${h.url}/v1/chat/completions`, { method: 'POST', headers: { authorization: `Bearer ${h.keys.user}`, 'content-type': 'application/json', 'x-request-id': 'req-stream' }, body: JSON.stringify(openaiChat('fake-gpt', 'stream me', { stream: true })) });
    const streamed = sseChatText(await stream.text());
    const ollama = await postJson(h.url, '/api/chat', ollamaChat('fake-llama'), h.keys.user, { 'x-request-id': 'req-ollama' });
    expect(ollama.status).toBe(200);
    expect((await postJson(h.url, '/v1/chat/completions', openaiChat('fake-gpt'), undefined, { 'x-request-id': 'req-anon' })).status).toBe(401);
    expect((await postJson(h.url, '/v1/nope', {}, h.keys.user, { 'x-request-id': 'req-404' })).status).toBe(404);

    const { status, json } = await records(h.url, h.keys.admin, '?content=true');
    expect(status).toBe(200);
    const byId = new Map(json.data.map((v) => [v.requestId, v]));
    expect(byId.get('req-plain')).toMatchObject({ kind: 'request', route: '/v1/chat/completions', status: 200, stream: false, verdict: 'allow', content: { request: [{ source: 'user', text: QUESTION }], answer: [expect.stringContaining('Fake answer')] } });
    expect(byId.get('req-stream')).toMatchObject({ stream: true, content: { answer: [streamed] } });
    expect(byId.get('req-ollama')).toMatchObject({ route: '/api/chat', content: { request: [{ source: 'user', text: QUESTION }] } });
    // Refused before a key was known: on the unauthenticated chain, never in a tenant's view.
    expect(byId.has('req-anon') || byId.has('req-404')).toBe(false);
    await h.audit!.flush();
    expect([...h.audit!.reader.search({ tenantId: '' })].map((v) => [v.requestId, v.status, v.errorCode])).toEqual([
      ['req-anon', 401, 'AUTH_MISSING'],
      ['req-404', 404, 'ROUTE_NOT_FOUND'],
    ]);
  });

  it('keeps a stream no output guard read, reads it back as its text, and records the usage it reported (SSE and NDJSON)', async () => {
    h = await startHarness({ audit: true, config: { guards: { enabled: false } } });
    const post = (path: string, body: unknown, id: string): Promise<Response> => fetch(`${h!.url}${path}`, { method: 'POST', headers: { authorization: `Bearer ${h!.keys.user}`, 'content-type': 'application/json', 'x-request-id': id }, body: JSON.stringify(body) });
    const sseRaw = await (await post('/v1/chat/completions', { ...openaiChat('fake-gpt', 'stream me', { stream: true }), stream_options: { include_usage: true } }, 'req-sse')).text();
    const sseText = sseChatText(sseRaw);
    const sseUsage = sseRaw
      .split('\n\n')
      .map((e) => e.replace(/^data: /, ''))
      .filter((d) => d.startsWith('{'))
      .map((d) => JSON.parse(d) as { usage?: { completion_tokens: number } | null })
      .find((c) => c.usage)?.usage?.completion_tokens;
    // Without include_usage the stream reports nothing: the record estimates from the bytes relayed.
    const bare = await (await post('/v1/chat/completions', openaiChat('fake-gpt', 'stream me', { stream: true }), 'req-sse-bare')).text();
    const ndLines = ndjsonLines(await (await post('/api/chat', { ...ollamaChat('fake-llama'), stream: true }, 'req-ndjson')).text());
    const ndText = ndLines.map((l) => (l.message as { content?: string } | undefined)?.content ?? '').join('');
    const evalCount = ndLines.at(-1)?.eval_count;
    expect(sseText.length).toBeGreaterThan(10);
    expect(ndText.length).toBeGreaterThan(10);
    expect(typeof sseUsage).toBe('number');
    expect(typeof evalCount).toBe('number');
    const { json } = await records(h.url, h.keys.admin, '?content=true');
    const byId = new Map(json.data.map((v) => [v.requestId, v]));
    expect(byId.get('req-sse')).toMatchObject({ stream: true, completionTokens: sseUsage, content: { answer: [sseText] } });
    expect(byId.get('req-sse-bare')).toMatchObject({ stream: true, completionTokens: Math.ceil(Buffer.byteLength(bare) / 16), content: { answer: [sseChatText(bare)] } });
    expect(byId.get('req-ndjson')).toMatchObject({ stream: true, completionTokens: evalCount, content: { answer: [ndText] } });
  });

  it('records streams of the official clients as they read them: text and the usage they got (guards off, audit on)', async () => {
    h = await startHarness({ audit: true, config: { guards: { enabled: false } } });
    const openai = new OpenAI({ baseURL: `${h.url}/v1`, apiKey: h.keys.user, maxRetries: 0, timeout: 10_000, defaultHeaders: { 'x-request-id': 'req-openai' } });
    const stream = await openai.chat.completions.create({ model: 'fake-gpt', messages: [{ role: 'user', content: QUESTION }], stream: true, stream_options: { include_usage: true } });
    let text = '';
    let usage: number | undefined;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? '';
      if (chunk.usage) usage = chunk.usage.completion_tokens;
    }
    const ollama = new Ollama({ host: h.url, headers: { Authorization: `Bearer ${h.keys.user}`, 'x-request-id': 'req-ollama-client' } });
    let ndText = '';
    let evalCount: number | undefined;
    for await (const part of await ollama.chat({ model: 'fake-llama', messages: [{ role: 'user', content: QUESTION }], stream: true })) {
      ndText += part.message.content;
      if (part.done) evalCount = part.eval_count;
    }
    expect(text).toBe(fakeAnswer(QUESTION));
    expect(ndText).toBe(fakeAnswer(QUESTION));
    expect(usage).toBeGreaterThan(0);
    expect(evalCount).toBeGreaterThan(0);
    const { json } = await records(h.url, h.keys.admin, '?content=true');
    const byId = new Map(json.data.map((v) => [v.requestId, v]));
    expect(byId.get('req-openai')).toMatchObject({ stream: true, completionTokens: usage, content: { request: [{ source: 'user', text: QUESTION }], answer: [text] } });
    expect(byId.get('req-ollama-client')).toMatchObject({ stream: true, completionTokens: evalCount, content: { request: [{ source: 'user', text: QUESTION }], answer: [ndText] } });
  });

  it('/metrics shows the audit backlog (records waiting for the journal and for the indexer) and the records per journal write', async () => {
    h = await startHarness({ audit: true });
    for (let i = 0; i < 3; i++) expect((await postJson(h.url, '/v1/chat/completions', openaiChat('fake-gpt'), h.keys.user)).status).toBe(200);
    const gauge = async (name: string): Promise<number> => {
      const r = await call(h!.url, 'GET', '/metrics');
      const line = r.text.split('\n').find((l) => l.startsWith(`${name} `));
      expect(line, name).toBeDefined();
      return Number(line!.split(' ')[1]);
    };
    // Every answered request is journaled: nothing waits for the journal once answers are out.
    expect(await gauge('bulwark_audit_records_pending')).toBe(0);
    const before = await gauge('bulwark_audit_records_unindexed');
    expect(before).toBeGreaterThanOrEqual(0);
    expect(before).toBeLessThanOrEqual(3);
    await h.audit!.flush();
    expect(await gauge('bulwark_audit_records_unindexed')).toBe(0);
    // Three requests, each answered before the next was sent: three records, one write each at most.
    const written = await gauge('bulwark_audit_records_total');
    expect(written).toBeGreaterThanOrEqual(3);
    const writes = await gauge('bulwark_audit_group_writes_total');
    expect(writes).toBeGreaterThanOrEqual(1);
    expect(writes).toBeLessThanOrEqual(written);
  });

  it('cuts a kept stream at audit.maxContentBytes and says it was cut', async () => {
    h = await startHarness({ audit: true, config: { guards: { enabled: false }, audit: { maxContentBytes: 1200 } } });
    const body = { ...openaiChat('fake-gpt', 'stream me', { stream: true }) };
    const raw = await (await fetch(`${h.url}/v1/chat/completions`, { method: 'POST', headers: { authorization: `Bearer ${h.keys.user}`, 'content-type': 'application/json', 'x-request-id': 'req-cut' }, body: JSON.stringify(body) })).text();
    expect(Buffer.byteLength(raw) + Buffer.byteLength(JSON.stringify(body))).toBeGreaterThan(1200);
    const { json } = await records(h.url, h.keys.admin, '?content=true');
    const rec = json.data.find((v) => v.requestId === 'req-cut') as (View & { content: { answer: string[]; truncated: boolean } }) | undefined;
    expect(rec?.content.truncated).toBe(true);
    const kept = rec?.content.answer[0] ?? '';
    expect(sseChatText(raw).startsWith(kept)).toBe(true);
    expect(kept.length).toBeLessThan(sseChatText(raw).length);
  });

  it('lets only admin and auditor keys read, scoped to their tenant, and records each read', async () => {
    h = await startHarness({ audit: true });
    const globex = h.createKey('admin', { tenantId: 'globex' });
    await postJson(h.url, '/v1/chat/completions', openaiChat('fake-gpt', 'acme secret plan'), h.keys.user, { 'x-request-id': 'acme-1' });
    await postJson(h.url, '/v1/chat/completions', openaiChat('fake-gpt', 'globex secret plan'), globex.key, { 'x-request-id': 'globex-1' });

    expect((await records(h.url, h.keys.user)).json.error).toMatchObject({ code: 'FORBIDDEN_ENDPOINT' });
    expect((await records(h.url, h.keys.operator)).status).toBe(403);
    // The auditor reads; it does nothing that would itself need auditing.
    expect((await postJson(h.url, '/v1/chat/completions', openaiChat('fake-gpt'), h.keys.auditor)).json.error).toMatchObject({ code: 'FORBIDDEN_ENDPOINT' });

    const auditor = await records(h.url, h.keys.auditor, '?content=true&kind=request');
    expect(auditor.status).toBe(200);
    const texts = auditor.json.data.map((v) => v.content?.request[0]?.text);
    expect(texts).toContain('acme secret plan');
    expect(texts).not.toContain('globex secret plan');

    // Another tenant's records: refused outright, and the attempt is on record.
    const refused = await records(h.url, h.keys.admin, '?tenant=globex');
    expect([refused.status, refused.json.error?.code]).toEqual([403, 'AUDIT_TENANT_FORBIDDEN']);
    const globexView = await records(h.url, globex.key, '?content=true&kind=request');
    expect(globexView.json.data.map((v) => v.requestId)).toEqual(['globex-1']);
    expect(globexView.json.data[0]!.content?.request[0]?.text).toBe('globex secret plan');

    const reads = (await records(h.url, h.keys.admin, '?kind=audit-read')).json.data;
    expect(reads.map((v) => [v.status, v.errorCode, v.detail?.content])).toEqual([
      [403, 'FORBIDDEN_ENDPOINT', undefined],
      [403, 'FORBIDDEN_ENDPOINT', undefined],
      [200, null, true],
      [403, 'AUDIT_TENANT_FORBIDDEN', undefined],
    ]);
    expect(reads[2]!.detail).toMatchObject({ content: true, filters: { kind: 'request' } });
    expect(reads[2]!.detail!.read).toBeGreaterThan(0);
  });

  it('pages through records and refuses bad filters', async () => {
    h = await startHarness({ audit: true });
    for (let i = 0; i < 5; i++) await postJson(h.url, '/v1/chat/completions', openaiChat('fake-gpt'), h.keys.user);
    const first = await records(h.url, h.keys.admin, '?kind=request&limit=2');
    expect(first.json.data.map((v) => v.seq)).toEqual([1, 2]);
    const second = await records(h.url, h.keys.admin, `?kind=request&limit=2&after=${first.json.next}`);
    expect(second.json.data.map((v) => v.seq)).toEqual([3, 4]);
    expect(first.json.data[0]!.content).toBeUndefined();
    for (const bad of ['?limit=5000', '?verdict=maybe', '?since=yesterday', '?frobnicate=1', '?content=yes']) expect((await records(h.url, h.keys.admin, bad)).json.error).toMatchObject({ code: 'INVALID_REQUEST' });
  });

  it('records guard verdicts and finding codes with spans, never the values', async () => {
    h = await startHarness({ audit: true, config: { guards: { enabled: true } } });
    const r = await postJson(h.url, '/v1/chat/completions', openaiChat('fake-gpt', '身份证 11010519491231002X 请记住'), h.keys.user, { 'x-request-id': 'pii' });
    expect(r.status).toBe(200);
    const [v] = (await records(h.url, h.keys.admin, '?code=PII_CN_ID_CARD')).json.data;
    expect(v).toMatchObject({ requestId: 'pii', verdict: expect.stringMatching(/redact|flag/) });
    expect(v!.findings[0]).toMatchObject({ code: 'PII_CN_ID_CARD', start: 4, end: 22 });
    expect(JSON.stringify(v)).not.toContain('11010519491231002X');
  });

  it('erases a data subject named by the subject header, and only that subject', async () => {
    h = await startHarness({ audit: true, config: { audit: { subjectHeader: 'x-bulwark-subject' } } });
    await postJson(h.url, '/v1/chat/completions', openaiChat('fake-gpt', 'alice asks'), h.keys.user, { 'x-bulwark-subject': 'alice@example.com' });
    await postJson(h.url, '/v1/chat/completions', openaiChat('fake-gpt', 'bob asks'), h.keys.user, { 'x-bulwark-subject': 'bob@example.com' });
    const result = await h.audit!.forget('acme', 'alice@example.com');
    expect(result).toMatchObject({ dataKeys: 1, records: 1 });
    const views = (await records(h.url, h.keys.admin, '?content=true&kind=request')).json.data as (View & { contentState: string })[];
    expect(views.map((v) => [v.contentState, v.content?.request[0]?.text ?? null])).toEqual([
      ['erased', null],
      ['stored', 'bob asks'],
    ]);
  });
});
