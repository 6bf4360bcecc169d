import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../core/index.js';
import { AUDIT_MIGRATIONS, openSqliteAuditStore } from '../store/index.js';
import { deriveMasterKey, generateMasterKey, journalDir, listSegments, openAuditTrail, resignCheckpoints, rewrapAll, streamAnswer, verifyChains, type AuditContentInput, type AuditEntry, type AuditTrail } from './index.js';

const dirs: string[] = [];
const trails: AuditTrail[] = [];
afterEach(async () => {
  while (trails.length) await trails.pop()!.close();
  while (dirs.length) rmSync(dirs.pop()!, { recursive: true, force: true });
});

const settings = parseConfig({}).audit;
const DAY = 86_400_000;

async function open(options: { path?: string; key?: Buffer; clock?: () => number; mode?: 'inline' | 'journal'; earlyCommitMs?: number; groupCommitMs?: number; ingestIntervalMs?: number; settings?: Partial<typeof settings> } = {}) {
  let path = options.path;
  if (path === undefined) {
    const dir = mkdtempSync(join(tmpdir(), 'bulwark-audit-'));
    dirs.push(dir);
    path = join(dir, 'audit.db');
  }
  const key = options.key ?? generateMasterKey();
  const trail = await openAuditTrail({ path, masterKey: key, settings: { ...settings, ...options.settings }, mode: options.mode ?? 'inline', clock: options.clock, earlyCommitMs: options.earlyCommitMs ?? Infinity, groupCommitMs: options.groupCommitMs, ingestIntervalMs: options.ingestIntervalMs });
  trails.push(trail);
  return { trail, path, key };
}

const entry = (tenantId: string, over: Partial<AuditEntry> = {}): AuditEntry => ({
  kind: 'request',
  time: Date.now(),
  tenantId,
  keyId: `${tenantId}-key`.padEnd(12, '0').slice(0, 12),
  clientIp: '127.0.0.1',
  method: 'POST',
  route: '/v1/chat/completions',
  model: 'fake-gpt',
  upstream: 'fake',
  status: 200,
  latencyMs: 3,
  verdict: 'allow',
  findings: [],
  guards: [],
  requestId: 'req-1',
  content: chat(`secret prompt of ${tenantId}`, 'the answer'),
  ...over,
});

/** Bodies as the gateway sees them: the client's request, the model's answer. */
function chat(prompt: string, answer: string): AuditContentInput {
  return {
    wire: 'openai:chat',
    request: Buffer.from(JSON.stringify({ model: 'fake-gpt', messages: [{ role: 'user', content: prompt }] })),
    answer: Buffer.from(JSON.stringify({ object: 'chat.completion', choices: [{ index: 0, message: { role: 'assistant', content: answer } }] })),
  };
}

function raw(path: string): Database.Database {
  return new Database(path);
}

function verify(path: string, key: Buffer) {
  const store = openSqliteAuditStore({ path });
  try {
    return verifyChains(store, deriveMasterKey(key), { segments: journalDir(path) });
  } finally {
    store.close();
  }
}

