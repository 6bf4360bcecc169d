import { Cursor } from './cursor.js';
import { ModelFormatError, shown, type ByteReader, type ModelFinding } from './types.js';

/**
 * ONNX is a protobuf ModelProto (onnx/onnx.proto). The reader walks only the fields that matter
 * — opset imports, graph nodes' domains, tensors' external_data — and skips everything else by its
 * wire length, so a 2 GB model costs a header's worth of reads. External data locations must stay
 * inside the model's directory (CVE-2022-25882, CVE-2024-27318: "../" and absolute paths read
 * arbitrary files).
 */
const STANDARD_DOMAINS = new Set(['', 'ai.onnx', 'ai.onnx.ml', 'ai.onnx.training', 'ai.onnx.preview.training', 'com.microsoft', 'com.microsoft.nchwc', 'com.microsoft.experimental', 'com.ms.internal.nhwc', 'org.pytorch.aten', 'ai.onnx.contrib', 'com.microsoft.dml']);
const MAX_DEPTH = 32;
const MAX_FIELDS = 5_000_000;

export interface OnnxResult {
  findings: ModelFinding[];
  irVersion: number | undefined;
  nodes: number;
  externalTensors: number;
}

function varint(c: Cursor): number {
  let result = 0;
  let mul = 1;
  for (let i = 0; i < 10; i++) {
    const b = c.u8();
    if (i < 8) result += (b & 0x7f) * mul;
    mul *= 128;
    if ((b & 0x80) === 0) return result;
  }
  throw new ModelFormatError('protobuf varint longer than 10 bytes', c.pos);
}

const utf8 = new TextDecoder('utf-8', { fatal: false });

/** True when a location leaves the model directory: absolute, drive-lettered, UNC, or climbing with "..". */
export function escapesDirectory(location: string): boolean {
  if (location === '' || location.includes('\0')) return true;
  if (/^([a-zA-Z]:|[\\/]|~)/.test(location)) return true;
  let depth = 0;
  for (const part of location.split(/[\\/]+/)) {
    if (part === '..') depth--;
    else if (part !== '.' && part !== '') depth++;
    if (depth < 0) return true;
  }
  return false;
}

