import { ModelFormatError, type ByteReader } from './types.js';

const BLOCK = 1 << 20;

/**
 * A forward cursor over a ByteReader with a one-block cache, so header parsers that read many
 * small fields (GGUF vocabularies, protobuf, HDF5) cost one reader call per megabyte and skipping a
 * tensor's data costs nothing.
 */
export class Cursor {
  pos: number;
  private block: Uint8Array = new Uint8Array(0);
  private blockStart = 0;

  constructor(
    readonly reader: ByteReader,
    start = 0,
    readonly end = reader.size,
  ) {
    this.pos = start;
  }

  get remaining(): number {
    return this.end - this.pos;
  }

  bytes(length: number, what = 'field'): Uint8Array {
    if (!Number.isSafeInteger(length) || length < 0 || length > this.end - this.pos) {
      throw new ModelFormatError(`truncated ${what}: needs ${length} bytes, ${Math.max(0, this.end - this.pos)} left`, this.pos);
    }
    const inBlock = this.pos - this.blockStart;
    if (inBlock >= 0 && inBlock + length <= this.block.length) {
      this.pos += length;
      return this.block.subarray(inBlock, inBlock + length);
    }
    if (length > BLOCK) {
      const out = this.reader.read(this.pos, length);
      if (out.length < length) throw new ModelFormatError(`truncated ${what}`, this.pos);
      this.pos += length;
      return out;
    }
    this.blockStart = this.pos;
    this.block = this.reader.read(this.pos, Math.min(BLOCK, this.end - this.pos));
    if (this.block.length < length) throw new ModelFormatError(`truncated ${what}`, this.pos);
    this.pos += length;
    return this.block.subarray(0, length);
  }

  skip(length: number, what = 'field'): void {
    if (!Number.isSafeInteger(length) || length < 0 || length > this.end - this.pos) {
      throw new ModelFormatError(`truncated ${what}: skips ${length} bytes, ${Math.max(0, this.end - this.pos)} left`, this.pos);
    }
    this.pos += length;
  }

  // Integers read straight from the cached block: a GGUF vocabulary is a million of them, and a
  // view object per field would churn the young generation.
  private at(length: number): number {
    const inBlock = this.pos - this.blockStart;
    if (inBlock >= 0 && inBlock + length <= this.block.length) {
      this.pos += length;
      return inBlock;
    }
    this.bytes(length);
    return this.pos - this.blockStart - length;
  }
  u8(): number {
    const i = this.at(1); // before reading this.block: at() may load a new block
    return this.block[i]!;
  }
  u16(): number {
    const i = this.at(2);
    return this.block[i]! | (this.block[i + 1]! << 8);
  }
  u32(): number {
    const i = this.at(4);
    const b = this.block;
    return (b[i]! | (b[i + 1]! << 8) | (b[i + 2]! << 16)) + b[i + 3]! * 0x1000000;
  }
  /** u64 as a number; values above 2^53 are refused (no file here is that large). */
  u64(what = 'u64'): number {
    const lo = this.u32();
    const hi = this.u32();
    if (hi >= 0x200000) throw new ModelFormatError(`${what} is larger than 2^53`, this.pos - 8);
    return hi * 0x100000000 + lo;
  }
  /** Unsigned little-endian integer of 1..8 bytes (HDF5 offsets and lengths). */
  uint(size: number): number {
    if (size === 1) return this.u8();
    if (size === 2) return this.u16();
    if (size === 4) return this.u32();
    if (size === 8) return this.u64();
    throw new ModelFormatError(`unsupported integer size ${size}`, this.pos);
  }
}

export function readU64(b: Uint8Array, at: number): number {
  const lo = (b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16)) + b[at + 3]! * 0x1000000;
  const hi = (b[at + 4]! | (b[at + 5]! << 8) | (b[at + 6]! << 16)) + b[at + 7]! * 0x1000000;
  return hi * 0x100000000 + lo;
}

export function readU32(b: Uint8Array, at: number): number {
  return (b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16)) + b[at + 3]! * 0x1000000;
}

export function readU16(b: Uint8Array, at: number): number {
  return b[at]! | (b[at + 1]! << 8);
}
