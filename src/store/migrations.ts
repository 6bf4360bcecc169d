/** Versioned, append-only schema migrations. Never edit a released entry; add a new one. */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'tenants-and-keys',
    sql: `
      CREATE TABLE tenants (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        created_at INTEGER NOT NULL
      );
      CREATE TABLE api_keys (
        id TEXT PRIMARY KEY,
        tenant_id TEXT NOT NULL REFERENCES tenants(id),
        name TEXT NOT NULL DEFAULT '',
        role TEXT NOT NULL CHECK (role IN ('user', 'operator', 'admin')),
        hash TEXT NOT NULL UNIQUE,
        allowed_models TEXT NOT NULL DEFAULT '[]',
        limits TEXT NOT NULL DEFAULT '{}',
        created_at INTEGER NOT NULL,
        expires_at INTEGER,
        revoked_at INTEGER
      );
      CREATE INDEX api_keys_tenant ON api_keys(tenant_id);
    `,
  },
  {
    version: 2,
    name: 'auditor-role',
    // SQLite cannot change a CHECK constraint in place: rebuild the table (sqlite.org/lang_altertable.html, "other kinds of table schema changes").
    sql: `
      CREATE TABLE api_keys_v2 (
        id TEXT PRIMARY KEY,
        tenant_id TEXT NOT NULL REFERENCES tenants(id),
        name TEXT NOT NULL DEFAULT '',
        role TEXT NOT NULL CHECK (role IN ('user', 'operator', 'admin', 'auditor')),
        hash TEXT NOT NULL UNIQUE,
        allowed_models TEXT NOT NULL DEFAULT '[]',
        limits TEXT NOT NULL DEFAULT '{}',
        created_at INTEGER NOT NULL,
        expires_at INTEGER,
        revoked_at INTEGER
      );
      INSERT INTO api_keys_v2 (id, tenant_id, name, role, hash, allowed_models, limits, created_at, expires_at, revoked_at)
        SELECT id, tenant_id, name, role, hash, allowed_models, limits, created_at, expires_at, revoked_at FROM api_keys;
      DROP TABLE api_keys;
      ALTER TABLE api_keys_v2 RENAME TO api_keys;
      CREATE INDEX api_keys_tenant ON api_keys(tenant_id);
    `,
  },
];

/**
 * The audit trail's own database file (audit.path), apart from the key store: its commits must not
 * invalidate the gateway's key cache (which watches the key store's data_version), it can live on
 * its own volume, and it is backed up and retained on its own schedule.
 */
export const AUDIT_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'audit-trail',
    sql: `
      CREATE TABLE audit_meta (
        name TEXT PRIMARY KEY,
        value TEXT NOT NULL
      );
      CREATE TABLE audit_data_keys (
        id INTEGER PRIMARY KEY,
        tenant_id TEXT NOT NULL,
        subject_ref TEXT NOT NULL,
        wrapped BLOB,
        master_fp TEXT NOT NULL,
        uses INTEGER NOT NULL DEFAULT 0,
        created_at INTEGER NOT NULL,
        shredded_at INTEGER
      );
      CREATE INDEX audit_data_keys_subject ON audit_data_keys(tenant_id, subject_ref);
      CREATE TABLE audit_content (
        id INTEGER PRIMARY KEY,
        tenant_id TEXT NOT NULL,
        data_key_id INTEGER NOT NULL,
        segment INTEGER NOT NULL,
        offset INTEGER NOT NULL,
        length INTEGER NOT NULL
      );
      CREATE TABLE audit_records (
        seq INTEGER PRIMARY KEY,
        tenant_id TEXT NOT NULL,
        chain_seq INTEGER NOT NULL,
        id TEXT NOT NULL,
        time INTEGER NOT NULL,
        kind TEXT NOT NULL,
        key_id TEXT,
        model TEXT,
        verdict TEXT NOT NULL,
        status INTEGER,
        codes TEXT NOT NULL DEFAULT '',
        data_key_id INTEGER,
        content_id INTEGER,
        content_part INTEGER,
        record TEXT NOT NULL,
        hash TEXT NOT NULL
      );
      CREATE UNIQUE INDEX audit_records_chain ON audit_records(tenant_id, chain_seq);
      CREATE INDEX audit_records_time ON audit_records(tenant_id, time);
      CREATE TABLE audit_heads (
        tenant_id TEXT PRIMARY KEY,
        chain_seq INTEGER NOT NULL,
        hash TEXT NOT NULL,
        at INTEGER NOT NULL,
        mac TEXT NOT NULL
      );
      CREATE TABLE audit_anchors (
        tenant_id TEXT PRIMARY KEY,
        chain_seq INTEGER NOT NULL,
        prev_hash TEXT NOT NULL,
        at INTEGER NOT NULL,
        mac TEXT NOT NULL
      );
    `,
  },
  {
    version: 2,
    name: 'audit-content-ids-never-reused',
    // Erasing a subject deletes its content rows but keeps its records, which still name their
    // content id. A plain INTEGER PRIMARY KEY hands the largest deleted id out again, so the next
    // content would pass for the erased record's (and verify reports it changed). AUTOINCREMENT
    // never reuses an id; the sequence starts past every id a record names. SQLite cannot add
    // AUTOINCREMENT in place: the table is rebuilt.
    sql: `
      CREATE TABLE audit_content_v2 (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        tenant_id TEXT NOT NULL,
        data_key_id INTEGER NOT NULL,
        segment INTEGER NOT NULL,
        offset INTEGER NOT NULL,
        length INTEGER NOT NULL
      );
      INSERT INTO audit_content_v2 (id, tenant_id, data_key_id, segment, offset, length)
        SELECT id, tenant_id, data_key_id, segment, offset, length FROM audit_content;
      DROP TABLE audit_content;
      ALTER TABLE audit_content_v2 RENAME TO audit_content;
      DELETE FROM sqlite_sequence WHERE name = 'audit_content';
      INSERT INTO sqlite_sequence (name, seq)
        SELECT 'audit_content', MAX(COALESCE((SELECT MAX(id) FROM audit_content), 0), COALESCE((SELECT MAX(content_id) FROM audit_records), 0));
    `,
  },
];
