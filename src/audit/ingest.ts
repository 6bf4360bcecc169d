import type { AuditStore } from '../store/index.js';
import type { MasterKey } from './crypto.js';
import { listSegments, readFrames } from './journal.js';
import type { BatchWriter, EntryMeta, IngestBatch } from './writer.js';

/** A journal frame's meta: the entries, and the tenant, data key, size and iv|tag of each sealed blob. */
export interface FrameMeta {
  metas: EntryMeta[];
  groups: { tenantId: string; dataKeyId: number; size: number; tag: string }[];
}

export const parseFrameMeta = (meta: string): { value: FrameMeta; sizes: number[] } => {
  const value = JSON.parse(meta) as FrameMeta;
  return { value, sizes: value.groups.map((g) => g.size) };
};

const META_POSITION = 'journal_position';
const META_OWNER = 'journal_owner';
/** An owner that has not said it is alive for this long is taken for dead (a crashed serve). */
export const OWNER_STALE_MS = 10_000;

export interface JournalPosition {
  segment: number;
  offset: number;
}

const format = (p: JournalPosition): string => `${p.segment}:${p.offset}`;

export function journalPosition(store: AuditStore): JournalPosition | undefined {
  const v = store.getMeta(META_POSITION);
  if (v === undefined) return undefined;
  const [s, o] = v.split(':').map(Number);
  return { segment: s!, offset: o! };
}

/** The process ingesting the journal says it is alive (serve's writer, every few seconds). */
export function claimJournal(store: AuditStore, owner: string, now: number): void {
  store.transaction(() => store.setMeta(META_OWNER, `${owner} ${now}`));
}

export function releaseJournal(store: AuditStore): void {
  store.transaction(() => store.setMeta(META_OWNER, ''));
}

/**
 * Whether a live process (a running serve) owns the journal, so nobody else may ingest it: its
 * heartbeat is recent and, when the caller can tell (same machine), its process still exists.
 */
export function journalOwned(store: AuditStore, now: number, isAlive?: (pid: number) => boolean): boolean {
  const v = store.getMeta(META_OWNER);
  if (!v) return false;
  const m = /^pid (\d+) (\d+)$/.exec(v);
  if (!m) return false;
  if (now - Number(m[2]) >= OWNER_STALE_MS) return false;
  return isAlive === undefined || isAlive(Number(m[1]));
}

export interface IngestResult {
  records: number;
  /** A frame that failed authentication or was cut short in a segment no longer written. */
  skipped: string[];
}

/**
 * Moves complete journal frames into the trail, oldest first. The journal position is stored in
 * the same transaction as the records, and checked in it, so a frame is ingested exactly once even
 * if two processes try (a CLI after a crash while serve restarts). `active` is the segment still
 * being written: its tail may be a frame in progress. Segments stay: they hold the content.
 */
export function ingestJournal(store: AuditStore, writer: BatchWriter, master: MasterKey, dir: string, options: { active?: number; now: () => number; maxBytes?: number }): IngestResult {
  const result: IngestResult = { records: 0, skipped: [] };
  for (let rounds = 0; rounds < 100_000; rounds++) {
    const segments = listSegments(dir);
    const raw = store.getMeta(META_POSITION);
    const stored = journalPosition(store);
    let cur: JournalPosition;
    if (stored !== undefined && segments.includes(stored.segment)) cur = stored;
    else {
      const s = segments.find((n) => stored === undefined || n > stored.segment);
      if (s === undefined) return result;
      cur = { segment: s, offset: 0 };
    }
    const read = readFrames(dir, cur.segment, cur.offset, master, parseFrameMeta, options.maxBytes);
    if (read.frames.length > 0) {
      // Frames become one transaction: group indexes shift by the groups of earlier frames.
      const batch: IngestBatch = { metas: [], groups: [] };
      for (const f of read.frames) {
        const base = batch.groups.length;
        f.value.groups.forEach((g, i) => batch.groups.push({ tenantId: g.tenantId, dataKeyId: g.dataKeyId, segment: f.segment, offset: f.offsets[i]!, length: g.size, tag: g.tag }));
        for (const m of f.value.metas) batch.metas.push(m.group === null ? m : { ...m, group: m.group + base });
      }
      if (writer.write(batch, options.now(), { expect: raw, next: format({ segment: cur.segment, offset: read.end }) })) result.records += batch.metas.length;
      continue;
    }
    // Nothing new: a segment still being written waits; a finished one is done with.
    if (cur.segment === options.active) return result;
    if (read.size >= 0 && (read.end < read.size || read.bad)) result.skipped.push(`segment ${cur.segment} from byte ${read.end}: ${read.bad ?? 'a frame cut short by a crash (never acknowledged)'}`);
    writer.write({ metas: [], groups: [] }, options.now(), { expect: raw, next: format({ segment: cur.segment + 1, offset: 0 }) });
  }
  return result;
}
