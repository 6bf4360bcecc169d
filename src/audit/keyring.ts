import { BulwarkError } from '../core/index.js';
import type { AuditStore } from '../store/index.js';
import { DATA_KEY_MAX_USES, hmacHex, randomKey, seal, unseal, type MasterKey } from './crypto.js';

const META_FINGERPRINT = 'master_fingerprint';
const META_SUBJECT_KEY = 'subject_key';
const SUBJECT_KEY_AAD = 'bulwark-audit subject-key';
const dataKeyAad = (tenantId: string, subjectRef: string): string => `bulwark-audit data-key\u0000${tenantId}\u0000${subjectRef}`;

/**
 * Binds an audit store to a master key on first use, and refuses any other key afterwards: a
 * wrong key would otherwise write records nobody can read later.
 */
export function bindMasterKey(store: AuditStore, master: MasterKey): { created: boolean } {
  return store.transaction(() => {
    const fp = store.getMeta(META_FINGERPRINT);
    if (fp === undefined) {
      store.setMeta(META_FINGERPRINT, master.fingerprint);
      store.setMeta(META_SUBJECT_KEY, seal(master.kek, randomKey(), SUBJECT_KEY_AAD).toString('base64'));
      return { created: true };
    }
    if (fp !== master.fingerprint) throw mismatch(fp, master.fingerprint);
    return { created: false };
  });
}

/** The fingerprint of the master key this store is bound to, if any. */
export function boundFingerprint(store: AuditStore): string | undefined {
  return store.getMeta(META_FINGERPRINT);
}

function mismatch(stored: string, given: string): BulwarkError {
  return new BulwarkError('AUDIT_MASTER_KEY_MISMATCH', `the master key (fingerprint ${given}) is not the one this audit trail is bound to (fingerprint ${stored})`);
}

export interface Keyring {
  readonly master: MasterKey;
  /**
   * A stable pseudonym of a data subject within a tenant. Subjects may be user ids or e-mail
   * addresses; only this HMAC is stored, so the metadata in clear names nobody.
   */
  subjectRef(tenantId: string, subject: string): string;
  /**
   * The subject's current data key, created (or replaced once used up) as needed. Creating one is
   * a write to the store; in serve the ingest thread makes it ahead (reserveDataKey, then
   * installDataKey here), so the gateway's thread finds it in memory.
   */
  dataKeyFor(tenantId: string, subjectRef: string, now: number): { id: number; key: Buffer };
  /** Whether dataKeyFor would answer from memory, without writing to the store. */
  hasDataKey(tenantId: string, subjectRef: string): boolean;
  /** Takes a data key another thread reserved for this one (see reserveDataKey). */
  installDataKey(tenantId: string, subjectRef: string, reserved: ReservedDataKey): void;
  /** One more message sealed under this data key. */
  countUse(id: number): void;
  /** A data key for reading; undefined once it was shredded. */
  dataKey(id: number): Buffer | undefined;
  /**
   * Forget cached keys if a subject was erased or the master key rotated since (cheap when nothing
   * changed). `force` after this process erased a subject itself (its own commit changes nothing
   * it could notice).
   */
  refresh(force?: boolean): void;
}

const META_KEYS_VERSION = 'keys_version';

/** Changes with every erasure and rotation (of any process). */
export const readKeysVersion = (store: AuditStore): string | undefined => store.getMeta(META_KEYS_VERSION);

/** Erasure and rotation bump this, so every process drops the data keys it holds in memory. */
export function bumpKeysVersion(store: AuditStore): void {
  store.setMeta(META_KEYS_VERSION, String(Number(store.getMeta(META_KEYS_VERSION) ?? '0') + 1));
}

interface CurrentKey {
  id: number;
  key: Buffer;
  /** Uses recorded in the store, reservations included. */
  recorded: number;
  /** Uses left of this process's reservation. */
  reserved: number;
}

/**
 * Use counts are reserved ahead, USES_RESERVE at a time, instead of written with every batch (no
 * database write on the request path). A crash loses at most an unused reservation, so the stored
 * count errs high, never low. In serve the first reservation of a subject's key is made on the
 * ingest thread (reserveDataKey); a renewal, once 2^20 uses are spent, is a write on the gateway's
 * thread, which waits for the ingester's write lock (BEGIN IMMEDIATE) with the event loop stopped,
 * so it must be rare. A crash forfeits at most 1/256 of a key's uses; a key used up is replaced.
 */
