import { readU64 } from './cursor.js';
import { ModelFormatError, shown, type ByteReader, type ModelFinding } from './types.js';

/**
 * safetensors (huggingface/safetensors docs, "Format"): u64 LE header length N, N bytes of JSON
 * {name: {dtype, shape, data_offsets: [begin, end]}, "__metadata__": {str: str}}, then the data
 * buffer. Only the header is read. Offsets must tile the buffer exactly: overlaps and bounds are
 * what memory-unsafe loaders trust.
 */
export const SAFETENSORS_MAX_HEADER = 100_000_000;

const DTYPE_BITS: Record<string, number> = {
  BOOL: 8, U8: 8, I8: 8, F8_E5M2: 8, F8_E4M3: 8, F8_E8M0: 8, I16: 16, U16: 16, F16: 16, BF16: 16, I32: 32, U32: 32, F32: 32, F64: 64, I64: 64, U64: 64, C64: 64, F4: 4, F6_E2M3: 6, F6_E3M2: 6,
};

export function looksLikeSafetensors(head: Uint8Array, size: number): boolean {
  if (head.length < 9) return false;
  const n = readU64(head, 0);
  return n > 1 && n <= SAFETENSORS_MAX_HEADER && 8 + n <= size && head[8] === 0x7b;
}

export interface SafetensorsResult {
  findings: ModelFinding[];
  tensors: number;
  metadata: Record<string, string>;
}

export function scanSafetensors(reader: ByteReader): SafetensorsResult {
  const findings: ModelFinding[] = [];
  const head = reader.read(0, 8);
  if (head.length < 8) throw new ModelFormatError('safetensors file shorter than its 8-byte header length');
  const n = readU64(head, 0);
  if (n > SAFETENSORS_MAX_HEADER) throw new ModelFormatError(`safetensors header length ${n} above the format's 100 MB limit`);
  if (8 + n > reader.size) throw new ModelFormatError(`safetensors header length ${n} runs past the end of the file (${reader.size} bytes)`);
  const raw = reader.read(8, n);
  let header: unknown;
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(raw));
  } catch (err) {
    throw new ModelFormatError(`safetensors header is not UTF-8 JSON: ${shown((err as Error).message, 80)}`);
  }
  if (header === null || typeof header !== 'object' || Array.isArray(header)) throw new ModelFormatError('safetensors header is not a JSON object');
  const dataSize = reader.size - 8 - n;
  const spans: { name: string; begin: number; end: number }[] = [];
  const metadata: Record<string, string> = {};
  const bad = (name: string, why: string, severity: ModelFinding['severity'] = 'high') =>
    findings.length < 200 &&
    findings.push({ code: 'MODEL_SAFETENSORS_INCONSISTENT', severity, title: `safetensors tensor ${shown(name, 60)}: ${why}`, message: `The header's description of tensor ${shown(name, 60)} is inconsistent (${why}); loaders that trust it read the wrong bytes.`, detail: shown(name, 60) });
  for (const [name, value] of Object.entries(header as Record<string, unknown>)) {
    if (name === '__metadata__') {
      if (value === null || typeof value !== 'object' || Array.isArray(value)) {
        findings.push({ code: 'MODEL_SAFETENSORS_METADATA', severity: 'medium', title: 'safetensors __metadata__ is not a string map', message: 'The format allows only string keys and values in __metadata__.' });
        continue;
      }
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
        if (typeof v !== 'string') findings.push({ code: 'MODEL_SAFETENSORS_METADATA', severity: 'medium', title: `safetensors metadata ${shown(k, 40)} is not a string`, message: 'The format allows only string values in __metadata__.' });
        else metadata[k] = v;
      }
      continue;
    }
    const t = value as { dtype?: unknown; shape?: unknown; data_offsets?: unknown } | null;
    if (t === null || typeof t !== 'object' || typeof t.dtype !== 'string' || !Array.isArray(t.shape) || !Array.isArray(t.data_offsets) || t.data_offsets.length !== 2) {
      bad(name, 'missing dtype, shape or data_offsets');
      continue;
    }
    const [begin, end] = t.data_offsets as unknown[];
    if (!Number.isSafeInteger(begin) || !Number.isSafeInteger(end) || (begin as number) < 0 || (end as number) < (begin as number)) {
      bad(name, 'data_offsets are not ordered non-negative integers', 'critical');
      continue;
    }
    const b = begin as number;
    const e = end as number;
    if (e > dataSize) {
      findings.push({ code: 'MODEL_SAFETENSORS_OUT_OF_BOUNDS', severity: 'critical', title: `safetensors tensor ${shown(name, 60)} points past the end of the file`, message: `Tensor ${shown(name, 60)} ends at data byte ${e} but the data buffer holds ${dataSize} bytes: an out-of-bounds read in loaders that trust offsets.`, detail: shown(name, 60) });
    }
    spans.push({ name, begin: b, end: e });
    const bits = DTYPE_BITS[t.dtype];
    let elements = 1;
    let shapeOk = true;
    for (const d of t.shape) {
      if (!Number.isSafeInteger(d) || (d as number) < 0) shapeOk = false;
      else elements *= d as number;
    }
    if (!shapeOk || !Number.isSafeInteger(elements)) bad(name, 'shape is not a list of non-negative integers');
    else if (bits === undefined) findings.push({ code: 'MODEL_SAFETENSORS_DTYPE', severity: 'medium', title: `safetensors tensor ${shown(name, 60)} has unknown dtype ${shown(t.dtype, 20)}`, message: 'The dtype is not one the format defines.', detail: shown(name, 60) });
    else if (Math.ceil((elements * bits) / 8) !== e - b) bad(name, `${e - b} bytes for ${elements} × ${t.dtype}`);
  }
  spans.sort((x, y) => x.begin - y.begin || x.end - y.end);
  let cursor = 0;
  for (const s of spans) {
    if (s.begin < cursor) {
      findings.push({ code: 'MODEL_SAFETENSORS_OVERLAP', severity: 'critical', title: `safetensors tensor ${shown(s.name, 60)} overlaps another`, message: `Tensor ${shown(s.name, 60)} starts at data byte ${s.begin}, inside the previous tensor: overlapping tensors alias memory and are never written by a real saver.`, detail: shown(s.name, 60) });
    } else if (s.begin > cursor) {
      findings.push({ code: 'MODEL_SAFETENSORS_GAP', severity: 'medium', title: `Unreferenced bytes before safetensors tensor ${shown(s.name, 60)}`, message: `Data bytes ${cursor}..${s.begin} belong to no tensor; the format requires a tightly packed buffer, and a gap can hide a payload.`, detail: shown(s.name, 60) });
    }
    cursor = Math.max(cursor, s.end);
  }
  if (cursor < dataSize) findings.push({ code: 'MODEL_SAFETENSORS_TRAILING', severity: 'medium', title: 'Bytes after the last safetensors tensor', message: `${dataSize - cursor} bytes follow the last tensor; real files end with their last tensor, and trailing data can hide a second format (a polyglot).` });
  return { findings: findings.slice(0, 200), tensors: spans.length, metadata };
}
