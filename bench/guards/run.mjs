#!/usr/bin/env node
// Sensitive-data detection throughput: Bulwark against the npm libraries named in issue 5, on the
// same deterministic corpus (bench/guards/corpus.mjs), each library in its own child process
// (bench/guards/child.mjs) so one's JIT state and garbage never affect another's.
//
// Figure of merit: MB/s per core = bytes scanned / CPU seconds of that child (MB = 10^6 bytes).
// CPU time rather than wall time, because on a small or shared machine a process can wait for a
// core without doing work; the wall-clock rate is kept in the JSON too.
//
// Usage: npm run bench:guards -- [--duration 3] [--warmup 1] [--repeat 1] [--only id,id]
//                                [--out bench/guards/results/latest.json]
// Exit: 0 when every library that could run was measured (whatever the bar says), 1 when a child
// crashed or saw a different corpus, 2 when the benchmark itself could not run.
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { buildCorpus, CORPUS_SEED, describeCorpus, SIZES } from './corpus.mjs';
import { LIBRARIES, versionOf } from './libraries.mjs';
import { loadAverage1m, machineInfo, runBenchmark, writeReport } from '../lib/report.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = join(HERE, '..', '..');
const BAR = { minMbPerCore1KB: 50 };
const CHILD_TIMEOUT_MS = 10 * 60_000;

function options() {
  const { values } = parseArgs({
    options: {
      duration: { type: 'string', default: '3' },
      warmup: { type: 'string', default: '1' },
      repeat: { type: 'string', default: '1' },
      only: { type: 'string' },
      out: { type: 'string', default: join(HERE, 'results', 'latest.json') },
    },
  });
  const duration = Number(values.duration);
  const warmup = Number(values.warmup);
  const repeat = Number(values.repeat);
  // The timed loop must run at least 2 s so one slow pass or a GC pause does not decide the figure.
  if (!(duration >= 2)) throw new Error('--duration must be at least 2 (seconds)');
  if (!(warmup >= 0)) throw new Error('--warmup must be a number of seconds ≥ 0');
  if (!Number.isInteger(repeat) || repeat < 1) throw new Error('--repeat must be an integer ≥ 1');
  const ids = values.only === undefined ? LIBRARIES.map((l) => l.id) : values.only.split(',').map((s) => s.trim());
  const unknown = ids.filter((id) => !LIBRARIES.some((l) => l.id === id));
  if (unknown.length > 0) throw new Error(`unknown library id(s): ${unknown.join(', ')}; known: ${LIBRARIES.map((l) => l.id).join(', ')}`);
  return { duration, warmup, repeat, libs: LIBRARIES.filter((l) => ids.includes(l.id)), out: values.out };
}


let running;
for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143], ['SIGHUP', 129]]) {
  process.on(signal, () => {
    running?.kill('SIGKILL');
    process.exit(code);
  });
}

/** Runs one child to completion; resolves with its JSON line, or a failure with the tail of its stderr. */
function runChild(lib, opts) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(HERE, 'child.mjs'), '--lib', lib.id, '--duration', String(opts.duration), '--warmup', String(opts.warmup)], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    running = child;
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr = (stderr + c).slice(-4000)));
    const timer = setTimeout(() => child.kill('SIGKILL'), CHILD_TIMEOUT_MS);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      running = undefined;
      const line = stdout.trim().split('\n').pop();
      try {
        if (code === 0 && line) return resolve(JSON.parse(line));
      } catch {
        // fall through: reported as a failure with its output
      }
      resolve({ id: lib.id, status: 'failed', reason: `child exited with code ${code}${signal ? `, signal ${signal}` : ''}: ${stderr.trim().split('\n').slice(-6).join(' | ') || '(no output)'}` });
    });
  });
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 === 1 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** Median over repeated runs, per size; the per-run figures stay in the JSON. */
function combine(lib, runs, expected) {
  const base = { id: lib.id, label: lib.label, package: lib.package, version: versionOf(lib), ours: Boolean(lib.ours), config: lib.config };
  const failed = runs.find((r) => r.status !== 'ok');
  if (failed) return { ...base, status: failed.status, reason: failed.reason };
  for (const r of runs) {
    for (const size of SIZES) {
      if (r.sizes[size].corpusSha256 !== expected[size].sha256) return { ...base, status: 'failed', reason: `saw a different ${size} B corpus (sha256 ${r.sizes[size].corpusSha256})` };
    }
  }
  const sizes = {};
  for (const size of SIZES) {
    const per = runs.map((r) => r.sizes[size]);
    sizes[size] = {
      mbPerCpuSecond: median(per.map((p) => p.mbPerCpuSecond)),
      mbPerWallSecond: median(per.map((p) => p.mbPerWallSecond)),
      scansPerCpuSecond: median(per.map((p) => p.scansPerCpuSecond)),
      findings: per[0].findings,
      findingsPerKB: per[0].findingsPerKB,
      runs: per.map(({ mbPerCpuSecond, mbPerWallSecond, passes, scans, bytes, cpuSeconds, wallSeconds }) => ({ mbPerCpuSecond, mbPerWallSecond, passes, scans, bytes, cpuSeconds, wallSeconds })),
    };
  }
  const notes = [...new Set(runs.flatMap((r) => r.notes ?? []))];
  return { ...base, status: 'ok', sizes, findingsPerKB: runs[0].findingsPerKB, ...(notes.length ? { notes } : {}), rssMB: Math.max(...runs.map((r) => r.rssMB)) };
}

