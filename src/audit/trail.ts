import { pid } from 'node:process';
import { Worker } from 'node:worker_threads';
import { BulwarkError, ERRORS, systemClock, type AuditConfig, type Clock, type ErrorCode } from '../core/index.js';
import { openSqliteAuditStore, type AuditStore } from '../store/index.js';
import { deriveMasterKey, type MasterKey } from './crypto.js';
import { ingestJournal, journalOwned, KEY_CHANGES, SHARED_SLOTS } from './ingest.js';
import { journalDir, listSegments, openJournalWriter, type JournalWriter } from './journal.js';
import { bindMasterKey, createKeyring, type Keyring } from './keyring.js';
import { createAuditReader, type AuditReader } from './reader.js';
import type { AuditEntry } from './record.js';
import { forgetEvent, forgetSubject, purgeEvents, purgeExpired, type ForgetResult, type PurgeOptions, type PurgeResult, type RetentionPolicy } from './retention.js';
import { createRingWriter } from './handover.js';
import type { FromSealer, SealerInit, ToSealer } from './sealer.js';
import type { FromWorker, ToWorker, WorkerInit } from './worker.js';
import { createBatchWriter, eventBatch, journalBatch, type SealOptions } from './writer.js';

/** The part of a logger the trail uses (pino's Logger fits). */
export interface AuditLogger {
  error(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
}

export type AuditSettings = Pick<AuditConfig, 'content' | 'maxContentBytes' | 'synchronous' | 'maxQueue' | 'retentionDays' | 'tenants'>;

export interface AuditTrailOptions {
  path: string;
  /** The raw 32-byte master key; the CLI entry point reads it from the file or BULWARK_MASTER_KEY. */
  masterKey: Buffer;
  settings: AuditSettings;
  /**
   * journal (serve): records are sealed and journaled by a sealer thread and indexed by an ingester thread.
   * inline (CLI, unit tests): records go straight into the database on this thread.
   */
  mode?: 'journal' | 'inline';
  logger?: AuditLogger;
  clock?: Clock;
  /** Age (ms) at which a group is written without waiting for the end of the event-loop turn; default 1. */
  earlyCommitMs?: number;
  /**
   * Group commit: a group is written this many ms after its first record (0: at the end of the
   * event-loop turn). Streams end one per turn; a short window puts several of them in one journal
   * write instead of one write each, at the price of that much more latency before an answer ends.
   */
  groupCommitMs?: number;
  /** Inline mode: whether the process owning the journal (a serve) still runs; a dead one's frames are replayed here. */
  isAlive?: (pid: number) => boolean;
  /**
   * How often the ingester looks for new journal frames (default 50 ms). Larger passes are cheaper
   * per record (one transaction each); nothing waits for them but readers, who flush first.
   */
  ingestIntervalMs?: number;
}

export interface AuditTrailStats {
  /** Records waiting for their group's journal write. */
  pending: number;
  /** Group writes (journal frames or transactions) so far. */
  batches: number;
  records: number;
  /** Unauthenticated refusals counted instead of recorded, under overload. */
  dropped: number;
}

export interface AuditTrail {
  /**
   * Queues a record. The promise resolves once the record is durable (journaled, or committed in
   * inline mode): the acknowledgement the gateway waits for before it answers. It rejects with
   * AUDIT_WRITE_FAILED when the write failed.
   */
  append(entry: AuditEntry): Promise<void>;
  /** Resolves when everything appended so far is durable and in the database (readable). */
  flush(): Promise<void>;
  /** Deletes records past their tenant's retention and records that it did. */
  purge(options?: PurgeOptions): Promise<PurgeResult[]>;
  /** Crypto-shreds a data subject's content and records that it did. */
  forget(tenantId: string, subject: string, detail?: Record<string, unknown>): Promise<ForgetResult>;
  readonly reader: AuditReader;
  /** The fingerprint of the master key the trail is bound to. */
  readonly fingerprint: string;
  /** true when this open bound a fresh trail to the master key. */
  readonly created: boolean;
  /** Records a crashed process had journaled and this open replayed into the database. */
  readonly replayed: number;
  stats(): AuditTrailStats;
  close(): Promise<void>;
}

/** Where records go: the journal (serve) or the database directly (inline). */
interface Sink {
  /** When it returns (inline) or its promise resolves (journal), the batch is durable. Batches are written in call order. */
  write(entries: AuditEntry[]): void | Promise<void>;
  /** The batch is in the database. */
  sync(): Promise<void>;
  purge(policy: RetentionPolicy, now: number, options: PurgeOptions): Promise<PurgeResult[]>;
  forget(tenantId: string, subject: string, now: number, detail: Record<string, unknown>): Promise<ForgetResult>;
  close(): Promise<void>;
}

const noop = (): void => {};
/** Shared memory the gateway's thread hands groups to the sealer in; a larger group goes in its message. */
const HANDOVER_RING_BYTES = 8 * 1024 * 1024;
const EARLY_COMMIT_MS = 1;
const EARLY_COMMIT_RECORDS = 128;
const RESOLVED = Promise.resolve();

/** A worker thread cannot load TypeScript; under vitest (src/*.ts) the build in dist/ is used. */
function threadUrl(name: 'worker' | 'sealer'): URL {
  const here = import.meta.url;
  return here.endsWith('.ts') ? new URL(`../../dist/audit/${name}.js`, here) : new URL(`./${name}.js`, here);
}

function writeFailed(err: unknown): BulwarkError {
  const code = err instanceof BulwarkError ? err.code : ((err as NodeJS.ErrnoException).code ?? 'INTERNAL');
  return new BulwarkError('AUDIT_WRITE_FAILED', `audit write failed: ${(err as Error).message} [${code}]`, { cause: err });
}

type ThreadMessage = { t: 'ready' } | { t: 'done'; id: number; result?: unknown } | { t: 'failed'; id: number; code: string; message: string } | { t: 'fatal'; code: string; message: string };

type WithoutId<M> = M extends unknown ? Omit<M, 'id'> : never;

/** Calls to one of the trail's threads, answered by id; all fail once the thread is gone. */
interface ThreadLink<M, R> {
  /** The thread's ready message; rejects when it failed to start. */
  readonly ready: Promise<R>;
  call<T>(m: WithoutId<M>): Promise<T>;
  readonly gone: boolean;
}

function linkThread<M, R>(worker: Worker, name: string, logger: AuditLogger | undefined, other: (m: { t: string }) => void = noop): ThreadLink<M, R> {
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  let nextId = 1;
  let dead: BulwarkError | undefined;
  let started!: (r: R) => void;
  let notStarted!: (e: Error) => void;
  const ready = new Promise<R>((resolve, reject) => {
    started = resolve;
    notStarted = reject;
  });
  // A start that fails is reported through ready; nobody may be waiting on it yet.
  ready.catch(noop);
  const storeError = (code: string, message: string): BulwarkError => new BulwarkError(code in ERRORS ? (code as ErrorCode) : 'STORE_ERROR', message);
  const die = (err: BulwarkError): void => {
    if (dead) return;
    dead = err;
    notStarted(err);
    for (const p of pending.values()) p.reject(err);
    pending.clear();
  };
  worker.on('message', (m: ThreadMessage | { t: string }) => {
    const msg = m as ThreadMessage;
    if (msg.t === 'ready') return started(m as R);
    if (msg.t === 'fatal') {
      logger?.error({ code: msg.code }, `${name} failed to start`);
      return die(storeError(msg.code, msg.message));
    }
    if (msg.t !== 'done' && msg.t !== 'failed') return other(m);
    const p = pending.get(msg.id);
    if (!p) return;
    pending.delete(msg.id);
    if (msg.t === 'done') p.resolve(msg.result);
    else p.reject(storeError(msg.code, msg.message));
  });
  worker.on('error', (err) => {
    // Records stay durable in the journal; the next start ingests them.
    logger?.error({ err: err.stack }, `${name} crashed; journaled records stay in the journal until the next start`);
    die(new BulwarkError('STORE_ERROR', `the ${name} crashed: ${err.message}`));
  });
  worker.on('exit', () => die(new BulwarkError('STORE_ERROR', `the ${name} exited`)));
  return {
    ready,
    call: <T>(m: WithoutId<M>): Promise<T> =>
      new Promise<T>((resolve, reject) => {
        if (dead) return reject(dead);
        const id = nextId++;
        // Its answer comes in a later turn: registering after the post is in time, and a post
        // that throws leaves nothing behind.
        worker.postMessage({ ...m, id });
        pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      }),
    get gone() {
      return dead !== undefined;
    },
  };
}

/**
 * serve: a sealer thread seals and journals each committed group (sealer.ts) and an ingester
 * thread indexes the journal into the database (worker.ts). The gateway's thread hands groups over
 * and waits for their acknowledgement.
 */
async function journalSink(path: string, raw: Buffer, shared: SharedArrayBuffer, settings: AuditSettings, sealing: SealOptions, clock: Clock, logger: AuditLogger | undefined, intervalMs: number): Promise<Sink & { replayed: number }> {
  const dir = journalDir(path);
  const ring = createRingWriter(HANDOVER_RING_BYTES);
  const sealerInit: SealerInit = { path, journal: dir, masterKey: new Uint8Array(raw), synchronous: settings.synchronous, position: shared, ring: ring.buffer, sealing };
  const sealerThread = new Worker(threadUrl('sealer'), { workerData: sealerInit });
  const sealer = linkThread<ToSealer, Extract<FromSealer, { t: 'ready' }>>(sealerThread, 'audit sealer', logger);
  // The sealer opens the new journal segment first: the ingester replays every segment before it.
  await sealer.ready;
  const init: WorkerInit = { path, journal: dir, masterKey: new Uint8Array(raw), synchronous: settings.synchronous, position: shared, intervalMs, owner: `pid ${pid}` };
  const ingesterThread = new Worker(threadUrl('worker'), { workerData: init });
  const ingester = linkThread<ToWorker, Extract<FromWorker, { t: 'ready' }>>(ingesterThread, 'audit ingester', logger, (m) => {
    if (m.t === 'skipped') logger?.warn({ what: (m as Extract<FromWorker, { t: 'skipped' }>).what }, 'audit journal: frames skipped');
  });
  let replay: { records: number; skipped: string[] };
  try {
    replay = await ingester.ready;
  } catch (err) {
    await sealerThread.terminate();
    throw err;
  }
  if (replay.skipped.length > 0) logger?.warn({ what: replay.skipped }, 'audit journal: frames skipped during replay');
  const exited = (w: Worker): Promise<void> => new Promise<void>((resolve) => w.once('exit', () => resolve()));
  return {
    replayed: replay.records,
    write: (entries) =>
      sealer.call<void>({ t: 'write', packed: ring.pack(entries), now: clock() }).then(
        () => ring.release(),
        (err: unknown) => {
          ring.release();
          throw err;
        },
      ),
    sync: () => ingester.call<void>({ t: 'sync' }),
    purge: (policy, now, options) => ingester.call<PurgeResult[]>({ t: 'purge', policy, now, options }),
    forget: (tenantId, subject, now, detail) => ingester.call<ForgetResult>({ t: 'forget', tenantId, subject, now, detail }),
    close: async () => {
      // The journal is finished before the ingester's last pass reads it.
      if (!sealer.gone) {
        const gone = exited(sealerThread);
        await sealer.call<void>({ t: 'close' }).catch(noop);
        await gone;
      }
      if (ingester.gone) return;
      const gone = exited(ingesterThread);
      await ingester.call<void>({ t: 'close' }).catch(noop);
      await gone;
    },
  };
}

/**
 * Inline (CLI, unit tests): events without content go straight into the database; content goes
 * through a journal segment of this process and is ingested at once. Content writes assume no
 * other process is journaling into the same trail (serve keeps its own journal).
 */
function inlineSink(path: string, store: AuditStore, keyring: Keyring, settings: AuditSettings, sealing: SealOptions, clock: Clock): Sink {
  const master = keyring.master;
  const dir = journalDir(path);
  const writer = createBatchWriter(store, master);
  let journal: JournalWriter | undefined;
  return {
    write: (entries) => {
      if (!sealing.content || entries.every((e) => e.content === undefined)) {
        keyring.refresh();
        writer.write(eventBatch(entries, keyring, clock()), clock());
        return;
      }
      journal ??= openJournalWriter(dir, master, { sync: settings.synchronous === 'full' });
      journalBatch(journal, entries, keyring, sealing, clock());
      ingestJournal(store, writer, master, dir, { active: journal.segment, now: clock });
    },
    sync: async () => {},
    purge: async (policy, now, options) => {
      const results = await purgeExpired(store, master, dir, policy, now, { tenantId: options.tenantId });
      if (results.length > 0) writer.write(eventBatch(purgeEvents(results, now, options.detail), keyring, now), clock());
      return results;
    },
    forget: async (tenantId, subject, now, detail) => {
      const r = forgetSubject(store, keyring, dir, tenantId, subject, now);
      writer.write(eventBatch([forgetEvent(r, now, detail)], keyring, now), clock());
      return r;
    },
    close: async () => {
      if (journal === undefined) return;
      journal.close();
      ingestJournal(store, writer, master, dir, { now: clock });
    },
  };
}

/**
 * Opens the audit trail: binds (or checks) the master key, replays what a crashed process left in
 * the journal, and starts the writer. Records appended in one event-loop turn share one write.
 * The gateway waits for that write before it answers, so "answered" implies "recorded", even
 * after kill -9 (the write is in the OS when the promise resolves; synchronous: full adds an
 * fdatasync, for power loss too).
 */
export async function openAuditTrail(options: AuditTrailOptions): Promise<AuditTrail> {
  const { settings } = options;
  const clock = options.clock ?? systemClock;
  // In journal mode this connection only reads after the open (the sealer thread writes data keys),
  // and the ingester's commits checkpoint the WAL.
  const store = openSqliteAuditStore({ path: options.path, synchronous: settings.synchronous, walAutocheckpoint: options.mode === 'inline' ? undefined : 0 });
  const sealing: SealOptions = { content: settings.content, maxContentBytes: settings.maxContentBytes };
  let sink: Sink;
  let master: MasterKey;
  let created: boolean;
  let keyring: Keyring;
  let replayed = 0;
  try {
    master = deriveMasterKey(options.masterKey);
    created = bindMasterKey(store, master).created;
    if (options.mode === 'inline') {
      keyring = createKeyring(store, master);
      sink = inlineSink(options.path, store, keyring, settings, sealing, clock);
      // A serve that crashed left journal frames; nobody else is ingesting them, so do it here.
      if (listSegments(journalDir(options.path)).length > 0 && !journalOwned(store, clock(), options.isAlive)) {
        replayed = ingestJournal(store, createBatchWriter(store, master), master, journalDir(options.path), { now: clock }).records;
      }
    } else {
      const shared = new SharedArrayBuffer(SHARED_SLOTS * BigInt64Array.BYTES_PER_ELEMENT);
      const slots = new BigInt64Array(shared);
      keyring = createKeyring(store, master, { changes: () => Atomics.load(slots, KEY_CHANGES) });
      const j = await journalSink(options.path, options.masterKey, shared, settings, sealing, clock, options.logger, options.ingestIntervalMs ?? 50);
      sink = j;
      replayed = j.replayed;
    }
  } catch (err) {
    store.close();
    throw err;
  }
  const reader = createAuditReader(store, keyring, journalDir(options.path));

  let queue: AuditEntry[] = [];
  let current: Promise<void> | undefined;
  let settle: { resolve: () => void; reject: (e: Error) => void } | undefined;
  let dropped = 0;
  let batches = 0;
  let records = 0;
  let closed = false;

  let opened = 0;
  const groupCommitMs = options.groupCommitMs ?? 0;
  const earlyCommitMs = Math.max(options.earlyCommitMs ?? EARLY_COMMIT_MS, groupCommitMs);

  type Settle = { resolve: () => void; reject: (e: Error) => void };
  const written = (batch: AuditEntry[], s: Settle): void => {
    batches++;
    records += batch.length;
    s.resolve();
  };
  const failed = (batch: AuditEntry[], s: Settle, err: unknown): void => {
    options.logger?.error({ err: (err as Error).message, records: batch.length }, 'audit write failed');
    s.reject(writeFailed(err));
  };

  /** The last group handed to an asynchronous sink: groups are written in order, so its end is everyone's. */
  let writing: Promise<void> | undefined;

  const commit = (): void => {
    // The turn's scheduled commit finds nothing when an early one already took the batch.
    if (settle === undefined) return;
    const batch = queue;
    const s = settle;
    queue = [];
    current = undefined;
    settle = undefined;
    if (dropped > 0) {
      batch.push({ kind: 'audit-dropped', time: clock(), tenantId: '', detail: { count: dropped } });
      dropped = 0;
    }
    let done: void | Promise<void>;
    try {
      done = sink.write(batch);
    } catch (err) {
      return failed(batch, s, err);
    }
    if (done === undefined) return written(batch, s);
    const w = done.then(
      () => written(batch, s),
      (err: unknown) => failed(batch, s, err),
    );
    writing = w;
    void w.then(() => {
      if (writing === w) writing = undefined;
    });
  };
  /** Everything appended so far is written (or failed). */
  const settled = async (): Promise<void> => {
    if (current) await current.catch(noop);
    if (writing) await writing;
  };

  const trail: AuditTrail = {
    append(entry) {
      if (closed) return Promise.reject(new BulwarkError('AUDIT_WRITE_FAILED', 'the audit trail is closed'));
      // An unauthenticated flood must not grow memory without bound: count it, record the count.
      if (entry.tenantId === '' && queue.length >= settings.maxQueue) {
        dropped++;
        return RESOLVED;
      }
      queue.push(entry);
      if (current === undefined) {
        current = new Promise<void>((resolve, reject) => (settle = { resolve, reject }));
        // Callers that do not wait (a client already gone) must not leave a rejection unhandled.
        current.catch(noop);
        opened = performance.now();
        if (groupCommitMs > 0) setTimeout(commit, groupCommitMs);
        else setImmediate(commit);
        return current;
      }
      const p = current;
      // A busy event-loop turn (many streams' chunks) can last milliseconds before the check phase;
      // answers must not wait for it: a group older than EARLY_COMMIT_MS, or big, is written now.
      if (queue.length >= EARLY_COMMIT_RECORDS || performance.now() - opened >= earlyCommitMs) commit();
      return p;
    },
    async flush() {
      await settled();
      await sink.sync();
    },
    async purge(opts = {}) {
      return sink.purge({ retentionDays: settings.retentionDays, tenants: settings.tenants }, clock(), opts);
    },
    async forget(tenantId, subject, detail = {}) {
      await settled();
      return sink.forget(tenantId, subject, clock(), detail);
    },
    reader,
    fingerprint: master.fingerprint,
    created,
    replayed,
    stats: () => ({ pending: queue.length, batches, records, dropped }),
    async close() {
      if (closed) return;
      await settled();
      closed = true;
      await sink.close();
      store.close();
    },
  };
  return trail;
}
