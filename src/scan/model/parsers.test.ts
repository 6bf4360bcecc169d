import { describe, expect, it } from 'vitest';
import { buildGgufHeader, buildSafetensorsHeader, buildZip, PickleWriter, u64 } from './fixtures/writers.js';
import { bufferReader, bufferSource, checkChatTemplate, classifyGlobal, escapesDirectory, executableKind, kerasVersionCves, ModelFormatError, readZipDirectory, scanGguf, scanModelSource, scanPickleBytes, scanSafetensors } from './index.js';

const codes = (fs: { code: string }[]) => fs.map((f) => f.code);

describe('pickle scanner', () => {
  it.each([
    ['collections', 'OrderedDict', 'safe'],
    ['torch._utils', '_rebuild_tensor_v2', 'safe'],
    ['torch', 'BFloat16Storage', 'safe'],
    ['numpy.core.multiarray', '_reconstruct', 'safe'],
    ['sklearn.ensemble._forest', 'RandomForestClassifier', 'safe'],
    ['__builtin__', 'set', 'safe'],
    ['os', 'system', 'dangerous'],
    ['posix', 'system', 'dangerous'],
    ['nt', 'system', 'dangerous'],
    ['subprocess', 'check_output', 'dangerous'],
    ['builtins', 'getattr', 'dangerous'],
    ['builtins', 'print', 'dangerous'],
    ['importlib', 'import_module', 'dangerous'],
    ['runpy', 'run_path', 'dangerous'],
    ['socket', 'create_connection', 'dangerous'],
    ['numpy', '__builtins__', 'dangerous'],
    ['numpy.testing._private.utils', 'os.system', 'dangerous'],
    ['torch.serialization', 'load', 'dangerous'],
    ['functools', 'partial', 'dangerous'],
    ['sklearn.utils', 'some_function', 'unknown'],
    ['mylab.layers', 'Block', 'unknown'],
    ['__main__', 'MyModel', 'unknown'],
    ['__main__', '__builtins__', 'dangerous'],
    ['transformers.training_args', 'TrainingArguments', 'unknown'],
    ['numpy.dtypes', 'Float64DType', 'safe'],
    ['scipy.sparse._csr', 'csr_matrix', 'safe'],
  ])('%s.%s is %s', (m, n, verdict) => expect(classifyGlobal(m, n)).toBe(verdict));

  it('resolves STACK_GLOBAL through the memo as pickle.py does (MEMOIZE indexes by len(memo))', () => {
    const bytes = new PickleWriter().proto(4).str('collections').binput(1).str('os').memoize().raw(0x30, 0x30).binget(1).str('system').stackGlobal().str('id').tuple1().reduce().stop().toBuffer();
    const r = scanPickleBytes(bytes);
    expect(r.globals.map((g) => `${g.module}.${g.name}:${g.verdict}`)).toEqual(['os.system:dangerous']);
  });

  it('reads pickles stacked after STOP, and stops quietly at trailing non-pickle bytes', () => {
    const benign = new PickleWriter().proto(2).emptyDict().stop().toBuffer();
    const evil = new PickleWriter().proto(2).global('os', 'system').str('id').tuple1().reduce().stop().toBuffer();
    const stacked = scanPickleBytes(Buffer.concat([benign, evil]));
    expect([stacked.pickles, codes(stacked.findings).sort()]).toEqual([2, ['MODEL_PICKLE_DANGEROUS_GLOBAL', 'MODEL_PICKLE_STACKED']]);
    const trailing = scanPickleBytes(Buffer.concat([benign, Buffer.from([0xff, 0x00, 0x13])]));
    expect([trailing.pickles, trailing.findings, trailing.malformed]).toEqual([1, [], undefined]);
  });

  it.each([
    ['empty', Buffer.alloc(0)],
    ['truncated opcode', Buffer.from([0x80, 0x02, 0x58, 0x10, 0x00])],
    ['no STOP', new PickleWriter().proto(2).emptyDict().toBuffer()],
    ['unknown opcode', Buffer.from([0x80, 0x02, 0xff])],
    ['protocol 9', Buffer.from([0x80, 0x09, 0x2e])],
    ['stack underflow', Buffer.from([0x80, 0x02, 0x52, 0x2e])],
    ['memo miss', Buffer.from([0x80, 0x02, 0x68, 0x05, 0x2e])],
    ['length above 2^53', Buffer.concat([Buffer.from([0x80, 0x04, 0x8e]), Buffer.alloc(8, 0xff)])],
    ['huge GLOBAL line', Buffer.concat([Buffer.from('c'), Buffer.alloc(5000, 0x41), Buffer.from('\n'), Buffer.alloc(10, 0x41), Buffer.from('\n.')])],
  ])('%s → MODEL_PICKLE_MALFORMED with a reason', (_n, bytes) => {
    const r = scanPickleBytes(bytes);
    expect(codes(r.findings)).toContain('MODEL_PICKLE_MALFORMED');
    expect(r.malformed).toMatch(/\w/);
  });

  it('bounds the stack and the memo (hostile pickles built to exhaust scanners)', () => {
    const marks = Buffer.concat([Buffer.from([0x80, 0x02]), Buffer.alloc(200_000, 0x28), Buffer.from([0x2e])]);
    expect(codes(scanPickleBytes(marks, { maxStack: 100_000 }).findings)).toEqual(['MODEL_PICKLE_LIMIT']);
    const p = new PickleWriter().proto(4).emptyDict();
    for (let i = 0; i < 2000; i++) p.memoize();
    expect(codes(scanPickleBytes(p.stop().toBuffer(), { maxMemo: 1000 }).findings)).toEqual(['MODEL_PICKLE_LIMIT']);
  });

  it('skips a 64 MiB payload without buffering it', () => {
    const s = new PickleWriter().proto(4).raw(0x8e, u64(64 << 20)).toBuffer();
    const payload = Buffer.alloc(1 << 20, 0x63);
    const scanner = (async () => {
      const { createPickleScanner } = await import('./pickle.js');
      const sc = createPickleScanner();
      sc.write(s);
      for (let i = 0; i < 64; i++) sc.write(payload);
      sc.write(Buffer.from([0x2e]));
      return sc.end();
    })();
    return expect(scanner).resolves.toMatchObject({ pickles: 1, findings: [], bytes: s.length + (64 << 20) + 1 });
  });
});

