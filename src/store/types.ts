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