const fmt = (n, digits = 1) => (n >= 100 ? n.toFixed(0) : n.toFixed(digits));

/** The median, and with repeated runs their range: on a shared machine the spread is part of the result. */
function cell(size) {
  if (size.runs.length < 2) return fmt(size.mbPerCpuSecond);
  const all = size.runs.map((r) => r.mbPerCpuSecond);
  return `${fmt(size.mbPerCpuSecond)} (${fmt(Math.min(...all))}–${fmt(Math.max(...all))})`;
}

function table(results) {
  const lines = ['| library | 1 KB MB/s | 16 KB MB/s | findings per KB |', '| --- | ---: | ---: | ---: |'];
  if (results.some((r) => r.status === 'ok' && r.sizes[1024].runs.length > 1)) lines[0] = '| library | 1 KB MB/s, median (min–max) | 16 KB MB/s, median (min–max) | findings per KB |';
  const notes = [];
  for (const r of results) {
    const name = r.ours ? `**${r.label}**` : r.version ? r.label.replace(r.package, `${r.package} ${r.version}`) : r.label;
    if (r.status !== 'ok') {
      notes.push(`- ${r.label}: ${r.status === 'unavailable' ? 'could not run' : 'FAILED'}: ${r.reason}`);
      lines.push(`| ${name} | n/a | n/a | n/a |`);
      continue;
    }
    for (const n of r.notes ?? []) notes.push(`- ${r.label}: ${n}`);
    lines.push(`| ${name} | ${cell(r.sizes[1024])} | ${cell(r.sizes[16384])} | ${r.findingsPerKB.toFixed(2)} |`);
  }
  return { table: lines.join('\n'), notes };
}

/**
 * Issue 5's bar: ours ≥ 50 MB/s per core on 1 KB texts and ahead of every library in the same run.
 * It is judged on both of our rows: detectSensitive() alone and the full guard path.
 */
function evaluateBar(results) {
  const ours = results.filter((r) => r.ours);
  const others = results.filter((r) => !r.ours && r.status === 'ok');
  const missing = results.filter((r) => !r.ours && r.status !== 'ok').map((r) => r.label);
  const best = others.reduce((b, r) => (b === undefined || r.sizes[1024].mbPerCpuSecond > b.sizes[1024].mbPerCpuSecond ? r : b), undefined);
  const rule = `ours ≥ ${BAR.minMbPerCore1KB} MB/s per core on 1 KB and ahead of every library in the same run`;
  const checks = ours.map((r) => {
    if (r.status !== 'ok') return { id: r.id, pass: false, why: `${r.label} did not run (${r.reason})` };
    const mb = r.sizes[1024].mbPerCpuSecond;
    const why = [];
    if (mb < BAR.minMbPerCore1KB) why.push(`${fmt(mb)} MB/s < ${BAR.minMbPerCore1KB}`);
    if (best && mb <= best.sizes[1024].mbPerCpuSecond) why.push(`behind ${best.label} (${fmt(best.sizes[1024].mbPerCpuSecond)} MB/s)`);
    const lead = best ? `, ${(mb / best.sizes[1024].mbPerCpuSecond).toFixed(2)}× the fastest other (${best.label})` : '';
    return { id: r.id, pass: why.length === 0, mbPerCore1KB: mb, why: why.length ? why.join('; ') : `${fmt(mb)} MB/s${lead}` };
  });
  if (ours.length < 2) checks.push({ id: 'bulwark', pass: false, why: 'both of our rows (bulwark-detect, bulwark-guard) must be measured; use --only without leaving them out' });
  const pass = checks.every((c) => c.pass);
  return { rule, status: pass ? 'PASS' : 'FAIL', checks, fastestOther: best?.id, ...(missing.length ? { notMeasured: missing } : {}) };
}

