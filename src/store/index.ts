export { openSqliteStore } from './sqlite.js';
export type { SqliteStoreOptions } from './sqlite.js';
export { openSqliteAuditStore } from './sqlite-audit.js';
export type { SqliteAuditStoreOptions } from './sqlite-audit.js';
export { MIGRATIONS, AUDIT_MIGRATIONS } from './migrations.js';
export type { Migration } from './migrations.js';
export type { Store, ApiKeyRecord, NewApiKey, TenantRecord, AuditStore, AuditRecordRow, AuditContentRow, AuditHeadRow, AuditAnchorRow, AuditDataKeyRow, AuditQuery } from './types.js';
