import Database from 'better-sqlite3';
import { BulwarkError } from '../core/index.js';
import { AUDIT_MIGRATIONS, type Migration } from './migrations.js';
import { migrate } from './sqlite.js';
import type { AuditContentRow, AuditDataKeyRow, AuditQuery, AuditRecordRow, AuditStore } from './types.js';

export interface SqliteAuditStoreOptions {
  /** File path, or ':memory:' for tests. */
  path: string;
  /** normal survives a process crash; full (an fsync per commit) also an OS crash or power loss. */
  synchronous?: 'normal' | 'full';
  /**
   * WAL pages after which a commit also checkpoints (SQLite's default is 1000). The audit writer
   * sets 0 and checkpoints from its own timer, so no request waits for the fsync of a checkpoint.
   */
  walAutocheckpoint?: number;
  migrations?: readonly Migration[];
}

interface RecordRow {
  tenant_id: string;
  chain_seq: number;
  id: string;
  time: number;
  kind: string;
  key_id: string | null;
  model: string | null;
  verdict: string;
  status: number | null;
  codes: string;
  data_key_id: number | null;
  content_id: number | null;
  content_part: number | null;
  record: string;
  hash: string;
}

interface DataKeySqlRow {
  id: number;
  tenant_id: string;
  subject_ref: string;
  wrapped: Buffer | null;
  master_fp: string;
  uses: number;
  created_at: number;
  shredded_at: number | null;
}

const RECORD_COLUMNS = 'tenant_id, chain_seq, id, time, kind, key_id, model, verdict, status, codes, data_key_id, content_id, content_part, record, hash';

function toRecord(r: RecordRow): AuditRecordRow {
  return {
    tenantId: r.tenant_id,
    chainSeq: r.chain_seq,
    id: r.id,
    time: r.time,
    kind: r.kind,
    keyId: r.key_id,
    model: r.model,
    verdict: r.verdict,
    status: r.status,
    codes: r.codes,
    dataKeyId: r.data_key_id,
    contentId: r.content_id,
    contentPart: r.content_part,
    record: r.record,
    hash: r.hash,
  };
}

interface ContentSqlRow {
  id: number;
  tenant_id: string;
  data_key_id: number;
  segment: number;
  offset: number;
  length: number;
}

function toContent(r: ContentSqlRow): AuditContentRow {
  return { id: r.id, tenantId: r.tenant_id, dataKeyId: r.data_key_id, segment: r.segment, offset: r.offset, length: r.length };
}

function toDataKey(r: DataKeySqlRow): AuditDataKeyRow {
  return { id: r.id, tenantId: r.tenant_id, subjectRef: r.subject_ref, wrapped: r.wrapped, masterFingerprint: r.master_fp, uses: r.uses, createdAt: r.created_at, shreddedAt: r.shredded_at };
}

function* mapIter<A, B>(it: IterableIterator<A>, f: (a: A) => B): IterableIterator<B> {
  for (const a of it) yield f(a);
}

