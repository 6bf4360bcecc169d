import Database from 'better-sqlite3';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { manualClock, openaiChat, postJson, startHarness, type Harness } from './helpers.js';
import { runCli } from './cli-run.js';

/**
 * `bulwark audit ...` and `bulwark keys rotate-master` against the trail a running gateway wrote:
 * verify names the first broken record after each kind of tampering, reads are scoped to one
 * tenant, content is decrypted only when asked (and that read is recorded), erasure and
 * retention keep the chain verifiable.
 */

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

function cli(home: string, argv: string[], env: Record<string, string> = {}) {
  return runCli(home, argv, { env: { USER: 'test-operator', ...env } });
}

async function seeded(n = 6, options: Parameters<typeof startHarness>[0] = {}): Promise<Harness> {
  const harness = await startHarness({ audit: true, ...options });
  for (let i = 0; i < n; i++) await postJson(harness.url, '/v1/chat/completions', openaiChat('fake-gpt', `question ${i}`), harness.keys.user, { 'x-request-id': `q${i}` });
  await harness.audit!.flush();
  return harness;
}

function tamper(harness: Harness, sql: string): void {
  const db = new Database(join(harness.dir, 'audit.db'));
  db.exec(sql);
  db.close();
}

describe('bulwark audit verify', () => {
  it('passes on an untouched trail and prints each chain', async () => {
    h = await seeded();
    const r = await cli(h.dir, ['audit', 'verify']);
    expect([r.code, r.err]).toEqual([0, '']);
    expect(r.out).toMatch(/audit trail verified: 6 record\(s\) in 1 chain\(s\)/);
    const json = await cli(h.dir, ['audit', 'verify', '--json']);
    expect(JSON.parse(json.out)).toMatchObject({ schemaVersion: 1, ok: true, records: 6, chains: [{ tenant: 'acme', records: 6, first: 1, last: 6 }] });
  });

  it.each([
    ['update a row', "UPDATE audit_records SET record = replace(record, 'q2', 'qX') WHERE tenant_id = 'acme' AND chain_seq = 3", /record #3 .*was changed/, 'record-changed'],
    ['delete a row', "DELETE FROM audit_records WHERE tenant_id = 'acme' AND chain_seq = 4", /record #4 is missing/, 'record-missing'],
    [
      'swap two rows',
      "UPDATE audit_records SET chain_seq = -1 WHERE tenant_id = 'acme' AND chain_seq = 2; UPDATE audit_records SET chain_seq = 2 WHERE tenant_id = 'acme' AND chain_seq = 5; UPDATE audit_records SET chain_seq = 5 WHERE tenant_id = 'acme' AND chain_seq = -1",
      /record #2 .*was changed/,
      'record-changed',
    ],
    ['truncate the tail', "DELETE FROM audit_records WHERE tenant_id = 'acme' AND chain_seq >= 5", /record #5 is missing: .*tail was truncated/, 'tail-truncated'],
  ])('fails with exit 1 and names the record: %s', async (_name, sql, message, kind) => {
    h = await seeded();
    tamper(h, sql);
    const r = await cli(h.dir, ['audit', 'verify']);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/audit trail BROKEN/);
    expect(r.out).toMatch(message);
    expect(JSON.parse((await cli(h.dir, ['audit', 'verify', '--json'])).out).problems).toEqual([expect.objectContaining({ tenant: 'acme', kind })]);
  });

  it('detects altered ciphertext in a journal segment', async () => {
    h = await seeded(2);
    const db = new Database(join(h.dir, 'audit.db'));
    const c = db.prepare('SELECT segment, offset, length FROM audit_content ORDER BY id LIMIT 1').get() as { segment: number; offset: number; length: number };
    db.close();
    const file = join(h.dir, 'audit.db.journal.d', `${String(c.segment).padStart(12, '0')}.seg`);
    const bytes = readFileSync(file);
    bytes[c.offset + 20]! ^= 0xff;
    const { writeFileSync } = await import('node:fs');
    writeFileSync(file, bytes);
    const r = await cli(h.dir, ['audit', 'verify']);
    expect([r.code, r.out]).toEqual([1, expect.stringMatching(/record #1 .*encrypted content was changed/)]);
  });
});

describe('bulwark audit search and export', () => {
  it('reads one tenant only; refuses a key of another tenant and a missing --tenant', async () => {
    h = await seeded(2);
    const globex = h.createKey('user', { tenantId: 'globex' });
    await postJson(h.url, '/v1/chat/completions', openaiChat('fake-gpt', 'globex question'), globex.key);
    await h.audit!.flush();

    const table = await cli(h.dir, ['audit', 'search', '--tenant', 'acme']);
    expect(table.code).toBe(0);
    expect(table.out.split('\n')[0]).toBe('time\tseq\tkind\tkey\troute\tmodel\tstatus\tverdict\tcodes\tms\tcontent');
    expect(table.err).toBe('2 record(s)\n');

    const json = await cli(h.dir, ['audit', 'search', '--tenant', 'globex', '--json']);
    const lines = json.out.trim().split('\n').map((l) => JSON.parse(l) as { tenant: string; keyId: string; content?: unknown });
    expect(lines).toEqual([expect.objectContaining({ tenant: 'globex', keyId: globex.id })]);
    expect(lines[0]!.content).toBeUndefined();

    const cross = await cli(h.dir, ['audit', 'search', '--tenant', 'acme', '--key', globex.id]);
    expect([cross.code, cross.err]).toEqual([2, expect.stringContaining('[AUDIT_TENANT_FORBIDDEN]')]);
    const none = await cli(h.dir, ['audit', 'search']);
    expect([none.code, none.err]).toEqual([2, expect.stringContaining('[USAGE]')]);
    expect((await cli(h.dir, ['audit', 'search', '--tenant', 'acme', '--verdict', 'maybe'])).err).toContain('[USAGE]');
  });

  it('decrypts content only with --with-content, and records that read', async () => {
    h = await seeded(2);
    const plain = await cli(h.dir, ['audit', 'search', '--tenant', 'acme', '--json']);
    expect(plain.out).not.toContain('question 0');
    const decrypted = await cli(h.dir, ['audit', 'search', '--tenant', 'acme', '--json', '--with-content']);
    expect(decrypted.out).toContain('"text":"question 0"');
    const reads = await cli(h.dir, ['audit', 'search', '--tenant', 'acme', '--json', '--kind', 'audit-read']);
    expect(JSON.parse(reads.out)).toMatchObject({ kind: 'audit-read', route: 'cli:audit search', detail: { via: 'cli', operator: 'test-operator', read: 2, content: true } });
    expect((await cli(h.dir, ['audit', 'verify'])).code).toBe(0);
  });

  it('exports JSONL and CSV, with formula cells defused', async () => {
    h = await startHarness({ audit: true, fake: { models: ['fake-gpt', 'fake-echo'] } });
    await postJson(h.url, '/v1/chat/completions', openaiChat('fake-echo', '=HYPERLINK("http://evil")'), h.keys.user);
    await h.audit!.flush();
    const csv = await cli(h.dir, ['audit', 'export', '--tenant', 'acme', '--format', 'csv', '--with-content']);
    expect(csv.code).toBe(0);
    const [header, row] = csv.out.trim().split('\n');
    expect(header).toMatch(/^time,id,tenant,seq,kind,key_id,.*,request,answer,content_truncated$/);
    // The echoed answer would be a formula in a spreadsheet: it is prefixed with a quote.
    expect(row).toContain(`"'=HYPERLINK(""http://evil"")"`);
    const jsonl = await cli(h.dir, ['audit', 'export', '--tenant', 'acme', '--format', 'jsonl']);
    expect(jsonl.out.trim().split('\n').map((l) => JSON.parse(l).kind)).toEqual(['request', 'audit-read']);
    expect((await cli(h.dir, ['audit', 'export', '--tenant', 'acme'])).err).toContain('[USAGE]');
  });
});

describe('bulwark audit forget, purge and keys rotate-master', () => {
  it('forgets a subject (the key id by default); the chain still verifies', async () => {
    h = await seeded(2);
    const keyId = ((await cli(h.dir, ['audit', 'search', '--tenant', 'acme', '--json'])).out.split('\n')[0]!.match(/"keyId":"([0-9a-f]{12})"/) ?? [])[1]!;
    const r = await cli(h.dir, ['audit', 'forget', '--tenant', 'acme', '--subject', keyId]);
    expect([r.code, r.out]).toEqual([0, expect.stringMatching(/1 data key\(s\) destroyed, content of 2 record\(s\) erased/)]);
    const after = (await cli(h.dir, ['audit', 'search', '--tenant', 'acme', '--json', '--with-content', '--kind', 'request'])).out.trim().split('\n').map((l) => JSON.parse(l));
    expect(after.map((v) => [v.contentState, v.content])).toEqual([
      ['erased', null],
      ['erased', null],
    ]);
    expect((await cli(h.dir, ['audit', 'verify'])).code).toBe(0);
  });

  it('purges records past retention and keeps the shortened chain verifiable', async () => {
    const clock = manualClock(Date.now() - 200 * 86_400_000);
    h = await seeded(3, { clock });
    clock.advance(190 * 86_400_000);
    await postJson(h.url, '/v1/chat/completions', openaiChat('fake-gpt', 'recent'), h.keys.user, { 'x-request-id': 'recent' });
    await h.audit!.flush();
    const r = await cli(h.dir, ['audit', 'purge']);
    expect([r.code, r.out]).toEqual([0, expect.stringMatching(/tenant acme: 3 record\(s\) older than .* deleted; the chain now starts at #4/)]);
    const left = (await cli(h.dir, ['audit', 'search', '--tenant', 'acme', '--json'])).out.trim().split('\n').map((l) => JSON.parse(l));
    expect(left.map((v) => [v.seq, v.kind, v.requestId])).toEqual([
      [4, 'request', 'recent'],
      [5, 'audit-purge', null],
    ]);
    expect((await cli(h.dir, ['audit', 'verify'])).code).toBe(0);
    expect((await cli(h.dir, ['audit', 'purge'])).out).toBe('nothing expired\n');
  });

  it('rotates the master key: data keys rewrapped, old records readable, the old key refused', async () => {
    h = await seeded(2);
    await h.audit!.close();
    const oldKey = readFileSync(join(h.dir, 'master.key'), 'utf8');
    const r = await cli(h.dir, ['keys', 'rotate-master', '--json']);
    expect(r.code).toBe(0);
    const rotated = JSON.parse(r.out) as { from: string; to: string; dataKeys: number };
    expect(rotated.from).not.toBe(rotated.to);
    expect(rotated.dataKeys).toBe(1);
    expect(readFileSync(join(h.dir, 'master.key'), 'utf8')).not.toBe(oldKey);
    const read = await cli(h.dir, ['audit', 'search', '--tenant', 'acme', '--json', '--with-content', '--kind', 'request']);
    expect(read.out).toContain('"text":"question 1"');
    expect((await cli(h.dir, ['audit', 'verify'])).code).toBe(0);
    const stale = await cli(h.dir, ['audit', 'verify'], { BULWARK_MASTER_KEY: oldKey.trim() });
    expect([stale.code, stale.err]).toEqual([2, expect.stringContaining('[AUDIT_MASTER_KEY_MISMATCH]')]);
    const envOnly = await cli(h.dir, ['keys', 'rotate-master'], { BULWARK_MASTER_KEY: readFileSync(join(h.dir, 'master.key'), 'utf8').trim() });
    expect([envOnly.code, envOnly.err]).toEqual([2, expect.stringContaining('--out FILE')]);
  });
});