describe('audit trail', () => {
  it('commits records appended in one turn as one group, per-tenant chains, content only under the key', async () => {
    const { trail, path, key } = await open();
    const acks = [entry('acme', { subject: 'alice@example.com' }), entry('globex'), entry('acme', { findings: [{ code: 'PII_CN_ID_CARD', guard: 'sensitive', severity: 'high', start: 3, end: 21, confidence: 0.99, tags: [] }], verdict: 'redact' })].map((e) => trail.append(e));
    expect(new Set(acks).size).toBe(1);
    await Promise.all(acks);
    expect(trail.stats()).toMatchObject({ batches: 1, records: 3, pending: 0 });

    const acme = [...trail.reader.search({ tenantId: 'acme' }, { withContent: true })];
    expect(acme.map((v) => [v.tenant, v.seq])).toEqual([
      ['acme', 1],
      ['acme', 2],
    ]);
    expect(acme[0]!.content).toEqual({ request: [{ source: 'user', text: 'secret prompt of acme' }], answer: ['the answer'], truncated: false });
    expect(acme[0]!.subject).toMatch(/^[0-9a-f]{32}$/);
    expect([...trail.reader.search({ tenantId: 'acme', code: 'PII_CN_ID_CARD' })].map((v) => v.seq)).toEqual([2]);
    expect([...trail.reader.search({ tenantId: 'globex' })]).toHaveLength(1);
    expect(verify(path, key)).toMatchObject({ ok: true, records: 3 });

    const db = raw(path);
    const text = db.prepare('SELECT group_concat(record) AS r FROM audit_records').get() as { r: string };
    expect(text.r).not.toContain('secret prompt');
    expect(text.r).not.toContain('alice@example.com');
    db.close();
  });

  it('writes a group early when the event-loop turn runs long, so answers never wait for its end', async () => {
    const { trail } = await open({ earlyCommitMs: 1 });
    const first = trail.append(entry('acme'));
    const until = performance.now() + 3;
    while (performance.now() < until);
    const second = trail.append(entry('acme'));
    // The group (the late record included) was written right away, within the same turn.
    expect(trail.stats()).toMatchObject({ batches: 1, records: 2 });
    const third = trail.append(entry('acme'));
    expect(third).not.toBe(second);
    await Promise.all([first, second, third]);
    expect(trail.stats()).toMatchObject({ batches: 2, records: 3 });
  });

  it('group commit: records finishing in different turns within the window share one write', async () => {
    const { trail } = await open({ mode: 'journal', groupCommitMs: 40, earlyCommitMs: 0 });
    const first = trail.append(entry('acme'));
    await new Promise((r) => setImmediate(r)); // a later event-loop turn, as a second stream's end would be
    const second = trail.append(entry('acme'));
    expect(trail.stats()).toMatchObject({ batches: 0, pending: 2 });
    await Promise.all([first, second]);
    expect(trail.stats()).toMatchObject({ batches: 1, records: 2, pending: 0 });
  });

  it('keeps streamed answers as frames and decodes them when read', async () => {
    const { trail } = await open();
    const frames = ['data: {"choices":[{"index":0,"delta":{"content":"Hel"}}]}\n\n', 'data: {"choices":[{"index":0,"delta":{"content":"lo"},"finish_reason":"stop"}]}\n\n', 'data: [DONE]\n\n'].join('');
    const chunks = [Buffer.from(frames.slice(0, 30)), Buffer.from(frames.slice(30))];
    await trail.append(entry('acme', { stream: true, content: { wire: 'openai:chat', request: Buffer.from('{"model":"m","stream":true,"messages":[{"role":"user","content":"hi"}]}'), answer: chunks, framing: 'sse' } }));
    const [v] = [...trail.reader.search({ tenantId: 'acme' }, { withContent: true })];
    expect(v!.content).toEqual({ request: [{ source: 'user', text: 'hi' }], answer: ['Hello'], truncated: false });
    expect(streamAnswer('ndjson', 'ollama', '{"message":{"content":"a"}}\n{"message":{"content":"b"},"done":true}\n')).toEqual(['ab']);
  });

  it('seals a stream packed (each frame as what differs from the one before), and reads back its text, whole or cut', async () => {
    const words = Array.from({ length: 40 }, (_, i) => `word${i} `);
    const frames = words.map((w) => `data: {"id":"chatcmpl-9f2c","object":"chat.completion.chunk","created":1700000000,"model":"gpt-4o-mini","choices":[{"index":0,"delta":{"content":"${w}"},"logprobs":null,"finish_reason":null}]}\n\n`);
    const raw = Buffer.from(`${frames.join('')}data: [DONE]\n\n`);
    const chunks = [raw.subarray(0, 1000), raw.subarray(1000, 1001), raw.subarray(1001)];
    const request = Buffer.from('{"model":"m","stream":true,"messages":[{"role":"user","content":"hi"}]}');
    const { sealBatch } = await import('./writer.js');
    const { createKeyring } = await import('./keyring.js');
    const { trail, path, key } = await open();
    const store = openSqliteAuditStore({ path });
    try {
      const stream = entry('acme', { stream: true, content: { wire: 'openai:chat', request, answer: chunks, framing: 'sse' } });
      const sealed = sealBatch([stream], createKeyring(store, deriveMasterKey(key)), { content: true, maxContentBytes: 1 << 20 }, Date.now());
      const sealedBytes = (sealed.groups[0]!.blob as Buffer[]).reduce((n, b) => n + b.length, 0);
      // About a tenth: each frame keeps only its word and a few bytes of lengths.
      expect(sealedBytes).toBeLessThan(request.length + raw.length / 8);
    } finally {
      store.close();
    }
    await trail.append(entry('acme', { requestId: 'whole', stream: true, content: { wire: 'openai:chat', request, answer: chunks, framing: 'sse' } }));
    const { trail: cut } = await open({ settings: { maxContentBytes: request.length + 2000 } });
    await cut.append(entry('acme', { requestId: 'cut', stream: true, content: { wire: 'openai:chat', request, answer: chunks, framing: 'sse' } }));
    const [whole] = [...trail.reader.search({ tenantId: 'acme' }, { withContent: true })];
    expect(whole!.content).toEqual({ request: [{ source: 'user', text: 'hi' }], answer: [words.join('')], truncated: false });
    const [short] = [...cut.reader.search({ tenantId: 'acme' }, { withContent: true })];
    expect(short!.content!.truncated).toBe(true);
    const kept = short!.content!.answer[0]!;
    expect(kept.length).toBeGreaterThan(0);
    expect(words.join('').startsWith(kept) && kept.length < words.join('').length).toBe(true);
  });

  it.runIf(process.platform === 'linux')('runs the ingester thread at audit.ingestNice, and the rest of the process at its own priority', async () => {
    const { readdirSync, readFileSync } = await import('node:fs');
    // Field 19 of /proc/<pid>/task/<tid>/stat, counted after the parenthesised thread name.
    const niceOf = (tid: string): number => Number(readFileSync(`/proc/self/task/${tid}/stat`, 'utf8').split(') ')[1]!.split(' ')[16]);
    const nices = (): number[] => readdirSync('/proc/self/task').map(niceOf);
    expect(nices().filter((n) => n === 7)).toEqual([]);
    const { trail } = await open({ mode: 'journal', settings: { ingestNice: 7 } });
    await trail.append(entry('acme'));
    await trail.flush();
    expect(nices().filter((n) => n === 7)).toHaveLength(1);
    expect(niceOf(String(process.pid))).toBe(0);
    expect([...trail.reader.search({ tenantId: 'acme' })]).toHaveLength(1);
  });

  it('counts the records journaled but not yet indexed, and none once the indexer caught up', async () => {
    // An indexer that does not run by itself within the test: only a flush makes it catch up.
    const { trail } = await open({ mode: 'journal', ingestIntervalMs: 600_000 });
    await Promise.all([trail.append(entry('acme')), trail.append(entry('acme')), trail.append(entry('beta'))]);
    expect(trail.stats()).toMatchObject({ records: 3, pending: 0, unindexed: 3 });
    await trail.flush();
    expect(trail.stats()).toMatchObject({ records: 3, unindexed: 0 });
    await trail.append(entry('acme'));
    expect(trail.stats().unindexed).toBe(1);
    const inline = await open();
    await inline.trail.append(entry('acme'));
    expect(inline.trail.stats()).toMatchObject({ records: 1, unindexed: 0 });
  });

  it('cuts content at maxContentBytes and says so', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bulwark-audit-'));
    dirs.push(dir);
    const trail = await openAuditTrail({ path: join(dir, 'a.db'), masterKey: generateMasterKey(), settings: { ...settings, maxContentBytes: 10 }, mode: 'inline' });
    trails.push(trail);
    await trail.append(entry('acme', { content: { wire: 'ollama:completion', request: Buffer.from('{"prompt":"身份证号码是多少呢"}'), answer: Buffer.from('{"response":"x"}') } }));
    const [v] = [...trail.reader.search({ tenantId: 'acme' }, { withContent: true })];
    expect(v!.content).toMatchObject({ truncated: true, request: [{ source: 'body', text: '{"prompt":' }], answer: [] });
  });

  it('refuses another master key, and a rotation keeps old records readable', async () => {
    const { trail, path, key } = await open();
    await trail.append(entry('acme'));
    await trail.close();
    trails.pop();
    await expect(open({ path })).rejects.toMatchObject({ code: 'AUDIT_MASTER_KEY_MISMATCH' });

    const next = generateMasterKey();
    const store = openSqliteAuditStore({ path });
    store.transaction(() => {
      expect(rewrapAll(store, deriveMasterKey(key), deriveMasterKey(next))).toBe(1);
      expect(resignCheckpoints(store, deriveMasterKey(key), deriveMasterKey(next))).toEqual({ resigned: 1, invalid: 0 });
    });
    store.close();
    await expect(open({ path, key })).rejects.toMatchObject({ code: 'AUDIT_MASTER_KEY_MISMATCH' });
    const reopened = await open({ path, key: next });
    expect([...reopened.trail.reader.search({ tenantId: 'acme' }, { withContent: true })][0]!.content?.request[0]?.text).toBe('secret prompt of acme');
    expect(verify(path, next).ok).toBe(true);
  });

  it('forgets a subject: its content is gone for good, the chain still verifies, new records get a new key', async () => {
    const { trail, path, key } = await open();
    await Promise.all([trail.append(entry('acme', { subject: 'alice' })), trail.append(entry('acme', { subject: 'bob' }))]);
    const r = await trail.forget('acme', 'alice', { via: 'test' });
    expect(r).toMatchObject({ dataKeys: 1, records: 1 });
    await trail.append(entry('acme', { subject: 'alice' }));
    const views = [...trail.reader.search({ tenantId: 'acme' }, { withContent: true })];
    expect(views.map((v) => [v.kind, v.contentState])).toEqual([
      ['request', 'erased'],
      ['request', 'stored'],
      ['audit-forget', 'none'],
      ['request', 'stored'],
    ]);
    expect(views[0]!.content).toBeNull();
    expect(views[3]!.content?.request[0]?.text).toBe('secret prompt of acme');
    expect(verify(path, key)).toMatchObject({ ok: true, records: 4 });
    const db = raw(path);
    expect(db.prepare('SELECT COUNT(*) AS n FROM audit_data_keys WHERE wrapped IS NULL').get()).toEqual({ n: 1 });
    db.close();
  });

  it('forgets on the ingester thread: a record appended as soon as forget resolves gets a new key', async () => {
    const { trail, path, key } = await open({ mode: 'journal' });
    await trail.append(entry('acme', { subject: 'alice' }));
    await trail.forget('acme', 'alice');
    // The gateway's thread learns of the erasure from the ingester, not from a timer of its own.
    await trail.append(entry('acme', { subject: 'alice', requestId: 'req-after' }));
    await trail.flush();
    const views = [...trail.reader.search({ tenantId: 'acme' }, { withContent: true })];
    expect(views.map((v) => [v.kind, v.contentState])).toEqual([
      ['request', 'erased'],
      ['audit-forget', 'none'],
      ['request', 'stored'],
    ]);
    expect(views[2]!.content?.request[0]?.text).toBe('secret prompt of acme');
    expect(verify(path, key).problems).toEqual([]);
  });

  it('purges the expired prefix per tenant and the shortened chain verifies; forging that purge does not', async () => {
    let now = Date.now();
    const { trail, path, key } = await open({ clock: () => now });
    for (let i = 0; i < 5; i++) await trail.append(entry('acme', { time: now - (200 - i) * DAY }));
    await trail.append(entry('acme', { time: now - 10 * DAY }));
    await trail.append(entry('globex', { time: now - 200 * DAY }));
    now += 1000;
    const results = await trail.purge({ tenantId: 'acme' });
    expect(results).toEqual([expect.objectContaining({ tenant: 'acme', deleted: 5, firstKept: 6 })]);
    expect([...trail.reader.search({ tenantId: 'acme' })].map((v) => [v.seq, v.kind])).toEqual([
      [6, 'request'],
      [7, 'audit-purge'],
    ]);
    expect([...trail.reader.search({ tenantId: 'globex' })]).toHaveLength(1);
    expect(verify(path, key).ok).toBe(true);

    // Deleting the oldest kept record without the key cannot move the signed anchor.
    const db = raw(path);
    db.prepare("DELETE FROM audit_records WHERE tenant_id = 'acme' AND chain_seq = 6").run();
    db.close();
    expect(verify(path, key).problems).toEqual([expect.objectContaining({ tenant: 'acme', kind: 'record-missing', seq: 6 })]);
  });

  it('purges on the ingester thread and deletes journal segments no record points into any more', async () => {
    let now = Date.now() - 200 * DAY;
    const first = await open({ mode: 'journal', clock: () => now });
    for (let i = 0; i < 3; i++) await first.trail.append(entry('acme', { time: now }));
    await first.trail.close();
    trails.pop();
    now += 200 * DAY;
    const { trail, path, key } = await open({ path: first.path, key: first.key, mode: 'journal', clock: () => now });
    await trail.append(entry('acme', { time: now, requestId: 'recent' }));
    await trail.flush();
    expect(listSegments(journalDir(path))).toEqual([1, 2]);
    expect(await trail.purge({ detail: { via: 'test' } })).toEqual([expect.objectContaining({ tenant: 'acme', deleted: 3, firstKept: 4 })]);
    expect(listSegments(journalDir(path))).toEqual([2]);
    await trail.flush();
    expect([...trail.reader.search({ tenantId: 'acme' }, { withContent: true })].map((v) => [v.kind, v.requestId, v.contentState])).toEqual([
      ['request', 'recent', 'stored'],
      ['audit-purge', null, 'none'],
    ]);
    expect(verify(path, key).ok).toBe(true);
  });

  it("a subject new to the gateway gets its data key from the ingester: the gateway's thread never waits for the write lock", async () => {
    const { trail, path, key } = await open({ mode: 'journal' });
    await trail.append(entry('acme', { subject: 'alice' }));
    // Another connection holds the write lock, as the ingester does during a pass.
    const other = raw(path);
    other.exec('BEGIN IMMEDIATE');
    let settled = false;
    const pending = trail.append(entry('acme', { subject: 'bob', requestId: 'req-bob' })).finally(() => (settled = true));
    // A store write on this thread would stop it here (busy_timeout) and then fail the append;
    // instead its event loop goes on, and the append waits for the key.
    await new Promise((r) => setTimeout(r, 50));
    expect(settled).toBe(false);
    other.exec('COMMIT');
    other.close();
    await pending;
    // A known subject needs nothing from the ingester.
    await trail.append(entry('acme', { subject: 'bob', requestId: 'req-bob-2' }));
    await trail.flush();
    const views = [...trail.reader.search({ tenantId: 'acme' }, { withContent: true })];
    expect(views.map((v) => [v.requestId, v.contentState])).toEqual([
      ['req-1', 'stored'],
      ['req-bob', 'stored'],
      ['req-bob-2', 'stored'],
    ]);
    expect(views[1]!.content?.request[0]?.text).toBe('secret prompt of acme');
    expect(verify(path, key).problems).toEqual([]);
  });

  it('fails a group it cannot write with AUDIT_WRITE_FAILED, and goes on with the next', async () => {
    const { trail, path, key } = await open({ mode: 'journal' });
    // A value a record (JSON) cannot hold; the gateway never builds one.
    const bad = trail.append(entry('acme', { requestId: 'req-bad', detail: { n: 1n } as unknown as Record<string, unknown> }));
    await expect(bad).rejects.toMatchObject({ code: 'AUDIT_WRITE_FAILED' });
    await trail.append(entry('acme', { requestId: 'req-good' }));
    await trail.flush();
    expect([...trail.reader.search({ tenantId: 'acme' }, {})].map((v) => v.requestId)).toEqual(['req-good']);
    expect(verify(path, key).problems).toEqual([]);
  });

  it('keeps the journal in commit order while a group waits for a new data key', async () => {
    const { trail, path, key } = await open({ mode: 'journal' });
    await trail.append(entry('acme', { subject: 'alice' }));
    // A group for a new subject, then one for a known subject in the next turn: the second waits.
    const first = trail.append(entry('acme', { subject: 'carol', requestId: 'req-carol' }));
    await new Promise((r) => setImmediate(r));
    const second = trail.append(entry('acme', { subject: 'alice', requestId: 'req-alice' }));
    await Promise.all([first, second]);
    await trail.flush();
    expect([...trail.reader.search({ tenantId: 'acme' }, {})].map((v) => v.requestId)).toEqual(['req-1', 'req-carol', 'req-alice']);
    expect(verify(path, key).problems).toEqual([]);
  });

  it('journals on this thread, ingests on a worker, and keeps content only in the journal segment', async () => {
    const { trail, path, key } = await open({ mode: 'journal' });
    await Promise.all(Array.from({ length: 50 }, (_, i) => trail.append(entry(i % 2 ? 'acme' : 'globex'))));
    await trail.append(entry('acme'));
    expect(trail.stats().records).toBe(51);
    // One group per event-loop turn (more only if a turn ran past the early-commit bound).
    expect(trail.stats().batches).toBeGreaterThanOrEqual(2);
    await trail.flush();
    expect([...trail.reader.search({ tenantId: 'acme' }, { withContent: true })].map((v) => v.content?.request[0]?.text)).toEqual(Array(26).fill('secret prompt of acme'));
    expect(verify(path, key)).toMatchObject({ ok: true, records: 51 });
    await trail.close();
    trails.pop();
    expect(listSegments(journalDir(path))).toEqual([1]);
    const db = raw(path);
    expect(db.prepare("SELECT value FROM audit_meta WHERE name = 'journal_position'").get()).toEqual({ value: '2:0' });
    // A sealed group per data key per write: acme and globex in the first turn, acme alone after.
    expect((db.prepare('SELECT COUNT(*) AS n FROM audit_content').get() as { n: number }).n).toBeGreaterThanOrEqual(3);
    db.close();
  });

  it('replays what a crashed writer journaled but never ingested, exactly once', async () => {
    const { trail, path, key } = await open({ mode: 'journal' });
    await Promise.all([trail.append(entry('acme')), trail.append(entry('acme'))]);
    await trail.close();
    trails.pop();
    // Another serve journals a record, acknowledges it, and dies before its ingester runs.
    const { openJournalWriter } = await import('./journal.js');
    const crashed = openJournalWriter(journalDir(path), deriveMasterKey(key), { sync: false });
    const { sealBatch } = await import('./writer.js');
    const { createKeyring } = await import('./keyring.js');
    const store = openSqliteAuditStore({ path });
    const { frameMeta } = await import('./frame.js');
    const { records, groups } = sealBatch([entry('acme', { requestId: 'after-crash' })], createKeyring(store, deriveMasterKey(key)), { content: true, maxContentBytes: 1 << 20 }, Date.now());
    store.close();
    crashed.append(
      frameMeta(
        records,
        groups.map((g) => ({ tenantId: g.tenantId, dataKeyId: g.dataKeyId, size: Buffer.concat(g.blob as Buffer[]).length, tag: g.tag })),
      ),
      groups.map((g) => g.blob),
    );
    crashed.close();
    const again = await open({ path, key, mode: 'inline' });
    expect(again.trail.replayed).toBe(1);
    const views = [...again.trail.reader.search({ tenantId: 'acme' }, { withContent: true })];
    expect(views.map((v) => v.requestId)).toEqual(['req-1', 'req-1', 'after-crash']);
    expect(views[2]!.content?.request[0]?.text).toBe('secret prompt of acme');
    expect([...again.trail.reader.search({ tenantId: 'acme' })]).toHaveLength(3);
    expect(verify(path, key)).toMatchObject({ ok: true, records: 3 });
  });
});

