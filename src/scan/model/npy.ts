import { readU16, readU32 } from './cursor.js';
import { ModelFormatError } from './types.js';

/**
 * NumPy .npy (numpy/lib/format.py, NEP 1): "\x93NUMPY", major, minor, header length (u16 in v1,
 * u32 in v2/v3), a Python dict literal {'descr', 'fortran_order', 'shape'}. An object dtype means
 * the data is a pickle, loaded only with allow_pickle=True (CVE-2019-6446).
 */
export interface NpyHeader {
  version: number;
  /** Bytes from the start of the file to the array data. */
  dataOffset: number;
  descr: string;
  shape: number[] | undefined;
  hasObject: boolean;
}

export const NPY_MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59];

export function isNpy(head: Uint8Array): boolean {
  return head.length >= 6 && NPY_MAGIC.every((b, i) => head[i] === b);
}

/** Parses the header from the first bytes of the file; undefined when more bytes are needed. */
export function parseNpyHeader(head: Uint8Array): NpyHeader | undefined {
  if (head.length < 10) return undefined;
  if (!isNpy(head)) throw new ModelFormatError('not a .npy file');
  const major = head[6]!;
  if (major < 1 || major > 3) throw new ModelFormatError(`.npy format version ${major} is not supported`);
  const lenBytes = major === 1 ? 2 : 4;
  if (head.length < 8 + lenBytes) return undefined;
  const headerLength = major === 1 ? readU16(head, 8) : readU32(head, 8);
  if (headerLength > 1 << 20) throw new ModelFormatError(`.npy header length ${headerLength} above 1 MiB`);
  const dataOffset = 8 + lenBytes + headerLength;
  if (head.length < dataOffset) return undefined;
  const text = new TextDecoder(major === 3 ? 'utf-8' : 'latin1').decode(head.subarray(8 + lenBytes, dataOffset));
  const descrMatch = /['"]descr['"]\s*:\s*(['"][^'"]*['"]|\[.*\])\s*,\s*['"]fortran_order/s.exec(text);
  if (!descrMatch || !/^\s*\{/.test(text)) throw new ModelFormatError('.npy header has no descr');
  const descr = descrMatch[1]!;
  const shapeMatch = /['"]shape['"]\s*:\s*\(([^)]*)\)/.exec(text);
  let shape: number[] | undefined;
  if (shapeMatch) {
    const parts = shapeMatch[1]!.split(',').map((s) => s.trim()).filter((s) => s !== '');
    shape = parts.every((p) => /^\d+L?$/.test(p)) ? parts.map((p) => Number.parseInt(p, 10)) : undefined;
  }
  const hasObject = /['"][<>|=]?O\d*['"]/.test(descr);
  return { version: major, dataOffset, descr, shape, hasObject };
}

/** Item size of a simple descr like '<f4' or '|u1'; undefined for structured or unknown dtypes. */
export function npyItemSize(descr: string): number | undefined {
  const m = /^['"][<>|=]?[biufcmM](\d+)['"]$/.exec(descr);
  return m ? Number(m[1]) : undefined;
}
