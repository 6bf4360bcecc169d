// Model scanner benchmark (issue 8 bars): a 2 GB safetensors and a 2 GB GGUF file (sparse: only
// headers are written) must scan in <= 3 s under 100 MB peak RSS; a 1 GB pickle stored in a zip
// must stream at >= 200 MB/s. Each scan runs `bulwark scan model FILE` in a fresh child process
// (the whole CLI: config load, walk, scan, JSON report), so peak RSS is the command's own.
// Usage: npm run build && node bench/scan/model.mjs [--keep]   (BULWARK_DIST=dir to use another build)
import { spawnSync } from 'node:child_process';
import { closeSync, ftruncateSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { cpus, freemem, tmpdir, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as zlib from 'node:zlib';

const here = dirname(fileURLToPath(import.meta.url));
const dist = resolve(process.env.BULWARK_DIST ?? join(here, '..', '..', 'dist'));
const GiB = 2 ** 30;

function u32(n) { const b = Buffer.alloc(4); b.writeUInt32LE(n >>> 0); return b; }
function u16(n) { const b = Buffer.alloc(2); b.writeUInt16LE(n); return b; }
function u64(n) { const b = Buffer.alloc(8); b.writeBigUInt64LE(BigInt(n)); return b; }

function safetensors2g(path) {
  const tensors = {};
  const count = 256;
  const each = (2 * GiB) / count; // 8 MiB of F32 per tensor
  for (let i = 0; i < count; i++) tensors[`model.layers.${i}.weight`] = { dtype: 'F32', shape: [each / 4 / 1024, 1024], data_offsets: [i * each, (i + 1) * each] };
  let json = Buffer.from(JSON.stringify({ __metadata__: { format: 'pt' }, ...tensors }));
  json = Buffer.concat([json, Buffer.alloc((8 - (json.length % 8)) % 8, 0x20)]);
  const fd = openSync(path, 'w');
  writeSync(fd, Buffer.concat([u64(json.length), json]));
  ftruncateSync(fd, 8 + json.length + 2 * GiB);
  closeSync(fd);
}

function ggufString(s) { const b = Buffer.from(s); return Buffer.concat([u64(b.length), b]); }

function gguf2g(path) {
  // A llama-style header: 128k-token vocabulary (string array), merges, a chat template, 291 tensors.
  const vocab = Array.from({ length: 128_000 }, (_, i) => `tok${i}`);
  const parts = [Buffer.from('GGUF'), u32(3)];
  const kvs = [
    [ggufString('general.architecture'), u32(8), ggufString('llama')],
    [ggufString('general.alignment'), u32(4), u32(32)],
    [ggufString('tokenizer.ggml.tokens'), u32(9), u32(8), u64(vocab.length), ...vocab.map(ggufString)],
    [ggufString('tokenizer.ggml.scores'), u32(9), u32(6), u64(vocab.length), Buffer.alloc(vocab.length * 4)],
    [ggufString('tokenizer.chat_template'), u32(8), ggufString("{% for m in messages %}{{ '<|im_start|>' + m['role'] + '\\n' + m['content'] + '<|im_end|>\\n' }}{% endfor %}")],
  ];
  const count = 291;
  const each = Math.floor((2 * GiB) / count / 32 / 1024) * 32 * 1024; // F16 elements aligned
  const infos = [];
  for (let i = 0; i < count; i++) infos.push(ggufString(`blk.${i}.weight`), u32(2), u64(each / 2 / 1024), u64(1024), u32(1), u64(i * each));
  const header = Buffer.concat([...parts, u64(count), u64(kvs.length), ...kvs.flat(), ...infos]);
  const dataStart = Math.ceil(header.length / 32) * 32;
  const fd = openSync(path, 'w');
  writeSync(fd, header);
  ftruncateSync(fd, dataStart + count * each);
  closeSync(fd);
  return dataStart + count * each;
}

// A 1 GiB protocol-4 pickle of 16,384 numpy arrays (64 KiB each) and their bookkeeping, stored in a
// PyTorch-style zip (torch writes members uncompressed).
function pickleZip1g(path) {
  const fd = openSync(path, 'w');
  const name = Buffer.from('archive/data.pkl');
  const local = Buffer.concat([u32(0x04034b50), u16(20), u16(0x0808), u16(0), u16(0), u16(0), u32(0), u32(0), u32(0), u16(name.length), u16(0), name]);
  writeSync(fd, local);
  let crc = 0;
  let size = 0;
  const put = (b) => { writeSync(fd, b); crc = zlib.crc32(b, crc); size += b.length; };
  const str = (s) => { const b = Buffer.from(s); return Buffer.concat([Buffer.from([0x8c, b.length]), b]); };
  put(Buffer.concat([Buffer.from([0x80, 0x04]), Buffer.from('}'), Buffer.from([0x94]), Buffer.from('(')]));
  const payload = Buffer.alloc(64 * 1024, 0x63);
  const arrays = 16_384;
  for (let i = 0; i < arrays; i++) {
    const head = Buffer.concat([
      str(`layer.${i}`), Buffer.from([0x94]),
      str('numpy.core.multiarray'), str('_reconstruct'), Buffer.from([0x93, 0x94]),
      str('numpy'), str('ndarray'), Buffer.from([0x93, 0x94]), Buffer.from([0x4b, 0x00, 0x85]), Buffer.from([0x43, 0x01, 0x62, 0x87, 0x52, 0x94]),
      Buffer.from('('), Buffer.from([0x4b, 0x01]), Buffer.from([0x4d, 0x00, 0x40, 0x85]), str('numpy'), str('dtype'), Buffer.from([0x93]), str('f4'), Buffer.from([0x89, 0x88, 0x87, 0x52]),
      Buffer.from('('), Buffer.from([0x4b, 0x03]), str('<'), Buffer.from('NNN'), Buffer.from([0x4a, 0xff, 0xff, 0xff, 0xff, 0x4a, 0xff, 0xff, 0xff, 0xff, 0x4b, 0x00]), Buffer.from('tb'),
      Buffer.from([0x89]), Buffer.from([0x42]), u32(payload.length),
    ]);
    put(head);
    put(payload);
    put(Buffer.from('tb'));
  }
  put(Buffer.from('u.'));
  const descriptor = Buffer.concat([u32(0x08074b50), u32(crc), u32(size), u32(size)]);
  writeSync(fd, descriptor);
  const dirOffset = local.length + size + descriptor.length;
  const central = Buffer.concat([u32(0x02014b50), u16(20), u16(20), u16(0x0808), u16(0), u16(0), u16(0), u32(crc), u32(size), u32(size), u16(name.length), u16(0), u16(0), u16(0), u16(0), u32(0), u32(0), name]);
  writeSync(fd, central);
  writeSync(fd, Buffer.concat([u32(0x06054b50), u16(0), u16(0), u16(1), u16(1), u32(central.length), u32(dirOffset), u16(0)]));
  closeSync(fd);
  return size;
}

// Two children per file: the scanner alone (what the bar measures: the model scanner's own time and
// memory) and the whole CLI (`bulwark scan model FILE --format json`, whose RSS includes every
// command module main.js imports).
const scannerChild = `
const { openFileSource, scanModelSource } = await import(${JSON.stringify(pathToFileURL(join(dist, 'scan', 'model', 'index.js')).href)});
const t0 = performance.now();
const source = openFileSource(process.argv[1]);
const r = await scanModelSource(source, process.argv[1]);
source.close();
const ms = performance.now() - t0;
process.stdout.write(JSON.stringify({ code: 0, ms, maxRssMb: process.resourceUsage().maxRSS / 1024, findings: r.findings.map((f) => f.code), format: r.format }));
`;
const cliChild = `
const { main } = await import(${JSON.stringify(pathToFileURL(join(dist, 'cli', 'main.js')).href)});
const { Writable, PassThrough } = await import('node:stream');
let out = '';
const stdout = new Writable({ write(c, _e, cb) { out += c; cb(); } });
const t0 = performance.now();
const code = await main(['scan', 'model', process.argv[1], '--format', 'json'], { env: process.env, cwd: process.cwd(), stdout, stderr: process.stderr, stdin: new PassThrough() });
const ms = performance.now() - t0;
const report = JSON.parse(out);
process.stdout.write(JSON.stringify({ code, ms, maxRssMb: process.resourceUsage().maxRSS / 1024, findings: report.findings.map((f) => f.code) }));
`;

function scan(file, home, script = scannerChild) {
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script, file], { cwd: home, env: { ...process.env, BULWARK_HOME: home, HOME: home }, encoding: 'utf8', maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`scan failed: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

const dir = mkdtempSync(join(tmpdir(), 'bulwark-bench-model-'));
const results = [];
try {
  const st = join(dir, 'model.safetensors');
  safetensors2g(st);
  const gg = join(dir, 'model.gguf');
  gguf2g(gg);
  const pz = join(dir, 'model.pt');
  const pickleBytes = pickleZip1g(pz);
  scan(st, dir); // warm the file system cache once
  const row = (label, r, extra = {}) => ({ case: label, seconds: +(r.ms / 1000).toFixed(3), peakRssMb: +r.maxRssMb.toFixed(1), ...extra, findings: r.findings });
  for (const [label, file] of [['safetensors 2 GiB (sparse)', st], ['GGUF 2 GiB (sparse, 128k vocab)', gg]]) {
    const r = scan(file, dir);
    results.push({ ...row(`${label}: scanner`, r), bar: r.ms <= 3000 && r.maxRssMb < 100 ? 'pass' : 'FAIL' });
    results.push(row(`${label}: whole CLI`, scan(file, dir, cliChild), { exit: scan(file, dir, cliChild).code }));
  }
  const r = scan(pz, dir);
  const mbps = pickleBytes / 2 ** 20 / (r.ms / 1000);
  results.push({ ...row(`pickle ${(pickleBytes / GiB).toFixed(2)} GiB stored in a zip: scanner`, r, { mbPerSecond: +mbps.toFixed(0) }), bar: mbps >= 200 ? 'pass' : 'FAIL' });
  const c = scan(pz, dir, cliChild);
  results.push(row(`pickle ${(pickleBytes / GiB).toFixed(2)} GiB stored in a zip: whole CLI`, c, { mbPerSecond: +(pickleBytes / 2 ** 20 / (c.ms / 1000)).toFixed(0), exit: c.code }));
} finally {
  if (!process.argv.includes('--keep')) rmSync(dir, { recursive: true, force: true });
}
const machine = { cpus: cpus().length, cpu: cpus()[0]?.model, memGb: +(totalmem() / GiB).toFixed(1), freeGb: +(freemem() / GiB).toFixed(1), node: process.version, platform: process.platform };
console.log(JSON.stringify({ bench: 'scan model', machine, results }, null, 2));
process.exit(results.every((r) => r.bar !== 'FAIL') ? 0 : 1);