describe('audit store schema', () => {
  it('upgrades to content ids that are never handed out again, past every id a record still names', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bulwark-audit-'));
    dirs.push(dir);
    const path = join(dir, 'audit.db');
    const old = openSqliteAuditStore({ path, migrations: AUDIT_MIGRATIONS.filter((m) => m.version === 1) });
    const content = { tenantId: 'acme', dataKeyId: 1, segment: 1, offset: 0, length: 40 };
    for (let i = 0; i < 3; i++) old.insertContent(content);
    old.insertRecord({ tenantId: 'acme', chainSeq: 1, id: 'r1', time: 1, kind: 'request', keyId: null, model: null, verdict: 'allow', status: 200, codes: '', dataKeyId: 1, contentId: 3, contentPart: 0, record: '[]', hash: 'h' });
    // An erasure dropped the newest content row; the record keeps naming it.
    const db = raw(path);
    db.prepare('DELETE FROM audit_content WHERE id = 3').run();
    db.close();
    expect(old.insertContent(content)).toBe(3);
    old.close();

    const db2 = raw(path);
    db2.prepare('DELETE FROM audit_content WHERE id = 3').run();
    db2.close();
    const store = openSqliteAuditStore({ path });
    try {
      expect(store.getContent(2)).toMatchObject({ id: 2, tenantId: 'acme', length: 40 });
      expect(store.insertContent(content)).toBe(4);
      store.transaction(() => store.dropContent([1]));
      expect(store.insertContent(content)).toBe(5);
    } finally {
      store.close();
    }
  });
});

