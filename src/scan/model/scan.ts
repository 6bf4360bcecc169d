import { createGunzip, createInflate, createInflateRaw, inflateRawSync, constants as zc } from 'node:zlib';
import { executableKind } from './executables.js';
import { isGguf, scanGguf } from './gguf.js';
import { findHdf5Superblock, readHdf5RootAttributes } from './hdf5.js';
import { checkChatTemplate } from './jinja.js';
import { analyzeKerasConfig } from './keras.js';
import { isNpy, parseNpyHeader, npyItemSize } from './npy.js';
import { escapesDirectory, scanOnnx } from './onnx.js';
import { createPickleScanner, type PickleScanner, type PickleScanResult } from './pickle.js';
import { looksLikeSafetensors, scanSafetensors } from './safetensors.js';
import { bufferSource, sliceSource, type ModelSource } from './source.js';
import { ChunkQueue, parseTarHeader, scanTar, tarKind, tarLongName } from './tar.js';
import { ModelFormatError, shown, type ModelFinding } from './types.js';
import { entryDataOffset, findEndOfCentralDirectory, isZipStart, readZipDirectory, type ZipEntry } from './zip.js';

export type ModelFormat =
  | 'pickle' | 'pytorch-legacy' | 'pytorch-zip' | 'torchscript' | 'npy' | 'npz' | 'joblib' | 'safetensors' | 'gguf' | 'keras' | 'hdf5' | 'onnx' | 'zip' | 'tar' | 'tar-gz' | 'hf-config';

export interface ModelScanOptions {
  allowGlobals?: ReadonlySet<string>;
  denyGlobals?: ReadonlySet<string>;
  /** Declared uncompressed / compressed size above which a member is a zip bomb. */
  maxCompressionRatio?: number;
  /** Bytes any one decompressed stream may produce before it is cut off. */
  maxInflatedBytes?: number;
  /** Archive members inspected per archive. */
  maxMembers?: number;
}

export interface ModelScanResult {
  format: ModelFormat | undefined;
  findings: ModelFinding[];
  /** Bytes streamed through decompression or the pickle parser (headers not counted). */
  streamedBytes: number;
}

const PICKLE_EXT = /\.(pkl|pickle|pt|pth|bin|ckpt|joblib|jbl|dat|sav|model|p)$/i;
const LEGACY_MAGIC = [0x80, 0x02, 0x8a, 0x0a, 0x6c, 0xfc, 0x9c, 0x46, 0xf9, 0x20, 0x6a, 0xa8, 0x50, 0x19];
const PROTO0_START = new Set([0x28, 0x63, 0x69, 0x5d, 0x7d, 0x29, 0x4e, 0x49, 0x4c, 0x53, 0x56, 0x46, 0x6c, 0x64, 0x74]);
const MAX_NESTING = 3;

interface Context {
  options: Required<Omit<ModelScanOptions, 'allowGlobals' | 'denyGlobals'>> & Pick<ModelScanOptions, 'allowGlobals' | 'denyGlobals'>;
  findings: ModelFinding[];
  streamed: number;
}

function startsWith(head: Uint8Array, magic: readonly number[], at = 0): boolean {
  return head.length >= at + magic.length && magic.every((b, i) => head[at + i] === b);
}

function isPickleStart(head: Uint8Array, name: string): boolean {
  if (head.length >= 2 && head[0] === 0x80 && head[1]! >= 2 && head[1]! <= 5) return true;
  return PICKLE_EXT.test(name) && head.length > 0 && PROTO0_START.has(head[0]!);
}

function compression(head: Uint8Array): 'zlib' | 'gzip' | 'xz' | 'bz2' | 'lz4' | undefined {
  if (head.length >= 2 && head[0] === 0x78 && (head[0]! * 256 + head[1]!) % 31 === 0) return 'zlib';
  if (startsWith(head, [0x1f, 0x8b])) return 'gzip';
  if (startsWith(head, [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]) || startsWith(head, [0x5d, 0x00, 0x00])) return 'xz';
  if (startsWith(head, [0x42, 0x5a, 0x68])) return 'bz2';
  if (startsWith(head, [0x04, 0x22, 0x4d, 0x18])) return 'lz4';
  return undefined;
}

