import { describe, expect, it } from 'vitest';
import { createRingWriter, packEntries, unpackEntries } from './handover.js';
import type { AuditEntry } from './record.js';

const base = (over: Partial<AuditEntry>): AuditEntry => ({ kind: 'request', time: 1_700_000_000_000, tenantId: 'acme', keyId: 'k1', status: 200, verdict: 'allow', findings: [{ code: 'PII_EMAIL', guard: 'sensitive-data', severity: 'medium', start: 3, end: 9, confidence: 0.9, tags: [] }], ...over });
const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);
const text = (b: Uint8Array | undefined): string => new TextDecoder().decode(b);

const group = (): AuditEntry[] => [
  base({ requestId: 'a', content: { wire: 'openai:chat', request: bytes('{"q":1}'), answer: bytes('{"a":"é"}') } }),
  base({ requestId: 'b', stream: true, content: { wire: 'openai:chat', request: bytes('{"q":2}'), answer: [bytes('data: 1\n\n'), bytes(''), bytes('data: [DONE]\n\n')], framing: 'sse' } }),
  base({ requestId: 'c', kind: 'audit-read', detail: { tenant: 'acme', n: 3 } }),
  base({ requestId: 'd', content: { wire: 'ollama:embed', request: bytes('{}') } }),
];

function expectGroup(back: AuditEntry[]): void {
  expect(back.map((e) => e.requestId)).toEqual(['a', 'b', 'c', 'd']);
  expect(text(back[0]!.content!.request)).toBe('{"q":1}');
  expect(text(back[0]!.content!.answer as Uint8Array)).toBe('{"a":"é"}');
  expect((back[1]!.content!.answer as Uint8Array[]).map(text)).toEqual(['data: 1\n\n', '', 'data: [DONE]\n\n']);
  expect(back[1]!.content!.framing).toBe('sse');
  expect(back[2]!.content).toBeUndefined();
  expect(back[2]!.detail).toEqual({ tenant: 'acme', n: 3 });
  expect(back[3]!.content!.answer).toBeUndefined();
  expect(back[0]!.findings).toEqual(group()[0]!.findings);
}

describe('handover of entries to the sealer thread', () => {
  it('round-trips a group in the message: whole answers, streamed frames, no content', () => {
    const packed = packEntries(group());
    expect(packed.ring).toBe(false);
    // UTF-8: é is two bytes; one latin1 character per byte.
    if (!packed.ring) expect(packed.bytes.length).toBe(7 + 10 + 7 + 9 + 0 + 14 + 2);
    expectGroup(unpackEntries(packed).entries);
  });

  it('round-trips a group through the ring, and zeroes its region when the sealer is done', () => {
    const w = createRingWriter(4096);
    const packed = w.pack(group());
    expect(packed.ring).toBe(true);
    const got = unpackEntries(packed, w.buffer);
    expectGroup(got.entries);
    got.done();
    expect(new Uint8Array(w.buffer).every((b) => b === 0)).toBe(true);
    w.release();
  });

  it('gives regions back in order, wraps around, and sends a group in its message while the ring is full', () => {
    const w = createRingWriter(2048);
    const one = [base({ requestId: 'x', content: { wire: 'openai:chat', request: new Uint8Array(600).fill(7) } })];
    const a = w.pack(one);
    const b = w.pack(one);
    const c = w.pack(one);
    // Two fit; the third would overrun the first, which the sealer still reads.
    expect([a.ring, b.ring, c.ring]).toEqual([true, true, false]);
    w.release(); // a
    const d = w.pack(one);
    // d does not fit after b (2048 − 2 × ~800), so it starts again at the ring's beginning.
    expect(d).toMatchObject({ ring: true, at: 0 });
    for (const p of [b, c, d]) {
      const back = unpackEntries(p, w.buffer).entries;
      expect(back[0]!.content!.request!.every((x) => x === 7)).toBe(true);
    }
    w.release(); // b
    w.release(); // c (in its message: nothing to give back)
    w.release(); // d
    expect(w.pack(one).ring).toBe(true);
  });

  it('sends a group larger than the ring in its message', () => {
    const w = createRingWriter(1024);
    const big = new Uint8Array(3 * 1024).fill(0xe9);
    const p = w.pack([base({ content: { wire: 'openai:chat', request: big } })]);
    expect(p.ring).toBe(false);
    expect(Buffer.from(unpackEntries(p, w.buffer).entries[0]!.content!.request!).equals(Buffer.from(big))).toBe(true);
  });

  it('refuses, as a whole, a group holding a value JSON cannot hold, and takes no ring space for it', () => {
    const w = createRingWriter(4096);
    expect(() => w.pack([base({}), base({ detail: { n: 1n } as unknown as Record<string, unknown> })])).toThrow(TypeError);
    expect(w.pack(group())).toMatchObject({ ring: true, at: 0 });
  });

  it('packs an empty group', () => {
    expect(unpackEntries(packEntries([])).entries).toEqual([]);
  });
});