describe('audit journal frames of other versions', () => {
  /** A trail with one record ingested, and a writer for frames as a crashed serve would leave them. */
  async function crashedServe() {
    const { trail, path, key } = await open({ mode: 'journal' });
    await trail.append(entry('acme', { requestId: 'before' }));
    await trail.close();
    trails.pop();
    const { openJournalWriter } = await import('./journal.js');
    const { sealBatch } = await import('./writer.js');
    const { createKeyring } = await import('./keyring.js');
    const store = openSqliteAuditStore({ path });
    const keyring = createKeyring(store, deriveMasterKey(key));
    const sealed = sealBatch([entry('acme', { requestId: 'v1-frame', subject: 'alice', findings: [{ code: 'PII_EMAIL', guard: 'pii', severity: 'high', start: 1, end: 5, confidence: 0.9, tags: [] }] })], keyring, { content: true, maxContentBytes: 1 << 20 }, Date.now());
    const subjectRef = keyring.subjectRef('acme', 'alice');
    store.close();
    return { path, key, sealed, subjectRef, journal: openJournalWriter(journalDir(path), deriveMasterKey(key), { sync: false }) };
  }

  it('ingests a version-1 frame a serve of the previous version left, into the same canonical record', async () => {
    const { path, key, sealed, subjectRef, journal } = await crashedServe();
    const e = entry('acme', { requestId: 'v1-frame' });
    // Version 1's meta: each entry's metadata as one object, as the previous writer serialized it.
    const findings = [{ code: 'PII_EMAIL', guard: 'pii', severity: 'high', start: 1, end: 5, confidence: 0.9 }];
    const request = { clientIp: '127.0.0.1', method: 'POST', route: '/v1/chat/completions', model: 'fake-gpt', upstream: 'fake', status: 200, latencyMs: 3, promptTokens: null, completionTokens: null, stream: false, verdict: 'allow' };
    const meta = { kind: 'request', time: e.time, tenantId: 'acme', keyId: e.keyId, subjectRef, ...request, findings, guards: [], errorCode: null, requestId: 'v1-frame', detail: null, group: 0, part: 0 };
    const g = sealed.groups[0]!;
    journal.append(JSON.stringify({ metas: [meta], groups: [{ tenantId: g.tenantId, dataKeyId: g.dataKeyId, size: Buffer.concat(g.blob as Buffer[]).length, tag: g.tag }] }), [g.blob]);
    journal.close();

    const again = await open({ path, key, mode: 'inline' });
    expect(again.trail.replayed).toBe(1);
    const [, v] = [...again.trail.reader.search({ tenantId: 'acme' }, { withContent: true })];
    expect(v).toMatchObject({ requestId: 'v1-frame', subject: subjectRef, findings, contentState: 'stored' });
    expect(v!.content?.request[0]?.text).toBe('secret prompt of acme');
    expect([...again.trail.reader.search({ tenantId: 'acme', code: 'PII_EMAIL' })].map((r) => r.requestId)).toEqual(['v1-frame']);
    const db = raw(path);
    const row = db.prepare("SELECT record, data_key_id AS dk, content_id AS cid FROM audit_records WHERE tenant_id = 'acme' AND chain_seq = 2").get() as { record: string; dk: number; cid: number };
    db.close();
    const r = JSON.parse(row.record) as unknown[];
    expect(row.record).toBe(JSON.stringify([1, 'acme', 2, r[3], e.time, 'request', e.keyId, subjectRef, '127.0.0.1', 'POST', '/v1/chat/completions', 'fake-gpt', 'fake', 200, 3, null, null, false, 'allow', findings, [], null, 'v1-frame', null, row.dk, row.cid, 0, g.tag, r[28]]));
    expect(verify(path, key)).toMatchObject({ ok: true, records: 2 });
  });

  it('refuses a frame of a newer version (STORE_MIGRATION_NEWER) and keeps it for that version to ingest', async () => {
    const { path, key, journal } = await crashedServe();
    journal.append('[3,[],[]]\n', []);
    journal.close();
    const segment = journal.segment;
    await expect(open({ path, key, mode: 'inline' })).rejects.toMatchObject({ code: 'STORE_MIGRATION_NEWER' });
    await expect(open({ path, key, mode: 'journal' })).rejects.toMatchObject({ code: 'STORE_MIGRATION_NEWER' });
    const db = raw(path);
    const position = (db.prepare("SELECT value FROM audit_meta WHERE name = 'journal_position'").get() as { value: string }).value;
    db.close();
    // Still at the start of the segment holding the frame: nothing was skipped.
    expect(position).toBe(`${segment}:0`);
  });
});

