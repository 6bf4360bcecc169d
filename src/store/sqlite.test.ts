import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MIGRATIONS, openSqliteStore } from './index.js';
import type { ApiKeyRecord } from './types.js';

const dirs: string[] = [];
const tmp = (): string => {
  const d = mkdtempSync(join(tmpdir(), 'bulwark-store-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  while (dirs.length) rmSync(dirs.pop()!, { recursive: true, force: true });
});

const key = (id: string, over: Partial<ApiKeyRecord> = {}): ApiKeyRecord => ({
  id,
  tenantId: 't1',
  name: '',
  role: 'user',
  hash: `${id}`.padEnd(64, '0'),
  allowedModels: ['llama*'],
  limits: { requestsPerMinute: 5 },
  createdAt: 1,
  expiresAt: null,
  revokedAt: null,
  ...over,
});

describe('sqlite store', () => {
  it('persists keys and tenants across reopen, with WAL on', () => {
    const path = join(tmp(), 'b.db');
    const s = openSqliteStore({ path });
    s.insertKey(key('aaaaaaaaaaaa'));
    s.close();
    const s2 = openSqliteStore({ path });
    expect(s2.getKey('aaaaaaaaaaaa')).toMatchObject({ tenantId: 't1', allowedModels: ['llama*'], limits: { requestsPerMinute: 5 } });
    expect(s2.listTenants().map((t) => t.id)).toEqual(['t1']);
    expect(s2.countKeys()).toBe(1);
    s2.close();
  });

  it('revokes once and reports unknown ids', () => {
    const s = openSqliteStore({ path: ':memory:' });
    s.insertKey(key('bbbbbbbbbbbb'));
    expect(s.revokeKey('bbbbbbbbbbbb', 10)).toBe(true);
    expect(s.revokeKey('bbbbbbbbbbbb', 20)).toBe(true);
    expect(s.getKey('bbbbbbbbbbbb')?.revokedAt).toBe(10);
    expect(s.revokeKey('nope', 10)).toBe(false);
    s.close();
  });

  it("sees another connection's commit through data_version", () => {
    const path = join(tmp(), 'b.db');
    const gateway = openSqliteStore({ path });
    const cli = openSqliteStore({ path });
    const v = gateway.dataVersion();
    cli.insertKey(key('cccccccccccc'));
    expect(gateway.dataVersion()).not.toBe(v);
    gateway.close();
    cli.close();
  });

  it('refuses a duplicate hash and a bad role with STORE_ERROR', () => {
    const s = openSqliteStore({ path: ':memory:' });
    s.insertKey(key('dddddddddddd'));
    expect(() => s.insertKey(key('eeeeeeeeeeee', { hash: key('dddddddddddd').hash }))).toThrow(expect.objectContaining({ code: 'STORE_ERROR' }));
    expect(() => s.insertKey(key('ffffffffffff', { role: 'root' as never }))).toThrow(expect.objectContaining({ code: 'STORE_ERROR' }));
    s.close();
  });

  it('upgrades a version-1 key table to allow the auditor role, keeping every key', () => {
    const path = join(tmp(), 'b.db');
    const v1 = openSqliteStore({ path, migrations: MIGRATIONS.filter((m) => m.version === 1) });
    v1.insertKey(key('aaaaaaaaaaaa', { role: 'admin' }));
    expect(() => v1.insertKey(key('bbbbbbbbbbbb', { role: 'auditor' }))).toThrow(expect.objectContaining({ code: 'STORE_ERROR' }));
    v1.close();
    const now = openSqliteStore({ path });
    expect(now.getKey('aaaaaaaaaaaa')).toMatchObject({ role: 'admin', limits: { requestsPerMinute: 5 } });
    now.insertKey(key('bbbbbbbbbbbb', { role: 'auditor' }));
    expect(now.listKeys('t1').map((k) => k.role)).toEqual(['admin', 'auditor']);
    expect(() => now.insertKey(key('cccccccccccc', { role: 'root' as never }))).toThrow(expect.objectContaining({ code: 'STORE_ERROR' }));
    now.close();
  });

  it('refuses a database from a newer schema', () => {
    const path = join(tmp(), 'b.db');
    openSqliteStore({ path }).close();
    expect(() => openSqliteStore({ path, migrations: [] })).toThrow(expect.objectContaining({ code: 'STORE_MIGRATION_NEWER' }));
  });

  it('reports a file that is not a database as STORE_ERROR, not a crash', () => {
    const path = join(tmp(), 'garbage.db');
    writeFileSync(path, Buffer.alloc(4096, 0x41));
    expect(() => openSqliteStore({ path })).toThrow(expect.objectContaining({ code: 'STORE_ERROR' }));
  });
});
