import { parentPort, workerData } from 'node:worker_threads';
import { BulwarkError } from '../core/index.js';
import { openSqliteAuditStore } from '../store/index.js';
import { deriveMasterKey } from './crypto.js';
import { KEY_CHANGES, OFFSET, SEGMENT } from './ingest.js';
import { openJournalWriter } from './journal.js';
import { createKeyring } from './keyring.js';
import { unpackEntries, type PackedEntries } from './handover.js';
import { journalBatch, type SealOptions } from './writer.js';

/**
 * The audit sealer thread (serve): seals each group of records the gateway commits (AES-GCM under
 * the subject's data key, created here when the subject is new) and appends it to the journal,
 * then acknowledges. The gateway's thread only hands the records over and waits for the answer
 * before it ends the response: the durability promise is the same (journaled before answered),
 * and the sealing, the journal write and any data-key write leave the thread every request needs.
 * Groups are written in the order they arrive, so the journal keeps the order of the commits.
 */

export interface SealerInit {
  path: string;
  journal: string;
  masterKey: Uint8Array;
  synchronous: 'normal' | 'full';
  /** [segment, offset] journaled so far, written here; the count of key changes, read here. */
  position: SharedArrayBuffer;
  /** Where the gateway's thread writes groups (handover.ts). */
  ring: SharedArrayBuffer;
  sealing: SealOptions;
}

export type ToSealer = { t: 'write'; id: number; packed: PackedEntries; now: number } | { t: 'close'; id: number };
export type FromSealer =
  | { t: 'ready'; segment: number }
  | { t: 'done'; id: number }
  | { t: 'failed'; id: number; code: string; message: string }
  | { t: 'fatal'; code: string; message: string };

const port = parentPort!;
const init = workerData as SealerInit;
const post = (m: FromSealer): void => port.postMessage(m);
const codeOf = (err: unknown): string => (err instanceof BulwarkError ? err.code : ((err as NodeJS.ErrnoException).code ?? 'STORE_ERROR'));

try {
  // Reads data keys, and writes one when a subject is new or its reserved uses run out; the
  // ingester checkpoints the WAL.
  const store = openSqliteAuditStore({ path: init.path, synchronous: init.synchronous, walAutocheckpoint: 0 });
  const master = deriveMasterKey(Buffer.from(init.masterKey));
  const slots = new BigInt64Array(init.position);
  const keyring = createKeyring(store, master, { changes: () => Atomics.load(slots, KEY_CHANGES) });
  const journal = openJournalWriter(init.journal, master, { sync: init.synchronous === 'full' });
  Atomics.store(slots, SEGMENT, BigInt(journal.segment));
  Atomics.store(slots, OFFSET, BigInt(journal.offset));
  post({ t: 'ready', segment: journal.segment });

  port.on('message', (m: ToSealer) => {
    if (m.t === 'close') {
      journal.close();
      store.close();
      post({ t: 'done', id: m.id });
      port.close();
      return;
    }
    let done = (): void => {};
    try {
      const group = unpackEntries(m.packed, init.ring);
      done = group.done;
      journalBatch(journal, group.entries, keyring, init.sealing, m.now);
      // Segment before offset: the ingester reads the offset first, so the segment it reads next is never older.
      Atomics.store(slots, SEGMENT, BigInt(journal.segment));
      Atomics.store(slots, OFFSET, BigInt(journal.offset));
      done();
      post({ t: 'done', id: m.id });
    } catch (err) {
      done();
      post({ t: 'failed', id: m.id, code: codeOf(err), message: (err as Error).message });
    }
  });
} catch (err) {
  post({ t: 'fatal', code: codeOf(err), message: (err as Error).message });
}
