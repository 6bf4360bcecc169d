import { Cursor, readU16, readU32, readU64 } from './cursor.js';
import { ModelFormatError, type ByteReader } from './types.js';

/**
 * A zip central-directory reader (PKWARE APPNOTE 6.3.10, sections 4.3.12-4.3.16, zip64 4.3.14):
 * entries come from the central directory, never from scanning local headers, so data hidden
 * between members cannot pose as a member. Only headers are read; members are streamed by the caller.
 */
export interface ZipEntry {
  name: string;
  method: number;
  flags: number;
  compressedSize: number;
  size: number;
  crc32: number;
  localHeaderOffset: number;
  /** Unix mode from the external attributes when the entry was made on Unix. */
  unixMode: number | undefined;
}

export interface ZipDirectory {
  entries: ZipEntry[];
  /** Offset of the first local header; bytes before it are a prefix (self-extractors, polyglots). */
  prefixBytes: number;
  /** Offset where the central directory starts. */
  directoryOffset: number;
}

const EOCD = 0x06054b50;
const EOCD64 = 0x06064b50;
const EOCD64_LOCATOR = 0x07064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
export const MAX_ZIP_ENTRIES = 200_000;

/** Finds the end-of-central-directory record in the last 64 KiB + 22 bytes; undefined when there is none. */
export function findEndOfCentralDirectory(reader: ByteReader): number | undefined {
  const span = Math.min(reader.size, 65_535 + 22);
  const start = reader.size - span;
  const tail = reader.read(start, span);
  for (let i = tail.length - 22; i >= 0; i--) {
    if (tail[i] === 0x50 && tail[i + 1] === 0x4b && tail[i + 2] === 0x05 && tail[i + 3] === 0x06) {
      const commentLength = readU16(tail, i + 20);
      if (i + 22 + commentLength <= tail.length) return start + i;
    }
  }
  return undefined;
}

export function readZipDirectory(reader: ByteReader): ZipDirectory {
  const eocdAt = findEndOfCentralDirectory(reader);
  if (eocdAt === undefined) throw new ModelFormatError('no zip end-of-central-directory record');
  const eocd = reader.read(eocdAt, 22);
  if (readU32(eocd, 0) !== EOCD) throw new ModelFormatError('bad zip end record', eocdAt);
  let count = readU16(eocd, 10);
  let dirSize = readU32(eocd, 12);
  let dirOffset = readU32(eocd, 16);
  let eocdStart = eocdAt;
  if ((count === 0xffff || dirSize === 0xffffffff || dirOffset === 0xffffffff) && eocdAt >= 20) {
    const loc = reader.read(eocdAt - 20, 20);
    if (readU32(loc, 0) === EOCD64_LOCATOR) {
      const at = readU64(loc, 8);
      const rec = reader.read(at, 56);
      if (rec.length < 56 || readU32(rec, 0) !== EOCD64) throw new ModelFormatError('bad zip64 end record', at);
      count = readU64(rec, 32);
      dirSize = readU64(rec, 40);
      dirOffset = readU64(rec, 48);
      eocdStart = at;
    }
  }
  if (count > MAX_ZIP_ENTRIES) throw new ModelFormatError(`zip declares ${count} entries (limit ${MAX_ZIP_ENTRIES})`);
  // Bytes prepended to a zip shift every offset; the directory's real start tells by how much.
  const shift = eocdStart - dirSize - dirOffset;
  if (shift < 0 || dirOffset + shift > reader.size) throw new ModelFormatError('zip central directory out of bounds', eocdAt);
  const c = new Cursor(reader, dirOffset + shift, eocdStart);
  const entries: ZipEntry[] = [];
  const utf8 = new TextDecoder('utf-8', { fatal: false });
  const cp437 = new TextDecoder('latin1');
  for (let i = 0; i < count; i++) {
    const h = c.bytes(46, 'zip central header');
    if (readU32(h, 0) !== CENTRAL) throw new ModelFormatError('bad zip central header signature', c.pos - 46);
    const madeBy = h[5]!;
    const flags = readU16(h, 8);
    const method = readU16(h, 10);
    const crc32 = readU32(h, 16);
    let compressedSize = readU32(h, 20);
    let size = readU32(h, 24);
    const nameLength = readU16(h, 28);
    const extraLength = readU16(h, 30);
    const commentLength = readU16(h, 32);
    const external = readU32(h, 38);
    let localHeaderOffset = readU32(h, 42);
    const nameBytes = c.bytes(nameLength, 'zip entry name');
    const name = (flags & 0x800 ? utf8 : cp437).decode(nameBytes);
    const extra = c.bytes(extraLength, 'zip extra field');
    for (let e = 0; e + 4 <= extra.length; ) {
      const id = readU16(extra, e);
      const len = readU16(extra, e + 2);
      if (id === 0x0001) {
        let q = e + 4;
        if (size === 0xffffffff && q + 8 <= e + 4 + len) (size = readU64(extra, q)), (q += 8);
        if (compressedSize === 0xffffffff && q + 8 <= e + 4 + len) (compressedSize = readU64(extra, q)), (q += 8);
        if (localHeaderOffset === 0xffffffff && q + 8 <= e + 4 + len) localHeaderOffset = readU64(extra, q);
      }
      e += 4 + len;
    }
    c.skip(commentLength, 'zip entry comment');
    entries.push({ name, method, flags, compressedSize, size, crc32, localHeaderOffset: localHeaderOffset + shift, unixMode: madeBy === 3 ? external >>> 16 : undefined });
  }
  const prefixBytes = entries.length === 0 ? dirOffset + shift : Math.min(...entries.map((e) => e.localHeaderOffset));
  return { entries, prefixBytes, directoryOffset: dirOffset + shift };
}

/** Where an entry's data starts, from its local header (whose name and extra lengths may differ). */
export function entryDataOffset(reader: ByteReader, entry: ZipEntry): number {
  const h = reader.read(entry.localHeaderOffset, 30);
  if (h.length < 30 || readU32(h, 0) !== LOCAL) throw new ModelFormatError(`bad local header for ${entry.name}`, entry.localHeaderOffset);
  const start = entry.localHeaderOffset + 30 + readU16(h, 26) + readU16(h, 28);
  if (start + entry.compressedSize > reader.size) throw new ModelFormatError(`zip member ${entry.name} extends past the end of the file`, entry.localHeaderOffset);
  return start;
}

export function isZipStart(head: Uint8Array): boolean {
  return head.length >= 4 && head[0] === 0x50 && head[1] === 0x4b && ((head[2] === 0x03 && head[3] === 0x04) || (head[2] === 0x05 && head[3] === 0x06));
}
