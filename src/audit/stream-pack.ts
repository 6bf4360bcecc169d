/**
 * Lossless packing of a streamed answer's bytes for the audit trail. Every SSE event or NDJSON
 * line of a stream repeats the same JSON around its few characters of text (id, model, created,
 * choices, finish_reason: a couple of hundred bytes around a word), so each frame is stored as
 * what differs from the frame before it: the length of the prefix they share, the length of the
 * suffix they share, and the bytes in between. A stream packs to about a tenth of its size, which
 * is what gets sealed, journaled and kept for the retention period; a reader gets the exact bytes
 * back.
 *
 * Layout: `u8 version (1) | varint raw length | frames`, each frame `varint prefix | varint suffix
 * | varint middle length | middle bytes`. Varints are LEB128 (7 bits per byte, low first).
 */
type Framing = 'sse' | 'ndjson';

const VERSION = 1;
const LF = 0x0a;

/** Where the frame starting at `from` ends (exclusive): after its terminator, or at the end. */
function frameEnd(raw: Buffer, from: number, framing: Framing): number {
  if (framing === 'ndjson') {
    const i = raw.indexOf(LF, from);
    return i < 0 ? raw.length : i + 1;
  }
  // An SSE event ends with a blank line (\n\n or \r\n\r\n).
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
 * Scratch buffers kept for the thread: the stream gathered from its reads, and its packed form.
 * Allocating them per stream (a few KB each, past Buffer's pool) cost the gateway's thread more
 * than packing did. Larger streams get buffers of their own.
 */
const SCRATCH_MAX = 1024 * 1024;
let gathered: Buffer | undefined;
let packing: Buffer | undefined;

const scratch = (have: Buffer | undefined, n: number): Buffer => (have !== undefined && have.length >= n ? have : Buffer.allocUnsafeSlow(Math.max(n, 16 * 1024)));

/**
 * Packs a stream (its reads in order, whole frames or cut anywhere) and returns the packed bytes
 * in a buffer of their own, or undefined when packing would not make them smaller (then the raw
 * bytes are stored).
 */
export function packStream(reads: readonly Uint8Array[], framing: Framing): Buffer | undefined {
  let n = 0;
  for (const r of reads) n += r.length;
  if (n < 64) return undefined;
  let raw: Buffer;
  let inScratch = false;
  if (reads.length === 1) raw = Buffer.from(reads[0]!.buffer, reads[0]!.byteOffset, n);
  else {
    inScratch = n <= SCRATCH_MAX;
    // A view of exactly n bytes: searches must not run on into what an earlier stream left.
    raw = inScratch ? (gathered = scratch(gathered, n)).subarray(0, n) : Buffer.allocUnsafeSlow(n);
    let at = 0;
    for (const r of reads) {
      raw.set(r, at);
      at += r.length;
    }
  }
  // Worst case: three one-byte varints per frame of at least one byte, plus the header.
  const outScratch = n + 16 <= SCRATCH_MAX;
  const out = outScratch ? (packing = scratch(packing, n + 16)) : Buffer.allocUnsafeSlow(n + 16);
  let size: number | undefined;
  try {
    size = packInto(raw, framing, out);
    // A copy of what was written: a few hundred bytes, from Buffer's pool.
    return size === undefined ? undefined : Buffer.from(out.subarray(0, size));
  } finally {
    // The scratches held the answer in clear; like the sealing buffer, they are zeroed once used.
    if (inScratch) raw.fill(0);
    if (outScratch) out.fill(0, 0, size ?? n + 16);
  }
}

function packInto(raw: Buffer, framing: Framing, out: Buffer): number | undefined {
  const n = raw.length;
  const limit = n - 1;
  let at = 0;
  out[at++] = VERSION;
  at = putVarint(out, at, n);
  let prevStart = 0;
  let prevLen = 0;
  let p0 = 0;
  let s0 = 0;
  for (let start = 0; start < n; ) {
    const end = frameEnd(raw, start, framing);
    const len = end - start;
    const room = Math.min(len, prevLen);
    // Start from the previous frame's prefix and suffix: they usually hold, and a native compare
    // of them skips the byte loop over the shared JSON.
    let p = p0 > 0 && p0 <= room && raw.compare(raw, prevStart, prevStart + p0, start, start + p0) === 0 ? p0 : 0;
    while (p < room && raw[prevStart + p] === raw[start + p]) p++;
    const sRoom = room - p;
    let s = s0 > 0 && s0 <= sRoom && raw.compare(raw, prevStart + prevLen - s0, prevStart + prevLen, end - s0, end) === 0 ? s0 : 0;
    while (s < sRoom && raw[prevStart + prevLen - 1 - s] === raw[end - 1 - s]) s++;
    const m = len - p - s;
    // Headers are at most 15 bytes; give up once packing is no smaller than the raw bytes.
    if (at + 15 + m > limit) return undefined;
    at = putVarint(out, at, p);
    at = putVarint(out, at, s);
    at = putVarint(out, at, m);
    raw.copy(out, at, start + p, end - s);
    at += m;
    prevStart = start;
    prevLen = len;
    p0 = p;
    s0 = s;
    start = end;
  }
  return at;
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