/** Detects a model format from the name and the first bytes (and, for zips, the end record). */
export function detectModelFormat(name: string, head: Uint8Array, source?: ModelSource): ModelFormat | undefined {
  const base = name.split('/').pop() ?? name;
  if (isGguf(head)) return 'gguf';
  if (source && looksLikeSafetensors(head, source.size)) return 'safetensors';
  if (isNpy(head)) return 'npy';
  if (startsWith(head, [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a])) return 'hdf5';
  if (isZipStart(head) || (source && /\.(pt|pth|bin|ckpt|keras|npz|zip|pkl|mar|nemo)$/i.test(base) && findEndOfCentralDirectory(source) !== undefined)) return 'zip';
  if (head.length >= 262 && head[257] === 0x75 && head[258] === 0x73 && head[259] === 0x74 && head[260] === 0x61 && head[261] === 0x72) return 'tar';
  if (startsWith(head, [0x1f, 0x8b]) && /\.(tar\.gz|tgz)$/i.test(base)) return 'tar-gz';
  if (startsWith(head, LEGACY_MAGIC)) return 'pytorch-legacy';
  if (/\.(joblib|jbl)$/i.test(base)) return 'joblib';
  if (isPickleStart(head, base)) return 'pickle';
  if (/\.onnx$/i.test(base)) return 'onnx';
  if (/\.(h5|hdf5|keras)$/i.test(base) && source && findHdf5Superblock(source) !== undefined) return 'hdf5';
  if (/(^|[-_.])(tokenizer_config|config)\.json$/.test(base)) return 'hf-config';
  if (PICKLE_EXT.test(base) && compression(head) !== undefined) return 'joblib';
  return undefined;
}

function malformed(ctx: Context, format: string, where: string, err: unknown): void {
  if (!(err instanceof ModelFormatError)) throw err;
  ctx.findings.push({ code: 'MODEL_FILE_MALFORMED', severity: 'medium', title: `Malformed ${format} file`, message: `${where} claims to be ${format} but is malformed: ${shown(err.message, 160)}. Loaders would reject it or misread it.`, detail: where });
}

async function feed(ctx: Context, chunks: AsyncIterable<Uint8Array>, scanner: PickleScanner): Promise<void> {
  for await (const chunk of chunks) {
    ctx.streamed += chunk.length;
    scanner.write(chunk);
    if (scanner.done) break;
  }
}

/** Decompresses a stream with a hard cap on its output (zip bombs, gzip bombs). */
async function* inflate(ctx: Context, input: AsyncIterable<Uint8Array>, kind: 'raw' | 'zlib' | 'gzip', limit: number, where: string): AsyncIterable<Uint8Array> {
  const z = kind === 'raw' ? createInflateRaw() : kind === 'zlib' ? createInflate() : createGunzip();
  let out = 0;
  let failed: Error | undefined;
  z.on('error', (e) => (failed = e));
  const pump = (async () => {
    try {
      for await (const c of input) if (!z.write(c)) await new Promise((r) => z.once('drain', r));
      z.end();
    } catch (e) {
      z.destroy(e as Error);
    }
  })();
  try {
    for await (const chunk of z as AsyncIterable<Buffer>) {
      out += chunk.length;
      if (out > limit) {
        ctx.findings.push({ code: 'MODEL_ARCHIVE_BOMB', severity: 'critical', title: `${where} decompresses beyond ${limit} bytes`, message: `${where} inflates past its declared size or the scanner's limit (${limit} bytes): a decompression bomb. Scanning stopped there.`, detail: where });
        z.destroy();
        return;
      }
      yield chunk;
    }
  } catch (e) {
    failed = e as Error;
  } finally {
    z.destroy();
    await pump.catch(() => undefined);
  }
  if (failed) throw new ModelFormatError(`compressed data is corrupt: ${shown(failed.message, 80)}`);
}

