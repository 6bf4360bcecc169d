import { BulwarkError } from '../core/index.js';
import { buildAuditQuery, type AuditFilterInput } from './query.js';
import type { AuditReader, AuditView } from './reader.js';

export const AUDIT_RECORDS_PATH = '/v1/audit/records';
const PAGE_DEFAULT = 100;
const PAGE_MAX = 1_000;
const PARAMS = new Set(['tenant', 'since', 'until', 'key', 'model', 'verdict', 'code', 'kind', 'after', 'limit', 'content']);

export interface AuditPage {
  /** The response body. */
  body: string;
  /** What was read, for the read's own audit record. */
  detail: Record<string, unknown>;
}

/**
 * GET /v1/audit/records for one caller. The tenant is the caller's; a `tenant` parameter naming
 * any other is refused outright (not silently narrowed), so a probing admin learns nothing and
 * the attempt is on record.
 */
export function auditRecordsPage(reader: AuditReader, tenantId: string, params: URLSearchParams, now: number): AuditPage {
  for (const name of params.keys()) if (!PARAMS.has(name)) throw new BulwarkError('INVALID_REQUEST', `unknown query parameter "${name.slice(0, 64)}"`);
  const tenant = params.get('tenant');
  if (tenant !== null && tenant !== tenantId) throw new BulwarkError('AUDIT_TENANT_FORBIDDEN', "This key may read only its own tenant's audit records.");
  const content = params.get('content');
  if (content !== null && content !== 'true' && content !== 'false') throw new BulwarkError('INVALID_REQUEST', 'content: expected true or false');
  const withContent = content === 'true';
  const input: AuditFilterInput = {};
  for (const name of ['since', 'until', 'key', 'model', 'verdict', 'code', 'kind', 'after', 'limit'] as const) {
    const v = params.get(name);
    if (v !== null) input[name] = v;
  }
  const query = buildAuditQuery(tenantId, { ...input, limit: input.limit ?? String(PAGE_DEFAULT) }, now, PAGE_MAX);
  const data: AuditView[] = [...reader.search(query, { withContent })];
  const last = data[data.length - 1]?.seq;
  const body = JSON.stringify({ object: 'list', schemaVersion: 1, tenant: tenantId, data, next: data.length === query.limit && last !== undefined ? String(last) : null });
  const { limit: _limit, ...filters } = input;
  return { body, detail: { read: data.length, first: data[0]?.seq ?? null, last: last ?? null, content: withContent, filters } };
}
