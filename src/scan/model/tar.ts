import { ModelFormatError, type ByteReader } from './types.js';

/**
 * POSIX ustar / GNU tar walker over 512-byte headers (POSIX.1-2017 pax, "ustar Interchange
 * Format"): names (with prefix, GNU 'L' long names and pax 'path' records), sizes in octal or
 * base-256, and link types. Member data is located, not read.
 */
export interface TarCallbacks {
  onMember(name: string, offset: number, size: number, kind: 'file' | 'link' | 'dir' | 'other'): Promise<void>;
}

const MAX_MEMBERS = 200_000;
const latin1 = new TextDecoder('latin1');

function field(b: Uint8Array, at: number, len: number): string {
  const s = b.subarray(at, at + len);
  const z = s.indexOf(0);
  return latin1.decode(z >= 0 ? s.subarray(0, z) : s);
}

function octal(b: Uint8Array, at: number, len: number): number {
  if (b[at]! & 0x80) {
    let n = b[at]! & 0x7f;
    for (let i = 1; i < len; i++) n = n * 256 + b[at + i]!;
    if (!Number.isSafeInteger(n)) throw new ModelFormatError('tar size above 2^53', at);
    return n;
  }
  const t = field(b, at, len).trim();
  if (t === '') return 0;
  if (!/^[0-7]+$/.test(t)) throw new ModelFormatError('tar size is not octal', at);
  return Number.parseInt(t, 8);
}

export interface TarHeader {
  name: string;
  size: number;
  /** '0' file, '1' hard link, '2' symlink, '5' directory, 'L' GNU long name, 'x' pax, 'g' pax global. */
  type: string;
}

/** Parses one 512-byte header; undefined for the all-zero end-of-archive block. */
export function parseTarHeader(h: Uint8Array, at: number): TarHeader | undefined {
  if (h.length < 512) throw new ModelFormatError('truncated tar header', at);
  if (h.every((x) => x === 0)) return undefined;
  let sum = 0;
  for (let i = 0; i < 512; i++) sum += i >= 148 && i < 156 ? 32 : h[i]!;
  if (sum !== octal(h, 148, 8)) throw new ModelFormatError('tar header checksum mismatch', at);
  const size = octal(h, 124, 12);
  const type = String.fromCharCode(h[156]!);
  const prefix = field(h, 257, 6) === 'ustar' ? field(h, 345, 155) : '';
  return { name: prefix !== '' ? `${prefix}/${field(h, 0, 100)}` : field(h, 0, 100), size, type };
}

/** The name a GNU 'L' or pax 'x' record gives the next member. */
export function tarLongName(type: string, data: Uint8Array): string | undefined {
  const text = latin1.decode(data.subarray(0, 1 << 16));
  if (type === 'L') return text.replace(/\0+$/, '');
  const m = /\d+ path=([^\n]*)\n/.exec(text);
  return m ? m[1]! : undefined;
}

export function tarKind(type: string): 'file' | 'link' | 'dir' | 'other' {
  return type === '0' || type === '\0' || type === '7' ? 'file' : type === '1' || type === '2' ? 'link' : type === '5' ? 'dir' : 'other';
}

export async function scanTar(reader: ByteReader, _where: string, cb: TarCallbacks): Promise<number> {
  let pos = 0;
  let members = 0;
  let longName: string | undefined;
  while (pos + 512 <= reader.size) {
    const h = parseTarHeader(reader.read(pos, 512), pos);
    if (h === undefined) return members;
    const dataAt = pos + 512;
    if (dataAt + h.size > reader.size) throw new ModelFormatError('tar member runs past the end of the file', pos);
    let name = longName ?? h.name;
    longName = undefined;
    if (h.type === 'L' || h.type === 'x') longName = tarLongName(h.type, reader.read(dataAt, Math.min(h.size, 1 << 16)));
    else if (h.type !== 'g') {
      if (++members > MAX_MEMBERS) throw new ModelFormatError(`tar has more than ${MAX_MEMBERS} members`);
      if (name === '') name = '(unnamed)';
      await cb.onMember(name, dataAt, h.size, tarKind(h.type));
    }
    pos = dataAt + Math.ceil(h.size / 512) * 512;
  }
  // POSIX ends an archive with zero blocks; a tar without them was cut short.
  throw new ModelFormatError('tar ends without its end-of-archive block', pos);
}

/** Reads an async byte stream in exact amounts (a compressed tar has no random access). */
export class ChunkQueue {
  private buf: Uint8Array = new Uint8Array(0);
  private iter: AsyncIterator<Uint8Array>;
  private ended = false;
  constructor(source: AsyncIterable<Uint8Array>) {
    this.iter = source[Symbol.asyncIterator]();
  }
  private async fill(): Promise<boolean> {
    if (this.ended) return false;
    const r = await this.iter.next();
    if (r.done) {
      this.ended = true;
      return false;
    }
    const merged = new Uint8Array(this.buf.length + r.value.length);
    merged.set(this.buf, 0);
    merged.set(r.value, this.buf.length);
    this.buf = merged;
    return true;
  }
  /** Exactly n bytes (n small), or fewer at the end of the stream. */
  async read(n: number): Promise<Uint8Array> {
    while (this.buf.length < n && (await this.fill()));
    const out = this.buf.subarray(0, Math.min(n, this.buf.length));
    this.buf = this.buf.subarray(out.length);
    return out;
  }
  /** Passes the next n bytes to `sink` chunk by chunk; returns how many there were. */
  async pipe(n: number, sink: (chunk: Uint8Array) => void): Promise<number> {
    let left = n;
    while (left > 0) {
      if (this.buf.length === 0 && !(await this.fill())) break;
      const take = Math.min(left, this.buf.length);
      sink(this.buf.subarray(0, take));
      this.buf = this.buf.subarray(take);
      left -= take;
    }
    return n - left;
  }
}