export function scanOnnx(reader: ByteReader): OnnxResult {
  const c = new Cursor(reader);
  const findings: ModelFinding[] = [];
  const domains = new Set<string>();
  let fields = 0;
  let nodes = 0;
  let externalTensors = 0;
  let irVersion: number | undefined;
  let hasGraph = false;

  // Calls visit(field, wireType, end) for each field in [c.pos, end); length-delimited fields not consumed are skipped.
  const walk = (end: number, depth: number, visit: (field: number, wire: number, fieldEnd: number) => void) => {
    if (depth > MAX_DEPTH) throw new ModelFormatError(`protobuf nested deeper than ${MAX_DEPTH}`, c.pos);
    while (c.pos < end) {
      if (++fields > MAX_FIELDS) throw new ModelFormatError(`more than ${MAX_FIELDS} protobuf fields`, c.pos);
      const key = varint(c);
      const field = Math.floor(key / 8);
      const wire = key & 7;
      if (field === 0) throw new ModelFormatError('protobuf field number 0', c.pos);
      if (wire === 0) {
        const v = varint(c);
        visit(field, 0, v);
      } else if (wire === 1) c.skip(8);
      else if (wire === 5) c.skip(4);
      else if (wire === 2) {
        const len = varint(c);
        const fieldEnd = c.pos + len;
        if (fieldEnd > end) throw new ModelFormatError(`protobuf field ${field} runs past its message`, c.pos);
        visit(field, 2, fieldEnd);
        if (c.pos > fieldEnd) throw new ModelFormatError('protobuf message overran its length', c.pos);
        c.pos = fieldEnd;
      } else throw new ModelFormatError(`protobuf wire type ${wire} is not supported`, c.pos);
    }
    if (c.pos !== end) throw new ModelFormatError('protobuf message ends inside a field', c.pos);
  };
  const str = (end: number) => utf8.decode(c.bytes(Math.min(end - c.pos, 1 << 16), 'string'));

  const tensor = (end: number, depth: number) => {
    let name = '';
    const external: Record<string, string> = {};
    walk(end, depth, (field, wire, fend) => {
      if (wire !== 2) return;
      if (field === 8) name = str(fend);
      else if (field === 13) {
        let k = '';
        let v = '';
        walk(fend, depth + 1, (f, w, e) => {
          if (w !== 2) return;
          if (f === 1) k = str(e);
          else if (f === 2) v = str(e);
        });
        external[k] = v;
      }
    });
    if (external.location !== undefined) {
      externalTensors++;
      if (escapesDirectory(external.location)) {
        findings.push({ code: 'MODEL_ONNX_EXTERNAL_PATH', severity: 'critical', title: `ONNX tensor ${shown(name, 60)} loads external data from outside the model directory`, message: `External data location "${shown(external.location, 80)}" escapes the model directory: onnx < 1.16 reads arbitrary files this way (CVE-2022-25882, CVE-2024-27318).`, detail: shown(name, 60), references: ['CVE-2022-25882', 'CVE-2024-27318'] });
      }
    }
  };
  const attribute = (end: number, depth: number) =>
    walk(end, depth, (field, wire, fend) => {
      if (wire !== 2) return;
      if (field === 6 || field === 11) graph(fend, depth + 1); // g, graphs
      else if (field === 5 || field === 12) tensor(fend, depth + 1); // t, tensors
    });
  const node = (end: number, depth: number) => {
    nodes++;
    walk(end, depth, (field, wire, fend) => {
      if (wire !== 2) return;
      if (field === 7) domains.add(str(fend));
      else if (field === 5) attribute(fend, depth + 1);
    });
  };
  const graph = (end: number, depth: number): void =>
    walk(end, depth, (field, wire, fend) => {
      if (wire !== 2) return;
      if (field === 1) node(fend, depth + 1);
      else if (field === 5) tensor(fend, depth + 1);
      else if (field === 15) walk(fend, depth + 1, (f, w, e) => w === 2 && (f === 1 || f === 2) && tensor(e, depth + 2)); // sparse_initializer values/indices
    });
  const opset = (end: number, depth: number) =>
    walk(end, depth, (field, wire, fend) => {
      if (field === 1 && wire === 2) domains.add(str(fend));
    });
  const fn = (end: number, depth: number) =>
    walk(end, depth, (field, wire, fend) => {
      if (wire !== 2) return;
      if (field === 4) node(fend, depth + 1);
      else if (field === 9) opset(fend, depth + 1);
      else if (field === 10) domains.add(str(fend));
    });

  walk(reader.size, 0, (field, wire, fend) => {
    if (field === 1 && wire === 0) irVersion = fend;
    else if (wire !== 2) return;
    else if (field === 7) {
      hasGraph = true;
      graph(fend, 1);
    }
    else if (field === 8) opset(fend, 1);
    else if (field === 25) fn(fend, 1);
  });
  if (irVersion === undefined) throw new ModelFormatError('not an ONNX model: no ir_version');
  if (!hasGraph) throw new ModelFormatError('ONNX model without a graph');
  for (const d of domains) {
    if (!STANDARD_DOMAINS.has(d)) findings.push({ code: 'MODEL_ONNX_CUSTOM_DOMAIN', severity: 'medium', title: `ONNX model uses custom operator domain ${shown(d, 60)}`, message: `Operators in domain ${shown(d, 60)} need a custom-op library loaded into the runtime: native code outside the model file. Check where it comes from.`, detail: shown(d, 60) });
  }
  return { findings: findings.slice(0, 200), irVersion, nodes, externalTensors };
}
