import { classifyGlobal, type GlobalVerdict } from './pickle-policy.js';
import { shown, type ModelFinding } from './types.js';

/**
 * A streaming pickle disassembler (protocols 0-5, Python's Lib/pickletools.py opcode table) that
 * never executes anything: it models the stack and the memo just far enough to resolve every
 * callable a load would invoke. It reads on after STOP (stacked pickles) and skips large payloads
 * without buffering them, so a multi-gigabyte pickle costs constant memory.
 */

type Value =
  | { k: 'mark' }
  | { k: 'other' }
  | { k: 'str'; s: string | undefined }
  | { k: 'int'; n: number }
  | { k: 'global'; module: string; name: string; verdict: GlobalVerdict }
  | { k: 'unresolved'; why: string }
  | { k: 'tuple'; items: Value[] | undefined }
  | { k: 'dict'; map: Map<string, Value> | undefined }
  | { k: 'obj'; cls: Value; args: Value | undefined };

const MARK: Value = { k: 'mark' };
const OTHER: Value = { k: 'other' };
const LONG_STR: Value = { k: 'str', s: undefined };

export interface PickleGlobal {
  module: string;
  name: string;
  verdict: GlobalVerdict;
  offset: number;
  opcode: string;
}

export interface PickleScanOptions {
  /** Where this pickle lives, prefixed to details ("archive/data.pkl"). */
  label?: string;
  /** Offset of the first byte in the file (a pickle after a header). */
  baseOffset?: number;
  /** Stop after this many pickles (torch's legacy format stores raw storages after the fifth). */
  maxPickles?: number;
  maxStack?: number;
  maxMemo?: number;
  allowGlobals?: ReadonlySet<string>;
  denyGlobals?: ReadonlySet<string>;
}

export interface PickleScanResult {
  findings: ModelFinding[];
  globals: PickleGlobal[];
  /** Complete pickles read (STOP reached). */
  pickles: number;
  protocol: number;
  /** Bytes consumed. */
  bytes: number;
  /** Set when the stream is not a well-formed pickle. */
  malformed?: string;
}

export interface PickleScanner {
  write(chunk: Uint8Array): void;
  end(): PickleScanResult;
  /** True once the scanner has stopped consuming (error, limit or maxPickles). */
  readonly done: boolean;
}

const MAX_SHORT = 512;
const MAX_LINE = 1 << 20;

type Arg = 'none' | 'u1' | 'u2' | 'i4' | 'u4' | 'u8' | 'f8' | 'line' | 'line2' | 'len1' | 'len4' | 'len4s' | 'len8';

