import { Cursor } from './cursor.js';
import { checkChatTemplate } from './jinja.js';
import { ModelFormatError, shown, type ByteReader, type ModelFinding } from './types.js';

/**
 * GGUF v2/v3 (ggml/docs/gguf.md): "GGUF", u32 version, u64 tensor_count, u64 kv_count, key-values
 * (key: u64 length + bytes; u32 type; value), tensor infos (name, u32 n_dims, u64 dims, u32 ggml
 * type, u64 offset), padding to general.alignment, tensor data. Only the header is read. Bounds
 * matter: llama.cpp's GGUF reader had heap overflows from lengths and counts it trusted
 * (CVE-2024-21802, CVE-2024-21836, TALOS-2024-1912..1916).
 */
export const GGUF_LIMITS = { tensors: 1_000_000, kvs: 1_000_000, stringBytes: 64 << 20, arrayItems: 50_000_000, dims: 4 } as const;

const TYPE_NAMES = ['u8', 'i8', 'u16', 'i16', 'u32', 'i32', 'f32', 'bool', 'string', 'array', 'u64', 'i64', 'f64'];
const FIXED: Record<number, number> = { 0: 1, 1: 1, 2: 2, 3: 2, 4: 4, 5: 4, 6: 4, 7: 1, 10: 8, 11: 8, 12: 8 };

// ggml types whose block layout is certain: [bytes per block, elements per block].
const GGML_BLOCKS: Record<number, [number, number]> = {
  0: [4, 1], 1: [2, 1], 2: [18, 32], 3: [20, 32], 6: [22, 32], 7: [24, 32], 8: [34, 32], 9: [36, 32], 10: [84, 256], 11: [110, 256], 12: [144, 256],
  13: [176, 256], 14: [210, 256], 15: [292, 256], 24: [1, 1], 25: [2, 1], 26: [4, 1], 27: [8, 1], 28: [8, 1], 30: [2, 1],
};

export function isGguf(head: Uint8Array): boolean {
  return head.length >= 4 && head[0] === 0x47 && head[1] === 0x47 && head[2] === 0x55 && head[3] === 0x46;
}

export interface GgufResult {
  findings: ModelFinding[];
  version: number;
  tensors: number;
  metadata: Map<string, string | number | boolean>;
}

const utf8 = new TextDecoder('utf-8', { fatal: false });

function readString(c: Cursor, what: string): string {
  const len = c.u64(what);
  if (len > GGUF_LIMITS.stringBytes) throw new ModelFormatError(`GGUF ${what} length ${len} above ${GGUF_LIMITS.stringBytes}`, c.pos - 8);
  return utf8.decode(c.bytes(len, what));
}

function skipString(c: Cursor, what: string): void {
  const len = c.u64(what);
  if (len > GGUF_LIMITS.stringBytes) throw new ModelFormatError(`GGUF ${what} length ${len} above ${GGUF_LIMITS.stringBytes}`, c.pos - 8);
  c.skip(len, what);
}

