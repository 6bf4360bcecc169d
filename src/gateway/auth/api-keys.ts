import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { ApiKeyRecord, NewApiKey, Store } from '../../store/index.js';

/**
 * Key format: `bw_<id>_<secret>`: a 12-hex-digit public id (shown in lists, logs and audit) and
 * 256 random bits. With that much entropy a plain SHA-256 is the right stored form: a slow
 * password hash would only add latency to every request without making a brute force feasible.
 */
const KEY_RE = /^bw_([0-9a-f]{12})_([A-Za-z0-9_-]{43})$/;

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

export function parseApiKey(key: string): { id: string } | undefined {
  const m = KEY_RE.exec(key);
  return m ? { id: m[1]! } : undefined;
}

/** Constant-time comparison of a presented key against the stored hash. */
export function keyMatches(key: string, record: Pick<ApiKeyRecord, 'hash'>): boolean {
  const a = Buffer.from(hashApiKey(key), 'hex');
  const b = Buffer.from(record.hash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}

export interface CreatedApiKey {
  /** The only time the key exists in clear: print it once, never store or log it. */
  key: string;
  record: ApiKeyRecord;
}

export function createApiKey(store: Store, input: NewApiKey, now: number): CreatedApiKey {
  const id = randomBytes(6).toString('hex');
  const key = `bw_${id}_${randomBytes(32).toString('base64url')}`;
  const record: ApiKeyRecord = {
    id,
    tenantId: input.tenantId,
    name: input.name ?? '',
    role: input.role,
    hash: hashApiKey(key),
    allowedModels: input.allowedModels ?? [],
    limits: input.limits ?? {},
    createdAt: now,
    expiresAt: input.expiresAt ?? null,
    revokedAt: null,
  };
  store.insertKey(record);
  return { key, record };
}