// opcode byte -> [name, argument format]
const OPS = new Map<number, [string, Arg]>([
  [0x28, ['MARK', 'none']], [0x2e, ['STOP', 'none']], [0x30, ['POP', 'none']], [0x31, ['POP_MARK', 'none']], [0x32, ['DUP', 'none']],
  [0x46, ['FLOAT', 'line']], [0x49, ['INT', 'line']], [0x4a, ['BININT', 'i4']], [0x4b, ['BININT1', 'u1']], [0x4c, ['LONG', 'line']],
  [0x4d, ['BININT2', 'u2']], [0x4e, ['NONE', 'none']], [0x50, ['PERSID', 'line']], [0x51, ['BINPERSID', 'none']], [0x52, ['REDUCE', 'none']],
  [0x53, ['STRING', 'line']], [0x54, ['BINSTRING', 'len4s']], [0x55, ['SHORT_BINSTRING', 'len1']], [0x56, ['UNICODE', 'line']],
  [0x58, ['BINUNICODE', 'len4']], [0x61, ['APPEND', 'none']], [0x62, ['BUILD', 'none']], [0x63, ['GLOBAL', 'line2']], [0x64, ['DICT', 'none']],
  [0x7d, ['EMPTY_DICT', 'none']], [0x65, ['APPENDS', 'none']], [0x67, ['GET', 'line']], [0x68, ['BINGET', 'u1']], [0x69, ['INST', 'line2']],
  [0x6a, ['LONG_BINGET', 'u4']], [0x6c, ['LIST', 'none']], [0x5d, ['EMPTY_LIST', 'none']], [0x6f, ['OBJ', 'none']], [0x70, ['PUT', 'line']],
  [0x71, ['BINPUT', 'u1']], [0x72, ['LONG_BINPUT', 'u4']], [0x73, ['SETITEM', 'none']], [0x74, ['TUPLE', 'none']], [0x29, ['EMPTY_TUPLE', 'none']],
  [0x75, ['SETITEMS', 'none']], [0x47, ['BINFLOAT', 'f8']],
  [0x80, ['PROTO', 'u1']], [0x81, ['NEWOBJ', 'none']], [0x82, ['EXT1', 'u1']], [0x83, ['EXT2', 'u2']], [0x84, ['EXT4', 'i4']],
  [0x85, ['TUPLE1', 'none']], [0x86, ['TUPLE2', 'none']], [0x87, ['TUPLE3', 'none']], [0x88, ['NEWTRUE', 'none']], [0x89, ['NEWFALSE', 'none']],
  [0x8a, ['LONG1', 'len1']], [0x8b, ['LONG4', 'len4s']],
  [0x42, ['BINBYTES', 'len4']], [0x43, ['SHORT_BINBYTES', 'len1']],
  [0x8c, ['SHORT_BINUNICODE', 'len1']], [0x8d, ['BINUNICODE8', 'len8']], [0x8e, ['BINBYTES8', 'len8']], [0x8f, ['EMPTY_SET', 'none']],
  [0x90, ['ADDITEMS', 'none']], [0x91, ['FROZENSET', 'none']], [0x92, ['NEWOBJ_EX', 'none']], [0x93, ['STACK_GLOBAL', 'none']],
  [0x94, ['MEMOIZE', 'none']], [0x95, ['FRAME', 'u8']],
  [0x96, ['BYTEARRAY8', 'len8']], [0x97, ['NEXT_BUFFER', 'none']], [0x98, ['READONLY_BUFFER', 'none']],
]);

/** Opcodes a pickle can start with; anything else after a STOP is trailing data, not a pickle. */
function canStartPickle(byte: number): boolean {
  const op = OPS.get(byte);
  return op !== undefined && !['STOP', 'POP', 'POP_MARK', 'DUP', 'APPEND', 'APPENDS', 'BUILD', 'SETITEM', 'SETITEMS', 'REDUCE', 'TUPLE1', 'TUPLE2', 'TUPLE3', 'NEWOBJ', 'NEWOBJ_EX', 'STACK_GLOBAL', 'MEMOIZE', 'ADDITEMS', 'BINPERSID', 'READONLY_BUFFER'].includes(op[0]);
}

const STRINGISH = new Set(['SHORT_BINUNICODE', 'BINUNICODE', 'BINUNICODE8', 'SHORT_BINSTRING', 'BINSTRING']);
const utf8 = new TextDecoder('utf-8', { fatal: false });
const latin1 = new TextDecoder('latin1');

// Item sizes of numpy's dtype.char codes and the kind+size strings numpy writes ('f8', '<i4').
function dtypeItemSize(descr: string): number | 'object' | undefined {
  const m = /^[<>|=]?([a-zA-Z])(\d*)$/.exec(descr);
  if (!m) return undefined;
  const kind = m[1]!;
  if (kind === 'O') return 'object';
  if (m[2] !== '') return Number(m[2]);
  const chars: Record<string, number> = { b: 1, B: 1, h: 2, H: 2, i: 4, I: 4, l: 8, L: 8, q: 8, Q: 8, e: 2, f: 4, d: 8, g: 16, F: 8, D: 16, '?': 1 };
  return chars[kind];
}

