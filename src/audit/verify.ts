import { timingSafeEqual } from 'node:crypto';
import type { AuditAnchorRow, AuditHeadRow, AuditRecordRow, AuditStore } from '../store/index.js';
import { sha256Hex, unseal, type MasterKey } from './crypto.js';
import { createKeyring } from './keyring.js';
import { readRange } from './journal.js';
import { codesColumn, contentAad, GENESIS_HASH, parseCanonical, type CanonicalRecord } from './record.js';
import { anchorMac, headMac } from './writer.js';

export const VERIFY_REPORT_SCHEMA = 1;

export type ProblemKind =
  /** The row's canonical form no longer matches its hash, or a search column differs from it. */
  | 'record-changed'
  /** A chain position is missing: a record was deleted. */
  | 'record-missing'
  /** A record does not link to the one before it: deleted, inserted or reordered rows. */
  | 'link-broken'
  /** The encrypted content no longer matches the digest the chain signed. */
  | 'content-changed'
  /** Content is gone although its subject was never erased. */
  | 'content-removed'
  /** The chain ends before the signed head: its tail was truncated. */
  | 'tail-truncated'
  /** Records after the signed head, or a head/anchor whose signature fails. */
  | 'checkpoint-invalid';

export interface ChainProblem {
  tenant: string;
  kind: ProblemKind;
  /** The first broken record's chain position (and id when the row exists). */
  seq: number;
  id?: string;
  message: string;
}

export interface ChainSummary {
  tenant: string;
  records: number;
  first: number | null;
  last: number | null;
  /** The signed head (what an external copy would pin). */
  headHash: string | null;
  ok: boolean;
}

export interface VerifyReport {
  schemaVersion: number;
  ok: boolean;
  records: number;
  chains: ChainSummary[];
  /** The first problem of each broken chain, in tenant order. */
  problems: ChainProblem[];
}

const macOk = (expected: string, given: string): boolean => expected.length === given.length && timingSafeEqual(Buffer.from(expected), Buffer.from(given));

const label = (tenant: string): string => (tenant === '' ? '(unauthenticated)' : tenant);

/**
 * Walks every tenant chain and names the first broken record of each. Everything is recomputed
 * from the stored bytes; the master key is needed only to check the signed heads and anchors.
 */
