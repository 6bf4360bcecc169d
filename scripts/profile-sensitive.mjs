// Where detectSensitive() spends its time: CPU MB/s of the whole default set and of each detector
// alone, on the 1 KB texts of the bench:guards corpus (same seed, same texts).
//   npm run build && node scripts/profile-sensitive.mjs [--seconds 2] [--lang en|zh] [--baseline DIR] [--alloc]
// Each figure is timed in slices of CPU time; the best slice is printed with the median after it,
// because on a shared machine other processes only ever slow a slice down. A detector alone runs
// with its code and tables hot: the whole set costs more than the sum of its parts.
// --baseline DIR: another build's dist directory (e.g. of the previous commit, built in a git
// worktree); its functions are timed in slices alternating with this build's, so both see the same
// machine load, and each line shows both.
// --alloc: bytes each line allocates per KB of text instead of its time (V8's sampling heap
// profiler, objects freed since counted too): what is allocated is paid again in garbage collection.
import { Session } from 'node:inspector/promises';
import { resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { buildCorpus, CORPUS_SEED } from '../bench/guards/corpus.mjs';

const args = process.argv.slice(2);
const option = (name) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const seconds = Number(option('--seconds') ?? 2);
const lang = option('--lang');
const baselineDir = option('--baseline');
const SLICES = baselineDir === undefined ? 5 : 10;
const alloc = args.includes('--alloc');

async function load(dist) {
  const url = (path) => pathToFileURL(resolve(dist, path)).href;
  const { detectSensitive, SENSITIVE_DETECTORS } = await import(url('guards/sensitive/detect.js'));
  const { normalizeForDetection } = await import(url('guards/text/normalize.js'));
  const fns = [
    ['detectSensitive (all)', (t) => detectSensitive(t)],
    ['normalizeForDetection', (t) => normalizeForDetection(t)],
    ...SENSITIVE_DETECTORS.map((d) => [`  ${d.id}`, (t) => d.detect(t)]),
    ['all detectors, no normalise', (t) => { for (const d of SENSITIVE_DETECTORS) d.detect(t); }],
    ['detectSensitive (again)', (t) => detectSensitive(t)],
  ];
  return new Map(fns);
}

// The corpus cycles en, zh, en, zh, en, zh, en-plain, zh-plain: even texts are English.
const all = buildCorpus(1024, CORPUS_SEED).texts;
const texts = lang === undefined ? all : all.filter((_, i) => (i % 2 === 0) === (lang === 'en'));
const bytes = texts.reduce((n, t) => n + Buffer.byteLength(t), 0);

/** µs per KiB of one slice of about `ms` milliseconds. */
function slice(fn, ms) {
  const start = process.cpuUsage();
  let scanned = 0;
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    for (const t of texts) fn(t);
    scanned += bytes;
  }
  const cpu = process.cpuUsage(start);
  return (cpu.user + cpu.system) / (scanned / 1024);
}

function summary(perKB) {
  const sorted = [...perKB].sort((a, b) => a - b);
  const best = sorted[0];
  return `${(1024 / best).toFixed(1).padStart(8)} MB/s per core   ${best.toFixed(2)} µs/KB (median ${sorted[sorted.length >> 1].toFixed(2)})`;
}

/** Bytes allocated per KiB of text by `passes` passes over the texts (sampled every 256 bytes). */
async function allocated(fn, passes) {
  const session = new Session();
  session.connect();
  await session.post('HeapProfiler.startSampling', { samplingInterval: 256, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
  for (let p = 0; p < passes; p++) for (const t of texts) fn(t);
  const { profile } = await session.post('HeapProfiler.stopSampling');
  session.disconnect();
  let total = 0;
  const walk = (node) => {
    total += node.selfSize;
    for (const child of node.children) walk(child);
  };
  walk(profile.head);
  return total / ((passes * bytes) / 1024);
}

const current = await load(fileURLToPath(new URL('../dist/', import.meta.url)));
const baseline = baselineDir === undefined ? undefined : await load(resolve(baselineDir));
console.log(`${texts.length} texts, ${(bytes / texts.length).toFixed(0)} B each on average${lang ? `, ${lang} only` : ''}`);
for (const [label, fn] of current) {
  const other = baseline?.get(label);
  for (let i = 0; i < 200; i++) {
    fn(texts[i % texts.length]);
    other?.(texts[i % texts.length]);
  }
  if (alloc) {
    const passes = Math.max(5, Math.round(seconds * 10));
    const mine = await allocated(fn, passes);
    const theirs = other === undefined ? undefined : await allocated(other, passes);
    console.log(`${label.padEnd(28)} ${mine.toFixed(0).padStart(8)} B/KB allocated${theirs === undefined ? '' : `   baseline ${theirs.toFixed(0)} B/KB`}`);
    continue;
  }
  const ms = (seconds * 1000) / SLICES;
  const mine = [];
  const theirs = [];
  for (let s = 0; s < SLICES; s++) {
    mine.push(slice(fn, ms));
    if (other !== undefined) theirs.push(slice(other, ms));
  }
  if (other === undefined) console.log(`${label.padEnd(28)} ${summary(mine)}`);
  else console.log(`${label.padEnd(28)} ${summary(mine)}   baseline ${summary(theirs).trim()}`);
}