describe('audit verify names the first broken record', () => {
  async function seeded() {
    const { trail, path, key } = await open();
    for (let i = 0; i < 6; i++) await trail.append(entry('acme', { model: `m${i}` }));
    await trail.append(entry('globex'));
    await trail.close();
    trails.pop();
    return { path, key };
  }

  const tamper = (path: string, sql: string): void => {
    const db = raw(path);
    db.exec(sql);
    db.close();
  };

  it.each([
    ['update a row', "UPDATE audit_records SET record = replace(record, '\"req-1\"', '\"req-2\"') WHERE tenant_id = 'acme' AND chain_seq = 3", 'record-changed', 3],
    ['update a search column', "UPDATE audit_records SET model = 'other' WHERE tenant_id = 'acme' AND chain_seq = 2", 'record-changed', 2],
    ['delete a row', "DELETE FROM audit_records WHERE tenant_id = 'acme' AND chain_seq = 4", 'record-missing', 4],
    [
      'swap two rows',
      "UPDATE audit_records SET chain_seq = -1 WHERE tenant_id = 'acme' AND chain_seq = 2; UPDATE audit_records SET chain_seq = 2 WHERE tenant_id = 'acme' AND chain_seq = 3; UPDATE audit_records SET chain_seq = 3 WHERE tenant_id = 'acme' AND chain_seq = -1",
      'record-changed',
      2,
    ],
    ['truncate the tail', "DELETE FROM audit_records WHERE tenant_id = 'acme' AND chain_seq >= 5", 'tail-truncated', 5],
    ['change encrypted content', "UPDATE audit_content SET offset = offset + 1 WHERE id = (SELECT content_id FROM audit_records WHERE tenant_id = 'acme' AND chain_seq = 1)", 'content-changed', 1],
    ['drop content without erasure', "DELETE FROM audit_content WHERE id = (SELECT content_id FROM audit_records WHERE tenant_id = 'acme' AND chain_seq = 6)", 'content-removed', 6],
    ['forge the signed head', "UPDATE audit_heads SET chain_seq = 4 WHERE tenant_id = 'acme'", 'checkpoint-invalid', 4],
  ])('%s', async (_name, sql, kind, seq) => {
    const { path, key } = await seeded();
    expect(verify(path, key).ok).toBe(true);
    tamper(path, sql);
    const report = verify(path, key);
    expect(report.ok).toBe(false);
    expect(report.problems).toEqual([expect.objectContaining({ tenant: 'acme', kind, seq })]);
    expect(report.chains.find((c) => c.tenant === 'globex')?.ok).toBe(true);
  });

  it('a rewritten row with a recomputed hash breaks the link of the next one', async () => {
    const { path, key } = await seeded();
    const db = raw(path);
    const row = db.prepare("SELECT record FROM audit_records WHERE tenant_id = 'acme' AND chain_seq = 3").get() as { record: string };
    const forged = row.record.replace('"req-1"', '"req-forged"');
    const { createHash } = await import('node:crypto');
    db.prepare("UPDATE audit_records SET record = ?, hash = ? WHERE tenant_id = 'acme' AND chain_seq = 3").run(forged, createHash('sha256').update(forged).digest('hex'));
    db.close();
    expect(verify(path, key).problems).toEqual([expect.objectContaining({ kind: 'link-broken', seq: 4 })]);
  });
});