export function scanGguf(reader: ByteReader): GgufResult {
  const c = new Cursor(reader);
  const findings: ModelFinding[] = [];
  if (!isGguf(c.bytes(4, 'magic'))) throw new ModelFormatError('not a GGUF file');
  const version = c.u32();
  if (version !== 2 && version !== 3) throw new ModelFormatError(`GGUF version ${version} is not supported (2 or 3)`);
  const tensorCount = c.u64('tensor_count');
  const kvCount = c.u64('kv_count');
  if (tensorCount > GGUF_LIMITS.tensors) throw new ModelFormatError(`GGUF tensor_count ${tensorCount} above ${GGUF_LIMITS.tensors}`);
  if (kvCount > GGUF_LIMITS.kvs) throw new ModelFormatError(`GGUF kv_count ${kvCount} above ${GGUF_LIMITS.kvs}`);
  const metadata = new Map<string, string | number | boolean>();
  let arrayItems = 0;
  const readValue = (type: number, key: string, depth: number): string | number | boolean | undefined => {
    if (type in FIXED) {
      const b = c.bytes(FIXED[type]!, key);
      const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
      switch (type) {
        case 0: return dv.getUint8(0);
        case 1: return dv.getInt8(0);
        case 2: return dv.getUint16(0, true);
        case 3: return dv.getInt16(0, true);
        case 4: return dv.getUint32(0, true);
        case 5: return dv.getInt32(0, true);
        case 6: return dv.getFloat32(0, true);
        case 7:
          if (b[0]! > 1) throw new ModelFormatError(`GGUF bool ${shown(key, 60)} is ${b[0]}`, c.pos - 1);
          return b[0] === 1;
        case 10: return Number(dv.getBigUint64(0, true));
        case 11: return Number(dv.getBigInt64(0, true));
        default: return dv.getFloat64(0, true);
      }
    }
    if (type === 8) return readString(c, `value of ${shown(key, 60)}`);
    if (type === 9) {
      if (depth >= 3) throw new ModelFormatError(`GGUF array ${shown(key, 60)} nested deeper than 3`, c.pos);
      const itemType = c.u32();
      const n = c.u64('array length');
      arrayItems += n;
      if (arrayItems > GGUF_LIMITS.arrayItems) throw new ModelFormatError(`GGUF arrays hold more than ${GGUF_LIMITS.arrayItems} items`, c.pos);
      if (itemType in FIXED) c.skip(n * FIXED[itemType]!, `array ${shown(key, 60)}`);
      else if (itemType === 8) for (let i = 0; i < n; i++) skipString(c, `item of ${shown(key, 60)}`);
      else if (itemType === 9) for (let i = 0; i < n; i++) readValue(9, key, depth + 1);
      else throw new ModelFormatError(`GGUF array ${shown(key, 60)} has unknown item type ${itemType}`, c.pos);
      return undefined;
    }
    throw new ModelFormatError(`GGUF key ${shown(key, 60)} has unknown value type ${type}`, c.pos - 4);
  };
  const seen = new Set<string>();
  for (let i = 0; i < kvCount; i++) {
    const key = readString(c, 'key');
    const type = c.u32();
    const value = readValue(type, key, 0);
    if (seen.has(key)) findings.push({ code: 'MODEL_GGUF_DUPLICATE_KEY', severity: 'high', title: `GGUF key ${shown(key, 60)} appears twice`, message: 'Readers disagree on which copy wins; a duplicate key can show a scanner one value and a runner another.', detail: shown(key, 60) });
    seen.add(key);
    if (value !== undefined && metadata.size < 10_000) metadata.set(key, value);
    if (typeof value === 'string' && (key === 'tokenizer.chat_template' || key.startsWith('tokenizer.chat_template.'))) findings.push(...checkChatTemplate(value, `GGUF ${shown(key, 60)}`));
    if (key === 'tokenizer.chat_template' && type !== 8) findings.push({ code: 'MODEL_GGUF_BAD_VALUE', severity: 'medium', title: `GGUF chat template has type ${TYPE_NAMES[type] ?? type}`, message: 'tokenizer.chat_template must be a string.', detail: key });
  }
  const alignmentValue = metadata.get('general.alignment');
  const alignment = alignmentValue === undefined ? 32 : Number(alignmentValue);
  if (!Number.isInteger(alignment) || alignment <= 0 || alignment > 1 << 20 || (alignment & (alignment - 1)) !== 0) {
    throw new ModelFormatError(`GGUF general.alignment ${String(alignmentValue)} is not a power of two`);
  }
  const infos: { name: string; offset: number; bytes: number | undefined }[] = [];
  for (let i = 0; i < tensorCount; i++) {
    const name = readString(c, 'tensor name');
    const nDims = c.u32();
    if (nDims > GGUF_LIMITS.dims) throw new ModelFormatError(`GGUF tensor ${shown(name, 60)} has ${nDims} dimensions (max ${GGUF_LIMITS.dims})`, c.pos - 4);
    let elements = 1;
    for (let d = 0; d < nDims; d++) elements *= c.u64('dimension');
    const type = c.u32();
    const offset = c.u64('tensor offset');
    const block = GGML_BLOCKS[type];
    const bytes = block !== undefined && elements % block[1] === 0 ? (elements / block[1]) * block[0] : undefined;
    if (block !== undefined && elements % block[1] !== 0) findings.push({ code: 'MODEL_GGUF_TENSOR_INCONSISTENT', severity: 'high', title: `GGUF tensor ${shown(name, 60)}: ${elements} elements do not fill whole blocks of type ${type}`, message: 'Loaders compute sizes from blocks; a partial block is a malformed tensor.', detail: shown(name, 60) });
    if (type > 64) findings.push({ code: 'MODEL_GGUF_TENSOR_INCONSISTENT', severity: 'high', title: `GGUF tensor ${shown(name, 60)} has unknown ggml type ${type}`, message: 'The tensor type is not one ggml defines.', detail: shown(name, 60) });
    if (offset % alignment !== 0) findings.push({ code: 'MODEL_GGUF_TENSOR_INCONSISTENT', severity: 'high', title: `GGUF tensor ${shown(name, 60)} offset is not aligned to ${alignment}`, message: 'Tensor offsets must be multiples of general.alignment.', detail: shown(name, 60) });
    infos.push({ name, offset, bytes: bytes !== undefined && Number.isSafeInteger(bytes) ? bytes : undefined });
  }
  const dataStart = Math.ceil(c.pos / alignment) * alignment;
  const dataSize = reader.size - dataStart;
  infos.sort((a, b) => a.offset - b.offset);
  let end = 0;
  let prev = '';
  for (const t of infos) {
    if (t.offset < end) findings.push({ code: 'MODEL_GGUF_TENSOR_OVERLAP', severity: 'critical', title: `GGUF tensor ${shown(t.name, 60)} overlaps ${shown(prev, 60)}`, message: 'Overlapping tensor data is never written by a real converter; it aliases memory in loaders that trust offsets.', detail: shown(t.name, 60) });
    const tEnd = t.offset + (t.bytes ?? 0);
    if (tEnd > dataSize || t.offset > dataSize) findings.push({ code: 'MODEL_GGUF_OUT_OF_BOUNDS', severity: 'critical', title: `GGUF tensor ${shown(t.name, 60)} points past the end of the file`, message: `Tensor data ends at ${tEnd} but the data section holds ${Math.max(0, dataSize)} bytes: an out-of-bounds read in loaders that trust offsets (CVE-2024-21836).`, detail: shown(t.name, 60), references: ['CVE-2024-21836'] });
    if (tEnd > end) {
      end = tEnd;
      prev = t.name;
    }
  }
  return { findings: findings.slice(0, 200), version, tensors: infos.length, metadata };
}
