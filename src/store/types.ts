import type { KeyLimits, Role } from '../core/index.js';

export interface TenantRecord {
  id: string;
  name: string;
  createdAt: number;
}

export interface ApiKeyRecord {
  /** Public key id (also printed inside the key itself); used in logs, metrics and audit. */
  id: string;
  tenantId: string;
  name: string;
  role: Role;
  /** SHA-256 of the whole key, hex. The key itself is never stored. */
  hash: string;
  /** Model-name globs this key may use; empty means all routed models. */
  allowedModels: string[];
  /** Per-key overrides of limits.perKey. */
  limits: Partial<KeyLimits>;
  createdAt: number;
  expiresAt: number | null;
  revokedAt: number | null;
}

export interface NewApiKey {
  tenantId: string;
  name?: string;
  role: Role;
  allowedModels?: string[];
  limits?: Partial<KeyLimits>;
  expiresAt?: number | null;
}

/** Persistence for keys and tenants; SQLite by default, PostgreSQL later behind the same shape. */
export interface Store {
  ensureTenant(id: string, name?: string): TenantRecord;
  listTenants(): TenantRecord[];
  insertKey(record: ApiKeyRecord): void;
  getKey(id: string): ApiKeyRecord | undefined;
  listKeys(tenantId?: string): ApiKeyRecord[];
  /** Returns false when no such key exists. */
  revokeKey(id: string, at: number): boolean;
  countKeys(): number;
  /** Changes whenever another process commits to the store; lets callers cache safely. */
  dataVersion(): number;
  close(): void;
}

/** One row of the audit trail. `record` is the canonical form the hash chain covers; the other columns are copies for search. */
export interface AuditRecordRow {
  tenantId: string;
  chainSeq: number;
  id: string;
  time: number;
  kind: string;
  keyId: string | null;
  model: string | null;
  verdict: string;
  status: number | null;
  /** Finding codes as ` CODE_A CODE_B ` (leading and trailing space), for whole-word search. */
  codes: string;
  dataKeyId: number | null;
  /** The sealed content blob holding this record's content (shared by one group commit), and its part in it. */
  contentId: number | null;
  contentPart: number | null;
  record: string;
  hash: string;
}

/**
 * Where the sealed content of one group of records sharing a data key lies: a byte range of a
 * journal segment file (iv | ciphertext | tag). Content bytes are written once, to the journal,
 * and never copied into the database.
 */
export interface AuditContentRow {
  id: number;
  tenantId: string;
  dataKeyId: number;
  segment: number;
  offset: number;
  length: number;
}

/** The signed end of one tenant's chain; truncating the tail shows as a head no record matches. */
export interface AuditHeadRow {
  tenantId: string;
  chainSeq: number;
  hash: string;
  at: number;
  mac: string;
}

/** The signed start of a chain whose oldest records were purged: the first kept record links here. */
export interface AuditAnchorRow {
  tenantId: string;
  chainSeq: number;
  prevHash: string;
  at: number;
  mac: string;
}

export interface AuditDataKeyRow {
  id: number;
  tenantId: string;
  subjectRef: string;
  /** The data key wrapped by the master key; null once crypto-shredded. */
  wrapped: Buffer | null;
  masterFingerprint: string;
  uses: number;
  createdAt: number;
  shreddedAt: number | null;
}

export interface AuditQuery {
  tenantId: string;
  since?: number;
  until?: number;
  keyId?: string;
  model?: string;
  verdict?: string;
  code?: string;
  kind?: string;
  /** Records after this chain position (pagination). */
  afterChainSeq?: number;
  limit?: number;
}

/** Persistence of the audit trail (SQL only: crypto, chaining and retention rules live in src/audit). */
export interface AuditStore {
  readonly path: string;
  /** Runs fn in a write transaction taken at once (BEGIN IMMEDIATE), so writers never interleave. */
  transaction<T>(fn: () => T): T;
  /** Changes whenever another connection (a CLI, another replica) commits. */
  dataVersion(): number;
  getMeta(name: string): string | undefined;
  setMeta(name: string, value: string): void;
  getHead(tenantId: string): AuditHeadRow | undefined;
  putHead(head: AuditHeadRow): void;
  listHeads(): AuditHeadRow[];
  getAnchor(tenantId: string): AuditAnchorRow | undefined;
  putAnchor(anchor: AuditAnchorRow): void;
  listAnchors(): AuditAnchorRow[];
  insertRecord(row: AuditRecordRow): void;
  /** Returns the new content id. */
  insertContent(row: Omit<AuditContentRow, 'id'>): number;
  getContent(id: number): AuditContentRow | undefined;
  searchRecords(query: AuditQuery): IterableIterator<AuditRecordRow>;
  /** Every record in chain order: by tenant, then chain position. */
  chainRecords(tenantId?: string): IterableIterator<AuditRecordRow>;
  recordAt(tenantId: string, chainSeq: number): AuditRecordRow | undefined;
  /** Chain position and time of the oldest records of a tenant, oldest first. */
  oldestRecords(tenantId: string, limit: number): { chainSeq: number; time: number }[];
  deleteRecordsBefore(tenantId: string, chainSeq: number): number;
  countRecords(tenantId?: string): number;
  currentDataKey(tenantId: string, subjectRef: string): AuditDataKeyRow | undefined;
  getDataKey(id: number): AuditDataKeyRow | undefined;
  insertDataKey(row: Omit<AuditDataKeyRow, 'id'>): number;
  addDataKeyUses(id: number, n: number): void;
  listDataKeys(): AuditDataKeyRow[];
  rewrapDataKey(id: number, wrapped: Buffer, masterFingerprint: string): void;
  /** Drops the wrapped keys of a subject; returns the ids shredded. */
  shredDataKeys(tenantId: string, subjectRef: string, at: number): number[];
  /** Forgets where the content under these data keys lies (the digests stay in the chain); returns the ranges and the records affected. */
  dropContent(dataKeyIds: readonly number[]): { ranges: AuditContentRow[]; records: number };
  /** Forgets content rows of a tenant no record refers to any more (after a purge). */
  dropOrphanContent(tenantId: string): number;
  /** Journal segments some content row still lies in. */
  contentSegments(): number[];
  /** Moves WAL frames into the database file; TRUNCATE also empties the WAL (old page images go with it). */
  checkpoint(mode: 'PASSIVE' | 'TRUNCATE'): void;
  close(): void;
}
