#!/usr/bin/env node
// Audit trail cost per record, without the gateway around it: a real trail in journal mode (the
// serve mode) on a temp dir, fed gateway-like entries (a ~1 KB chat request and a ~0.5 KB answer,
// no findings) in event-loop turns of --turn records, as --turn concurrent connections would.
// With --rate the turns are spaced in time as a gateway's requests are: per-frame and per-pass
// costs then run with cold caches and small ingest passes, and cost far more than back to back.
//
// Figures, CPU time per record beyond a harness run (the same turns fed to a stub trail):
//   main thread           append, sealing (AES-GCM), the frame's HMAC and writev, acknowledgement
//   ingest worker thread  frame reads, hash chain, SQLite (every record is in SQLite: flush() is
//                         inside the measured window)
//   other threads         V8's helpers (parallel GC, concurrent compilation)
//   whole process         all of them (process.cpuUsage covers every thread)
// Threads are read from /proc/self/task/<tid>/schedstat (Linux). One trail serves every run, as
// serve has one: a fresh trail would start a fresh worker whose compilation counts as records'.
//
// --profile adds a breakdown of each phase, timed in this thread on the same entries, one turn at
// a time (see profile()); --threads prints every thread's share.
//
// Usage: npm run build && node bench/audit/ingest.mjs [--records 20000] [--warmup 20000] [--turn 50]
//          [--rate 0] [--interval MS] [--repeat 5] [--stream] [--no-content] [--profile] [--threads] [--keep] [--dist DIR]
// --cpu-prof (a node flag) also profiles the ingest worker thread:
//   node --cpu-prof --cpu-prof-dir /tmp/prof bench/audit/ingest.mjs --repeat 1
import { createHmac, randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { loadAverage1m, machineInfo } from '../lib/report.mjs';

const { values: opts } = parseArgs({
  options: {
    // Another build to compare with (e.g. of the previous commit); --profile needs this tree's.
    dist: { type: 'string', default: fileURLToPath(new URL('../../dist', import.meta.url)) },
    records: { type: 'string', default: '20000' },
    warmup: { type: 'string', default: '20000' },
    // Records per second; 0: as fast as the trail takes them.
    rate: { type: 'string', default: '0' },
    // audit.ingestIntervalMs; unset: the trail's default.
    interval: { type: 'string' },
    turn: { type: 'string', default: '50' },
    repeat: { type: 'string', default: '5' },
    stream: { type: 'boolean', default: false },
    profile: { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
    threads: { type: 'boolean', default: false },
    // audit.content: false (metadata only): what sealing content costs.
    'no-content': { type: 'boolean', default: false },
  },
});
const dist = (p) => pathToFileURL(join(opts.dist, p)).href;
const { openAuditTrail } = await import(dist('audit/index.js'));
const RECORDS = Number(opts.records);
const TURN = Number(opts.turn);
const RATE = Number(opts.rate);
const REPEAT = Number(opts.repeat);
const WARMUP = Number(opts.warmup);

// ---------------------------------------------------------------- the entries

const PROSE = 'Capacity grew by eleven percent this quarter, mostly from backup traffic and the new analytics jobs. ';
const requestBody = Buffer.from(
  JSON.stringify({ model: 'fake-gpt', max_tokens: 256, messages: [{ role: 'system', content: 'You are a concise assistant for an operations team.' }, { role: 'user', content: PROSE.repeat(9) }] }).slice(0, 1024),
);
const answerBody = Buffer.from(
  JSON.stringify({ id: 'chatcmpl-1', object: 'chat.completion', created: 1, model: 'fake-gpt', choices: [{ index: 0, message: { role: 'assistant', content: PROSE.repeat(4) }, finish_reason: 'stop' }], usage: { prompt_tokens: 230, completion_tokens: 90 } }).slice(0, 512),
);
// Frames as an OpenAI-compatible upstream sends them (the same JSON around every token), one read each.
const answerChunks = Array.from({ length: 20 }, (_, i) =>
  Buffer.from(
    `data: ${JSON.stringify({ id: 'chatcmpl-0a588c9c71f4a1d72f7bffbb', object: 'chat.completion.chunk', created: 1700000000, model: 'fake-gpt', system_fingerprint: 'fp_bulwark_fake', choices: [{ index: 0, delta: { content: `word${i} ` }, logprobs: null, finish_reason: null }] })}\n\n`,
  ),
);

let n = 0;
/** What the gateway's auditEntry builds for a 200 with guards off. */
const entry = () => ({
  kind: 'request',
  time: Date.now(),
  tenantId: 'bench',
  keyId: 'key_01JBENCHBENCHBENCH',
  subject: undefined,
  clientIp: '127.0.0.1',
  method: 'POST',
  route: '/v1/chat/completions',
  model: 'fake-gpt',
  upstream: 'fake',
  status: 200,
  latencyMs: 2,
  promptTokens: 230,
  completionTokens: 90,
  stream: opts.stream,
  verdict: 'allow',
  findings: [],
  guards: [],
  errorCode: undefined,
  requestId: `req_${(n++).toString(36).padStart(12, '0')}`,
  detail: undefined,
  content: { wire: 'openai:chat', request: requestBody, answer: opts.stream ? answerChunks : answerBody, framing: opts.stream ? 'sse' : undefined },
});

// ---------------------------------------------------------------- CPU clocks

const threadNs = (tid) => {
  try {
    return Number(readFileSync(`/proc/self/task/${tid}/schedstat`, 'utf8').split(' ')[0]);
  } catch {
    return 0;
  }
};
const mainThreadNs = () => threadNs(process.pid);
const tasks = () => new Set(readdirSync('/proc/self/task').map(Number));
/** The ingest worker's thread: the one task the trail's opening added. */
let workerTid;
const processUs = () => {
  const u = process.cpuUsage();
  return u.user + u.system;
};

/** A trail stand-in with the same grouping (one promise per turn, settled in the check phase). */
function stubTrail() {
  let current;
  return {
    append() {
      if (current === undefined) {
        current = new Promise((resolve) => setImmediate(() => ((current = undefined), resolve())));
      }
      return current;
    },
    flush: async () => {},
  };
}

// Between turns the thread blocks instead of going back to the event loop for a timer: one futex
// wait costs less, and less variably, than a timer's round (nothing else needs the loop then).
const pause = new Int32Array(new SharedArrayBuffer(4));
const sleep = (ms) => Atomics.wait(pause, 0, 0, ms);

/** With --rate, turns are spaced so records arrive at that rate, as a gateway's requests do. */
async function feed(trail, count) {
  const started = performance.now();
  for (let done = 0; done < count; done += TURN) {
    const ps = [];
    for (let i = 0; i < TURN && done + i < count; i++) ps.push(trail.append(entry()));
    await Promise.all(ps);
    if (RATE > 0) {
      const due = started + ((done + TURN) / RATE) * 1000;
      const wait = due - performance.now();
      if (wait >= 1) sleep(wait);
    }
  }
}

const threadTimes = () => new Map([...tasks()].map((t) => [t, [threadNs(t), readFileSync(`/proc/self/task/${t}/comm`, 'utf8').trim()]]));

async function measure(trail) {
  const all0 = opts.threads ? threadTimes() : undefined;
  const m0 = mainThreadNs();
  const w0 = workerTid === undefined ? 0 : threadNs(workerTid);
  const p0 = processUs();
  await feed(trail, RECORDS);
  const m1 = mainThreadNs();
  await trail.flush();
  const p1 = processUs();
  const w1 = workerTid === undefined ? 0 : threadNs(workerTid);
  if (all0) for (const [t, [ns, name]] of threadTimes()) console.error(`    thread ${t} ${name}: ${fmt((ns - (all0.get(t)?.[0] ?? 0)) / 1e3 / RECORDS)} µs/record`);
  return { mainUs: (m1 - m0) / 1e3 / RECORDS, workerUs: (w1 - w0) / 1e3 / RECORDS, totalUs: (p1 - p0) / RECORDS };
}

/** What a run costs beyond its harness run (the same turns fed to a stub trail). */
const FIGURES = [
  ['main thread', (t, h) => t.mainUs - h.mainUs],
  ['ingest worker thread', (t) => t.workerUs],
  ['other threads (V8 GC and compiler helpers)', (t, h) => t.totalUs - t.mainUs - t.workerUs - (h.totalUs - h.mainUs)],
  ['whole process', (t, h) => t.totalUs - h.totalUs],
];

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];
const fmt = (x) => x.toFixed(1);

async function openTrail(dir) {
  return openAuditTrail({
    path: join(dir, 'audit.db'),
    masterKey: randomBytes(32),
    settings: { content: !opts['no-content'], maxContentBytes: 1_048_576, synchronous: 'normal', maxQueue: 20_000, retentionDays: 180, tenants: {} },
    mode: 'journal',
    ingestIntervalMs: opts.interval === undefined ? undefined : Number(opts.interval),
  });
}

// ---------------------------------------------------------------- main

console.log('# Audit trail CPU per record (journal mode)\n');
const info = machineInfo();
console.log(`machine: ${info.cpuModel}, ${info.cores} cores, node ${info.node}, load average 1m ${loadAverage1m()}`);
console.log(`load:    ${RECORDS} records per run in turns of ${TURN}${RATE > 0 ? ` at ${RATE} records/s` : ''}, request ${requestBody.length} B, answer ${opts.stream ? `${answerChunks.length} SSE chunks` : `${answerBody.length} B`}, ${REPEAT} runs\n`);

// One trail for all runs, as serve has: a new one would start a new ingest worker, whose JIT
// compilation (on V8's helper threads) would be counted as if every record paid for it.
const dir = mkdtempSync(join(tmpdir(), 'bulwark-audit-bench-'));
const before = tasks();
const trail = await openTrail(dir);
const added = [...tasks()].filter((t) => !before.has(t));
workerTid = added.length === 1 ? added[0] : undefined;
const stub = stubTrail();
await feed(stub, WARMUP);
await feed(trail, WARMUP);
await trail.flush();
const harness = [];
const runs = [];
try {
  for (let r = 0; r < REPEAT; r++) {
    harness.push(await measure(stub));
    runs.push(await measure(trail));
    const h = harness.at(-1);
    const t = runs.at(-1);
    console.error(`  run ${r + 1}/${REPEAT}: ${FIGURES.map(([name, f]) => `${name} ${fmt(f(t, h))}`).join(', ')} µs/record`);
  }
} finally {
  await trail.close();
  if (!opts.keep) rmSync(dir, { recursive: true, force: true });
  else console.log(`kept ${dir}`);
}
console.log('| figure | µs/record (median) | runs |');
console.log('|---|---:|---|');
for (const [name, f] of FIGURES) {
  const xs = runs.map((t, i) => f(t, harness[i]));
  console.log(`| ${name} | ${fmt(median(xs))} | ${xs.map(fmt).join(', ')} |`);
}
console.log(`| harness alone (subtracted): main thread / whole process | ${fmt(median(harness.map((h) => h.mainUs)))} / ${fmt(median(harness.map((h) => h.totalUs)))} | |`);

if (opts.profile) await profile();

/**
 * Each phase timed alone, in this thread, over the same entries in turns of TURN (wall time of
 * synchronous code on an otherwise idle thread; run with a quiet machine). Uses the trail's
 * internal modules from dist/, so it follows their current shape.
 */
async function profile() {
  const { deriveMasterKey, sealChunks, sha256Hex } = await import(dist('audit/crypto.js'));
  const { bindMasterKey, createKeyring } = await import(dist('audit/keyring.js'));
  const { sealBatch, createBatchWriter, blobLength } = await import(dist('audit/writer.js'));
  const { openJournalWriter, readFrames } = await import(dist('audit/journal.js'));
  const { frameMeta, parseFrameMeta } = await import(dist('audit/frame.js'));
  const { openSqliteAuditStore } = await import(dist('store/index.js'));
  const { canonicalRecord, GENESIS_HASH } = await import(dist('audit/record.js'));

  const dir = mkdtempSync(join(tmpdir(), 'bulwark-audit-prof-'));
  const store = openSqliteAuditStore({ path: join(dir, 'audit.db'), synchronous: 'normal', walAutocheckpoint: 8_000 });
  const master = deriveMasterKey(randomBytes(32));
  bindMasterKey(store, master);
  const keyring = createKeyring(store, master);
  const sealing = { content: true, maxContentBytes: 1_048_576 };
  const turns = Math.floor(RECORDS / TURN);
  const batches = Array.from({ length: turns }, () => Array.from({ length: TURN }, entry));
  const t = {};
  const time = (name, fn) => {
    const s = process.hrtime.bigint();
    const out = fn();
    t[name] = (t[name] ?? 0) + Number(process.hrtime.bigint() - s) / 1e3;
    return out;
  };
  // The first pass warms the JIT; the second is reported.
  for (const pass of [0, 1]) {
    for (const k of Object.keys(t)) delete t[k];
    const journal = openJournalWriter(join(dir, `journal-${pass}`), master, { sync: false });
    const metaStrings = [];
    for (const entries of batches) {
      time('main: records alone (sealBatch, content off)', () => sealBatch(entries, keyring, { content: false, maxContentBytes: 0 }, Date.now()));
      const sealed = time('main: records + sealing (sealBatch)', () => sealBatch(entries, keyring, sealing, Date.now()));
      const meta = time('main: frame meta (frameMeta)', () =>
        frameMeta(
          sealed.records,
          sealed.groups.map((g) => ({ tenantId: g.tenantId, dataKeyId: g.dataKeyId, size: blobLength(g.blob), tag: g.tag })),
        ),
      );
      metaStrings.push(meta);
      const metaBytes = Buffer.from(meta);
      time('main: frame HMAC alone', () => createHmac('sha256', master.journalKey).update('bulwark-audit journal\u0000').update(metaBytes).digest());
      time('main: journal.append (HMAC + writev)', () => journal.append(meta, sealed.groups.map((g) => g.blob)));
    }
    journal.close();
    const pieces = Buffer.concat([requestBody, answerBody]);
    const key = randomBytes(32);
    for (let i = 0; i < turns; i++) time('main: AES-GCM alone, one message per turn', () => sealChunks(key, Buffer.concat(Array(TURN).fill(pieces)), 'aad'));

    const read = time('worker: readFrames (read + HMAC + parse)', () => readFrames(join(dir, `journal-${pass}`), 1, 0, master, parseFrameMeta, 1 << 30));
    for (const m of metaStrings) time('worker: parseFrameMeta alone', () => parseFrameMeta(m));
    let prev = GENESIS_HASH;
    let seq = 0;
    for (const f of read.frames)
      time('worker: canonical form + SHA-256', () => {
        for (const r of f.value.records) prev = sha256Hex(canonicalRecord(r.tenantId, ++seq, 'x'.repeat(14), r.fields, { dataKeyId: 1, contentId: 1, tag: 'ab'.repeat(28) }, r.part, prev));
      });
    // As the ingester does: the frames of one pass (PASS_RECORDS records) in one transaction.
    const PASS_RECORDS = 1000;
    const passes = [];
    for (const f of read.frames) {
      if (passes.length === 0 || passes.at(-1).records.length >= PASS_RECORDS) passes.push({ records: [], groups: [] });
      const b = passes.at(-1);
      const base = b.groups.length;
      f.value.groups.forEach((g, i) => b.groups.push({ tenantId: g.tenantId, dataKeyId: g.dataKeyId, segment: 1, offset: f.offsets[i], length: g.size, tag: g.tag }));
      for (const r of f.value.records) b.records.push({ ...r, group: r.group === null ? null : r.group + base });
    }
    // The same writer over a store that keeps nothing: what is left is the writer's own work.
    const nothing = { ...store, transaction: (fn) => fn(), insertRecord: () => {}, insertContent: () => 1, putHead: () => {}, setMeta: () => {} };
    const idle = createBatchWriter(nothing, master);
    for (const b of passes) time('worker: writer.write on a store that keeps nothing (canonical + SHA-256)', () => idle.write(b, Date.now()));
    const writer = createBatchWriter(store, master);
    for (const b of passes) time(`worker: writer.write, one txn per ${PASS_RECORDS} records`, () => writer.write(b, Date.now()));
  }
  store.close();
  rmSync(dir, { recursive: true, force: true });
  console.log(`\n## Phases, µs per record (wall time of synchronous code in this thread, turns of ${TURN})\n`);
  console.log('| phase | µs/record |');
  console.log('|---|---:|');
  for (const [k, v] of Object.entries(t)) console.log(`| ${k} | ${fmt(v / (turns * TURN))} |`);
}