describe('safetensors', () => {
  const file = (h: Record<string, unknown>, data: number) => bufferReader(Buffer.concat([buildSafetensorsHeader(h), Buffer.alloc(data)]));
  it.each([
    ['shorter than 8 bytes', bufferReader(Buffer.alloc(4))],
    ['header length past the end', bufferReader(Buffer.concat([u64(1000), Buffer.from('{}')]))],
    ['header length above 100 MB', bufferReader(Buffer.concat([u64(2 ** 40), Buffer.from('{}')]))],
    ['not JSON', bufferReader(Buffer.concat([u64(4), Buffer.from('{{{{')]))],
    ['not an object', bufferReader(Buffer.concat([u64(2), Buffer.from('[]')]))],
  ])('%s → a clear error', (_n, reader) => expect(() => scanSafetensors(reader)).toThrow(ModelFormatError));

  it('reports size mismatches, gaps, trailing bytes, bad metadata and unknown dtypes', () => {
    const r = scanSafetensors(file({ __metadata__: { a: 1 }, x: { dtype: 'F32', shape: [2], data_offsets: [0, 12] }, y: { dtype: 'Q9', shape: [1], data_offsets: [16, 20] } }, 32));
    expect(codes(r.findings).sort()).toEqual(['MODEL_SAFETENSORS_DTYPE', 'MODEL_SAFETENSORS_GAP', 'MODEL_SAFETENSORS_INCONSISTENT', 'MODEL_SAFETENSORS_METADATA', 'MODEL_SAFETENSORS_TRAILING']);
  });
});

describe('GGUF', () => {
  it('rejects unsupported versions, absurd counts and lengths with clear errors', () => {
    expect(() => scanGguf(bufferReader(Buffer.concat([Buffer.from('GGUF'), Buffer.from([1, 0, 0, 0]), Buffer.alloc(16)])))).toThrow(/version 1/);
    expect(() => scanGguf(bufferReader(Buffer.concat([Buffer.from('GGUF'), Buffer.from([3, 0, 0, 0]), u64(0), u64(2 ** 40)])))).toThrow(/kv_count/);
    expect(() => scanGguf(bufferReader(Buffer.concat([Buffer.from('GGUF'), Buffer.from([3, 0, 0, 0]), u64(0), u64(1), u64(2 ** 40)])))).toThrow(/length/);
    expect(() => scanGguf(bufferReader(Buffer.concat([Buffer.from('GGUF'), Buffer.from([3, 0, 0, 0]), u64(0), u64(1), u64(1), Buffer.from('k'), Buffer.from([99, 0, 0, 0])])))).toThrow(/unknown value type 99/);
  });
  it('flags duplicate keys and misaligned tensors', () => {
    const { header } = buildGgufHeader([['a', { type: 'u32', v: 1 }], ['a', { type: 'u32', v: 2 }]], [{ name: 't', dims: [4], type: 0, offset: 3 }]);
    expect(codes(scanGguf(bufferReader(Buffer.concat([header, Buffer.alloc(64)]))).findings).sort()).toEqual(['MODEL_GGUF_DUPLICATE_KEY', 'MODEL_GGUF_TENSOR_INCONSISTENT']);
  });
});

