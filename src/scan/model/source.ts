import { closeSync, createReadStream, fstatSync, openSync, readSync } from 'node:fs';
import type { ByteReader } from './types.js';
import { readAt } from '../../core/index.js';

/**
 * Where the scanner gets bytes: random access for headers and a stream for bodies. The CLI opens
 * files with `openFileSource`; tests use `bufferSource`. Both are the only I/O the scanner does.
 */
export interface ModelSource extends ByteReader {
  /**
   * The bytes in [offset, offset + length) in chunks. With `transient`, a chunk is only valid until
   * the next one is requested (one buffer is reused: constant memory for consumers that finish
   * each chunk synchronously, like the pickle scanner).
   */
  stream(offset: number, length: number, transient?: boolean): AsyncIterable<Uint8Array>;
}

const STREAM_CHUNK = 1 << 20;

export function bufferSource(bytes: Uint8Array): ModelSource {
  return {
    size: bytes.length,
    read(offset, length) {
      if (offset >= bytes.length || length <= 0) return new Uint8Array(0);
      return bytes.subarray(offset, Math.min(bytes.length, offset + length));
    },
    async *stream(offset, length) {
      const end = Math.min(bytes.length, offset + length);
      for (let p = offset; p < end; p += STREAM_CHUNK) yield bytes.subarray(p, Math.min(end, p + STREAM_CHUNK));
    },
  };
}

/** A window of another source: a stored zip or tar member scanned as a file of its own. */
export function sliceSource(source: ModelSource, start: number, length: number): ModelSource {
  const size = Math.max(0, Math.min(length, source.size - start));
  return {
    size,
    read(offset, n) {
      if (offset >= size || n <= 0) return new Uint8Array(0);
      return source.read(start + offset, Math.min(n, size - offset));
    },
    stream(offset, n, transient) {
      return source.stream(start + offset, Math.max(0, Math.min(n, size - offset)), transient);
    },
  };
}

export interface FileSource extends ModelSource {
  close(): void;
}

export function openFileSource(path: string): FileSource {
  const fd = openSync(path, 'r');
  const size = fstatSync(fd).size;
  return {
    size,
    read(offset, length) {
      if (offset >= size || length <= 0) return new Uint8Array(0);
      return readAt(fd, offset, Math.min(length, size - offset));
    },
    async *stream(offset, length, transient) {
      if (length <= 0 || offset >= size) return;
      if (transient) {
        const buf = Buffer.allocUnsafe(Math.min(STREAM_CHUNK, length));
        const end = Math.min(size, offset + length);
        for (let p = offset; p < end; ) {
          const n = readSync(fd, buf, 0, Math.min(buf.length, end - p), p);
          if (n === 0) return;
          p += n;
          yield buf.subarray(0, n);
        }
        return;
      }
      const s = createReadStream(path, { start: offset, end: Math.min(size, offset + length) - 1, highWaterMark: STREAM_CHUNK });
      for await (const chunk of s) yield chunk as Buffer;
    },
    close() {
      closeSync(fd);
    },
  };
}