async function scanPickleStream(ctx: Context, chunks: AsyncIterable<Uint8Array>, label: string, maxPickles?: number, baseOffset = 0): Promise<PickleScanResult> {
  const scanner = createPickleScanner({ label, baseOffset, ...(maxPickles === undefined ? {} : { maxPickles }), ...(ctx.options.allowGlobals ? { allowGlobals: ctx.options.allowGlobals } : {}), ...(ctx.options.denyGlobals ? { denyGlobals: ctx.options.denyGlobals } : {}) });
  try {
    await feed(ctx, chunks, scanner);
  } catch (err) {
    scanner.end();
    throw err;
  }
  const result = scanner.end();
  ctx.findings.push(...result.findings);
  return result;
}

async function scanNpy(ctx: Context, source: ModelSource, where: string): Promise<void> {
  const head = source.read(0, Math.min(source.size, (1 << 20) + 12));
  const h = parseNpyHeader(head);
  if (h === undefined) throw new ModelFormatError('.npy header truncated');
  if (h.hasObject) {
    ctx.findings.push({ code: 'MODEL_NPY_OBJECT_ARRAY', severity: 'high', title: `NumPy object array in ${where}`, message: `${where} stores an object array: its data is a pickle, run by np.load(allow_pickle=True) (CVE-2019-6446). Its imports were checked too.`, detail: where, references: ['CVE-2019-6446'] });
    await scanPickleStream(ctx, source.stream(h.dataOffset, source.size - h.dataOffset, true), where, 1, h.dataOffset);
    return;
  }
  const item = npyItemSize(h.descr);
  if (item !== undefined && h.shape !== undefined) {
    const expected = h.shape.reduce((a, b) => a * b, 1) * item;
    if (expected !== source.size - h.dataOffset) ctx.findings.push({ code: 'MODEL_NPY_SIZE_MISMATCH', severity: 'medium', title: `NumPy array size in ${where} does not match its header`, message: `The header describes ${expected} data bytes; the file holds ${source.size - h.dataOffset}. Extra bytes can hide a second payload.`, detail: where });
  }
}

function memberProblems(ctx: Context, where: string, name: string, symlink: boolean): void {
  if (escapesDirectory(name) || name.includes('\\')) {
    ctx.findings.push({ code: 'MODEL_ARCHIVE_TRAVERSAL', severity: 'critical', title: `Archive member escapes the extraction directory: ${shown(name, 80)}`, message: `${where} contains a member named ${shown(name, 80)}, which extracts outside the target directory (path traversal, "zip slip").`, detail: shown(name, 80), references: ['CWE-22'] });
  }
  if (symlink) ctx.findings.push({ code: 'MODEL_ARCHIVE_SYMLINK', severity: 'critical', title: `Archive member is a link: ${shown(name, 80)}`, message: `${where} contains a symbolic or hard link ${shown(name, 80)}; extracting it lets later members write or read outside the target directory.`, detail: shown(name, 80), references: ['CWE-59'] });
}

function sniffExecutable(ctx: Context, where: string, name: string, head: Uint8Array): void {
  const kind = executableKind(head);
  if (kind !== undefined) ctx.findings.push({ code: 'MODEL_EMBEDDED_EXECUTABLE', severity: 'critical', title: `${kind} executable inside ${where}: ${shown(name, 80)}`, message: `Member ${shown(name, 80)} is a native ${kind} executable; model files never need one, and a loader or a later step can run it.`, detail: shown(name, 80) });
}

