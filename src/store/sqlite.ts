import Database from 'better-sqlite3';
import { BulwarkError, type Role } from '../core/index.js';
import { MIGRATIONS, type Migration } from './migrations.js';
import type { ApiKeyRecord, Store, TenantRecord } from './types.js';

interface KeyRow {
  id: string;
  tenant_id: string;
  name: string;
  role: string;
  hash: string;
  allowed_models: string;
  limits: string;
  created_at: number;
  expires_at: number | null;
  revoked_at: number | null;
}

interface TenantRow {
  id: string;
  name: string;
  created_at: number;
}

export interface SqliteStoreOptions {
  /** File path, or ':memory:' for tests. */
  path: string;
  clock?: () => number;
  migrations?: readonly Migration[];
}

function toKey(row: KeyRow): ApiKeyRecord {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    name: row.name,
    role: row.role as Role,
    hash: row.hash,
    allowedModels: JSON.parse(row.allowed_models) as string[],
    limits: JSON.parse(row.limits) as ApiKeyRecord['limits'],
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    revokedAt: row.revoked_at,
  };
}

function toTenant(row: TenantRow): TenantRecord {
  return { id: row.id, name: row.name, createdAt: row.created_at };
}

export function migrate(db: Database.Database, migrations: readonly Migration[]): void {
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)');
  const current = (db.prepare('SELECT COALESCE(MAX(version), 0) AS v FROM schema_migrations').get() as { v: number }).v;
  const latest = migrations.reduce((max, m) => Math.max(max, m.version), 0);
  if (current > latest) {
    throw new BulwarkError('STORE_MIGRATION_NEWER', `database schema version ${current} is newer than this Bulwark's ${latest}`);
  }
  const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
  for (const m of migrations) {
    if (m.version <= current) continue;
    // Each migration and its bookkeeping commit together, so a crash never leaves half a schema.
    db.transaction(() => {
      db.exec(m.sql);
      record.run(m.version, m.name, Date.now());
    })();
  }
}

export function openSqliteStore(options: SqliteStoreOptions): Store {
  const clock = options.clock ?? Date.now;
  let db: Database.Database;
  try {
    db = new Database(options.path);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    migrate(db, options.migrations ?? MIGRATIONS);
  } catch (err) {
    if (err instanceof BulwarkError) throw err;
    throw new BulwarkError('STORE_ERROR', `cannot open store at ${options.path}: ${(err as Error).message}`, { cause: err });
  }

  const stmt = {
    getTenant: db.prepare<[string], TenantRow>('SELECT * FROM tenants WHERE id = ?'),
    insertTenant: db.prepare('INSERT INTO tenants (id, name, created_at) VALUES (?, ?, ?)'),
    listTenants: db.prepare<[], TenantRow>('SELECT * FROM tenants ORDER BY id'),
    insertKey: db.prepare(
      'INSERT INTO api_keys (id, tenant_id, name, role, hash, allowed_models, limits, created_at, expires_at, revoked_at) VALUES (@id, @tenant_id, @name, @role, @hash, @allowed_models, @limits, @created_at, @expires_at, @revoked_at)',
    ),
    getKey: db.prepare<[string], KeyRow>('SELECT * FROM api_keys WHERE id = ?'),
    listKeys: db.prepare<[], KeyRow>('SELECT * FROM api_keys ORDER BY created_at, id'),
    listKeysOfTenant: db.prepare<[string], KeyRow>('SELECT * FROM api_keys WHERE tenant_id = ? ORDER BY created_at, id'),
    revokeKey: db.prepare('UPDATE api_keys SET revoked_at = COALESCE(revoked_at, ?) WHERE id = ?'),
    countKeys: db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM api_keys'),
  };
  const dataVersion = db.prepare('PRAGMA data_version').pluck();

  const wrap = <T>(what: string, fn: () => T): T => {
    try {
      return fn();
    } catch (err) {
      if (err instanceof BulwarkError) throw err;
      throw new BulwarkError('STORE_ERROR', `store: ${what} failed: ${(err as Error).message}`, { cause: err });
    }
  };

  const ensureTenant = (id: string, name?: string): TenantRecord =>
    wrap('ensureTenant', () => {
      const row = stmt.getTenant.get(id);
      if (row) return toTenant(row);
      const created = { id, name: name ?? id, created_at: clock() };
      stmt.insertTenant.run(created.id, created.name, created.created_at);
      return toTenant(created);
    });

  return {
    ensureTenant,
    listTenants: () => wrap('listTenants', () => stmt.listTenants.all().map(toTenant)),
    insertKey: (k) =>
      wrap('insertKey', () =>
        db.transaction(() => {
          ensureTenant(k.tenantId);
          stmt.insertKey.run({
            id: k.id,
            tenant_id: k.tenantId,
            name: k.name,
            role: k.role,
            hash: k.hash,
            allowed_models: JSON.stringify(k.allowedModels),
            limits: JSON.stringify(k.limits),
            created_at: k.createdAt,
            expires_at: k.expiresAt,
            revoked_at: k.revokedAt,
          });
        })(),
      ),
    getKey: (id) =>
      wrap('getKey', () => {
        const row = stmt.getKey.get(id);
        return row ? toKey(row) : undefined;
      }),
    listKeys: (tenantId) => wrap('listKeys', () => (tenantId === undefined ? stmt.listKeys.all() : stmt.listKeysOfTenant.all(tenantId)).map(toKey)),
    revokeKey: (id, at) => wrap('revokeKey', () => stmt.revokeKey.run(at, id).changes > 0),
    countKeys: () => wrap('countKeys', () => stmt.countKeys.get()!.n),
    dataVersion: () => dataVersion.get() as number,
    close: () => db.close(),
  };
}
