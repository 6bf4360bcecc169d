import { Cursor, readU16, readU32 } from './cursor.js';
import { ModelFormatError, type ByteReader } from './types.js';

/**
 * A small HDF5 reader (HDF5 File Format Specification 3.0): superblock v0-v3, the root group's
 * object header (v1 or v2, with continuation blocks), and its string attributes — enough for the
 * `model_config`, `keras_version` and `backend` attributes Keras writes at the root of an .h5
 * model. Strings may be fixed-length or variable-length in the global heap. Attributes in dense
 * storage (fractal heaps) are reported as not read.
 */
export const HDF5_SIGNATURE = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a];
const MAX_MESSAGES = 10_000;
const MAX_ATTRIBUTE_BYTES = 64 << 20;

export interface Hdf5RootAttributes {
  attributes: Map<string, string>;
  /** The root keeps its attributes in dense storage this reader does not follow. */
  dense: boolean;
}

export function findHdf5Superblock(reader: ByteReader): number | undefined {
  for (let at = 0; at < reader.size && at <= 1 << 20; at = at === 0 ? 512 : at * 2) {
    const b = reader.read(at, 8);
    if (b.length === 8 && HDF5_SIGNATURE.every((x, i) => b[i] === x)) return at;
  }
  return undefined;
}

const utf8 = new TextDecoder('utf-8', { fatal: false });

export function readHdf5RootAttributes(reader: ByteReader): Hdf5RootAttributes {
  const base = findHdf5Superblock(reader);
  if (base === undefined) throw new ModelFormatError('no HDF5 superblock');
  const c = new Cursor(reader, base + 8);
  const version = c.u8();
  let offsetSize: number;
  let lengthSize: number;
  let rootHeader: number;
  let baseAddress: number;
  if (version === 0 || version === 1) {
    c.skip(4);
    offsetSize = c.u8();
    lengthSize = c.u8();
    c.skip(1 + 2 + 2 + 4 + (version === 1 ? 4 : 0));
    checkSizes(offsetSize, lengthSize);
    baseAddress = c.uint(offsetSize);
    c.skip(offsetSize * 3); // free-space, end-of-file, driver info
    c.skip(offsetSize); // root symbol table entry: link name offset
    rootHeader = c.uint(offsetSize);
  } else if (version === 2 || version === 3) {
    offsetSize = c.u8();
    lengthSize = c.u8();
    checkSizes(offsetSize, lengthSize);
    c.skip(1);
    baseAddress = c.uint(offsetSize);
    c.skip(offsetSize * 2); // extension, end-of-file
    rootHeader = c.uint(offsetSize);
  } else throw new ModelFormatError(`HDF5 superblock version ${version} is not supported`);
  const abs = (address: number) => {
    const a = address + (baseAddress === 0 ? base : baseAddress);
    if (a >= reader.size) throw new ModelFormatError(`HDF5 address ${address} outside the file`);
    return a;
  };

  const attributes = new Map<string, string>();
  let dense = false;
  let messages = 0;
  const blocks: [number, number, 'v1' | 'v2' | 'v2cont'][] = [];
  const visited = new Set<number>();
  let creationOrder = false;

  const start = abs(rootHeader);
  const sig = reader.read(start, 4);
  if (sig.length === 4 && sig[0] === 0x4f && sig[1] === 0x48 && sig[2] === 0x44 && sig[3] === 0x52) {
    const h = new Cursor(reader, start + 4);
    const v = h.u8();
    if (v !== 2) throw new ModelFormatError(`HDF5 object header version ${v}`);
    const flags = h.u8();
    if (flags & 0x20) h.skip(16);
    if (flags & 0x10) h.skip(4);
    creationOrder = (flags & 0x04) !== 0;
    const chunkSize = h.uint(1 << (flags & 3));
    blocks.push([h.pos, h.pos + chunkSize, 'v2']);
  } else {
    const h = new Cursor(reader, start);
    const v = h.u8();
    if (v !== 1) throw new ModelFormatError(`HDF5 object header version ${v}`);
    h.skip(1 + 2 + 4);
    const size = h.u32();
    h.skip(4);
    blocks.push([h.pos, h.pos + size, 'v1']);
  }

  while (blocks.length > 0) {
    const [from, to, kind] = blocks.shift()!;
    if (visited.has(from)) throw new ModelFormatError('HDF5 continuation loop');
    visited.add(from);
    if (to > reader.size || to < from) throw new ModelFormatError('HDF5 object header outside the file');
    const h = new Cursor(reader, from, to);
    const gap = kind === 'v1' ? 8 : 4 + (creationOrder ? 2 : 0);
    while (h.remaining >= gap) {
      if (++messages > MAX_MESSAGES) throw new ModelFormatError(`more than ${MAX_MESSAGES} HDF5 header messages`);
      let type: number;
      let size: number;
      if (kind === 'v1') {
        type = h.u16();
        size = h.u16();
        h.skip(4);
      } else {
        type = h.u8();
        size = h.u16();
        h.skip(1 + (creationOrder ? 2 : 0));
      }
      const body = h.bytes(Math.min(size, h.remaining), 'HDF5 message');
      if (type === 0x10) {
        const bc = new Cursor({ size: body.length, read: (o, l) => body.subarray(o, o + l) });
        const addr = abs(bc.uint(offsetSize));
        const len = bc.uint(lengthSize);
        if (kind === 'v1') blocks.push([addr, addr + len, 'v1']);
        else {
          const s = reader.read(addr, 4);
          if (!(s[0] === 0x4f && s[1] === 0x43 && s[2] === 0x48 && s[3] === 0x4b)) throw new ModelFormatError('HDF5 continuation block without OCHK');
          blocks.push([addr + 4, addr + len - 4, 'v2cont']);
        }
      } else if (type === 0x15) dense = true;
      else if (type === 0x0c) {
        const attr = parseAttribute(body, offsetSize, lengthSize, reader, abs);
        if (attr && attributes.size < 1000) attributes.set(attr[0], attr[1]);
      }
    }
  }
  return { attributes, dense };
}