const USES_RESERVE = 2 ** 20;
/** How soon an erasure or a rotation reaches a running gateway's cached keys. */
export const REFRESH_MS = 100;

/** A data key and a fresh reservation of USES_RESERVE uses of it, wrapped as the store keeps it. */
export interface ReservedDataKey {
  id: number;
  wrapped: Uint8Array;
  /** Uses recorded in the store, this reservation included. */
  recorded: number;
}

/**
 * Reserves uses of a subject's current data key, or creates one when there is none (or it is used
 * up, or wrapped by an older master key), in one write transaction. Any thread with a store
 * connection and the master key may call it; the key leaves it wrapped.
 */
export function reserveDataKey(store: AuditStore, master: MasterKey, tenantId: string, subjectRef: string, now: number): ReservedDataKey {
  return store.transaction((): ReservedDataKey => {
    const row = store.currentDataKey(tenantId, subjectRef);
    if (row?.wrapped && row.masterFingerprint === master.fingerprint && row.uses + USES_RESERVE <= DATA_KEY_MAX_USES) {
      store.addDataKeyUses(row.id, USES_RESERVE);
      return { id: row.id, wrapped: row.wrapped, recorded: row.uses + USES_RESERVE };
    }
    const wrapped = seal(master.kek, randomKey(), dataKeyAad(tenantId, subjectRef));
    const id = store.insertDataKey({ tenantId, subjectRef, wrapped, masterFingerprint: master.fingerprint, uses: USES_RESERVE, createdAt: now, shreddedAt: null });
    return { id, wrapped, recorded: USES_RESERVE };
  });
}

export interface KeyringOptions {
  /**
   * A count of possible key changes kept by another thread that watches the store (the journal
   * ingester, see worker.ts). When given, refresh() reads the store only after it moved, instead
   * of asking SQLite every REFRESH_MS on the gateway's thread.
   */
  changes?: () => bigint;
}

