/**
 * Lossless packing of a streamed answer's bytes for the audit trail. Every SSE event or NDJSON
 * line of a stream repeats the same JSON around its few characters of text (id, model, created,
 * choices, finish_reason: about 230 bytes around a word), so each frame is stored as what differs
 * from the frame before it: the length of the prefix they share, the length of the suffix they
 * share, and the bytes in between. A stream of ~5 KB packs to a few hundred bytes, which is what
 * gets sealed, journaled and kept for the retention period; a reader gets the exact bytes back.
 *
 * Layout: `u8 version (1) | varint raw length | frames`, each frame `varint prefix | varint suffix
 * | varint middle length | middle bytes`. Varints are LEB128 (7 bits per byte, low first).
 */
type Framing = 'sse' | 'ndjson';

const VERSION = 1;
const LF = 0x0a;

/** Where the frame starting at `from` ends (exclusive): after its terminator, or at the end. */
function frameEnd(raw: Uint8Array, from: number, framing: Framing): number {
  if (framing === 'ndjson') {
    const i = raw.indexOf(LF, from);
    return i < 0 ? raw.length : i + 1;
  }
  // An SSE event ends with a blank line; CRLF streams fall back to lines, which still share a prefix.
  for (let i = raw.indexOf(LF, from); i >= 0; i = raw.indexOf(LF, i + 1)) {
    if (raw[i + 1] === LF) return i + 2;
    if (raw[i + 1] === 0x0d && raw[i + 2] === LF) return i + 3;
  }
  return raw.length;
}

function putVarint(out: Buffer, at: number, n: number): number {
  while (n >= 0x80) {
    out[at++] = (n & 0x7f) | 0x80;
    n = Math.floor(n / 128);
  }
  out[at++] = n;
  return at;
}

/**
 * Packs `raw` (the stream as relayed, whole frames or cut anywhere) and returns the packed bytes,
 * or undefined when packing would not make it smaller (then the raw bytes are stored).
 */
export function packStream(raw: Uint8Array, framing: Framing): Buffer | undefined {
  if (raw.length < 64) return undefined;
  // Worst case: three one-byte varints per frame of at least one byte, plus the header.
  const out = Buffer.allocUnsafe(Math.min(raw.length, 1 << 30) + 16);
  const limit = raw.length - 1;
  let at = 0;
  out[at++] = VERSION;
  at = putVarint(out, at, raw.length);
  let prevStart = 0;
  let prevLen = 0;
  let p0 = 0;
  let s0 = 0;
  for (let start = 0; start < raw.length; ) {
    const end = frameEnd(raw, start, framing);
    const len = end - start;
    const room = Math.min(len, prevLen);
    // Start from the previous frame's prefix and suffix: they usually hold, and a native compare
    // of them skips the byte loop over the shared JSON.
    let p = p0 <= room && Buffer.compare(raw.subarray(prevStart, prevStart + p0), raw.subarray(start, start + p0)) === 0 ? p0 : 0;
    while (p < room && raw[prevStart + p] === raw[start + p]) p++;
    const sRoom = room - p;
    let s = s0 <= sRoom && Buffer.compare(raw.subarray(prevStart + prevLen - s0, prevStart + prevLen), raw.subarray(end - s0, end)) === 0 ? s0 : 0;
    while (s < sRoom && raw[prevStart + prevLen - 1 - s] === raw[end - 1 - s]) s++;
    const m = len - p - s;
    // Headers are at most 15 bytes; give up once packing is no smaller than the raw bytes.
    if (at + 15 + m > limit) return undefined;
    at = putVarint(out, at, p);
    at = putVarint(out, at, s);
    at = putVarint(out, at, m);
    out.set(raw.subarray(start + p, end - s), at);
    at += m;
    prevStart = start;
    prevLen = len;
    p0 = p;
    s0 = s;
    start = end;
  }
  return out.subarray(0, at);
}

/** Thrown for packed bytes that do not decode; the caller reports the content as unreadable. */
export class StreamPackError extends Error {}

/** The raw stream bytes of `packed` (what packStream was given). */
export function unpackStream(packed: Uint8Array): Buffer {
  let at = 0;
  const varint = (): number => {
    let n = 0;
    let scale = 1;
    for (let i = 0; i < 6; i++) {
      if (at >= packed.length) throw new StreamPackError('packed stream cut short');
      const b = packed[at++]!;
      n += (b & 0x7f) * scale;
      if (b < 0x80) return n;
      scale *= 128;
    }
    throw new StreamPackError('packed stream has a bad length');
  };
  if (packed.length === 0 || packed[0] !== VERSION) throw new StreamPackError('unknown packed stream version');
  at = 1;
  const total = varint();
  // The declared length bounds the output: a forged frame cannot make a small blob decode to gigabytes.
  if (total > 1 << 30) throw new StreamPackError('packed stream too large');
  const out = Buffer.allocUnsafe(total);
  let w = 0;
  let prevStart = 0;
  let prevLen = 0;
  while (at < packed.length) {
    const p = varint();
    const s = varint();
    const m = varint();
    if (p + s > prevLen) throw new StreamPackError('packed frame refers past the frame before it');
    if (at + m > packed.length) throw new StreamPackError('packed stream cut short');
    const len = p + m + s;
    if (w + len > total) throw new StreamPackError('packed stream longer than declared');
    out.copy(out, w, prevStart, prevStart + p);
    out.set(packed.subarray(at, at + m), w + p);
    out.copy(out, w + p + m, prevStart + prevLen - s, prevStart + prevLen);
    at += m;
    prevStart = w;
    prevLen = len;
    w += len;
  }
  if (w !== total) throw new StreamPackError('packed stream shorter than declared');
  return out;
}
