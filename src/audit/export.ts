import type { AuditView } from './reader.js';

export type AuditFormat = 'table' | 'json' | 'jsonl' | 'csv';

const CSV_COLUMNS = ['time', 'id', 'tenant', 'seq', 'kind', 'key_id', 'subject', 'client_ip', 'method', 'route', 'model', 'upstream', 'status', 'latency_ms', 'prompt_tokens', 'completion_tokens', 'stream', 'verdict', 'finding_codes', 'findings', 'guards', 'error_code', 'request_id', 'detail', 'content_state'] as const;

/**
 * RFC 4180 quoting, plus the OWASP "CSV injection" defence: a cell that a spreadsheet would run as
 * a formula (= + - @, tab, CR) is prefixed with a quote. Prompts are attacker-controlled text.
 */
function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  let s = typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

const codes = (v: AuditView): string => [...new Set(v.findings.map((f) => f.code))].join(' ');

export function csvHeader(withContent: boolean): string {
  return [...CSV_COLUMNS, ...(withContent ? ['request', 'answer', 'content_truncated'] : [])].join(',');
}

export function csvRow(v: AuditView, withContent: boolean): string {
  const cells: unknown[] = [v.time, v.id, v.tenant, v.seq, v.kind, v.keyId, v.subject, v.clientIp, v.method, v.route, v.model, v.upstream, v.status, v.latencyMs, v.promptTokens, v.completionTokens, v.stream, v.verdict, codes(v), v.findings, v.guards, v.errorCode, v.requestId, v.detail, v.contentState];
  if (withContent) {
    const c = v.content;
    cells.push(c ? c.request.map((s) => `[${s.source}] ${s.text}`).join('\n') : null, c ? c.answer.join('\n') : null, c ? c.truncated : null);
  }
  return cells.map(csvCell).join(',');
}

export const TABLE_HEADER = ['time', 'seq', 'kind', 'key', 'route', 'model', 'status', 'verdict', 'codes', 'ms', 'content'].join('\t');

export function tableRow(v: AuditView): string {
  return [v.time, v.seq, v.kind, v.keyId ?? '-', v.route ?? '-', v.model ?? '-', v.status ?? '-', v.verdict, codes(v) || '-', v.latencyMs ?? '-', v.contentState].join('\t');
}