function memberHead(source: ModelSource, entry: ZipEntry, dataOffset: number): Uint8Array {
  if (entry.method === 0) return source.read(dataOffset, Math.min(4096, entry.compressedSize));
  if (entry.method !== 8) return new Uint8Array(0);
  try {
    return inflateRawSync(source.read(dataOffset, Math.min(65_536, entry.compressedSize)), { finishFlush: zc.Z_SYNC_FLUSH, maxOutputLength: 65_536 }).subarray(0, 4096);
  } catch {
    return new Uint8Array(0);
  }
}

async function scanZip(ctx: Context, source: ModelSource, where: string, depth: number): Promise<ModelFormat> {
  const dir = readZipDirectory(source);
  const names = dir.entries.map((e) => e.name);
  let format: ModelFormat = 'zip';
  if (names.some((n) => /(^|\/)data\.pkl$/.test(n))) format = names.some((n) => /(^|\/)constants\.pkl$/.test(n)) && names.some((n) => /(^|\/)code\//.test(n)) ? 'torchscript' : 'pytorch-zip';
  else if (names.includes('config.json') && (names.includes('metadata.json') || names.some((n) => n.endsWith('.weights.h5')))) format = 'keras';
  else if (names.length > 0 && names.every((n) => n.endsWith('.npy'))) format = 'npz';
  if (format === 'torchscript') ctx.findings.push({ code: 'MODEL_TORCHSCRIPT', severity: 'medium', title: `TorchScript archive ${where}`, message: 'TorchScript archives carry code (code/*.py) that torch.jit.load compiles and runs; torch.load(weights_only=True) loaded them too before torch 2.6 (CVE-2025-32434). Load only from trusted sources.', detail: where, references: ['CVE-2025-32434'] });

  if (dir.prefixBytes > 0) {
    const head = source.read(0, Math.min(4096, dir.prefixBytes));
    const inner = detectModelFormat(`${where}.prefix.pkl`, head);
    ctx.findings.push({ code: 'MODEL_POLYGLOT', severity: 'high', title: `${where} is a polyglot: ${dir.prefixBytes} bytes precede the zip`, message: `Data before the zip's first member${inner ? ` parses as ${inner}` : ''}: a file that loads differently in different tools (zip readers skip the prefix, pickle.load runs it).`, detail: where });
    if (inner === 'pickle' || inner === 'pytorch-legacy') await scanPickleStream(ctx, source.stream(0, dir.prefixBytes, true), `${where} prefix`);
  }

  const seen = new Set<string>();
  const spans = dir.entries.map((e) => e).sort((a, b) => a.localHeaderOffset - b.localHeaderOffset);
  for (let i = 0; i + 1 < spans.length; i++) {
    const a = spans[i]!;
    const b = spans[i + 1]!;
    if (a.localHeaderOffset + 30 + a.compressedSize > b.localHeaderOffset) {
      ctx.findings.push({ code: 'MODEL_ARCHIVE_BOMB', severity: 'critical', title: `Zip members overlap in ${where}`, message: `Members ${shown(a.name, 60)} and ${shown(b.name, 60)} share bytes: the construction of non-recursive zip bombs and of archives that show scanners one member and loaders another.`, detail: where });
      break;
    }
  }
  let members = 0;
  for (const entry of dir.entries) {
    const label = `${where}:${shown(entry.name, 120)}`;
    if (seen.has(entry.name)) ctx.findings.push({ code: 'MODEL_ARCHIVE_DUPLICATE', severity: 'high', title: `Duplicate archive member ${shown(entry.name, 80)}`, message: 'Two members share a name; tools disagree on which one wins, so a scanner and a loader may see different files.', detail: shown(entry.name, 80) });
    seen.add(entry.name);
    const mode = entry.unixMode ?? 0;
    memberProblems(ctx, where, entry.name, (mode & 0o170000) === 0o120000);
    if (entry.name.endsWith('/')) continue;
    if (entry.compressedSize > 0 && entry.size / entry.compressedSize > ctx.options.maxCompressionRatio && entry.size > 1 << 20) {
      ctx.findings.push({ code: 'MODEL_ARCHIVE_BOMB', severity: 'critical', title: `Zip member ${shown(entry.name, 60)} expands ${Math.round(entry.size / entry.compressedSize)}×`, message: `Member ${shown(entry.name, 60)} declares ${entry.size} bytes from ${entry.compressedSize}: above the ${ctx.options.maxCompressionRatio}× ratio real models reach; a decompression bomb.`, detail: shown(entry.name, 80) });
      continue;
    }
    if (entry.flags & 1) {
      ctx.findings.push({ code: 'MODEL_ARCHIVE_ENCRYPTED', severity: 'medium', title: `Encrypted archive member ${shown(entry.name, 60)}`, message: 'The member is encrypted and could not be inspected.', detail: shown(entry.name, 80) });
      continue;
    }
    if (++members > ctx.options.maxMembers) {
      ctx.findings.push({ code: 'MODEL_ARCHIVE_TOO_MANY', severity: 'medium', title: `${where} has more than ${ctx.options.maxMembers} members`, message: 'Members after the limit were not inspected.', detail: where });
      break;
    }
    if (entry.method !== 0 && entry.method !== 8) {
      ctx.findings.push({ code: 'MODEL_ARCHIVE_UNSUPPORTED', severity: 'medium', title: `Archive member ${shown(entry.name, 60)} uses compression method ${entry.method}`, message: 'Only stored and deflated members are inspected.', detail: shown(entry.name, 80) });
      continue;
    }
    let dataOffset: number;
    try {
      dataOffset = entryDataOffset(source, entry);
    } catch (err) {
      malformed(ctx, 'zip', label, err);
      continue;
    }
    const head = memberHead(source, entry, dataOffset);
    sniffExecutable(ctx, where, entry.name, head);
    const base = entry.name.split('/').pop() ?? '';
    const body = (): AsyncIterable<Uint8Array> => {
      const raw = source.stream(dataOffset, entry.compressedSize, entry.method === 0);
      return entry.method === 8 ? inflate(ctx, raw, 'raw', Math.min(ctx.options.maxInflatedBytes, entry.size + 1024), label) : raw;
    };
    try {
      if (/\.(pkl|pickle)$/i.test(base) || ((format === 'zip' || format === 'npz') && isPickleStart(head, base) && !isNpy(head))) {
        await scanPickleStream(ctx, body(), label);
      } else if (isNpy(head)) {
        const h = parseNpyHeader(head.length >= 4096 ? memberHeadLarge(source, entry, dataOffset) : head);
        if (h?.hasObject) {
          ctx.findings.push({ code: 'MODEL_NPY_OBJECT_ARRAY', severity: 'high', title: `NumPy object array in ${label}`, message: `${label} stores an object array: its data is a pickle, run by np.load(allow_pickle=True) (CVE-2019-6446). Its imports were checked too.`, detail: label, references: ['CVE-2019-6446'] });
          await scanPickleStream(ctx, skipBytes(body(), h.dataOffset), label, 1, h.dataOffset);
        }
      } else if (format === 'keras' && (entry.name === 'config.json' || entry.name === 'metadata.json')) {
        // read below, once both are known
      } else if (format === 'zip' && entry.method === 0 && depth < MAX_NESTING && detectModelFormat(base, head, sliceSource(source, dataOffset, entry.compressedSize)) !== undefined) {
        await scanInto(ctx, sliceSource(source, dataOffset, entry.compressedSize), label, depth + 1);
      }
    } catch (err) {
      malformed(ctx, 'archive member', label, err);
    }
  }
  if (format === 'pytorch-zip' || format === 'torchscript') {
    // torch.serialization writes "<archive>/version" (a number) and, since 2.1, "<archive>/byteorder".
    for (const e of dir.entries) {
      const base = e.name.split('/').pop();
      if ((base !== 'version' && base !== 'byteorder') || e.method !== 0 || e.size > 64) continue;
      const text = Buffer.from(source.read(entryDataOffset(source, e), e.compressedSize)).toString('latin1').trim();
      const ok = base === 'version' ? /^\d{1,4}$/.test(text) : text === 'little' || text === 'big';
      if (!ok) ctx.findings.push({ code: 'MODEL_PYTORCH_METADATA', severity: 'medium', title: `PyTorch archive member ${shown(e.name, 60)} is not what torch writes`, message: `${shown(e.name, 60)} should hold ${base === 'version' ? 'a format version number' : '"little" or "big"'}; a hand-made or altered archive.`, detail: shown(e.name, 80) });
    }
  }
  if (format === 'keras') {
    const read = async (n: string): Promise<string | undefined> => {
      const e = dir.entries.find((x) => x.name === n);
      if (!e || e.size > 64 << 20) return undefined;
      const off = entryDataOffset(source, e);
      const parts: Uint8Array[] = [];
      const raw = source.stream(off, e.compressedSize);
      for await (const c of e.method === 8 ? inflate(ctx, raw, 'raw', Math.min(64 << 20, e.size + 1024), `${where}:${n}`) : raw) parts.push(c);
      return Buffer.concat(parts).toString('utf8');
    };
    const meta = await read('metadata.json');
    let version: string | undefined;
    try {
      const v = meta === undefined ? undefined : (JSON.parse(meta) as { keras_version?: unknown }).keras_version;
      version = typeof v === 'string' ? v : undefined;
    } catch {
      version = undefined;
    }
    const config = await read('config.json');
    if (config !== undefined) ctx.findings.push(...analyzeKerasConfig(config, version, `${where}:config.json`));
  }
  return format;
}

function memberHeadLarge(source: ModelSource, entry: ZipEntry, dataOffset: number): Uint8Array {
  if (entry.method === 0) return source.read(dataOffset, Math.min((1 << 20) + 12, entry.compressedSize));
  try {
    return inflateRawSync(source.read(dataOffset, Math.min(4 << 20, entry.compressedSize)), { finishFlush: zc.Z_SYNC_FLUSH, maxOutputLength: (1 << 20) + 12 });
  } catch {
    return new Uint8Array(0);
  }
}

async function* skipBytes(input: AsyncIterable<Uint8Array>, n: number): AsyncIterable<Uint8Array> {
  let left = n;
  for await (const c of input) {
    if (left >= c.length) {
      left -= c.length;
      continue;
    }
    yield left > 0 ? c.subarray(left) : c;
    left = 0;
  }
}

const BUFFERED_MEMBER_LIMIT = 64 << 20;

/**
 * A gzip-compressed tar (SageMaker's model.tar.gz) has no random access: members are read in
 * order; pickles are streamed through the parser, other model files up to 64 MiB are buffered and
 * scanned like files, larger ones are reported as not inspected.
 */
async function scanTarStream(ctx: Context, chunks: AsyncIterable<Uint8Array>, where: string, depth: number): Promise<void> {
  const q = new ChunkQueue(chunks);
  let longName: string | undefined;
  let at = 0;
  for (let members = 0; ; ) {
    const block = await q.read(512);
    if (block.length === 0) break;
    const h = parseTarHeader(block, at);
    if (h === undefined) break;
    at += 512;
    const padded = Math.ceil(h.size / 512) * 512;
    const name = longName ?? (h.name === '' ? '(unnamed)' : h.name);
    longName = undefined;
    if (h.type === 'L' || h.type === 'x') {
      const data = await q.read(Math.min(h.size, 1 << 16));
      if (data.length < Math.min(h.size, 1 << 16)) throw new ModelFormatError('tar stream truncated', at);
      longName = tarLongName(h.type, data);
      await q.pipe(padded - data.length, () => undefined);
      at += padded;
      continue;
    }
    if (h.type !== 'g' && ++members > 200_000) throw new ModelFormatError('tar has more than 200000 members');
    const kind = tarKind(h.type);
    memberProblems(ctx, where, name, kind === 'link');
    const label = `${where}:${shown(name, 120)}`;
    let first = true;
    let scanner: PickleScanner | undefined;
    let parts: Uint8Array[] | undefined;
    let kept = 0;
    const got = await q.pipe(h.size, (chunk) => {
      ctx.streamed += chunk.length;
      if (first) {
        first = false;
        sniffExecutable(ctx, where, name, chunk.subarray(0, 4096));
        const base = name.split('/').pop() ?? name;
        if (kind !== 'file' || depth >= MAX_NESTING) return;
        if (isPickleStart(chunk, base) && !isNpy(chunk)) {
          scanner = createPickleScanner({ label, ...(ctx.options.allowGlobals ? { allowGlobals: ctx.options.allowGlobals } : {}), ...(ctx.options.denyGlobals ? { denyGlobals: ctx.options.denyGlobals } : {}) });
        } else if (detectModelFormat(base, chunk) !== undefined || /\.(safetensors|gguf|onnx|h5|keras|npy|npz|pt|pth|bin|json)$/i.test(base)) {
          if (h.size <= BUFFERED_MEMBER_LIMIT) parts = [];
          else ctx.findings.push({ code: 'MODEL_NOT_INSPECTED', severity: 'medium', title: `${label} is too large to inspect inside a compressed tar`, message: `Members of compressed tars are inspected up to ${BUFFERED_MEMBER_LIMIT} bytes; extract the archive and scan the files.`, detail: label });
        }
      }
      if (scanner && !scanner.done) scanner.write(chunk);
      if (parts) {
        parts.push(Uint8Array.from(chunk));
        kept += chunk.length;
      }
    });
    if (got < h.size) throw new ModelFormatError('tar stream truncated inside a member', at);
    await q.pipe(padded - h.size, () => undefined);
    at += padded;
    if (scanner) ctx.findings.push(...scanner.end().findings);
    if (parts && kept > 0) await scanInto(ctx, bufferSource(Buffer.concat(parts)), label, depth + 1);
  }
}

async function scanHfConfig(ctx: Context, source: ModelSource, where: string): Promise<void> {
  if (source.size > 64 << 20) return;
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(source.read(0, source.size)).toString('utf8'));
  } catch {
    return;
  }
  if (json === null || typeof json !== 'object') return;
  const o = json as Record<string, unknown>;
  const templates: string[] = [];
  if (typeof o.chat_template === 'string') templates.push(o.chat_template);
  else if (Array.isArray(o.chat_template)) for (const t of o.chat_template) if (t && typeof (t as { template?: unknown }).template === 'string') templates.push((t as { template: string }).template);
  for (const t of templates) ctx.findings.push(...checkChatTemplate(t, `${where} chat_template`));
  if (o.auto_map !== undefined) ctx.findings.push({ code: 'MODEL_REMOTE_CODE', severity: 'medium', title: `${where} needs trust_remote_code`, message: `auto_map makes transformers import Python files shipped with the model when trust_remote_code=True; read them before enabling it.`, detail: where });
}

