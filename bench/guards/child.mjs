// Measures ONE library in this process, so its JIT state and garbage do not touch another's.
// Prints one JSON object on stdout; anything else goes to stderr.
//
// Throughput is bytes scanned / CPU seconds of this process (process.cpuUsage(): user + system
// of every thread, so a library that used helper threads pays for them too). The loop is
// single-threaded: one scan at a time, awaited when the API is asynchronous.
import { parseArgs } from 'node:util';
import { buildCorpus, describeCorpus, SIZES } from './corpus.mjs';
import { LIBRARIES, Unavailable, versionOf } from './libraries.mjs';

const { values: args } = parseArgs({
  options: {
    lib: { type: 'string' },
    duration: { type: 'string', default: '2' },
    warmup: { type: 'string', default: '1' },
  },
});

const lib = LIBRARIES.find((l) => l.id === args.lib);
if (lib === undefined) {
  console.error(`unknown library id: ${args.lib}`);
  process.exit(2);
}
const durationS = Number(args.duration);
const warmupS = Number(args.warmup);

const cpuSeconds = (u) => (u.user + u.system) / 1e6;

/** Runs the pool round-robin until at least `seconds` of wall time have passed; whole passes only. */
async function loop(scan, texts, bytes, seconds) {
  const cpu0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  const deadline = t0 + BigInt(Math.round(seconds * 1e9));
  let passes = 0;
  let sink = 0;
  do {
    for (let i = 0; i < texts.length; i++) {
      const r = scan(texts[i]);
      sink += typeof r === 'number' ? r : await r;
    }
    passes++;
  } while (process.hrtime.bigint() < deadline);
  const wallS = Number(process.hrtime.bigint() - t0) / 1e9;
  const cpuS = cpuSeconds(process.cpuUsage(cpu0));
  return { passes, scans: passes * texts.length, bytes: passes * bytes, wallSeconds: wallS, cpuSeconds: cpuS, sink };
}

async function main() {
  let adapter;
  if (!lib.ours && versionOf(lib) === undefined) {
    process.stdout.write(`${JSON.stringify({ id: lib.id, status: 'unavailable', reason: `${lib.package} is not installed (npm install brings it as a devDependency)` })}\n`);
    return;
  }
  try {
    adapter = await lib.load();
  } catch (err) {
    const reason = err instanceof Unavailable ? err.message : `failed to load: ${err?.stack ?? err}`;
    process.stdout.write(`${JSON.stringify({ id: lib.id, status: 'unavailable', reason })}\n`);
    return;
  }

  const absorbedBefore = adapter.absorbedErrors?.();
  const sizes = {};
  let totalFindings = 0;
  let totalBytes = 0;
  for (const size of SIZES) {
    const built = buildCorpus(size);
    const { texts } = built;
    const corpus = describeCorpus(built);
    // Findings over the whole pool, once, before any timing.
    let findings = 0;
    for (const t of texts) findings += await adapter.scan(t);
    totalFindings += findings;
    totalBytes += corpus.bytes;

    await loop(adapter.scan, texts, corpus.bytes, warmupS);
    const timed = await loop(adapter.scan, texts, corpus.bytes, durationS);
    sizes[size] = {
      corpusSha256: corpus.sha256,
      texts: corpus.texts,
      meanBytes: corpus.meanBytes,
      findings,
      findingsPerKB: findings / (corpus.bytes / 1024),
      mbPerCpuSecond: timed.bytes / 1e6 / timed.cpuSeconds,
      mbPerWallSecond: timed.bytes / 1e6 / timed.wallSeconds,
      scansPerCpuSecond: timed.scans / timed.cpuSeconds,
      ...timed,
    };
    delete sizes[size].sink;
  }
  const absorbedDuring = absorbedBefore === undefined ? undefined : adapter.absorbedErrors() - absorbedBefore;
  const notes = [adapter.note?.(), absorbedDuring ? `${absorbedDuring} absorbed error(s) fell inside the measurement` : undefined].filter(Boolean);
  process.stdout.write(
    `${JSON.stringify({
      id: lib.id,
      status: 'ok',
      sizes,
      findingsPerKB: totalFindings / (totalBytes / 1024),
      notes,
      ...(absorbedDuring === undefined ? {} : { absorbedErrorsDuringMeasurement: absorbedDuring }),
      rssMB: Math.round(process.memoryUsage().rss / 1e6),
    })}\n`,
  );
}

try {
  await main();
  // Some libraries keep handles (worker pools, timers) open; the measurement is done.
  process.exit(0);
} catch (err) {
  console.error(err?.stack ?? err);
  process.exit(1);
}
