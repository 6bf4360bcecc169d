import type { AuditStore } from '../store/index.js';
import type { MasterKey } from './crypto.js';
import { parseFrameMeta, type FrameMeta } from './frame.js';
import { listSegments, readFrames } from './journal.js';
import type { BatchWriter, IngestBatch } from './writer.js';

const META_POSITION = 'journal_position';
const META_OWNER = 'journal_owner';
/** An owner that has not said it is alive for this long is taken for dead (a crashed serve). */
export const OWNER_STALE_MS = 10_000;

export interface JournalPosition {
  segment: number;
  offset: number;
}

/**
 * Slots of the BigInt64Array the gateway's thread shares with the ingester (WorkerInit.position):
 * where the journal has got to, how often the ingester saw the data keys change, and how many
 * records it has indexed.
 */
export const SEGMENT = 0;
export const OFFSET = 1;
export const KEY_CHANGES = 2;
/** Records of this process's journal the ingester has indexed (not those a start replayed). */
export const INDEXED = 3;
export const SHARED_SLOTS = 4;

const format = (p: JournalPosition): string => `${p.segment}:${p.offset}`;

const parsePosition = (v: string): JournalPosition => {
  const [s, o] = v.split(':').map(Number);
  return { segment: s!, offset: o! };
};

export function journalPosition(store: AuditStore): JournalPosition | undefined {
  const v = store.getMeta(META_POSITION);
  return v === undefined ? undefined : parsePosition(v);
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
 * being written: its tail may be a frame in progress; `activeEnd`, where its writer had got.
 * Segments stay: they hold the content.
 */
export function ingestJournal(store: AuditStore, writer: BatchWriter, master: MasterKey, dir: string, options: { active?: number; activeEnd?: number; now: () => number; maxBytes?: number }): IngestResult {
  const result: IngestResult = { records: 0, skipped: [] };
  const framesAt = (p: JournalPosition): ReturnType<typeof readFrames<FrameMeta>> => readFrames(dir, p.segment, p.offset, master, parseFrameMeta, options.maxBytes);
  for (let rounds = 0; rounds < 100_000; rounds++) {
    const raw = store.getMeta(META_POSITION);
    const stored = raw === undefined ? undefined : parsePosition(raw);
    let cur = stored;
    let read = cur === undefined ? undefined : framesAt(cur);
    if (cur === undefined || read === undefined || read.size < 0) {
      // The stored segment is gone (or there is none yet): go on with the next one there is.
      const s = listSegments(dir).find((n) => stored === undefined || n > stored.segment);
      if (s === undefined) return result;
      cur = { segment: s, offset: 0 };
      read = framesAt(cur);
    }
    if (read.frames.length > 0) {
      // Frames become one transaction: group indexes shift by the groups of earlier frames.
      const batch: IngestBatch = { records: [], groups: [] };
      for (const f of read.frames) {
        const base = batch.groups.length;
        f.value.groups.forEach((g, i) => batch.groups.push({ tenantId: g.tenantId, dataKeyId: g.dataKeyId, segment: f.segment, offset: f.offsets[i]!, length: g.size, tag: g.tag }));
        for (const r of f.value.records) {
          if (r.group !== null) r.group += base;
          batch.records.push(r);
        }
      }
      if (writer.write(batch, options.now(), { expect: raw, next: format({ segment: cur.segment, offset: read.end }) })) result.records += batch.records.length;
      // Up to where the writer had got when this pass began: the next pass reads on.
      if (cur.segment === options.active && options.activeEnd !== undefined && read.end >= options.activeEnd) return result;
      continue;
    }
    // Nothing new: a segment still being written waits; a finished one is done with.
    if (cur.segment === options.active) return result;
    if (read.size >= 0 && (read.end < read.size || read.bad)) result.skipped.push(`segment ${cur.segment} from byte ${read.end}: ${read.bad ?? 'a frame cut short by a crash (never acknowledged)'}`);
    writer.write({ records: [], groups: [] }, options.now(), { expect: raw, next: format({ segment: cur.segment + 1, offset: 0 }) });
  }
  return result;
}
