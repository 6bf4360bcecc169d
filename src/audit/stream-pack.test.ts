import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../core/index.js';
import { packStream, StreamPackError, unpackStream } from './stream-pack.js';

/** An OpenAI chat stream as upstreams send it: the same JSON around every token. */
function openaiStream(words: readonly string[], eol = '\n'): Buffer {
  const frames = words.map(
    (w, i) =>
      `data: ${JSON.stringify({ id: 'chatcmpl-0a588c9c71f4a1d72f7bffbb', object: 'chat.completion.chunk', created: 1700000000, model: 'gpt-4o-mini', system_fingerprint: 'fp_x', choices: [{ index: 0, delta: i === 0 ? { role: 'assistant', content: w } : { content: w }, logprobs: null, finish_reason: null }] })}${eol}${eol}`,
  );
  return Buffer.from(`${frames.join('')}data: [DONE]${eol}${eol}`);
}

function ollamaStream(words: readonly string[]): Buffer {
  const lines = words.map((w) => JSON.stringify({ model: 'llama3', created_at: '2026-11-25T10:00:00.000Z', message: { role: 'assistant', content: w }, done: false }));
  lines.push(JSON.stringify({ model: 'llama3', created_at: '2026-11-25T10:00:01.000Z', message: { role: 'assistant', content: '' }, done: true, eval_count: words.length }));
  return Buffer.from(`${lines.join('\n')}\n`);
}

const WORDS = 'The quarterly review covers capacity , latency and the planned upgrades ; 容量 增长 了 百分之十一 。'.split(' ');

describe('stream packing', () => {
  it('gives back the exact bytes of SSE, CRLF SSE and NDJSON streams, several times smaller', () => {
    for (const [raw, framing] of [
      [openaiStream(WORDS), 'sse'],
      [openaiStream(WORDS, '\r\n'), 'sse'],
      [ollamaStream(WORDS), 'ndjson'],
    ] as const) {
      const packed = packStream([raw], framing);
      expect(packed).toBeDefined();
      expect(packed!.length).toBeLessThan(raw.length / 4);
      expect(unpackStream(packed!).equals(raw)).toBe(true);
    }
  });

  it('gives back streams cut anywhere, including inside a multi-byte character', () => {
    const raw = openaiStream(WORDS);
    for (let cut = 64; cut < raw.length; cut += 37) {
      const part = raw.subarray(0, cut);
      const packed = packStream([part.subarray(0, 40), part.subarray(40)], 'sse');
      if (packed !== undefined) expect(unpackStream(packed).equals(part)).toBe(true);
    }
  });

  it('round-trips random bytes and random frame mixes, or declines to pack them', () => {
    const rand = mulberry32(7);
    const pieces = ['data: {"a":1}\n\n', '\n', 'data: x', '\r\n\r\n', '{"k":"v"}\n', 'é', '\u0000', 'data: {"a":12}\n\n'];
    for (let n = 0; n < 300; n++) {
      const bytes =
        n % 2 === 0
          ? Buffer.from(Array.from({ length: 1 + Math.floor(rand() * 600) }, () => Math.floor(rand() * 256)))
          : Buffer.from(Array.from({ length: 1 + Math.floor(rand() * 80) }, () => pieces[Math.floor(rand() * pieces.length)]).join(''));
      for (const framing of ['sse', 'ndjson'] as const) {
        const packed = packStream([bytes], framing);
        if (packed === undefined) continue;
        expect(packed.length).toBeLessThan(bytes.length);
        expect(unpackStream(packed).equals(bytes)).toBe(true);
      }
    }
  });

  it('packs each stream on its own: one packed after a longer one is not affected by what that one left', () => {
    const long = openaiStream(Array.from({ length: 400 }, (_, i) => `long${i}`));
    const short = ollamaStream(WORDS.slice(0, 6));
    const half = (b: Buffer): Buffer[] => [b.subarray(0, b.length >> 1), b.subarray(b.length >> 1)];
    expect(unpackStream(packStream(half(long), 'sse')!).equals(long)).toBe(true);
    const packed = packStream(half(short), 'ndjson')!;
    expect(unpackStream(packed).equals(short)).toBe(true);
    // A copy of its own: packing the next stream does not change it.
    const copy = Buffer.from(packed);
    packStream(half(long), 'sse');
    expect(packed.equals(copy)).toBe(true);
  });

  it('declines what would not get smaller: short input, one frame, no repetition', () => {
    expect(packStream([Buffer.from('data: {}\n\n')], 'sse')).toBeUndefined();
    expect(packStream([], 'ndjson')).toBeUndefined();
    const rand = mulberry32(3);
    expect(packStream([Buffer.from(Array.from({ length: 4096 }, () => Math.floor(rand() * 256)))], 'ndjson')).toBeUndefined();
    // One huge frame: nothing to share with.
    expect(packStream([Buffer.alloc(1024 * 1024, 0x61)], 'sse')).toBeUndefined();
    expect(packStream([Buffer.alloc(3 * 1024 * 1024, 0x61), Buffer.from('\n\n')], 'sse')).toBeUndefined();
  });

  it('packs a large stream in bounded time and space', () => {
    const raw = openaiStream(Array.from({ length: 20000 }, (_, i) => `w${i}`));
    const packed = packStream([raw.subarray(0, 100_000), raw.subarray(100_000)], 'sse')!;
    expect(packed.length).toBeLessThan(raw.length / 10);
    expect(unpackStream(packed).equals(raw)).toBe(true);
  });

  it('refuses malformed, truncated and forged packed bytes with its own error, never a crash or a huge allocation', () => {
    const packed = packStream([openaiStream(WORDS)], 'sse')!;
    const bad: Buffer[] = [
      Buffer.alloc(0),
      Buffer.from([2, 5]),
      Buffer.from([1]),
      Buffer.from([1, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01]),
      // declares 2^40 bytes
      Buffer.from([1, 0x80, 0x80, 0x80, 0x80, 0x80, 0x20]),
      // a frame that copies 5 bytes from a frame before it that does not exist
      Buffer.from([1, 10, 5, 0, 5]),
      // a frame whose middle runs past the end
      Buffer.from([1, 10, 0, 0, 50, 1, 2]),
      // frames adding up to more than declared
      Buffer.from([1, 2, 0, 0, 3, 0x61, 0x62, 0x63]),
      // less than declared
      Buffer.from([1, 9, 0, 0, 3, 0x61, 0x62, 0x63]),
      packed.subarray(0, packed.length - 3),
      packed.subarray(0, 5),
    ];
    for (const b of bad) expect(() => unpackStream(b), b.toString('hex')).toThrow(StreamPackError);
    // Flipped bytes either decode to something else of the declared length or fail cleanly.
    const rand = mulberry32(11);
    for (let n = 0; n < 500; n++) {
      const copy = Buffer.from(packed);
      const at = 1 + Math.floor(rand() * (copy.length - 1));
      copy[at] = copy[at]! ^ (1 + Math.floor(rand() * 255));
      try {
        unpackStream(copy);
      } catch (err) {
        expect(err).toBeInstanceOf(StreamPackError);
      }
    }
  });
});
