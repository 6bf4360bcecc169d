import { BulwarkError, type Verdict } from '../core/index.js';
import type { AuditQuery } from '../store/index.js';
import { AUDIT_KINDS, type AuditKind } from './record.js';

const UNITS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000 };
const VERDICTS: readonly Verdict[] = ['allow', 'flag', 'redact', 'block'];

/** "24h", "7d", "90m" (that long ago) or an ISO date → epoch ms; undefined when absent. */
export function parseTime(name: string, value: string | undefined, now: number): number | undefined {
  if (value === undefined || value === '') return undefined;
  const m = /^(\d+)([mhd])$/.exec(value);
  if (m) return now - Number(m[1]) * UNITS[m[2]!]!;
  const t = Date.parse(value);
  if (Number.isNaN(t)) throw new BulwarkError('INVALID_REQUEST', `${name}: expected an ISO date or a duration like 24h or 7d`);
  return t;
}

export interface AuditFilterInput {
  since?: string;
  until?: string;
  key?: string;
  model?: string;
  verdict?: string;
  code?: string;
  kind?: string;
  after?: string;
  limit?: string;
}

/**
 * One tenant's query from user input (CLI flags or URL parameters). The tenant always comes from
 * the caller's identity, never from the filter, so no filter can widen a read to another tenant.
 */
export function buildAuditQuery(tenantId: string, input: AuditFilterInput, now: number, maxLimit?: number): AuditQuery {
  const q: AuditQuery = { tenantId };
  q.since = parseTime('since', input.since, now);
  q.until = parseTime('until', input.until, now);
  if (input.key) q.keyId = input.key;
  if (input.model) q.model = input.model;
  if (input.verdict) {
    if (!VERDICTS.includes(input.verdict as Verdict)) throw new BulwarkError('INVALID_REQUEST', `verdict: expected one of ${VERDICTS.join(', ')}`);
    q.verdict = input.verdict;
  }
  if (input.code) {
    if (!/^[A-Z0-9_]{1,64}$/.test(input.code)) throw new BulwarkError('INVALID_REQUEST', 'code: expected a finding code like PII_CN_ID_CARD');
    q.code = input.code;
  }
  if (input.kind) {
    if (!AUDIT_KINDS.includes(input.kind as AuditKind)) throw new BulwarkError('INVALID_REQUEST', `kind: expected one of ${AUDIT_KINDS.join(', ')}`);
    q.kind = input.kind;
  }
  if (input.after) {
    const n = Number(input.after);
    if (!Number.isInteger(n) || n < 0) throw new BulwarkError('INVALID_REQUEST', 'after: expected a record position (the "next" value of the previous page)');
    q.afterChainSeq = n;
  }
  if (input.limit !== undefined || maxLimit !== undefined) {
    const n = input.limit === undefined ? maxLimit! : Number(input.limit);
    if (!Number.isInteger(n) || n < 1 || (maxLimit !== undefined && n > maxLimit)) throw new BulwarkError('INVALID_REQUEST', `limit: expected 1 to ${maxLimit ?? 'any number'}`);
    q.limit = n;
  }
  return q;
}
