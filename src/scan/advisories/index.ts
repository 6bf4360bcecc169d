export { openAdvisoryDb, advisoryDbStatus, ADVISORY_DB_VERSION } from './db.js';
export type { AdvisoryDb, DbStatus, EpssScore, KevEntry } from './db.js';
export { importOsv, readZipEntries, DEFAULT_IMPORT_LIMITS } from './import-osv.js';
export type { ImportLimits, ImportResult } from './import-osv.js';
export { importEpss, importKev } from './import-feeds.js';
export { createZipWriter } from './zip-writer.js';
export type { ZipMember } from './zip-writer.js';
