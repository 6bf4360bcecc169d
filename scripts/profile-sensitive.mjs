// Where detectSensitive() spends its time: CPU MB/s of the whole default set and of each detector
// alone, on the 1 KB texts of the bench:guards corpus (same seed, same texts).
//   npm run build && node scripts/profile-sensitive.mjs [--seconds 2]
import { buildCorpus, CORPUS_SEED } from '../bench/guards/corpus.mjs';
import { detectSensitive, SENSITIVE_DETECTORS } from '../dist/guards/sensitive/detect.js';
import { normalizeForDetection } from '../dist/guards/text/normalize.js';

const args = process.argv.slice(2);
const seconds = args.includes('--seconds') ? Number(args[args.indexOf('--seconds') + 1]) : 2;
const { texts } = buildCorpus(1024, CORPUS_SEED);
const bytes = texts.reduce((n, t) => n + Buffer.byteLength(t), 0);

function measure(label, fn) {
  for (let i = 0; i < 200; i++) fn(texts[i % texts.length]);
  const start = process.cpuUsage();
  let scanned = 0;
  let rounds = 0;
  const deadline = Date.now() + seconds * 1000;
  while (Date.now() < deadline) {
    for (const t of texts) fn(t);
    scanned += bytes;
    rounds++;
  }
  const cpu = process.cpuUsage(start);
  const mbps = scanned / 1e6 / ((cpu.user + cpu.system) / 1e6);
  console.log(`${label.padEnd(28)} ${mbps.toFixed(1).padStart(8)} MB/s per core   ${(1024 / mbps).toFixed(2)} µs/KB`);
}

measure('detectSensitive (all)', (t) => detectSensitive(t));
measure('normalizeForDetection', (t) => normalizeForDetection(t));
for (const d of SENSITIVE_DETECTORS) measure(`  ${d.id}`, (t) => d.detect(t));
measure('all detectors, no normalise', (t) => {
  for (const d of SENSITIVE_DETECTORS) d.detect(t);
});
measure('detectSensitive (again)', (t) => detectSensitive(t));
