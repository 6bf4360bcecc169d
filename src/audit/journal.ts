import { createHmac, timingSafeEqual } from 'node:crypto';
import { closeSync, fdatasyncSync, fstatSync, mkdirSync, openSync, readdirSync, readSync, writeSync, writevSync } from 'node:fs';
import { join } from 'node:path';
import { BulwarkError, readAt } from '../core/index.js';
import type { MasterKey } from './crypto.js';

/**
 * The audit journal: what makes a record durable before its answer is sent, at the price of one
 * writev per event-loop turn on the gateway's thread. Each turn's records become one frame: their
 * metadata and their content, already sealed under each subject's data key (so content is
 * encrypted exactly once, and never reaches the disk in clear). A worker thread ingests the
 * metadata into the SQLite trail (hash chain, indexes) at its own pace: no request waits for a
 * database commit or for another thread to be scheduled. After a crash, what was not ingested is
 * replayed. The sealed content stays where it was written: the trail keeps its byte range and
 * digest, so content bytes hit the disk once (SQLite would write them twice, WAL then database),
 * and a segment file is deleted once retention has removed every record pointing into it.
 *
 * Segment file: frames back to back, each
 *   `u32le length | mac (32) | u32le metaLength | meta JSON | blob, blob, ...`
 * mac = HMAC-SHA256 under a key derived from the master key, over the frame's position and meta.
 * A frame cut short by a crash is incomplete and ignored: its records were never acknowledged.
 */

const LEN = 4;
const MAC = 32;
/** A new segment begins past this size; ingested segments are deleted. */
export const SEGMENT_BYTES = 64 * 1024 * 1024;

// Not `<db>-journal`: that name is SQLite's own rollback journal.
export const journalDir = (auditPath: string): string => `${auditPath}.journal.d`;
const segmentName = (n: number): string => `${String(n).padStart(12, '0')}.seg`;
export const segmentPath = (dir: string, n: number): string => join(dir, segmentName(n));

/** Segment numbers present in the journal directory, ascending. */
export function listSegments(dir: string): number[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names
    .map((n) => /^(\d{12})\.seg$/.exec(n)?.[1])
    .filter((n): n is string => n !== undefined)
    .map(Number)
    .sort((a, b) => a - b);
}

/**
 * The meta names each blob's iv and GCM tag, which authenticate the blob under its data key; so
 * the MAC needs only the frame's position and its meta, and reading a frame never reads its blobs.
 */
function frameMac(key: Buffer, segment: number, offset: number, meta: Buffer): Buffer {
  return createHmac('sha256', key).update(`bulwark-audit journal\u0000${segment}\u0000${offset}\u0000`).update(meta).digest();
}

export interface JournalWriter {
  readonly segment: number;
  /** The end of the last complete frame. */
  readonly offset: number;
  /** Appends one frame; each blob may be given as chunks. Throws when the write failed (then nothing counts as written). */
  append(meta: string, blobs: readonly (Buffer | readonly Buffer[])[]): void;
  close(): void;
}

/** Starts a fresh segment, numbered after every existing one (a crashed writer's stay for replay). */
export function openJournalWriter(dir: string, master: MasterKey, options: { sync: boolean; segmentBytes?: number }): JournalWriter {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const limit = options.segmentBytes ?? SEGMENT_BYTES;
  let segment = (listSegments(dir).at(-1) ?? 0) + 1;
  let fd = openSync(join(dir, segmentName(segment)), 'wx', 0o600);
  let offset = 0;
  // Head and meta of the frame being written, in one buffer kept across frames: no allocation per
  // frame on the gateway's thread (writevSync is done with it when it returns).
  let out = Buffer.allocUnsafeSlow(16 * 1024);

  return {
    get segment() {
      return segment;
    },
    get offset() {
      return offset;
    },
    append(meta, blobs) {
      if (offset >= limit) {
        closeSync(fd);
        segment++;
        fd = openSync(join(dir, segmentName(segment)), 'wx', 0o600);
        offset = 0;
      }
      // UTF-8 takes at most three bytes per UTF-16 code unit.
      if (out.length < LEN + MAC + LEN + meta.length * 3) out = Buffer.allocUnsafeSlow(LEN + MAC + LEN + meta.length * 3);
      const metaLen = out.write(meta, LEN + MAC + LEN, 'utf8');
      const metaBytes = out.subarray(LEN + MAC + LEN, LEN + MAC + LEN + metaLen);
      let n = MAC + LEN + metaLen;
      const parts: Buffer[] = [out.subarray(0, LEN + MAC + LEN + metaLen)];
      for (const b of blobs) {
        if (Buffer.isBuffer(b)) {
          n += b.length;
          parts.push(b);
        } else
          for (const c of b) {
            n += c.length;
            parts.push(c);
          }
      }
      out.writeUInt32LE(n, 0);
      frameMac(master.journalKey, segment, offset, metaBytes).copy(out, LEN);
      out.writeUInt32LE(metaLen, LEN + MAC);
      const total = LEN + n;
      let written = 0;
      // writev may write less than asked (a full disk, a signal): finish the frame or fail.
      while (written < total) {
        let skip = written;
        const rest: Buffer[] = [];
        for (const p of parts) {
          if (skip >= p.length) skip -= p.length;
          else {
            rest.push(skip > 0 ? p.subarray(skip) : p);
            skip = 0;
          }
        }
        written += writevSync(fd, rest, offset + written);
      }
      if (options.sync) fdatasyncSync(fd);
      offset += total;
    },
    close() {
      if (fd >= 0) closeSync(fd);
      fd = -1;
    },
  };
}