async function main() {
  const opts = options();
  const info = machineInfo();
  const corpus = Object.fromEntries(SIZES.map((size) => [size, describeCorpus(buildCorpus(size))]));

  console.log('# Bulwark sensitive-data benchmark\n');
  console.log(`machine: ${info.cpuModel}, ${info.cores} cores, ${info.totalMemGiB} GiB, node ${info.node}, ${info.platform}, 1-min load ${info.loadAverage1mAtStart} at start`);
  console.log(`corpus:  seed 0x${CORPUS_SEED.toString(16)}; ${SIZES.map((s) => `${corpus[s].texts} texts of ~${s / 1024} KB (mean ${corpus[s].meanBytes} B)`).join(', ')}; English and Chinese, ~1 value per 200 chars, 1/4 plain; ${SIZES.map((s) => `${corpus[s].plantedPerKB.toFixed(2)}`).join(' / ')} planted values per KB (1 KB / 16 KB)`);
  console.log(`method:  one child process per library, single-threaded, ${opts.warmup} s warm-up then ≥ ${opts.duration} s timed per size${opts.repeat > 1 ? `, median of ${opts.repeat} runs` : ''}; MB/s per core = bytes / CPU seconds of that process (MB = 10^6 B)`);

  const startedAt = new Date().toISOString();
  const runs = new Map(opts.libs.map((l) => [l.id, []]));
  // Rounds rather than back-to-back repeats, so a burst of load elsewhere on the machine spreads over all libraries.
  for (let round = 0; round < opts.repeat; round++) {
    for (const lib of opts.libs) {
      if (round > 0 && runs.get(lib.id)[0].status !== 'ok') continue;
      process.stderr.write(`${lib.label}${opts.repeat > 1 ? ` (run ${round + 1}/${opts.repeat})` : ''}: `);
      const r = await runChild(lib, opts);
      runs.get(lib.id).push(r);
      process.stderr.write(r.status === 'ok' ? `${SIZES.map((s) => `${s / 1024} KB ${fmt(r.sizes[s].mbPerCpuSecond)} MB/s`).join(', ')}\n` : `${r.status}: ${r.reason}\n`);
    }
  }
  const results = opts.libs.map((lib) => combine(lib, runs.get(lib.id), corpus));

  const { table: md, notes } = table(results);
  console.log(`\n${md}`);
  if (notes.length) console.log(`\n${notes.join('\n')}`);
  const bar = evaluateBar(results);
  info.loadAverage1mAtEnd = loadAverage1m();
  console.log(`\nmachine load (1-min average) ${info.loadAverage1mAtStart} at start, ${info.loadAverage1mAtEnd} at end: above 0 means other processes shared the ${info.cores} cores, which lowers and spreads every row.`);
  console.log(`\n${bar.status}: ${bar.rule}`);
  for (const c of bar.checks) console.log(`  ${c.pass ? 'ok  ' : 'FAIL'} ${c.id}: ${c.why}`);
  if (bar.notMeasured) console.log(`  (not measured, so not compared: ${bar.notMeasured.join(', ')})`);

  const failed = results.filter((r) => r.status === 'failed');
  const report = {
    schemaVersion: 1,
    startedAt,
    finishedAt: new Date().toISOString(),
    argv: process.argv.slice(2),
    machine: info,
    method: { durationSec: opts.duration, warmupSec: opts.warmup, repeat: opts.repeat, unit: 'MB (10^6 bytes of UTF-8) per CPU second of the measuring process' },
    corpus: { seed: CORPUS_SEED, sizes: corpus },
    results,
    bar,
    valid: failed.length === 0,
  };
  writeReport(opts.out, report);
  return failed.length === 0 ? 0 : 1;
}

runBenchmark(main);
