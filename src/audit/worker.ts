import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { BulwarkError } from '../core/index.js';
import { openSqliteAuditStore } from '../store/index.js';
import { deriveMasterKey } from './crypto.js';
import { claimJournal, INDEXED, ingestJournal, KEY_CHANGES, OFFSET, releaseJournal, SEGMENT } from './ingest.js';
import { createKeyring, readKeysVersion, REFRESH_MS, reserveDataKey } from './keyring.js';
import type { AuditEntry } from './record.js';
import { forgetEvent, forgetSubject, purgeEvents, purgeExpired, type PurgeOptions, type RetentionPolicy } from './retention.js';
import { createBatchWriter, eventBatch, type IngestBatch } from './writer.js';

/**
 * The audit ingester thread: moves journal frames into the SQLite trail (per-subject encryption,
 * hash chain, indexes) every few milliseconds, in one transaction per pass, and runs purges and
 * erasures. Nothing on the request path waits for it: records are durable once journaled.
 */

export interface WorkerInit {
  path: string;
  journal: string;
  masterKey: Uint8Array;
  synchronous: 'normal' | 'full';
  /**
   * [segment, offset] the gateway's thread has journaled up to, and a count of key changes this
   * thread saw (erasures, rotations), which the gateway's keyring waits for instead of polling.
   */
  position: SharedArrayBuffer;
  intervalMs: number;
  owner: string;
  /** audit.ingestNice: this thread's nice value. */
  nice: number;
}

export type ToWorker =
  | { t: 'sync'; id: number }
  | { t: 'purge'; id: number; policy: RetentionPolicy; now: number; options: PurgeOptions }
  | { t: 'forget'; id: number; tenantId: string; subject: string; now: number; detail: Record<string, unknown> }
  /** A data key for the gateway's thread: it would otherwise write to the store with the event loop stopped. */
  | { t: 'data-key'; id: number; tenantId: string; subjectRef: string; now: number }
  | { t: 'close'; id: number };
export type FromWorker =
  | { t: 'ready'; records: number; skipped: string[] }
  | { t: 'done'; id: number; result?: unknown }
  | { t: 'failed'; id: number; code: string; message: string }
  | { t: 'fatal'; code: string; message: string }
  | { t: 'skipped'; what: string[] };

const port = parentPort!;
const init = workerData as WorkerInit;
const post = (m: FromWorker): void => port.postMessage(m);
const codeOf = (err: unknown): string => (err instanceof BulwarkError ? err.code : 'STORE_ERROR');

/**
 * Lowers this thread's scheduling priority (audit.ingestNice). On Linux a thread is a task with its
 * own nice value, set through its thread id; elsewhere, or where /proc is not mounted, the thread
 * keeps the process's priority, which costs only speed.
 */
function lowerPriority(nice: number): void {
  if (nice <= 0 || process.platform !== 'linux') return;
  try {
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    if (Number.isInteger(tid) && tid > 0) setPriority(tid, nice);
  } catch {
    // Unsupported here: run at normal priority.
  }
}

lowerPriority(init.nice);

try {
  // Larger checkpoints rewrite the pages each pass touches once, not once per pass.
  const store = openSqliteAuditStore({ path: init.path, synchronous: init.synchronous, walAutocheckpoint: 8_000 });
  const master = deriveMasterKey(Buffer.from(init.masterKey));
  const keyring = createKeyring(store, master);
  const writer = createBatchWriter(store, master);
  const position = new BigInt64Array(init.position);
  const events = (entries: AuditEntry[]): IngestBatch => eventBatch(entries, keyring, Date.now());
  const ingest = (final = false): void => {
    // Offset first: a segment number read after it is never older than the segment it is in.
    const activeEnd = Number(Atomics.load(position, OFFSET));
    const active = Number(Atomics.load(position, SEGMENT));
    const r = ingestJournal(store, writer, master, init.journal, final ? { now: Date.now } : { active, activeEnd, now: Date.now });
    if (r.records > 0) Atomics.add(position, INDEXED, BigInt(r.records));
    if (r.skipped.length > 0) post({ t: 'skipped', what: r.skipped });
  };
  let lastOffer = -1n;
  let failing = false;
  const tick = (): void => {
    const at = Atomics.load(position, OFFSET);
    if (at === lastOffer && !failing) return;
    try {
      ingest();
      lastOffer = at;
      failing = false;
    } catch (err) {
      // Records stay in the journal; the next tick tries again.
      if (!failing) post({ t: 'skipped', what: [`ingest failed: ${(err as Error).message}`] });
      failing = true;
    }
  };

  claimJournal(store, init.owner, Date.now());
  const replay = ingestJournal(store, writer, master, init.journal, { active: Number(Atomics.load(position, SEGMENT)), now: Date.now });
  const timer = setInterval(tick, init.intervalMs);
  const heartbeat = setInterval(() => claimJournal(store, init.owner, Date.now()), 2_000);
  // Commits of other connections (another process's erasure or rotation) show in data_version.
  const keysChanged = (): bigint => Atomics.add(position, KEY_CHANGES, 1n);
  let seenData = store.dataVersion();
  let seenKeys = readKeysVersion(store);
  const watchKeys = setInterval(() => {
    try {
      const d = store.dataVersion();
      if (d === seenData) return;
      seenData = d;
      const k = readKeysVersion(store);
      if (k === seenKeys) return;
      seenKeys = k;
      keysChanged();
    } catch {
      // The gateway then keeps its keys until the next look; ingestion reports store failures.
    }
  }, REFRESH_MS);

  port.on('message', (m: ToWorker) => {
    const done = (result?: unknown): void => post({ t: 'done', id: m.id, result });
    const failed = (err: unknown): void => post({ t: 'failed', id: m.id, code: codeOf(err), message: (err as Error).message });
    try {
      if (m.t === 'sync') {
        ingest();
        return done();
      }
      if (m.t === 'data-key') return done(reserveDataKey(store, master, m.tenantId, m.subjectRef, m.now));
      if (m.t === 'forget') {
        ingest();
        const r = forgetSubject(store, keyring, init.journal, m.tenantId, m.subject, m.now);
        // Before the answer: once forget() resolves, no new content is sealed under the shredded key.
        seenKeys = readKeysVersion(store);
        keysChanged();
        writer.write(events([forgetEvent(r, m.now, m.detail)]), Date.now());
        return done(r);
      }
      if (m.t === 'purge') {
        ingest();
        // Between chunks the thread returns to its event loop, so ingestion goes on.
        purgeExpired(store, master, init.journal, m.policy, m.now, { tenantId: m.options.tenantId, yieldEach: () => new Promise((resolve) => setImmediate(resolve)) })
          .then((results) => {
            if (results.length > 0) writer.write(events(purgeEvents(results, m.now, m.options.detail)), Date.now());
            done(results);
          })
          .catch(failed);
        return;
      }
      clearInterval(timer);
      clearInterval(heartbeat);
      clearInterval(watchKeys);
      // The gateway's thread has closed the journal: its last segment is finished too.
      ingest(true);
      releaseJournal(store);
      store.close();
      done();
      port.close();
    } catch (err) {
      failed(err);
    }
  });
  post({ t: 'ready', records: replay.records, skipped: replay.skipped });
} catch (err) {
  post({ t: 'fatal', code: codeOf(err), message: (err as Error).message });
  port.close();
}