export function verifyChains(store: AuditStore, master: MasterKey, options: { segments: string; tenantId?: string }): VerifyReport {
  const heads = new Map<string, AuditHeadRow>(store.listHeads().map((h) => [h.tenantId, h]));
  const anchors = new Map<string, AuditAnchorRow>(store.listAnchors().map((a) => [a.tenantId, a]));
  const shredded = new Set(store.listDataKeys().filter((k) => k.wrapped === null).map((k) => k.id));
  const problems: ChainProblem[] = [];
  const chains: ChainSummary[] = [];
  let total = 0;

  let tenant: string | undefined;
  let expectedSeq = 0;
  let expectedPrev = '';
  let count = 0;
  let first: number | null = null;
  let last: number | null = null;
  let lastHash = '';
  let broken: ChainProblem | undefined;
  const seen = new Set<string>();
  const keyring = createKeyring(store, master);
  /**
   * The blob's iv | tag as stored, or 'altered' when the blob is misfiled, cut, or fails GCM
   * authentication under its data key (checked while the key exists; an erased subject's blob is
   * zeros). Records of one group commit share a blob: it is checked once.
   */
  let lastContent: { id: number; tag: string | undefined } | undefined;
  const contentTag = (id: number, tenantId: string, dataKeyId: number | null): string | undefined => {
    if (lastContent?.id !== id) {
      const c = store.getContent(id);
      let tag: string | undefined;
      if (c !== undefined) {
        const blob = readRange(options.segments, c.segment, c.offset, c.length);
        if (c.tenantId !== tenantId || c.dataKeyId !== dataKeyId || blob === undefined || blob.length < 28) tag = 'altered';
        else {
          tag = blob.subarray(0, 12).toString('hex') + blob.subarray(blob.length - 16).toString('hex');
          const key = keyring.dataKey(c.dataKeyId);
          if (key !== undefined) {
            try {
              unseal(key, blob, contentAad(tenantId, c.dataKeyId));
            } catch {
              tag = 'altered';
            }
          }
        }
      }
      lastContent = { id, tag };
    }
    return lastContent.tag;
  };

  const begin = (t: string): void => {
    tenant = t;
    seen.add(t);
    count = 0;
    first = null;
    last = null;
    broken = undefined;
    const anchor = anchors.get(t);
    if (anchor && !macOk(anchorMac(master.macKey, t, anchor.chainSeq, anchor.prevHash), anchor.mac)) {
      broken = { tenant: t, kind: 'checkpoint-invalid', seq: anchor.chainSeq, message: `tenant ${label(t)}: the purge anchor at record #${anchor.chainSeq} is not signed by the master key (it was altered)` };
    }
    expectedSeq = anchor?.chainSeq ?? 1;
    expectedPrev = anchor?.prevHash ?? GENESIS_HASH;
    lastHash = expectedPrev;
  };

  const end = (): void => {
    if (tenant === undefined) return;
    const t = tenant;
    const head = heads.get(t);
    if (!broken) {
      if (!head) {
        if (count > 0) broken = { tenant: t, kind: 'checkpoint-invalid', seq: first ?? 0, message: `tenant ${label(t)}: the chain has no signed head (records were added without the master key)` };
      } else if (!macOk(headMac(master.macKey, t, head.chainSeq, head.hash), head.mac)) {
        broken = { tenant: t, kind: 'checkpoint-invalid', seq: head.chainSeq, message: `tenant ${label(t)}: the signed head (record #${head.chainSeq}) fails its signature (it was altered)` };
      } else if (head.chainSeq > expectedSeq - 1) {
        broken = {
          tenant: t,
          kind: 'tail-truncated',
          seq: expectedSeq,
          message: `tenant ${label(t)}: record #${expectedSeq} is missing: the chain ends at #${expectedSeq - 1} but its signed head is #${head.chainSeq} (the tail was truncated)`,
        };
      } else if (head.chainSeq < expectedSeq - 1) {
        broken = { tenant: t, kind: 'checkpoint-invalid', seq: head.chainSeq + 1, message: `tenant ${label(t)}: record #${head.chainSeq + 1} and later are not covered by the signed head (#${head.chainSeq})` };
      } else if (head.hash !== lastHash) {
        broken = { tenant: t, kind: 'tail-truncated', seq: head.chainSeq, message: `tenant ${label(t)}: record #${head.chainSeq} is not the record the signed head names (the tail was replaced)` };
      }
    }
    if (broken) problems.push(broken);
    chains.push({ tenant: t, records: count, first, last, headHash: head?.hash ?? null, ok: broken === undefined });
  };

  const check = (row: AuditRecordRow): ChainProblem | undefined => {
    const where = `tenant ${label(row.tenantId)}, record #${row.chainSeq} (id ${row.id})`;
    const changed = (why: string): ChainProblem => ({ tenant: row.tenantId, kind: 'record-changed', seq: row.chainSeq, id: row.id, message: `${where} was changed: ${why}` });
    if (row.chainSeq > expectedSeq) {
      return { tenant: row.tenantId, kind: 'record-missing', seq: expectedSeq, message: `tenant ${label(row.tenantId)}: record #${expectedSeq} is missing (deleted); the chain resumes at #${row.chainSeq} (id ${row.id})` };
    }
    let r: CanonicalRecord;
    try {
      r = parseCanonical(row.record);
    } catch {
      return changed('its signed form is not valid JSON');
    }
    if (sha256Hex(row.record) !== row.hash) return changed('its content no longer matches its hash');
    const columns: [string, unknown, unknown][] = [
      ['tenant', row.tenantId, r.tenant],
      ['position', row.chainSeq, r.seq],
      ['id', row.id, r.id],
      ['time', row.time, r.time],
      ['kind', row.kind, r.kind],
      ['key', row.keyId, r.keyId],
      ['model', row.model, r.model],
      ['verdict', row.verdict, r.verdict],
      ['status', row.status, r.status],
      ['finding codes', row.codes, codesColumn(r.findings ?? [])],
      ['data key', row.dataKeyId, r.dataKeyId],
      ['content', row.contentId, r.contentId],
      ['content part', row.contentPart, r.contentPart],
    ];
    for (const [name, stored, signed] of columns) if (stored !== signed) return changed(`its ${name} column differs from the signed record`);
    if (row.chainSeq < expectedSeq) return { tenant: row.tenantId, kind: 'link-broken', seq: row.chainSeq, id: row.id, message: `${where} is out of order: #${expectedSeq} was expected here` };
    if (r.prev !== expectedPrev) {
      return { tenant: row.tenantId, kind: 'link-broken', seq: row.chainSeq, id: row.id, message: `${where} does not link to record #${row.chainSeq - 1} (a record before it was deleted, replaced or reordered)` };
    }
    if (r.contentTag !== null && r.contentId !== null) {
      const digest = contentTag(r.contentId, row.tenantId, r.dataKeyId);
      if (digest === undefined) {
        if (r.dataKeyId === null || !shredded.has(r.dataKeyId)) return { tenant: row.tenantId, kind: 'content-removed', seq: row.chainSeq, id: row.id, message: `${where}: its content was removed although its subject was never erased` };
      } else if (digest !== r.contentTag) {
        return { tenant: row.tenantId, kind: 'content-changed', seq: row.chainSeq, id: row.id, message: `${where}: its encrypted content was changed` };
      }
    }
    return undefined;
  };

  for (const row of store.chainRecords(options.tenantId)) {
    if (row.tenantId !== tenant) {
      end();
      begin(row.tenantId);
    }
    total++;
    if (broken) continue;
    count++;
    first ??= row.chainSeq;
    last = row.chainSeq;
    broken = check(row);
    expectedSeq = row.chainSeq + 1;
    expectedPrev = row.hash;
    lastHash = row.hash;
  }
  end();
  // Chains whose every record is gone: fine only if a signed anchor says they were purged.
  for (const head of heads.values()) {
    if (seen.has(head.tenantId) || (options.tenantId !== undefined && head.tenantId !== options.tenantId)) continue;
    begin(head.tenantId);
    end();
  }
  chains.sort((a, b) => (a.tenant < b.tenant ? -1 : a.tenant > b.tenant ? 1 : 0));
  problems.sort((a, b) => (a.tenant < b.tenant ? -1 : a.tenant > b.tenant ? 1 : 0));
  return { schemaVersion: VERIFY_REPORT_SCHEMA, ok: problems.length === 0, records: total, chains, problems };
}
