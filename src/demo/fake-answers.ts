import { createHash } from 'node:crypto';

/**
 * The fake model's content, kept pure so tests (and the gateway's end-to-end tests) can compute
 * the exact answer they expect to see come back through a proxy.
 */

/** Pads short answers so every stream has the same number of chunks whatever the question. */
const FILLER_WORDS = ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot', 'golf', 'hotel', 'india', 'juliet', 'kilo', 'lima'] as const;

/** Code points of the question quoted back; code points, so a surrogate pair is never split. */
const QUOTED_CHARS = 40;

/**
 * The answer split into exactly `count` pieces whose concatenation is the whole answer: one piece
 * per stream chunk, so a streamed and a non-streamed answer to the same question are equal.
 */
export function fakeAnswerPieces(question: string, count: number): string[] {
  if (!Number.isInteger(count) || count < 1) throw new RangeError(`count must be a positive integer, got ${count}`);
  const words = `Fake answer to: ${quote(question)}`.trim().split(' ');
  const pieces = words.map((word, i) => (i === 0 ? word : ` ${word}`));
  for (let i = 0; pieces.length < count; i++) pieces.push(` ${FILLER_WORDS[i % FILLER_WORDS.length]}`);
  if (pieces.length > count) pieces.splice(count - 1, pieces.length, pieces.slice(count - 1).join(''));
  return pieces;
}

/** The first QUOTED_CHARS code points of the question, whitespace runs collapsed, without scanning the rest. */
function quote(question: string): string {
  let quoted = '';
  let taken = 0;
  let pendingSpace = false;
  for (const char of question) {
    if (/\s/.test(char)) {
      pendingSpace = taken > 0;
      continue;
    }
    if (pendingSpace) {
      if (taken + 1 >= QUOTED_CHARS) break;
      quoted += ' ';
      taken++;
      pendingSpace = false;
    }
    quoted += char;
    if (++taken === QUOTED_CHARS) break;
  }
  return quoted;
}

/** The whole answer the fake model gives to `question` with `streamChunks` chunks (default 20). */
export function fakeAnswer(question: string, streamChunks = 20): string {
  return fakeAnswerPieces(question, streamChunks).join('');
}

/** The fake model's token count: one token per four UTF-16 code units, rounded up. */
export function fakeTokenCount(text: string): number {
  return Math.ceil(text.length / 4);
}

/**
 * An 8-dimensional vector derived from the text's SHA-256. Components are k/128, which float32
 * represents exactly, so the base64 (float32) and JSON encodings decode to identical numbers.
 */
export function fakeEmbedding(text: string): number[] {
  const digest = createHash('sha256').update(text, 'utf8').digest();
  return Array.from(digest.subarray(0, 8), (byte) => (byte - 128) / 128);
}

/** OpenAI's `encoding_format: "base64"`: the little-endian float32 bytes of the vector. */
export function float32Base64(vector: readonly number[]): string {
  const bytes = Buffer.alloc(vector.length * 4);
  vector.forEach((value, i) => bytes.writeFloatLE(value, i * 4));
  return bytes.toString('base64');
}