export function createKeyring(store: AuditStore, master: MasterKey, options: KeyringOptions = {}): Keyring {
  const wrappedSubjectKey = store.getMeta(META_SUBJECT_KEY);
  const fp = store.getMeta(META_FINGERPRINT);
  if (fp === undefined || wrappedSubjectKey === undefined) throw new BulwarkError('STORE_ERROR', 'the audit store is not bound to a master key yet');
  if (fp !== master.fingerprint) throw mismatch(fp, master.fingerprint);
  const subjectKey = unseal(master.kek, Buffer.from(wrappedSubjectKey, 'base64'), SUBJECT_KEY_AAD);

  // Two-level maps: no key string is built per record.
  const refs = new Map<string, Map<string, string>>();
  const current = new Map<string, Map<string, CurrentKey>>();
  const byIdCurrent = new Map<number, CurrentKey>();
  const byId = new Map<number, Buffer | null>();
  let seenVersion = store.dataVersion();
  let lastRefresh = -Infinity;
  const changes = options.changes;
  let seenChanges = changes?.();
  let keysVersion = store.getMeta(META_KEYS_VERSION);

  const unwrap = (tenantId: string, subjectRef: string, wrapped: Buffer): Buffer => {
    try {
      return unseal(master.kek, wrapped, dataKeyAad(tenantId, subjectRef));
    } catch (err) {
      throw new BulwarkError('AUDIT_MASTER_KEY_MISMATCH', `a data key of tenant "${tenantId}" does not open with this master key`, { cause: err });
    }
  };

  const usable = (tenantId: string, subjectRef: string): CurrentKey | undefined => {
    const c = current.get(tenantId)?.get(subjectRef);
    return c !== undefined && (c.reserved > 0 || c.recorded + USES_RESERVE <= DATA_KEY_MAX_USES) ? c : undefined;
  };

  const install = (tenantId: string, subjectRef: string, r: ReservedDataKey): CurrentKey => {
    let inTenant = current.get(tenantId);
    if (inTenant === undefined) current.set(tenantId, (inTenant = new Map()));
    const c: CurrentKey = { id: r.id, key: unwrap(tenantId, subjectRef, Buffer.from(r.wrapped)), recorded: r.recorded, reserved: USES_RESERVE };
    if (inTenant.size >= 10_000) inTenant.clear();
    if (byIdCurrent.size >= 100_000) byIdCurrent.clear();
    inTenant.set(subjectRef, c);
    byIdCurrent.set(c.id, c);
    return c;
  };

  return {
    master,
    subjectRef(tenantId, subject) {
      let inTenant = refs.get(tenantId);
      if (inTenant === undefined) refs.set(tenantId, (inTenant = new Map()));
      let ref = inTenant.get(subject);
      if (ref === undefined) {
        ref = hmacHex(subjectKey, `${tenantId}\u0000${subject}`).slice(0, 32);
        if (inTenant.size >= 100_000) inTenant.clear();
        inTenant.set(subject, ref);
      }
      return ref;
    },
    dataKeyFor(tenantId, subjectRef, now) {
      const cached = usable(tenantId, subjectRef);
      if (cached !== undefined) return cached;
      const r = reserveDataKey(store, master, tenantId, subjectRef, now);
      // The cache must not keep a key the write above did not see (this process's own commit).
      seenVersion = store.dataVersion();
      return install(tenantId, subjectRef, r);
    },
    hasDataKey: (tenantId, subjectRef) => usable(tenantId, subjectRef) !== undefined,
    installDataKey(tenantId, subjectRef, reserved) {
      install(tenantId, subjectRef, reserved);
    },
    countUse(id) {
      const c = byIdCurrent.get(id);
      if (c === undefined) return;
      if (c.reserved === 0) {
        store.transaction(() => store.addDataKeyUses(c.id, USES_RESERVE));
        c.recorded += USES_RESERVE;
        c.reserved = USES_RESERVE;
      }
      c.reserved--;
    },
    dataKey(id) {
      if (byId.has(id)) return byId.get(id) ?? undefined;
      const row = store.getDataKey(id);
      const key = row?.wrapped ? unwrap(row.tenantId, row.subjectRef, row.wrapped) : null;
      if (byId.size >= 10_000) byId.clear();
      byId.set(id, key);
      return key ?? undefined;
    },
    refresh(force = false) {
      if (changes !== undefined) {
        const c = changes();
        if (!force && c === seenChanges) return;
        seenChanges = c;
      } else {
        // At most every REFRESH_MS: an erasure reaches a running gateway within that time.
        const t = performance.now();
        if (!force && t - lastRefresh < REFRESH_MS) return;
        lastRefresh = t;
      }
      const version = store.dataVersion();
      if (version === seenVersion && !force) return;
      seenVersion = version;
      const kv = store.getMeta(META_KEYS_VERSION);
      if (kv === keysVersion && !force) return;
      keysVersion = kv;
      current.clear();
      byIdCurrent.clear();
      byId.clear();
      const now = store.getMeta(META_FINGERPRINT);
      if (now !== master.fingerprint) throw mismatch(now ?? '(none)', master.fingerprint);
    },
  };
}

/**
 * Rewraps every data key and the subject key under a new master key, in one transaction. Content
 * is never re-encrypted, so old records stay readable. Shredded keys stay shredded.
 */
export function rewrapAll(store: AuditStore, from: MasterKey, to: MasterKey): number {
  let n = 0;
  const subject = store.getMeta(META_SUBJECT_KEY);
  if (subject === undefined) throw new BulwarkError('STORE_ERROR', 'the audit store is not bound to a master key yet');
  store.setMeta(META_SUBJECT_KEY, seal(to.kek, unseal(from.kek, Buffer.from(subject, 'base64'), SUBJECT_KEY_AAD), SUBJECT_KEY_AAD).toString('base64'));
  for (const row of store.listDataKeys()) {
    if (row.wrapped === null) continue;
    const aad = dataKeyAad(row.tenantId, row.subjectRef);
    store.rewrapDataKey(row.id, seal(to.kek, unseal(from.kek, row.wrapped, aad), aad), to.fingerprint);
    n++;
  }
  store.setMeta(META_FINGERPRINT, to.fingerprint);
  bumpKeysVersion(store);
  return n;
}
