import { pid } from 'node:process';
import { Worker } from 'node:worker_threads';
import { BulwarkError, ERRORS, systemClock, type AuditConfig, type Clock, type ErrorCode } from '../core/index.js';
import { openSqliteAuditStore, type AuditStore } from '../store/index.js';
import { deriveMasterKey, type MasterKey } from './crypto.js';
import { INDEXED, ingestJournal, journalOwned, KEY_CHANGES, OFFSET, SEGMENT, SHARED_SLOTS } from './ingest.js';
import { journalDir, listSegments, openJournalWriter, type JournalWriter } from './journal.js';
import { bindMasterKey, createKeyring, type Keyring, type ReservedDataKey } from './keyring.js';
import { createAuditReader, type AuditReader } from './reader.js';
import type { AuditEntry } from './record.js';
import { forgetEvent, forgetSubject, purgeEvents, purgeExpired, type ForgetResult, type PurgeOptions, type PurgeResult, type RetentionPolicy } from './retention.js';
import type { FromWorker, ToWorker, WorkerInit } from './worker.js';
import { frameMeta } from './frame.js';
import { blobLength, createBatchWriter, eventBatch, sealBatch, sealsContent, subjectRefOf, type SealOptions } from './writer.js';

/** The part of a logger the trail uses (pino's Logger fits). */
export interface AuditLogger {
  error(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
}

export type AuditSettings = Pick<AuditConfig, 'content' | 'maxContentBytes' | 'synchronous' | 'maxQueue' | 'retentionDays' | 'tenants'> & Partial<Pick<AuditConfig, 'ingestNice'>>;

export interface AuditTrailOptions {
  path: string;
  /** The raw 32-byte master key; the CLI entry point reads it from the file or BULWARK_MASTER_KEY. */
  masterKey: Buffer;
  settings: AuditSettings;
  /**
   * journal (serve): records are journaled on this thread and ingested by a worker thread.
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
  /**
   * Records journaled (acknowledged) but not yet indexed into the database, where searches see
   * them: the ingester's backlog. Always 0 inline, where records are written to the database.
   */
  unindexed: number;
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
  /** Synchronous: when it returns, the batch is durable. */
  write(entries: AuditEntry[]): void;
  /**
   * What write() needs first and cannot get without a store write on this thread (data keys of
   * subjects new to it): a promise once it is ready, undefined when it is already.
   */
  prepare?(entries: readonly AuditEntry[]): Promise<void> | undefined;
  /** The batch is in the database. */
  sync(): Promise<void>;
  purge(policy: RetentionPolicy, now: number, options: PurgeOptions): Promise<PurgeResult[]>;
  forget(tenantId: string, subject: string, now: number, detail: Record<string, unknown>): Promise<ForgetResult>;
  close(): Promise<void>;
}

const noop = (): void => {};
const EARLY_COMMIT_MS = 1;
const EARLY_COMMIT_RECORDS = 128;
const RESOLVED = Promise.resolve();
/** The ingest worker's young generation (V8 semi-spaces), MB. */
const INGEST_YOUNG_GENERATION_MB = 96;

/** A worker thread cannot load TypeScript; under vitest (src/*.ts) the build in dist/ is used. */
function workerUrl(): URL {
  const here = import.meta.url;
  return here.endsWith('.ts') ? new URL('../../dist/audit/worker.js', here) : new URL('./worker.js', here);
}

function writeFailed(err: unknown): BulwarkError {
  const code = err instanceof BulwarkError ? err.code : ((err as NodeJS.ErrnoException).code ?? 'INTERNAL');
  return new BulwarkError('AUDIT_WRITE_FAILED', `audit write failed: ${(err as Error).message} [${code}]`, { cause: err });
}

async function journalSink(path: string, raw: Buffer, keyring: Keyring, shared: SharedArrayBuffer, settings: AuditSettings, sealing: SealOptions, clock: Clock, logger: AuditLogger | undefined, intervalMs: number): Promise<Sink & { replayed: number }> {
  const master = keyring.master;
  const dir = journalDir(path);
  const journal: JournalWriter = openJournalWriter(dir, master, { sync: settings.synchronous === 'full' });
  const position = new BigInt64Array(shared);
  Atomics.store(position, SEGMENT, BigInt(journal.segment));
  Atomics.store(position, OFFSET, BigInt(journal.offset));
  const init: WorkerInit = { path, journal: dir, masterKey: new Uint8Array(raw), synchronous: settings.synchronous, position: shared, intervalMs, owner: `pid ${pid}`, nice: settings.ingestNice ?? 0 };
  // A large young generation: the ingester makes a few short-lived strings per record (canonical
  // form, hash, parsed meta) and nothing of a pass outlives it, so fewer scavenges copy less
  // (bench/audit/ingest.mjs: worker thread 21-22 -> 18 µs/record at 3,500 records/s).
  const worker = new Worker(workerUrl(), { workerData: init, resourceLimits: { maxYoungGenerationSizeMb: INGEST_YOUNG_GENERATION_MB } });
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  let nextId = 1;
  let dead: BulwarkError | undefined;
  let started!: (r: { records: number; skipped: string[] }) => void;
  let notStarted!: (e: Error) => void;
  const ready = new Promise<{ records: number; skipped: string[] }>((resolve, reject) => {
    started = resolve;
    notStarted = reject;
  });
  const die = (err: BulwarkError): void => {
    if (dead) return;
    dead = err;
    notStarted(err);
    for (const p of pending.values()) p.reject(err);
    pending.clear();
  };
  worker.on('message', (m: FromWorker) => {
    if (m.t === 'ready') return started(m);
    if (m.t === 'skipped') return void logger?.warn({ what: m.what }, 'audit journal: frames skipped');
    if (m.t === 'fatal') {
      logger?.error({ code: m.code }, 'audit ingester failed to start');
      return die(new BulwarkError(m.code in ERRORS ? (m.code as ErrorCode) : 'STORE_ERROR', m.message));
    }
    const p = pending.get(m.id);
    if (!p) return;
    pending.delete(m.id);
    if (m.t === 'done') p.resolve(m.result);
    else p.reject(new BulwarkError(m.code in ERRORS ? (m.code as ErrorCode) : 'STORE_ERROR', m.message));
  });
  worker.on('error', (err) => {
    // Records stay durable in the journal; the next start ingests them.
    logger?.error({ err: err.stack }, 'audit ingester crashed; records stay in the journal until the next start');
    die(new BulwarkError('STORE_ERROR', `the audit ingester crashed: ${err.message}`));
  });
  worker.on('exit', () => die(new BulwarkError('STORE_ERROR', 'the audit ingester exited')));
  let replay: { records: number; skipped: string[] };
  try {
    replay = await ready;
  } catch (err) {
    journal.close();
    throw err;
  }
  if (replay.skipped.length > 0) logger?.warn({ what: replay.skipped }, 'audit journal: frames skipped during replay');
  const send = <T>(m: ToWorker): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      if (dead) return reject(dead);
      pending.set(m.id, { resolve: resolve as (v: unknown) => void, reject });
      worker.postMessage(m);
    });
  // Data keys the ingest thread is reserving for this one, by tenant and subject.
  const reserving = new Map<string, Promise<void>>();
  return {
    replayed: replay.records,
    prepare(entries) {
      if (!sealing.content) return undefined;
      keyring.refresh();
      let waits: Promise<void>[] | undefined;
      for (const e of entries) {
        if (!sealsContent(e, sealing)) continue;
        const ref = subjectRefOf(e, keyring) ?? '';
        if (keyring.hasDataKey(e.tenantId, ref)) continue;
        const k = `${e.tenantId}\u0000${ref}`;
        let p = reserving.get(k);
        if (p === undefined) {
          const tenantId = e.tenantId;
          p = send<ReservedDataKey>({ t: 'data-key', id: nextId++, tenantId, subjectRef: ref, now: clock() })
            .then((r) => keyring.installDataKey(tenantId, ref, r))
            .finally(() => reserving.delete(k));
          reserving.set(k, p);
        }
        (waits ??= []).push(p);
      }
      return waits === undefined ? undefined : Promise.all(waits).then(noop);
    },
    write(entries) {
      appendFrame(journal, entries, keyring, sealing, clock());
      Atomics.store(position, SEGMENT, BigInt(journal.segment));
      Atomics.store(position, OFFSET, BigInt(journal.offset));
    },
    sync: () => send<void>({ t: 'sync', id: nextId++ }),
    purge: (policy, now, options) => send<PurgeResult[]>({ t: 'purge', id: nextId++, policy, now, options }),
    forget: (tenantId, subject, now, detail) => send<ForgetResult>({ t: 'forget', id: nextId++, tenantId, subject, now, detail }),
    close: async () => {
      journal.close();
      if (dead) return;
      const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
      await send<void>({ t: 'close', id: nextId++ }).catch(noop);
      await exited;
    },
  };
}

