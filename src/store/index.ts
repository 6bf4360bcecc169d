export { openSqliteStore } from './sqlite.js';
export type { SqliteStoreOptions } from './sqlite.js';
export { MIGRATIONS } from './migrations.js';
export type { Migration } from './migrations.js';
export type { Store, ApiKeyRecord, NewApiKey, TenantRecord } from './types.js';