export function openSqliteAuditStore(options: SqliteAuditStoreOptions): AuditStore {
  let db: Database.Database;
  try {
    db = new Database(options.path);
    db.pragma('journal_mode = WAL');
    db.pragma(`synchronous = ${options.synchronous === 'full' ? 'FULL' : 'NORMAL'}`);
    db.pragma('busy_timeout = 5000');
    // Deleted rows (purged records, shredded data keys) are overwritten, not left in free pages.
    db.pragma('secure_delete = ON');
    if (options.walAutocheckpoint !== undefined) db.pragma(`wal_autocheckpoint = ${options.walAutocheckpoint}`);
    migrate(db, options.migrations ?? AUDIT_MIGRATIONS);
  } catch (err) {
    if (err instanceof BulwarkError) throw err;
    throw new BulwarkError('STORE_ERROR', `cannot open audit store at ${options.path}: ${(err as Error).message}`, { cause: err });
  }

  const stmt = {
    getMeta: db.prepare<[string], { value: string }>('SELECT value FROM audit_meta WHERE name = ?'),
    setMeta: db.prepare('INSERT INTO audit_meta (name, value) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET value = excluded.value'),
    getHead: db.prepare<[string], { tenant_id: string; chain_seq: number; hash: string; at: number; mac: string }>('SELECT * FROM audit_heads WHERE tenant_id = ?'),
    putHead: db.prepare('INSERT INTO audit_heads (tenant_id, chain_seq, hash, at, mac) VALUES (?, ?, ?, ?, ?) ON CONFLICT(tenant_id) DO UPDATE SET chain_seq = excluded.chain_seq, hash = excluded.hash, at = excluded.at, mac = excluded.mac'),
    listHeads: db.prepare<[], { tenant_id: string; chain_seq: number; hash: string; at: number; mac: string }>('SELECT * FROM audit_heads ORDER BY tenant_id'),
    getAnchor: db.prepare<[string], { tenant_id: string; chain_seq: number; prev_hash: string; at: number; mac: string }>('SELECT * FROM audit_anchors WHERE tenant_id = ?'),
    putAnchor: db.prepare('INSERT INTO audit_anchors (tenant_id, chain_seq, prev_hash, at, mac) VALUES (?, ?, ?, ?, ?) ON CONFLICT(tenant_id) DO UPDATE SET chain_seq = excluded.chain_seq, prev_hash = excluded.prev_hash, at = excluded.at, mac = excluded.mac'),
    listAnchors: db.prepare<[], { tenant_id: string; chain_seq: number; prev_hash: string; at: number; mac: string }>('SELECT * FROM audit_anchors ORDER BY tenant_id'),
    insertRecord: db.prepare(`INSERT INTO audit_records (${RECORD_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
    insertContent: db.prepare('INSERT INTO audit_content (tenant_id, data_key_id, segment, offset, length) VALUES (?, ?, ?, ?, ?)'),
    getContent: db.prepare<[number], ContentSqlRow>('SELECT * FROM audit_content WHERE id = ?'),
    contentOf: db.prepare<[number], ContentSqlRow>('SELECT * FROM audit_content WHERE data_key_id = ?'),
    dropContentOf: db.prepare('DELETE FROM audit_content WHERE data_key_id = ?'),
    contentSegments: db.prepare<[], { segment: number }>('SELECT DISTINCT segment FROM audit_content ORDER BY segment'),
    countContentOf: db.prepare<[number], { n: number }>('SELECT COUNT(*) AS n FROM audit_records WHERE data_key_id = ?'),
    dropOrphans: db.prepare(
      'DELETE FROM audit_content WHERE tenant_id = @t AND id < COALESCE((SELECT MIN(content_id) FROM audit_records WHERE tenant_id = @t AND content_id IS NOT NULL), (SELECT MAX(id) + 1 FROM audit_content))',
    ),
    chainAll: db.prepare<[], RecordRow>(`SELECT ${RECORD_COLUMNS} FROM audit_records ORDER BY tenant_id, chain_seq`),
    chainOf: db.prepare<[string], RecordRow>(`SELECT ${RECORD_COLUMNS} FROM audit_records WHERE tenant_id = ? ORDER BY chain_seq`),
    recordAt: db.prepare<[string, number], RecordRow>(`SELECT ${RECORD_COLUMNS} FROM audit_records WHERE tenant_id = ? AND chain_seq = ?`),
    oldest: db.prepare<[string, number], { chain_seq: number; time: number }>('SELECT chain_seq, time FROM audit_records WHERE tenant_id = ? ORDER BY chain_seq LIMIT ?'),
    deleteBefore: db.prepare('DELETE FROM audit_records WHERE tenant_id = ? AND chain_seq < ?'),
    countAll: db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM audit_records'),
    countOf: db.prepare<[string], { n: number }>('SELECT COUNT(*) AS n FROM audit_records WHERE tenant_id = ?'),
    currentDataKey: db.prepare<[string, string], DataKeySqlRow>('SELECT * FROM audit_data_keys WHERE tenant_id = ? AND subject_ref = ? AND shredded_at IS NULL ORDER BY id DESC LIMIT 1'),
    getDataKey: db.prepare<[number], DataKeySqlRow>('SELECT * FROM audit_data_keys WHERE id = ?'),
    insertDataKey: db.prepare('INSERT INTO audit_data_keys (tenant_id, subject_ref, wrapped, master_fp, uses, created_at, shredded_at) VALUES (?, ?, ?, ?, ?, ?, ?)'),
    addUses: db.prepare('UPDATE audit_data_keys SET uses = uses + ? WHERE id = ?'),
    listDataKeys: db.prepare<[], DataKeySqlRow>('SELECT * FROM audit_data_keys ORDER BY id'),
    rewrap: db.prepare('UPDATE audit_data_keys SET wrapped = ?, master_fp = ? WHERE id = ?'),
    shredIds: db.prepare<[string, string], { id: number }>('SELECT id FROM audit_data_keys WHERE tenant_id = ? AND subject_ref = ? AND wrapped IS NOT NULL'),
    shred: db.prepare('UPDATE audit_data_keys SET wrapped = NULL, shredded_at = COALESCE(shredded_at, ?) WHERE id = ?'),
  };
  const dataVersion = db.prepare('PRAGMA data_version').pluck();
  const searches = new Map<string, Database.Statement<unknown[], RecordRow>>();

  const wrap = <T>(what: string, fn: () => T): T => {
    try {
      return fn();
    } catch (err) {
      if (err instanceof BulwarkError) throw err;
      throw new BulwarkError('STORE_ERROR', `audit store: ${what} failed: ${(err as Error).message}`, { cause: err });
    }
  };

  const search = (q: AuditQuery): IterableIterator<AuditRecordRow> => {
    const where = ['tenant_id = ?'];
    const args: unknown[] = [q.tenantId];
    const add = (cond: string, value: unknown): void => {
      where.push(cond);
      args.push(value);
    };
    if (q.since !== undefined) add('time >= ?', q.since);
    if (q.until !== undefined) add('time < ?', q.until);
    if (q.keyId !== undefined) add('key_id = ?', q.keyId);
    if (q.model !== undefined) add('model = ?', q.model);
    if (q.verdict !== undefined) add('verdict = ?', q.verdict);
    if (q.kind !== undefined) add('kind = ?', q.kind);
    if (q.code !== undefined) add('instr(codes, ?) > 0', ` ${q.code} `);
    if (q.afterChainSeq !== undefined) add('chain_seq > ?', q.afterChainSeq);
    const sql = `SELECT ${RECORD_COLUMNS} FROM audit_records WHERE ${where.join(' AND ')} ORDER BY chain_seq${q.limit !== undefined ? ' LIMIT ?' : ''}`;
    if (q.limit !== undefined) args.push(q.limit);
    let s = searches.get(sql);
    if (!s) searches.set(sql, (s = db.prepare<unknown[], RecordRow>(sql)));
    return mapIter(s.iterate(...args), toRecord);
  };

  return {
    path: options.path,
    transaction: (fn) => wrap('transaction', () => db.transaction(fn).immediate()),
    dataVersion: () => dataVersion.get() as number,
    getMeta: (name) => wrap('getMeta', () => stmt.getMeta.get(name)?.value),
    setMeta: (name, value) => void wrap('setMeta', () => stmt.setMeta.run(name, value)),
    getHead: (tenantId) =>
      wrap('getHead', () => {
        const r = stmt.getHead.get(tenantId);
        return r ? { tenantId: r.tenant_id, chainSeq: r.chain_seq, hash: r.hash, at: r.at, mac: r.mac } : undefined;
      }),
    putHead: (h) => void wrap('putHead', () => stmt.putHead.run(h.tenantId, h.chainSeq, h.hash, h.at, h.mac)),
    listHeads: () => wrap('listHeads', () => stmt.listHeads.all().map((r) => ({ tenantId: r.tenant_id, chainSeq: r.chain_seq, hash: r.hash, at: r.at, mac: r.mac }))),
    getAnchor: (tenantId) =>
      wrap('getAnchor', () => {
        const r = stmt.getAnchor.get(tenantId);
        return r ? { tenantId: r.tenant_id, chainSeq: r.chain_seq, prevHash: r.prev_hash, at: r.at, mac: r.mac } : undefined;
      }),
    putAnchor: (a) => void wrap('putAnchor', () => stmt.putAnchor.run(a.tenantId, a.chainSeq, a.prevHash, a.at, a.mac)),
    listAnchors: () => wrap('listAnchors', () => stmt.listAnchors.all().map((r) => ({ tenantId: r.tenant_id, chainSeq: r.chain_seq, prevHash: r.prev_hash, at: r.at, mac: r.mac }))),
    insertRecord: (r) => void stmt.insertRecord.run(r.tenantId, r.chainSeq, r.id, r.time, r.kind, r.keyId, r.model, r.verdict, r.status, r.codes, r.dataKeyId, r.contentId, r.contentPart, r.record, r.hash),
    insertContent: (c) => Number(stmt.insertContent.run(c.tenantId, c.dataKeyId, c.segment, c.offset, c.length).lastInsertRowid),
    getContent: (id) =>
      wrap('getContent', () => {
        const r = stmt.getContent.get(id);
        return r ? toContent(r) : undefined;
      }),
    contentSegments: () => wrap('contentSegments', () => stmt.contentSegments.all().map((r) => r.segment)),
    dropOrphanContent: (tenantId) => wrap('dropOrphanContent', () => stmt.dropOrphans.run({ t: tenantId }).changes),
    searchRecords: (q) => wrap('search', () => search(q)),
    chainRecords: (tenantId) => wrap('chain', () => mapIter(tenantId === undefined ? stmt.chainAll.iterate() : stmt.chainOf.iterate(tenantId), toRecord)),
    recordAt: (tenantId, chainSeq) =>
      wrap('recordAt', () => {
        const r = stmt.recordAt.get(tenantId, chainSeq);
        return r ? toRecord(r) : undefined;
      }),
    oldestRecords: (tenantId, limit) => wrap('oldestRecords', () => stmt.oldest.all(tenantId, limit).map((r) => ({ chainSeq: r.chain_seq, time: r.time }))),
    deleteRecordsBefore: (tenantId, chainSeq) => wrap('deleteRecords', () => stmt.deleteBefore.run(tenantId, chainSeq).changes),
    countRecords: (tenantId) => wrap('countRecords', () => (tenantId === undefined ? stmt.countAll.get()! : stmt.countOf.get(tenantId)!).n),
    currentDataKey: (tenantId, subjectRef) =>
      wrap('currentDataKey', () => {
        const r = stmt.currentDataKey.get(tenantId, subjectRef);
        return r ? toDataKey(r) : undefined;
      }),
    getDataKey: (id) =>
      wrap('getDataKey', () => {
        const r = stmt.getDataKey.get(id);
        return r ? toDataKey(r) : undefined;
      }),
    insertDataKey: (k) => wrap('insertDataKey', () => Number(stmt.insertDataKey.run(k.tenantId, k.subjectRef, k.wrapped, k.masterFingerprint, k.uses, k.createdAt, k.shreddedAt).lastInsertRowid)),
    addDataKeyUses: (id, n) => void wrap('addDataKeyUses', () => stmt.addUses.run(n, id)),
    listDataKeys: () => wrap('listDataKeys', () => stmt.listDataKeys.all().map(toDataKey)),
    rewrapDataKey: (id, wrapped, fp) => void wrap('rewrapDataKey', () => stmt.rewrap.run(wrapped, fp, id)),
    shredDataKeys: (tenantId, subjectRef, at) =>
      wrap('shredDataKeys', () => {
        const ids = stmt.shredIds.all(tenantId, subjectRef).map((r) => r.id);
        for (const id of ids) stmt.shred.run(at, id);
        return ids;
      }),
    dropContent: (ids) =>
      wrap('dropContent', () => {
        const ranges: AuditContentRow[] = [];
        let records = 0;
        for (const id of ids) {
          ranges.push(...stmt.contentOf.all(id).map(toContent));
          stmt.dropContentOf.run(id);
          records += stmt.countContentOf.get(id)!.n;
        }
        return { ranges, records };
      }),
    checkpoint: (mode) => void wrap('checkpoint', () => db.pragma(`wal_checkpoint(${mode})`)),
    close: () => db.close(),
  };
}