export interface JournalFrame<T> {
  segment: number;
  start: number;
  end: number;
  /** The meta, parsed. */
  value: T;
  /** Where each blob starts in the segment file. */
  offsets: number[];
}

/** A blob's bytes, or undefined when the segment or the range is gone. */
export function readRange(dir: string, segment: number, offset: number, length: number): Buffer | undefined {
  let fd: number;
  try {
    fd = openSync(join(dir, segmentName(segment)), 'r');
  } catch {
    return undefined;
  }
  try {
    const b = readAt(fd, offset, length);
    return b.length === length ? b : undefined;
  } finally {
    closeSync(fd);
  }
}

/** Overwrites a blob with zeros (crypto-shredding also drops the ciphertext). */
export function zeroRange(dir: string, segment: number, offset: number, length: number): void {
  let fd: number;
  try {
    fd = openSync(join(dir, segmentName(segment)), 'r+');
  } catch {
    return;
  }
  try {
    writeSync(fd, Buffer.alloc(length), 0, length, offset);
    fdatasyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * Bytes read at once: a pass reads many small frames with one call, not two per frame, into one
 * buffer kept for the thread (with a fresh one per call, allocating and faulting its pages in cost
 * more than the copying: see the ingest worker in `node --cpu-prof bench/audit/ingest.mjs`).
 */
const READ_CHUNK = 64 * 1024;
let readBuffer: Buffer | undefined;

/**
 * Complete, authentic frames of one segment from `from` on. A frame that fails its MAC stops the
 * read (altered, or garbage a crash left); `end` says where reading stopped, `bad` why. A meta of
 * a newer format (parse throws a BulwarkError) is thrown, not skipped.
 */
export function readFrames<T>(
  dir: string,
  segment: number,
  from: number,
  master: MasterKey,
  parse: (meta: string) => { value: T; sizes: number[] },
  maxBytes = 8 * 1024 * 1024,
): { frames: JournalFrame<T>[]; end: number; size: number; bad?: string } {
  let fd: number;
  try {
    fd = openSync(join(dir, segmentName(segment)), 'r');
  } catch {
    return { frames: [], end: from, size: -1 };
  }
  try {
    const size = fstatSync(fd).size;
    // File bytes [at, at + got) are in `chunk`; heads and metas are sliced from it, and each slice
    // is used up before the next read refills it. The sealed blobs are read along, never looked at.
    const chunk = (readBuffer ??= Buffer.allocUnsafeSlow(READ_CHUNK));
    let at = from;
    let got = 0;
    const bytes = (pos: number, n: number): Buffer => {
      if (pos >= at && pos + n <= at + got) return chunk.subarray(pos - at, pos - at + n);
      if (n > READ_CHUNK) return readAt(fd, pos, n);
      at = pos;
      got = 0;
      const want = Math.min(READ_CHUNK, size - pos);
      while (got < want) {
        const r = readSync(fd, chunk, got, want - got, pos + got);
        if (r === 0) break;
        got += r;
      }
      return chunk.subarray(0, Math.min(n, got));
    };
    const mac = Buffer.allocUnsafe(MAC);
    let pos = from;
    const frames: JournalFrame<T>[] = [];
    let budget = maxBytes;
    while (pos + LEN <= size && budget > 0) {
      const head = bytes(pos, LEN + MAC + LEN);
      if (head.length < LEN + MAC + LEN) break;
      const n = head.readUInt32LE(0);
      if (n < MAC + LEN) return { frames, end: pos, size, bad: `bad frame length at byte ${pos}` };
      if (pos + LEN + n > size) break;
      const metaLen = head.readUInt32LE(LEN + MAC);
      if (MAC + LEN + metaLen > n) return { frames, end: pos, size, bad: `bad frame at byte ${pos}` };
      head.copy(mac, 0, LEN, LEN + MAC);
      const metaBytes = bytes(pos + LEN + MAC + LEN, metaLen);
      if (!timingSafeEqual(frameMac(master.journalKey, segment, pos, metaBytes), mac)) return { frames, end: pos, size, bad: `frame at byte ${pos} fails authentication` };
      let parsed: { value: T; sizes: number[] };
      try {
        parsed = parse(metaBytes.toString('utf8'));
      } catch (err) {
        if (err instanceof BulwarkError) throw err;
        return { frames, end: pos, size, bad: `unreadable frame at byte ${pos}` };
      }
      const offsets: number[] = [];
      let blob = pos + LEN + MAC + LEN + metaLen;
      for (const s of parsed.sizes) {
        offsets.push(blob);
        blob += s;
      }
      if (blob !== pos + LEN + n) return { frames, end: pos, size, bad: `frame at byte ${pos} does not add up` };
      frames.push({ segment, start: pos, end: pos + LEN + n, value: parsed.value, offsets });
      pos += LEN + n;
      budget -= metaLen;
    }
    return { frames, end: pos, size };
  } finally {
    closeSync(fd);
  }
}
