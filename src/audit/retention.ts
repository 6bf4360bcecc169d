import type { AuditStore } from '../store/index.js';
import type { MasterKey } from './crypto.js';
import { rmSync } from 'node:fs';
import { journalPosition } from './ingest.js';
import { listSegments, segmentPath, zeroRange } from './journal.js';
import { bumpKeysVersion, type Keyring } from './keyring.js';
import { parseCanonical, type AuditEntry } from './record.js';
import { anchorMac } from './writer.js';

const DAY_MS = 86_400_000;

export interface RetentionPolicy {
  /** Days a record is kept unless the tenant has its own value. */
  retentionDays: number;
  tenants: Record<string, { retentionDays: number }>;
}

export interface PurgeResult {
  tenant: string;
  cutoff: number;
  deleted: number;
  /** The first record kept (the chain's new anchor). */
  firstKept: number;
}

const CHUNK = 2_000;

/**
 * Deletes the expired prefix of each tenant's chain. Records stay in chain order, so only a
 * prefix can expire; the first record kept links to the one deleted before it, and a signed
 * anchor remembers that link, so the shortened chain still verifies (and a forged deletion of the
 * oldest records does not). Runs in chunks, one short transaction each; `yieldEach` lets the
 * caller interleave other work between chunks.
 */
export async function purgeExpired(store: AuditStore, master: MasterKey, segments: string, policy: RetentionPolicy, now: number, options: { tenantId?: string; yieldEach?: () => Promise<void> } = {}): Promise<PurgeResult[]> {
  const results: PurgeResult[] = [];
  const tenants = store.listHeads().map((h) => h.tenantId).filter((t) => options.tenantId === undefined || t === options.tenantId);
  for (const tenant of tenants) {
    const days = policy.tenants[tenant]?.retentionDays ?? policy.retentionDays;
    const cutoff = now - days * DAY_MS;
    let deleted = 0;
    let firstKept = store.getAnchor(tenant)?.chainSeq ?? 1;
    for (;;) {
      const oldest = store.oldestRecords(tenant, CHUNK);
      if (oldest.length === 0) break;
      const keep = oldest.findIndex((r) => r.time >= cutoff);
      if (keep === 0) break;
      const head = store.getHead(tenant);
      if (!head) break;
      // The first record to keep, or (all of this chunk expired) the one after it.
      const boundary = keep > 0 ? oldest[keep]!.chainSeq : oldest.length < CHUNK ? head.chainSeq + 1 : oldest[oldest.length - 1]!.chainSeq + 1;
      deleted += store.transaction(() => {
        const next = store.recordAt(tenant, boundary);
        const prevHash = next ? parseCanonical(next.record).prev : store.getHead(tenant)!.hash;
        const n = store.deleteRecordsBefore(tenant, boundary);
        store.dropOrphanContent(tenant);
        store.putAnchor({ tenantId: tenant, chainSeq: boundary, prevHash, at: now, mac: anchorMac(master.macKey, tenant, boundary, prevHash) });
        return n;
      });
      firstKept = boundary;
      if (keep > 0) break;
      await options.yieldEach?.();
    }
    if (deleted > 0) results.push({ tenant, cutoff, deleted, firstKept });
  }
  if (results.length > 0) dropUnusedSegments(store, segments);
  return results;
}

/**
 * Deletes journal segments that are fully ingested and that no record's content lies in any more:
 * retention frees content a whole segment (64 MiB, written in time order) at a time.
 */
export function dropUnusedSegments(store: AuditStore, segments: string): number {
  const position = journalPosition(store);
  if (position === undefined) return 0;
  const used = new Set(store.contentSegments());
  let n = 0;
  for (const s of listSegments(segments)) {
    if (s >= position.segment || used.has(s)) continue;
    rmSync(segmentPath(segments, s), { force: true });
    n++;
  }
  return n;
}

export interface ForgetResult {
  tenant: string;
  subject: string;
  dataKeys: number;
  records: number;
}

/**
 * Crypto-shredding: the subject's data keys are destroyed, so its content can never be decrypted,
 * and the ciphertext is dropped as well. The chain signed only the ciphertext's digest, so it
 * still verifies. SQLite's secure_delete overwrites the freed bytes, and a TRUNCATE checkpoint
 * empties the WAL that still held the old pages.
 */
export function forgetSubject(store: AuditStore, keyring: Keyring, segments: string, tenantId: string, subject: string, now: number): ForgetResult {
  const ref = keyring.subjectRef(tenantId, subject);
  const { keys, records, ranges } = store.transaction(() => {
    const ids = store.shredDataKeys(tenantId, ref, now);
    bumpKeysVersion(store);
    const dropped = store.dropContent(ids);
    return { keys: ids.length, records: dropped.records, ranges: dropped.ranges };
  });
  keyring.refresh(true);
  // The key is gone, so the ciphertext is noise already; overwrite it all the same.
  for (const r of ranges) zeroRange(segments, r.segment, r.offset, r.length);
  // With other connections reading, this empties what it can; their next checkpoint does the rest.
  store.checkpoint('TRUNCATE');
  return { tenant: tenantId, subject: ref, dataKeys: keys, records };
}

export interface PurgeOptions {
  tenantId?: string;
  /** Merged into each purge's own audit record (who ran it). */
  detail?: Record<string, unknown>;
}

/** The audit records of retention and erasure themselves. */
export function purgeEvents(results: readonly PurgeResult[], now: number, detail: Record<string, unknown> = {}): AuditEntry[] {
  return results.map((r) => ({ kind: 'audit-purge', time: now, tenantId: r.tenant, detail: { ...detail, deleted: r.deleted, before: new Date(r.cutoff).toISOString(), firstKept: r.firstKept } }));
}

export function forgetEvent(r: ForgetResult, now: number, detail: Record<string, unknown> = {}): AuditEntry {
  return { kind: 'audit-forget', time: now, tenantId: r.tenant, detail: { ...detail, subject: r.subject, dataKeys: r.dataKeys, records: r.records } };
}