function checkSizes(offsetSize: number, lengthSize: number): void {
  if (![2, 4, 8].includes(offsetSize) || ![2, 4, 8].includes(lengthSize)) throw new ModelFormatError(`HDF5 offset/length sizes ${offsetSize}/${lengthSize}`);
}

function pad8(n: number): number {
  return Math.ceil(n / 8) * 8;
}

/** An attribute message → [name, string value]; undefined for non-string attributes. */
function parseAttribute(b: Uint8Array, offsetSize: number, lengthSize: number, reader: ByteReader, abs: (a: number) => number): [string, string] | undefined {
  if (b.length < 8) throw new ModelFormatError('HDF5 attribute message too short');
  const version = b[0]!;
  const nameSize = readU16(b, 2);
  const typeSize = readU16(b, 4);
  const spaceSize = readU16(b, 6);
  let p = version === 3 ? 9 : 8;
  const padded = version === 1 ? pad8 : (n: number) => n;
  if (version < 1 || version > 3) throw new ModelFormatError(`HDF5 attribute version ${version}`);
  if (p + padded(nameSize) + padded(typeSize) + padded(spaceSize) > b.length) throw new ModelFormatError('HDF5 attribute fields exceed the message');
  const name = utf8.decode(b.subarray(p, p + nameSize)).replace(/\0+$/, '');
  p += padded(nameSize);
  const dt = b.subarray(p, p + typeSize);
  p += padded(typeSize);
  const ds = b.subarray(p, p + spaceSize);
  p += padded(spaceSize);
  if (dt.length < 8 || ds.length < 2) return undefined;
  const cls = dt[0]! & 0x0f;
  const elementSize = readU32(dt, 4);
  // Only scalar or one-element dataspaces: Keras writes its JSON attributes as scalars.
  const rank = ds[1]!;
  if (rank > 1) return undefined;
  if (cls === 3) {
    if (elementSize > MAX_ATTRIBUTE_BYTES || p + elementSize > b.length) throw new ModelFormatError('HDF5 string attribute exceeds its message');
    return [name, utf8.decode(b.subarray(p, p + elementSize)).replace(/\0+$/, '')];
  }
  if (cls === 9 && (dt[1]! & 0x0f) === 1) {
    // Variable-length string: u32 length, global heap collection address, u32 object index.
    if (p + 4 + offsetSize + 4 > b.length) throw new ModelFormatError('HDF5 vlen attribute truncated');
    const length = readU32(b, p);
    const c = new Cursor({ size: b.length, read: (o, l) => b.subarray(o, o + l) }, p + 4);
    const collection = c.uint(offsetSize);
    const index = c.u32();
    if (length > MAX_ATTRIBUTE_BYTES) throw new ModelFormatError('HDF5 vlen attribute too long');
    return [name, readGlobalHeapObject(reader, abs(collection), index, length, lengthSize)];
  }
  return undefined;
}

function readGlobalHeapObject(reader: ByteReader, at: number, index: number, length: number, lengthSize: number): string {
  const c = new Cursor(reader, at);
  const sig = c.bytes(4, 'global heap');
  if (!(sig[0] === 0x47 && sig[1] === 0x43 && sig[2] === 0x4f && sig[3] === 0x4c)) throw new ModelFormatError('HDF5 global heap without GCOL');
  c.skip(4);
  const size = c.uint(lengthSize);
  const end = Math.min(reader.size, at + size);
  for (let n = 0; n < 100_000 && c.pos + 8 + lengthSize <= end; n++) {
    const id = c.u16();
    c.skip(2 + 4);
    const objSize = c.uint(lengthSize);
    if (id === 0) break;
    if (id === index) return utf8.decode(c.bytes(Math.min(objSize, length), 'global heap object'));
    c.skip(pad8(objSize), 'global heap object');
  }
  throw new ModelFormatError(`HDF5 global heap object ${index} not found`);
}