/** Appends one frame: the batch's metadata and its sealed content groups. */
function appendFrame(journal: JournalWriter, entries: readonly AuditEntry[], keyring: Keyring, sealing: SealOptions, now: number): void {
  keyring.refresh();
  const { records, groups } = sealBatch(entries, keyring, sealing, now);
  journal.append(
    frameMeta(
      records,
      groups.map((g) => ({ tenantId: g.tenantId, dataKeyId: g.dataKeyId, size: blobLength(g.blob), tag: g.tag })),
    ),
    groups.map((g) => g.blob),
  );
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
      appendFrame(journal, entries, keyring, sealing, clock());
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
  // In journal mode this connection writes only data keys, now and then, on the gateway's thread:
  // the ingester's commits checkpoint the WAL, so such a write never copies the WAL into the database.
  const store = openSqliteAuditStore({ path: options.path, synchronous: settings.synchronous, walAutocheckpoint: options.mode === 'inline' ? undefined : 0 });
  const sealing: SealOptions = { content: settings.content, maxContentBytes: settings.maxContentBytes };
  let sink: Sink;
  let master: MasterKey;
  let created: boolean;
  let keyring: Keyring;
  let replayed = 0;
  /** Records the ingester has indexed, in journal mode. */
  let indexed = (): number | undefined => undefined;
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
      indexed = () => Number(Atomics.load(slots, INDEXED));
      keyring = createKeyring(store, master, { changes: () => Atomics.load(slots, KEY_CHANGES) });
      const j = await journalSink(options.path, options.masterKey, keyring, shared, settings, sealing, clock, options.logger, options.ingestIntervalMs ?? 50);
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
  const fail = (batch: AuditEntry[], s: Settle, err: unknown): void => {
    options.logger?.error({ err: (err as Error).message, records: batch.length }, 'audit write failed');
    s.reject(writeFailed(err));
  };
  /** Writes one group and settles its acknowledgement; never throws. */
  const write = (batch: AuditEntry[], s: Settle): void => {
    try {
      sink.write(batch);
    } catch (err) {
      fail(batch, s, err);
      return;
    }
    batches++;
    records += batch.length;
    s.resolve();
  };

  /**
   * The last group still waiting for what the sink had to prepare (data keys): later groups are
   * journaled after it, so the journal keeps the order of the commits.
   */
  let waiting: Promise<void> | undefined;

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
    let ready: Promise<void> | undefined;
    try {
      ready = sink.prepare?.(batch);
    } catch (err) {
      ready = Promise.reject(err);
    }
    const before = waiting;
    if (ready === undefined && before === undefined) return write(batch, s);
    const after = Promise.all([ready, before]).then(
      () => write(batch, s),
      (err: unknown) => fail(batch, s, err),
    );
    waiting = after;
    void after.then(() => {
      if (waiting === after) waiting = undefined;
    });
  };
  /** Everything committed so far is written (or failed). */
  const written = async (): Promise<void> => {
    if (current) await current.catch(noop);
    if (waiting) await waiting;
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
      await written();
      await sink.sync();
    },
    async purge(opts = {}) {
      return sink.purge({ retentionDays: settings.retentionDays, tenants: settings.tenants }, clock(), opts);
    },
    async forget(tenantId, subject, detail = {}) {
      await written();
      return sink.forget(tenantId, subject, clock(), detail);
    },
    reader,
    fingerprint: master.fingerprint,
    created,
    replayed,
    stats: () => {
      const done = indexed();
      return { pending: queue.length, batches, records, unindexed: done === undefined ? 0 : Math.max(0, records - done), dropped };
    },
    async close() {
      if (closed) return;
      await written();
      closed = true;
      await sink.close();
      store.close();
    },
  };
  return trail;
}