async function scanInto(ctx: Context, source: ModelSource, where: string, depth: number): Promise<ModelFormat | undefined> {
  const head = source.read(0, 4096);
  const format = detectModelFormat(where, head, source);
  if (format === undefined) return undefined;
  try {
    switch (format) {
      case 'gguf': {
        const r = scanGguf(source);
        ctx.findings.push(...r.findings);
        break;
      }
      case 'safetensors':
        ctx.findings.push(...scanSafetensors(source).findings);
        break;
      case 'npy':
        await scanNpy(ctx, source, where);
        break;
      case 'hdf5': {
        const r = readHdf5RootAttributes(source);
        const config = r.attributes.get('model_config');
        if (config !== undefined) ctx.findings.push(...analyzeKerasConfig(config, r.attributes.get('keras_version'), `${where} model_config`));
        else if (r.dense) ctx.findings.push({ code: 'MODEL_H5_NOT_INSPECTED', severity: 'medium', title: `HDF5 root attributes of ${where} are in dense storage`, message: 'The root group keeps its attributes in a fractal heap this scanner does not read; a model_config there was not checked.', detail: where });
        break;
      }
      case 'zip':
        return await scanZip(ctx, source, where, depth);
      case 'tar':
        await scanTar(source, where, {
          onMember: async (name, offset, size, kind) => {
            memberProblems(ctx, where, name, kind === 'link');
            if (kind !== 'file') return;
            const sub = sliceSource(source, offset, size);
            sniffExecutable(ctx, where, name, sub.read(0, 4096));
            if (depth < MAX_NESTING) await scanInto(ctx, sub, `${where}:${name}`, depth + 1);
          },
        });
        break;
      case 'tar-gz':
        await scanTarStream(ctx, inflate(ctx, source.stream(0, source.size), 'gzip', ctx.options.maxInflatedBytes, where), where, depth);
        break;
      case 'pytorch-legacy': {
        // torch.load reads five pickles (magic, protocol, sys_info, object, storage keys) before the storages.
        const r = await scanPickleStream(ctx, source.stream(0, source.size, true), where, 5);
        if (r.pickles < 5 && r.malformed === undefined) throw new ModelFormatError(`legacy PyTorch file holds ${r.pickles} of its 5 pickles`);
        break;
      }
      case 'pickle':
        await scanPickleStream(ctx, source.stream(0, source.size, true), where);
        break;
      case 'joblib': {
        const kind = compression(head);
        if (kind === 'zlib' || kind === 'gzip') await scanPickleStream(ctx, inflate(ctx, source.stream(0, source.size), kind, ctx.options.maxInflatedBytes, where), where);
        else if (kind !== undefined) ctx.findings.push({ code: 'MODEL_NOT_INSPECTED', severity: 'medium', title: `${where} is ${kind}-compressed`, message: `The ${kind}-compressed pickle inside could not be inspected; decompress it and scan the result before loading.`, detail: where });
        else if (isPickleStart(head, 'x.pkl')) await scanPickleStream(ctx, source.stream(0, source.size, true), where);
        else return undefined;
        break;
      }
      case 'onnx':
        ctx.findings.push(...scanOnnx(source).findings);
        break;
      case 'hf-config':
        await scanHfConfig(ctx, source, where);
        break;
    }
  } catch (err) {
    malformed(ctx, format, where, err);
  }
  return format;
}

/**
 * Scans one file (or a stored archive member) without loading or executing anything. Returns the
 * detected format (undefined: not a model file) and the findings; bytes come only from `source`.
 */
export async function scanModelSource(source: ModelSource, name: string, options: ModelScanOptions = {}): Promise<ModelScanResult> {
  const ctx: Context = {
    options: {
      maxCompressionRatio: options.maxCompressionRatio ?? 200,
      maxInflatedBytes: options.maxInflatedBytes ?? 64 * 2 ** 30,
      maxMembers: options.maxMembers ?? 100_000,
      allowGlobals: options.allowGlobals,
      denyGlobals: options.denyGlobals,
    },
    findings: [],
    streamed: 0,
  };
  const format = await scanInto(ctx, source, name, 0);
  // Member and file names come from the file: control characters never reach a terminal or report.
  const clean = (s: string) => s.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, '?');
  const findings = ctx.findings.slice(0, 1000).map((f) => ({ ...f, title: clean(f.title), message: clean(f.message), ...(f.detail === undefined ? {} : { detail: clean(f.detail) }) }));
  return { format, findings, streamedBytes: ctx.streamed };
}
