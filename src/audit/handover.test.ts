import { describe, expect, it } from 'vitest';
import { packEntries, unpackEntries } from './handover.js';
import type { AuditEntry } from './record.js';

const base = (over: Partial<AuditEntry>): AuditEntry => ({ kind: 'request', time: 1_700_000_000_000, tenantId: 'acme', keyId: 'k1', status: 200, verdict: 'allow', findings: [{ code: 'PII_EMAIL', guard: 'sensitive-data', severity: 'medium', start: 3, end: 9, confidence: 0.9, tags: [] }], ...over });
const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);
const text = (b: Uint8Array | undefined): string => new TextDecoder().decode(b);

describe('handover of entries to the sealer thread', () => {
  it('round-trips entries, with whole answers, streamed frames and no content', () => {
    const entries = [
      base({ requestId: 'a', content: { wire: 'openai:chat', request: bytes('{"q":1}'), answer: bytes('{"a":"é"}') } }),
      base({ requestId: 'b', stream: true, content: { wire: 'openai:chat', request: bytes('{"q":2}'), answer: [bytes('data: 1\n\n'), bytes(''), bytes('data: [DONE]\n\n')], framing: 'sse' } }),
      base({ requestId: 'c', kind: 'audit-read', detail: { tenant: 'acme', n: 3 } }),
      base({ requestId: 'd', content: { wire: 'ollama:embed', request: bytes('{}') } }),
    ];
    const packed = packEntries(entries);
    // UTF-8: é is two bytes.
    expect(packed.bytes.length).toBe(7 + 10 + 7 + 9 + 0 + 14 + 2);
    const back = unpackEntries(packed);
    expect(back.map((e) => e.requestId)).toEqual(['a', 'b', 'c', 'd']);
    expect(text(back[0]!.content!.request)).toBe('{"q":1}');
    expect(text(back[0]!.content!.answer as Uint8Array)).toBe('{"a":"é"}');
    expect((back[1]!.content!.answer as Uint8Array[]).map(text)).toEqual(['data: 1\n\n', '', 'data: [DONE]\n\n']);
    expect(back[1]!.content!.framing).toBe('sse');
    expect(back[2]!.content).toBeUndefined();
    expect(back[2]!.detail).toEqual({ tenant: 'acme', n: 3 });
    expect(back[3]!.content!.answer).toBeUndefined();
    expect(back[0]!.findings).toEqual(entries[0]!.findings);
  });

  it('refuses, as a whole, a group holding a value JSON cannot hold', () => {
    expect(() => packEntries([base({}), base({ detail: { n: 1n } as unknown as Record<string, unknown> })])).toThrow(TypeError);
  });

  it('packs an empty group, and a group larger than the kept scratch buffer', () => {
    expect(unpackEntries(packEntries([]))).toEqual([]);
    const big = new Uint8Array(3 * 1024 * 1024).fill(0xe9);
    const back = unpackEntries(packEntries([base({ content: { wire: 'openai:chat', request: big } })]));
    expect(Buffer.from(back[0]!.content!.request!).equals(Buffer.from(big))).toBe(true);
  });
});
