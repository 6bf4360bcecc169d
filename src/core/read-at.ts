import { readSync } from 'node:fs';

/**
 * `length` bytes of the file at `position`, shorter only at the end of the file: one readSync may
 * return fewer bytes than asked (a signal, a pipe, a network file system), so it is looped.
 */
export function readAt(fd: number, position: number, length: number): Buffer {
  const buf = Buffer.allocUnsafe(length);
  let got = 0;
  while (got < length) {
    const n = readSync(fd, buf, got, length - got, position + got);
    if (n === 0) break;
    got += n;
  }
  return got === length ? buf : buf.subarray(0, got);
}