export function createPickleScanner(options: PickleScanOptions = {}): PickleScanner {
  const label = options.label ?? '';
  const base = options.baseOffset ?? 0;
  const maxStack = options.maxStack ?? 1_000_000;
  const maxMemo = options.maxMemo ?? 1_000_000;
  const maxPickles = options.maxPickles ?? Infinity;
  const allow = options.allowGlobals ?? new Set<string>();
  const deny = options.denyGlobals ?? new Set<string>();

  const findings: ModelFinding[] = [];
  const globals: PickleGlobal[] = [];
  const reported = new Set<string>();
  let stack: Value[] = [];
  let marks: number[] = [];
  let memo = new Map<number, Value>();
  const saved: { stack: Value[]; marks: number[]; memo: Map<number, Value> }[] = [];
  let pending: Uint8Array = new Uint8Array(0);
  let offset = 0; // absolute offset (relative to base) of pending[0]
  let skip = 0; // payload bytes still to skip
  let skipThenNested = false; // a joblib object array: a nested pickle follows its wrapper
  let pickles = 0;
  let protocol = 0;
  let opsInPickle = 0;
  let done = false;
  let malformed: string | undefined;
  let opStart = 0;
  let joblibPadding = false;
  let joblibDataAfterPadding = 0;

  const where = (at: number) => `${label === '' ? '' : `${label} `}@${base + at}`;
  const add = (f: ModelFinding) => {
    const key = `${f.code}|${f.title}`;
    if (reported.has(key)) return;
    reported.add(key);
    if (reported.size > 200) return;
    findings.push(f);
  };

  const fail = (why: string) => {
    if (done) return;
    done = true;
    if (pickles > 0 && opsInPickle <= 1) return; // trailing bytes after the last pickle
    malformed = why;
    add({ code: 'MODEL_PICKLE_MALFORMED', severity: 'medium', title: 'Malformed pickle stream', message: `The pickle stream is not well formed (${why}); a loader would fail here, after running every call before it.`, detail: where(opStart) });
  };

  const limit = (what: string) => {
    done = true;
    add({ code: 'MODEL_PICKLE_LIMIT', severity: 'high', title: `Pickle exceeds the ${what} limit`, message: `The pickle's ${what} grew beyond the scanner's bound; the rest was not inspected. Pickles built to exhaust scanners are a known evasion.`, detail: where(opStart) });
  };

  const push = (v: Value) => {
    if (stack.length >= maxStack) return limit('stack');
    stack.push(v);
  };
  const pop = (): Value | undefined => {
    if (stack.length === 0 || (marks.length > 0 && marks[marks.length - 1]! >= stack.length)) {
      fail('stack underflow');
      return undefined;
    }
    return stack.pop();
  };
  const popMark = (): Value[] | undefined => {
    const m = marks.pop();
    if (m === undefined) {
      fail('no MARK on the stack');
      return undefined;
    }
    return stack.splice(m);
  };

  const onGlobal = (module: string, name: string, opcode: string) => {
    const verdict = classifyGlobal(module, name, allow, deny);
    if (globals.length < 10_000) globals.push({ module, name, verdict, offset: base + opStart, opcode });
    const ref = shown(`${module}.${name}`);
    if (verdict === 'dangerous') {
      add({ code: 'MODEL_PICKLE_DANGEROUS_GLOBAL', severity: 'critical', title: `Pickle imports ${ref}`, message: `Loading this pickle imports ${ref}, which can run commands or code. Do not load it; use safetensors or torch.load(weights_only=True).`, detail: where(opStart), references: ['CWE-502'] });
    } else if (verdict === 'unknown') {
      add({ code: 'MODEL_PICKLE_UNKNOWN_GLOBAL', severity: 'medium', title: `Pickle imports ${ref} (not on the allowlist)`, message: `Loading this pickle imports ${ref}, which is not among the globals ordinary PyTorch, NumPy and scikit-learn checkpoints use. Check it before loading, or add it to scan.model.allowGlobals.`, detail: where(opStart) });
    }
    return { k: 'global', module, name, verdict } as Value;
  };

  const unresolved = (why: string, opcode: string) => {
    add({ code: 'MODEL_PICKLE_UNRESOLVED_CALL', severity: 'critical', title: `Pickle calls something that is not a named global (${opcode})`, message: `The pickle invokes a callable the scanner cannot resolve to an import (${why}): the shape of getattr/import_module chains and memo tricks used to evade scanners.`, detail: where(opStart), references: ['CWE-502'] });
  };

  const checkCallable = (v: Value | undefined, opcode: string) => {
    if (v === undefined) return;
    if (v.k === 'global') return;
    if (v.k === 'unresolved') return unresolved(v.why, opcode);
    unresolved(v.k === 'obj' ? 'the result of another call' : `a ${v.k === 'str' ? 'string' : v.k} value`, opcode);
  };

  const strOf = (v: Value | undefined): string | undefined => (v?.k === 'str' ? v.s : undefined);

  // joblib writes each array's raw bytes right after its NumpyArrayWrapper is built (joblib/numpy_pickle.py).
  const afterBuild = (target: Value | undefined, state: Value | undefined) => {
    if (target?.k !== 'obj' || target.cls.k !== 'global' || !/NumpyArrayWrapper$/.test(target.cls.name) || state?.k !== 'dict' || !state.map) return;
    const shape = state.map.get('shape');
    const dtype = state.map.get('dtype');
    let count = 1;
    if (shape?.k !== 'tuple' || !shape.items) return fail('joblib array wrapper without a readable shape');
    for (const d of shape.items) {
      if (d.k !== 'int' || d.n < 0) return fail('joblib array wrapper with a bad shape');
      count *= d.n;
    }
    let descr: string | undefined;
    if (dtype?.k === 'obj' && dtype.args?.k === 'tuple') descr = strOf(dtype.args.items?.[0]);
    const size = descr === undefined ? undefined : dtypeItemSize(descr);
    if (size === undefined) return fail('joblib array wrapper with an unsupported dtype');
    const aligned = state.map.has('numpy_array_alignment_bytes');
    if (size === 'object') {
      // The object array is pickled on its own: scan it as a nested pickle with a fresh stack and memo.
      skipThenNested = true;
      joblibPadding = false;
      return;
    }
    const bytes = count * size;
    if (!Number.isSafeInteger(bytes)) return fail('joblib array larger than 2^53 bytes');
    if (aligned && bytes > 0) {
      joblibPadding = true;
      joblibDataAfterPadding = bytes;
    } else skip = bytes;
  };

  const execute = (name: string, arg: number | string | undefined, payload: Uint8Array | undefined, payloadLength: number) => {
    opsInPickle++;
    switch (name) {
      case 'MARK':
        if (marks.length >= maxStack) return limit('stack');
        marks.push(stack.length);
        return;
      case 'STOP': {
        pickles++;
        if (saved.length > 0) {
          const s = saved.pop()!;
          stack = s.stack;
          marks = s.marks;
          memo = s.memo;
          push(OTHER);
          return;
        }
        if (pickles > 1) add({ code: 'MODEL_PICKLE_STACKED', severity: 'medium', title: 'More than one pickle in the stream', message: 'Data follows the first pickle\'s STOP and parses as another pickle; loaders that read on (torch legacy files, custom loaders) would run it. Its imports are checked like the first.', detail: where(opStart) });
        stack = [];
        marks = [];
        memo = new Map();
        opsInPickle = 0;
        if (pickles >= maxPickles) done = true;
        return;
      }
      case 'POP':
        pop();
        return;
      case 'POP_MARK':
        popMark();
        return;
      case 'DUP': {
        const top = stack[stack.length - 1];
        if (top === undefined) return fail('DUP on an empty stack');
        return push(top);
      }
      case 'INT':
      case 'LONG':
      case 'BININT':
      case 'BININT1':
      case 'BININT2': {
        if (typeof arg === 'string') {
          const t = arg.replace(/L$/, '').trim();
          if (t === '00' || t === '01') return push(OTHER);
          if (!/^[-+]?\d+$/.test(t)) return fail(`${name} argument is not a number`);
          return push({ k: 'int', n: Number(t) });
        }
        return push({ k: 'int', n: arg ?? 0 });
      }
      case 'LONG1':
      case 'LONG4': {
        if (payload && payloadLength <= 6) {
          let n = 0;
          for (let i = payloadLength - 1; i >= 0; i--) n = n * 256 + payload[i]!;
          if (payloadLength > 0 && payload[payloadLength - 1]! >= 0x80) n -= 2 ** (8 * payloadLength);
          return push({ k: 'int', n });
        }
        return push(OTHER);
      }
      case 'FLOAT':
      case 'BINFLOAT':
      case 'NONE':
      case 'NEWTRUE':
      case 'NEWFALSE':
      case 'EMPTY_DICT':
        return push(name === 'EMPTY_DICT' ? { k: 'dict', map: new Map() } : OTHER);
      case 'EMPTY_LIST':
      case 'EMPTY_SET':
      case 'BINBYTES':
      case 'SHORT_BINBYTES':
      case 'BINBYTES8':
      case 'BYTEARRAY8':
      case 'NEXT_BUFFER':
        return push(OTHER);
      case 'EMPTY_TUPLE':
        return push({ k: 'tuple', items: [] });
      case 'READONLY_BUFFER':
        if (stack.length === 0) fail('READONLY_BUFFER on an empty stack');
        return;
      case 'STRING':
      case 'UNICODE': {
        let s = typeof arg === 'string' ? arg : '';
        if (name === 'STRING') {
          const q = /^(['"])(.*)\1$/s.exec(s);
          if (!q) return fail('STRING argument is not quoted');
          s = q[2]!;
        }
        return push(s.length <= MAX_SHORT ? { k: 'str', s } : LONG_STR);
      }
      case 'SHORT_BINUNICODE':
      case 'BINUNICODE':
      case 'BINUNICODE8':
      case 'SHORT_BINSTRING':
      case 'BINSTRING':
        if (payload === undefined) return push(LONG_STR);
        return push({ k: 'str', s: (name.includes('UNICODE') ? utf8 : latin1).decode(payload) });
      case 'PERSID':
        return push(OTHER);
      case 'BINPERSID':
        if (pop() !== undefined) push(OTHER);
        return;
      case 'APPEND':
        pop();
        if (stack.length === 0) fail('APPEND without a list');
        return;
      case 'APPENDS':
      case 'ADDITEMS':
        popMark();
        if (stack.length === 0) fail(`${name} without a target`);
        return;
      case 'LIST':
      case 'FROZENSET':
        if (popMark() !== undefined) push(OTHER);
        return;
      case 'DICT': {
        const items = popMark();
        if (items === undefined) return;
        if (items.length % 2 !== 0) return fail('DICT with an odd number of items');
        return push(OTHER);
      }
      case 'TUPLE': {
        const items = popMark();
        if (items !== undefined) push({ k: 'tuple', items: items.length <= 16 ? items : undefined });
        return;
      }
      case 'TUPLE1':
      case 'TUPLE2':
      case 'TUPLE3': {
        const n = Number(name.slice(5));
        if (stack.length - (marks[marks.length - 1] ?? 0) < n) return fail(`${name} needs ${n} items`);
        return push({ k: 'tuple', items: stack.splice(stack.length - n) });
      }
      case 'SETITEM': {
        const value = pop();
        const key = pop();
        const target = stack[stack.length - 1];
        if (value === undefined || key === undefined) return;
        if (target === undefined) return fail('SETITEM without a dict');
        if (target.k === 'dict' && target.map && key.k === 'str' && key.s !== undefined && target.map.size < 32) target.map.set(key.s, value);
        return;
      }
      case 'SETITEMS': {
        const items = popMark();
        if (items === undefined) return;
        if (items.length % 2 !== 0) return fail('SETITEMS with an odd number of items');
        const target = stack[stack.length - 1];
        if (target === undefined) return fail('SETITEMS without a dict');
        if (target.k === 'dict' && target.map) {
          for (let i = 0; i < items.length && target.map.size < 32; i += 2) {
            const key = items[i]!;
            if (key.k === 'str' && key.s !== undefined) target.map.set(key.s, items[i + 1]!);
          }
        }
        return;
      }
      case 'GLOBAL':
      case 'INST': {
        const [module, gname] = (arg as string).split('\n') as [string, string];
        const g = onGlobal(module, gname, name);
        if (name === 'GLOBAL') return push(g);
        if (popMark() !== undefined) push({ k: 'obj', cls: g, args: undefined });
        return;
      }
      case 'STACK_GLOBAL': {
        const gname = pop();
        const module = pop();
        if (gname === undefined || module === undefined) return;
        const m = strOf(module);
        const n = strOf(gname);
        if (m === undefined || n === undefined) {
          const why = 'STACK_GLOBAL operands are not literal strings';
          unresolved(why, name);
          return push({ k: 'unresolved', why });
        }
        return push(onGlobal(m, n, name));
      }
      case 'EXT1':
      case 'EXT2':
      case 'EXT4': {
        const why = `extension code ${String(arg)} from the copyreg registry`;
        unresolved(why, name);
        return push({ k: 'unresolved', why });
      }
      case 'REDUCE': {
        const args = pop();
        const callable = pop();
        if (callable === undefined) return;
        checkCallable(callable, name);
        // Arguments are kept only where a later BUILD needs them (a joblib array's dtype), so a
        // pickle of millions of objects does not keep a model of each one in the memo.
        return push({ k: 'obj', cls: callable, args: callable.k === 'global' && callable.name === 'dtype' ? args : undefined });
      }
      case 'NEWOBJ': {
        const args = pop();
        const cls = pop();
        if (cls === undefined) return;
        checkCallable(cls, name);
        return push({ k: 'obj', cls, args });
      }
      case 'NEWOBJ_EX': {
        pop();
        const args = pop();
        const cls = pop();
        if (cls === undefined) return;
        checkCallable(cls, name);
        return push({ k: 'obj', cls, args });
      }
      case 'OBJ': {
        const items = popMark();
        if (items === undefined) return;
        if (items.length === 0) return fail('OBJ without a class');
        checkCallable(items[0], name);
        return push({ k: 'obj', cls: items[0]!, args: undefined });
      }
      case 'BUILD': {
        const state = pop();
        const target = stack[stack.length - 1];
        if (state === undefined) return;
        if (target === undefined) return fail('BUILD without an object');
        return afterBuild(target, state);
      }
      case 'GET':
      case 'BINGET':
      case 'LONG_BINGET': {
        const index = typeof arg === 'string' ? Number(arg) : arg!;
        const v = memo.get(index);
        if (v === undefined) return fail(`memo key ${String(arg)} read before it was written`);
        return push(v);
      }
      case 'PUT':
      case 'BINPUT':
      case 'LONG_BINPUT':
      case 'MEMOIZE': {
        const top = stack[stack.length - 1];
        if (top === undefined || (marks.length > 0 && marks[marks.length - 1]! >= stack.length && name === 'MEMOIZE')) return fail(`${name} on an empty stack`);
        const index = name === 'MEMOIZE' ? memo.size : typeof arg === 'string' ? Number(arg) : arg!;
        if (!Number.isSafeInteger(index) || index < 0) return fail(`${name} with a bad memo key`);
        if (!memo.has(index) && memo.size >= maxMemo) return limit('memo');
        memo.set(index, top);
        return;
      }
      case 'PROTO':
        if ((arg as number) > 5) return fail(`unsupported pickle protocol ${String(arg)}`);
        protocol = Math.max(protocol, arg as number);
        return;
      case 'FRAME':
        return;
      default:
        return fail(`unhandled opcode ${name}`);
    }
  };

  // Parses as many whole opcodes as `buf` holds; returns the bytes consumed.
  const run = (buf: Uint8Array): number => {
    let p = 0;
    const n = buf.length;
    while (!done) {
      if (skip > 0) {
        const s = Math.min(skip, n - p);
        skip -= s;
        p += s;
        if (skip > 0) return p;
        continue;
      }
      if (joblibPadding) {
        if (p >= n) return p;
        const pad = buf[p]!;
        p += 1;
        joblibPadding = false;
        skip = pad + joblibDataAfterPadding;
        continue;
      }
      if (skipThenNested) {
        skipThenNested = false;
        if (saved.length >= 16) {
          limit('nesting');
          return p;
        }
        saved.push({ stack, marks, memo });
        stack = [];
        marks = [];
        memo = new Map();
      }
      if (p >= n) return p;
      const code = buf[p]!;
      const op = OPS.get(code);
      opStart = offset + p;
      if (op === undefined) {
        if (pickles > 0 && opsInPickle === 0) {
          done = true;
          return p;
        }
        fail(`unknown opcode 0x${code.toString(16).padStart(2, '0')}`);
        return p;
      }
      if (pickles > 0 && opsInPickle === 0 && saved.length === 0 && !canStartPickle(code)) {
        done = true;
        return p;
      }
      const [name, fmt] = op;
      const a = p + 1;
      let end = a;
      let arg: number | string | undefined;
      let payload: Uint8Array | undefined;
      let payloadLength = 0;
      switch (fmt) {
        case 'none':
          break;
        case 'u1':
          if (n < a + 1) return p;
          arg = buf[a]!;
          end = a + 1;
          break;
        case 'u2':
          if (n < a + 2) return p;
          arg = buf[a]! | (buf[a + 1]! << 8);
          end = a + 2;
          break;
        case 'i4':
        case 'u4':
          if (n < a + 4) return p;
          arg = (buf[a]! | (buf[a + 1]! << 8) | (buf[a + 2]! << 16)) + buf[a + 3]! * 0x1000000;
          if (fmt === 'i4' && arg >= 0x80000000) arg -= 0x100000000;
          end = a + 4;
          break;
        case 'u8':
        case 'f8':
          if (n < a + 8) return p;
          end = a + 8;
          break;
        case 'line':
        case 'line2': {
          let nl = buf.indexOf(0x0a, a);
          if (nl >= 0 && fmt === 'line2') nl = buf.indexOf(0x0a, nl + 1);
          if (nl < 0) {
            if (n - a > MAX_LINE) {
              fail(`${name} argument line longer than ${MAX_LINE} bytes`);
              return p;
            }
            return p;
          }
          arg = latin1.decode(buf.subarray(a, nl));
          if (fmt === 'line2' && arg.length > 4096) {
            fail(`${name} names longer than 4096 bytes`);
            return p;
          }
          end = nl + 1;
          break;
        }
        case 'len1':
        case 'len4':
        case 'len4s':
        case 'len8': {
          const width = fmt === 'len1' ? 1 : fmt === 'len8' ? 8 : 4;
          if (n < a + width) return p;
          let len: number;
          if (width === 1) len = buf[a]!;
          else if (width === 4) {
            len = (buf[a]! | (buf[a + 1]! << 8) | (buf[a + 2]! << 16)) + buf[a + 3]! * 0x1000000;
            if (fmt === 'len4s' && len >= 0x80000000) {
              fail(`${name} with a negative length`);
              return p;
            }
          } else {
            const hi = (buf[a + 4]! | (buf[a + 5]! << 8) | (buf[a + 6]! << 16)) + buf[a + 7]! * 0x1000000;
            if (hi >= 0x200000) {
              fail(`${name} length above 2^53`);
              return p;
            }
            len = hi * 0x100000000 + (buf[a]! | (buf[a + 1]! << 8) | (buf[a + 2]! << 16)) + buf[a + 3]! * 0x1000000;
          }
          payloadLength = len;
          const start = a + width;
          const keep = len <= MAX_SHORT && (STRINGISH.has(name) || name.startsWith('LONG'));
          if (keep) {
            if (n < start + len) return p;
            payload = buf.subarray(start, start + len);
            end = start + len;
          } else {
            end = start;
            skip = len;
          }
          break;
        }
      }
      opStart = offset + p;
      p = end;
      execute(name, arg, payload, payloadLength);
    }
    return p;
  };

  let consumed = 0;
  return {
    get done() {
      return done;
    },
    write(chunk: Uint8Array) {
      if (done || chunk.length === 0) return;
      let buf: Uint8Array;
      if (pending.length === 0) buf = chunk;
      else {
        buf = new Uint8Array(pending.length + chunk.length);
        buf.set(pending, 0);
        buf.set(chunk, pending.length);
      }
      const used = run(buf);
      consumed += used;
      offset += used;
      // A copy, not a view: Buffer#slice shares memory, and sources may reuse their chunk buffers.
      if (done || used === buf.length) pending = new Uint8Array(0);
      else {
        pending = new Uint8Array(buf.length - used);
        pending.set(buf.subarray(used));
      }
    },
    end() {
      if (!done) {
        if (skip > 0 || pending.length > 0 || joblibPadding) {
          if (!(pickles > 0 && opsInPickle === 0)) fail('truncated: the stream ends inside an opcode');
        } else if (opsInPickle > 0 || saved.length > 0) fail('truncated: no STOP at the end');
        else if (pickles === 0) fail('empty stream');
        done = true;
      }
      return { findings, globals, pickles, protocol, bytes: consumed, ...(malformed === undefined ? {} : { malformed }) };
    },
  };
}

/** Scans a whole in-memory pickle (tests, small members). */
export function scanPickleBytes(bytes: Uint8Array, options: PickleScanOptions = {}): PickleScanResult {
  const s = createPickleScanner(options);
  s.write(bytes);
  return s.end();
}
