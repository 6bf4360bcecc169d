import type { AuditQuery, AuditRecordRow, AuditStore } from '../store/index.js';
import { unseal } from './crypto.js';
import { readRange } from './journal.js';
import type { Keyring } from './keyring.js';
import { contentAad, decodeContent, unpackParts, type AuditContent, parseCanonical, type AuditRequestFields, type CanonicalRecord } from './record.js';

export const AUDIT_VIEW_SCHEMA = 1;

/** A record as readers get it: the signed metadata, and the decrypted content when asked for. */
export interface AuditView extends AuditRequestFields {
  schemaVersion: number;
  id: string;
  tenant: string;
  seq: number;
  time: string;
  kind: string;
  keyId: string | null;
  subject: string | null;
  /** none: no content kept; stored: encrypted in the trail; erased: its subject was forgotten; unreadable: failed authentication. */
  contentState: 'none' | 'stored' | 'erased' | 'unreadable';
  /** Present only when content was asked for (and readable). */
  content?: AuditContent | null;
}

export interface AuditReader {
  /** Records of one tenant, oldest first. Decrypts only with withContent. */
  search(query: AuditQuery, options?: { withContent?: boolean }): IterableIterator<AuditView>;
}

/** `segments`: the journal directory, where sealed content lies. */
export function createAuditReader(store: AuditStore, keyring: Keyring, segments: string): AuditReader {

  /** The last blob opened: records of one group commit are usually read one after another. */
  let opened: { id: number; parts: Buffer[] | null } | undefined;

  const partsOf = (contentId: number, tenantId: string, dataKeyId: number, key: Buffer): Buffer[] | null | undefined => {
    if (opened?.id === contentId) return opened.parts;
    const row = store.getContent(contentId);
    if (row === undefined) return undefined;
    let parts: Buffer[] | null;
    try {
      if (row.tenantId !== tenantId || row.dataKeyId !== dataKeyId) throw new Error('content of another record');
      const blob = readRange(segments, row.segment, row.offset, row.length);
      if (blob === undefined) throw new Error('content bytes missing');
      parts = unpackParts(unseal(key, blob, contentAad(tenantId, dataKeyId)));
    } catch {
      parts = null;
    }
    opened = { id: contentId, parts };
    return parts;
  };

  const view = (row: AuditRecordRow, withContent: boolean): AuditView => {
    const r = parseCanonical(row.record);
    let contentState: AuditView['contentState'] = r.contentTag === null ? 'none' : 'stored';
    let content: AuditContent | null | undefined;
    if (contentState === 'stored') {
      const key = row.dataKeyId === null ? undefined : keyring.dataKey(row.dataKeyId);
      if (key === undefined || row.contentId === null || row.contentPart === null) contentState = 'erased';
      else if (withContent) {
        const parts = partsOf(row.contentId, row.tenantId, row.dataKeyId!, key);
        const part = parts?.[row.contentPart];
        if (parts === undefined) contentState = 'erased';
        else if (part === undefined) contentState = 'unreadable';
        else {
          try {
            content = decodeContent(part);
          } catch {
            contentState = 'unreadable';
          }
        }
      }
    }
    const v: AuditView = {
      schemaVersion: AUDIT_VIEW_SCHEMA,
      id: r.id,
      tenant: r.tenant,
      seq: r.seq,
      time: new Date(r.time).toISOString(),
      kind: r.kind,
      keyId: r.keyId,
      subject: r.subject,
      clientIp: r.clientIp,
      method: r.method,
      route: r.route,
      model: r.model,
      upstream: r.upstream,
      status: r.status,
      latencyMs: r.latencyMs,
      promptTokens: r.promptTokens,
      completionTokens: r.completionTokens,
      stream: r.stream,
      verdict: r.verdict,
      findings: r.findings,
      guards: r.guards,
      errorCode: r.errorCode,
      requestId: r.requestId,
      detail: r.detail,
      contentState,
    };
    if (withContent) v.content = content ?? null;
    return v;
  };

  return {
    *search(query, options = {}) {
      opened = undefined;
      // A subject may have been erased since keys were cached.
      keyring.refresh();
      for (const row of store.searchRecords(query)) yield view(row, options.withContent === true);
    },
  };
}
