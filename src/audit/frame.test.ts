import { describe, expect, it } from 'vitest';
import { frameMeta, FRAME_VERSION, parseFrameMeta } from './frame.js';
import { canonicalRecord, codesColumn, parseCanonical, recordFields, RECORD_VERSION, type RecordFieldsInput } from './record.js';
import type { RecordDraft } from './writer.js';

const base: RecordFieldsInput = {
  time: 1_732_500_000_123,
  kind: 'request',
  keyId: 'key_01',
  subject: '0123456789abcdef0123456789abcdef',
  clientIp: '127.0.0.1',
  method: 'POST',
  route: '/v1/chat/completions',
  model: 'fake-gpt',
  upstream: 'fake',
  status: 200,
  latencyMs: 2.5,
  promptTokens: 230,
  completionTokens: null,
  stream: false,
  verdict: 'allow',
  findings: [],
  guards: [],
  errorCode: null,
  requestId: 'req-1',
  detail: null,
};

/** The canonical form as record.ts defines it: the fields in ORDER, as one JSON array. */
const reference = (tenant: string, seq: number, id: string, f: RecordFieldsInput, content: [number, number, number, string] | null, prev: string): string =>
  JSON.stringify([RECORD_VERSION, tenant, seq, id, f.time, f.kind, f.keyId, f.subject, f.clientIp, f.method, f.route, f.model, f.upstream, f.status, f.latencyMs, f.promptTokens, f.completionTokens, f.stream, f.verdict, f.findings, f.guards, f.errorCode, f.requestId, f.detail, ...(content ?? [null, null, null, null]), prev]);

const draft = (f: RecordFieldsInput, tenantId: string, group: number | null, part: number | null): RecordDraft => ({
  tenantId,
  time: f.time,
  kind: f.kind,
  keyId: f.keyId,
  model: f.model,
  verdict: f.verdict,
  status: f.status,
  codes: codesColumn(f.findings),
  fields: recordFields(f),
  group,
  part,
});

describe('canonical record', () => {
  it.each<[string, Partial<RecordFieldsInput>, string]>([
    ['plain', {}, 'acme'],
    ['strings that need escaping', { model: 'm"\\\n\u2028x', route: '/v1/\u00e9\u4e2d', requestId: '</script>' }, 'te"n\\ant'],
    ['findings and guards', { findings: [{ code: 'PII_EMAIL', guard: 'pii', severity: 'high', start: 3, end: 9, confidence: 0.97 }], guards: [{ id: 'pii', verdict: 'redact', ms: 0.125, failed: 'open' }], verdict: 'redact' }, 'acme'],
    ['detail with nested values and undefined', { kind: 'audit-read', detail: { query: { since: '2025-01-01' }, n: [1, undefined, 'x'], skip: undefined } }, ''],
    ['numbers JSON writes as null', { latencyMs: Number.NaN, status: null, time: 0 }, 'acme'],
  ])('%s: composed exactly as JSON.stringify of its fields in order', (_name, over, tenant) => {
    const f = { ...base, ...over };
    const prev = 'ab'.repeat(32);
    const withContent = canonicalRecord(tenant, 7, 'id7', recordFields(f), { dataKeyId: 3, contentId: 11, tag: 'cd'.repeat(28) }, 4, prev);
    expect(withContent).toBe(reference(tenant, 7, 'id7', f, [3, 11, 4, 'cd'.repeat(28)], prev));
    const without = canonicalRecord(tenant, 8, 'id8', recordFields(f), undefined, null, prev);
    expect(without).toBe(reference(tenant, 8, 'id8', f, null, prev));
    expect(parseCanonical(without)).toMatchObject({ tenant, seq: 8, id: 'id8', kind: f.kind, contentTag: null, prev });
  });
});

describe('journal frame meta', () => {
  const groups = [{ tenantId: 'acme', dataKeyId: 3, size: 120, tag: 'ef'.repeat(28) }];

  it('carries records, columns and fields through version 2 unchanged', () => {
    const records = [draft(base, 'acme', 0, 0), draft({ ...base, model: 'line\nbreak', findings: [{ code: 'SECRET_X', guard: 's', severity: 'low', start: 0, end: 1, confidence: 1 }] }, 'acme', null, null)];
    const meta = frameMeta(records, groups);
    expect(JSON.parse(meta.slice(0, meta.indexOf('\n')))[0]).toBe(FRAME_VERSION);
    expect(parseFrameMeta(meta)).toEqual({ value: { records, groups }, sizes: [120] });
    expect(parseFrameMeta(frameMeta([], []))).toEqual({ value: { records: [], groups: [] }, sizes: [] });
  });

  it('reads a version-1 meta into the same records', () => {
    const f = { ...base, findings: [{ code: 'PII_EMAIL', guard: 'pii', severity: 'high', start: 3, end: 9, confidence: 0.97 }] };
    const { subject, ...rest } = f;
    const v1 = JSON.stringify({ metas: [{ ...rest, tenantId: 'acme', subjectRef: subject, group: 0, part: 0 }], groups });
    expect(parseFrameMeta(v1)).toEqual({ value: { records: [draft(f, 'acme', 0, 0)], groups }, sizes: [120] });
  });

  it('refuses a newer version with STORE_MIGRATION_NEWER, and garbage with a plain error', () => {
    expect(() => parseFrameMeta(`[${FRAME_VERSION + 1},[],[]]`)).toThrow(expect.objectContaining({ code: 'STORE_MIGRATION_NEWER' }));
    const codeOf = (meta: string): unknown => {
      try {
        parseFrameMeta(meta);
      } catch (err) {
        return (err as { code?: string }).code ?? 'plain';
      }
      return 'parsed';
    };
    expect(['[1,[],[]]', '"x"', '[2,[],[["acme",null,null]]]', '{"groups":[]}', 'not json'].map(codeOf)).toEqual(Array(5).fill('plain'));
  });
});
