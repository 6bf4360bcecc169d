// Local micro-benchmark of the personal-data detectors (the full comparison with other libraries is
// bench/guards). Texts: lines of data/eval/sensitive/pii-generated.jsonl joined into 1 KiB and
// 16 KiB documents (English and Chinese, values, evasions and decoys mixed).
//   npm run build && node scripts/bench-pii-detectors.mjs [--per-detector] [--seconds 2]
import { readFileSync } from 'node:fs';
import { detectSensitive } from '../dist/guards/sensitive/detect.js';
import { PII_DETECTORS } from '../dist/guards/sensitive/pii/index.js';

const args = process.argv.slice(2);
const perDetector = args.includes('--per-detector');
const seconds = args.includes('--seconds') ? Number(args[args.indexOf('--seconds') + 1]) : 2;

const lines = readFileSync(new URL('../data/eval/sensitive/pii-generated.jsonl', import.meta.url), 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((l) => JSON.parse(l).text);

/** Documents of about `size` UTF-8 bytes, cycling through the generated lines. */
function documents(size, count) {
  const docs = [];
  let k = 0;
  for (let d = 0; d < count; d++) {
    let doc = '';
    while (Buffer.byteLength(doc) < size) doc += `${lines[k++ % lines.length]} `;
    docs.push(doc);
  }
  return docs;
}

/** MB/s per core: bytes over CPU seconds of this process (the machine may be shared). */
function bench(name, docs, fn) {
  const bytes = docs.reduce((n, d) => n + Buffer.byteLength(d), 0);
  // Warm up so the numbers are for optimised code.
  for (let i = 0; i < 3; i++) for (const d of docs) fn(d);
  let rounds = 0;
  const wall = performance.now();
  const cpu = process.cpuUsage();
  while (performance.now() - wall < seconds * 1000) {
    for (const d of docs) fn(d);
    rounds++;
  }
  const used = process.cpuUsage(cpu);
  const cpuSeconds = (used.user + used.system) / 1e6;
  const mbps = (bytes * rounds) / cpuSeconds / 1e6;
  const usPerKb = (cpuSeconds * 1e6) / ((bytes * rounds) / 1024);
  process.stdout.write(`${name.padEnd(34)} ${mbps.toFixed(1).padStart(8)} MB/s  ${usPerKb.toFixed(2).padStart(7)} µs/KiB\n`);
  return mbps;
}

/** Flat copies: texts built by concatenation are rope strings until first read. */
const flat = (docs) => docs.map((d) => JSON.parse(JSON.stringify(d)));

const sets = [
  ['dense 1 KiB (eval lines: a value every ~40 chars)', flat(documents(1024, 400))],
  ['dense 16 KiB', flat(documents(16 * 1024, 30))],
];
// The corpus of npm run bench:guards (prose, a value every ~200 characters), when present.
try {
  const { buildCorpus } = await import('../bench/guards/corpus.mjs');
  const texts = (size) => {
    const c = buildCorpus(size);
    return flat(Array.isArray(c) ? c : c.texts);
  };
  sets.push(['bench:guards corpus 1 KiB', texts(1024)], ['bench:guards corpus 16 KiB', texts(16 * 1024)]);
} catch (e) {
  process.stdout.write(`(bench/guards corpus not loaded: ${e.message})\n`);
}
let secrets = [];
try {
  secrets = (await import('../dist/guards/sensitive/secrets/index.js')).SECRET_DETECTORS;
} catch {
  // Secrets detectors not built.
}
for (const [label, docs] of sets) {
  process.stdout.write(`\n${label} (${docs.length} documents)\n`);
  bench('PII detectors (detectSensitive)', docs, (d) => detectSensitive(d, PII_DETECTORS));
  if (secrets.length > 0) bench('PII + secrets (detectSensitive)', docs, (d) => detectSensitive(d));
  if (perDetector) for (const det of [...PII_DETECTORS, ...secrets]) bench(`  ${det.id}`, docs, (d) => det.detect(d));
}