describe('chat templates', () => {
  it.each([
    "{{ ''.__class__ }}",
    "{{ x|attr('__globals__') }}",
    '{{ x | attr("a") }}',
    "{{ '\\x5f\\x5fclass\\x5f\\x5f' }}",
    "{% set n = '__cla' + 'ss__' %}",
    "{{ cycler.__init__.__globals__.os.popen('id').read() }}",
    "{{ self._TemplateReference__context }}",
  ])('%s is critical', (t) => expect(checkChatTemplate(t, 'x').map((f) => f.severity)).toEqual(['critical']));
  it("{% include 'x' %} is high; ordinary templates are clean", () => {
    expect(codes(checkChatTemplate("{% include 'other.j2' %}", 'x'))).toEqual(['MODEL_TEMPLATE_LOADS_FILES']);
    expect(checkChatTemplate("{% for m in messages %}{{ m['role'] }}: {{ m['content'] | trim }}{% endfor %}{% if add_generation_prompt %}assistant:{% endif %}", 'x')).toEqual([]);
  });
});

describe('archives, paths, executables, Keras versions', () => {
  it.each([
    ['../x', true], ['a/../../x', true], ['/etc/passwd', true], ['C:\\x', true], ['~/.ssh', true], ['', true],
    ['weights.bin', false], ['a/./b.bin', false], ['a/../b.bin', false],
  ])('escapesDirectory(%j) = %s', (p, escapes) => expect(escapesDirectory(p)).toBe(escapes));

  it('reads zip directories with a prefix and refuses non-zips', () => {
    const z = buildZip([{ name: 'a', data: Buffer.from('x') }], { prefix: Buffer.from('junk') });
    expect(readZipDirectory(bufferReader(z))).toMatchObject({ prefixBytes: 4, entries: [{ name: 'a', size: 1 }] });
    expect(() => readZipDirectory(bufferReader(Buffer.from('not a zip at all')))).toThrow(/end-of-central-directory/);
  });

  it('finds overlapping members (non-recursive zip bombs)', async () => {
    const z = buildZip([{ name: 'a', data: Buffer.alloc(100) }, { name: 'b', data: Buffer.alloc(100) }]);
    // Point the second central entry's local header offset into the first member's data.
    const cd = z.lastIndexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    z.writeUInt32LE(40, cd + 42);
    expect(codes((await scanModelSource(bufferSource(z), 'x.zip')).findings)).toContain('MODEL_ARCHIVE_BOMB');
  });

  it.each([
    [Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1]), 'ELF'],
    [Buffer.concat([Buffer.from('MZ'), Buffer.alloc(58), Buffer.from([64, 0, 0, 0]), Buffer.from('PE\0\0')]), 'PE'],
    [Buffer.from([0xcf, 0xfa, 0xed, 0xfe, 7, 0, 0, 1]), 'Mach-O'],
    [Buffer.from([0xca, 0xfe, 0xba, 0xbe, 0, 0, 0, 2]), 'Mach-O'],
    [Buffer.from([0xca, 0xfe, 0xba, 0xbe, 0, 0, 0, 52]), undefined],
    [Buffer.from('MZ just text'), undefined],
  ])('executableKind %#', (head, kind) => expect(executableKind(head)).toBe(kind));

  it.each([
    ['2.12.0', ['CVE-2024-3660', 'CVE-2025-1550', 'CVE-2025-8747', 'CVE-2025-9905']],
    ['3.8.0', ['CVE-2025-1550', 'CVE-2025-8747', 'CVE-2025-9905']],
    ['3.11.1', ['CVE-2025-9905']],
    ['3.11.3', []],
  ])('Keras %s is affected by %j', (v, cves) => expect(kerasVersionCves(v)).toEqual(cves));
});

describe('hostile structure: HDF5, ONNX, tar, npy', () => {
  it('HDF5: a continuation block pointing at itself, an address outside the file, an unknown superblock', async () => {
    const { buildHdf5, u16, u32 } = await import('./fixtures/writers.js');
    const { readHdf5RootAttributes } = await import('./index.js');
    const base = buildHdf5({ a: 'b' });
    // Replace the attribute message with a continuation (type 0x10) to the message block itself.
    const loop = Buffer.from(base);
    loop.writeUInt16LE(0x10, 112);
    loop.writeBigUInt64LE(112n, 120);
    loop.writeBigUInt64LE(BigInt(loop.readUInt32LE(104)), 128);
    expect(() => readHdf5RootAttributes(bufferReader(loop))).toThrow(ModelFormatError);
    const outside = Buffer.from(base);
    outside.writeBigUInt64LE(1n << 40n, 64);
    expect(() => readHdf5RootAttributes(bufferReader(outside))).toThrow(/outside the file/);
    const v9 = Buffer.from(base);
    v9[8] = 9;
    expect(() => readHdf5RootAttributes(bufferReader(v9))).toThrow(/version 9/);
    void u16;
    void u32;
  });

  it('ONNX: nesting beyond 32 levels, a field running past its message, wire type 3', async () => {
    const { pbBytes, pbVarint, buildOnnx } = await import('./fixtures/writers.js');
    const { scanOnnx } = await import('./index.js');
    let g: Buffer = Buffer.alloc(0);
    for (let i = 0; i < 40; i++) g = pbBytes(1, pbBytes(5, pbBytes(6, g))); // graph → node → attribute → graph …
    expect(() => scanOnnx(bufferReader(Buffer.concat([pbVarint(1, 8), pbBytes(7, g)])))).toThrow(/nested deeper/);
    const ok = buildOnnx();
    expect(() => scanOnnx(bufferReader(ok.subarray(0, ok.length - 3)))).toThrow(ModelFormatError);
    expect(() => scanOnnx(bufferReader(Buffer.from([0x08, 0x08, 0x0b])))).toThrow(/wire type 3/);
  });

  it('tar: bad checksum and a member running past the end are malformed', async () => {
    const { buildTar } = await import('./fixtures/writers.js');
    const t = buildTar([{ name: 'a.pkl', data: Buffer.from([0x80, 0x02, 0x7d, 0x2e]) }]);
    const bad = Buffer.from(t);
    bad[0] = 0x62;
    expect(codes((await scanModelSource(bufferSource(bad), 'x.tar')).findings)).toEqual(['MODEL_FILE_MALFORMED']);
    const cut = Buffer.from(t.subarray(0, 600));
    expect(codes((await scanModelSource(bufferSource(cut), 'x.tar')).findings)).toEqual(['MODEL_FILE_MALFORMED']);
  });

  it('npy: header length above 1 MiB, unsupported version', async () => {
    const { parseNpyHeader } = await import('./npy.js');
    expect(() => parseNpyHeader(Buffer.concat([Buffer.from([0x93]), Buffer.from('NUMPY'), Buffer.from([2, 0]), u32le(1 << 24)]))).toThrow(/above 1 MiB/);
    expect(() => parseNpyHeader(Buffer.concat([Buffer.from([0x93]), Buffer.from('NUMPY'), Buffer.from([7, 0, 0, 0])]))).toThrow(/version 7/);
  });
});

function u32le(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n);
  return b;
}

describe('PyTorch archive metadata', () => {
  it('reports a byteorder or version member torch would never write', async () => {
    const ok = buildZip([{ name: 'a/data.pkl', data: Buffer.from([0x80, 0x02, 0x7d, 0x2e]) }, { name: 'a/version', data: Buffer.from('3\n') }, { name: 'a/byteorder', data: Buffer.from('little') }]);
    expect((await scanModelSource(bufferSource(ok), 'm.pt')).findings).toEqual([]);
    const odd = buildZip([{ name: 'a/data.pkl', data: Buffer.from([0x80, 0x02, 0x7d, 0x2e]) }, { name: 'a/version', data: Buffer.from('three') }, { name: 'a/byteorder', data: Buffer.from('sideways') }]);
    expect(codes((await scanModelSource(bufferSource(odd), 'm.pt')).findings)).toEqual(['MODEL_PYTORCH_METADATA', 'MODEL_PYTORCH_METADATA']);
  });
});
