import { BulwarkError } from '../core/index.js';
import { codesColumn, recordFields, type AuditFinding, type AuditRequestFields } from './record.js';
import type { RecordDraft } from './writer.js';

/**
 * The meta of a journal frame: which records a frame holds and where their sealed content is.
 *
 * Version 2 (written since): a header line, then one line per record with its canonical fields
 * (recordFields: a JSON array, which never holds a raw newline):
 *   `[2, [[tenantId, dataKeyId, size, tag], ...groups], [[tenantId, group, part, time, kind, keyId, model, verdict, status, codes], ...records]]`
 * The ingester splices each record's line into its canonical form and reads its search columns
 * from the header, so it parses only short arrays and never serializes the metadata again.
 *
 * Version 1: one JSON object `{ metas: [...], groups: [{ tenantId, dataKeyId, size, tag }] }`.
 * Its frames are still ingested (a serve that crashed before an upgrade left them); frames of a
 * newer version are refused (STORE_MIGRATION_NEWER), never skipped: skipping would lose records.
 */
export const FRAME_VERSION = 2;

export interface FrameGroup {
  tenantId: string;
  dataKeyId: number;
  /** Bytes of the sealed blob, which follows the meta in the frame. */
  size: number;
  /** Hex of the blob's iv | GCM tag. */
  tag: string;
}

export interface FrameMeta {
  records: RecordDraft[];
  groups: FrameGroup[];
}

export function frameMeta(records: readonly RecordDraft[], groups: readonly FrameGroup[]): string {
  const rows = new Array<unknown[]>(records.length);
  let lines = '';
  for (let i = 0; i < records.length; i++) {
    const r = records[i]!;
    rows[i] = [r.tenantId, r.group, r.part, r.time, r.kind, r.keyId, r.model, r.verdict, r.status, r.codes];
    lines += `\n${r.fields}`;
  }
  return (
    JSON.stringify([
      FRAME_VERSION,
      groups.map((g) => [g.tenantId, g.dataKeyId, g.size, g.tag]),
      rows,
    ]) + lines
  );
}

type Row = [string, number | null, number | null, number, string, string | null, string | null, string, number | null, string];

/** Throws a plain Error on a malformed meta, STORE_MIGRATION_NEWER on a newer version. */
export function parseFrameMeta(meta: string): { value: FrameMeta; sizes: number[] } {
  const value = meta.startsWith('{') ? fromVersion1(meta) : fromVersion2(meta);
  return { value, sizes: value.groups.map((g) => g.size) };
}

function fromVersion2(meta: string): FrameMeta {
  const nl = meta.indexOf('\n');
  const head = JSON.parse(nl < 0 ? meta : meta.slice(0, nl)) as unknown;
  if (!Array.isArray(head) || typeof head[0] !== 'number') throw new Error('not a journal frame meta');
  if (head[0] > FRAME_VERSION) throw new BulwarkError('STORE_MIGRATION_NEWER', `the audit journal holds a frame of version ${head[0]}, newer than this Bulwark's ${FRAME_VERSION}: ingest it with that version`);
  const [, groups, rows] = head as [number, [string, number, number, string][], Row[]];
  if (head[0] !== FRAME_VERSION || !Array.isArray(groups) || !Array.isArray(rows)) throw new Error('not a journal frame meta');
  const lines = nl < 0 ? [] : meta.slice(nl + 1).split('\n');
  if (lines.length !== rows.length) throw new Error('journal frame meta: records and their fields differ in number');
  const records = new Array<RecordDraft>(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    records[i] = { tenantId: r[0], group: r[1], part: r[2], time: r[3], kind: r[4], keyId: r[5], model: r[6], verdict: r[7], status: r[8], codes: r[9], fields: lines[i]! };
  }
  return { records, groups: groups.map(([tenantId, dataKeyId, size, tag]) => ({ tenantId, dataKeyId, size, tag })) };
}

/** A version-1 entry: the metadata as one object. */
interface MetaV1 extends AuditRequestFields {
  kind: string;
  time: number;
  tenantId: string;
  keyId: string | null;
  subjectRef: string | null;
  group: number | null;
  part: number | null;
}

/** The same records as version 2 carries them: their canonical form comes out byte for byte the same. */
function fromVersion1(meta: string): FrameMeta {
  const v = JSON.parse(meta) as { metas: MetaV1[]; groups: FrameGroup[] };
  if (!Array.isArray(v.metas) || !Array.isArray(v.groups)) throw new Error('not a journal frame meta');
  const records = v.metas.map(
    (m): RecordDraft => ({
      tenantId: m.tenantId,
      time: m.time,
      kind: m.kind,
      keyId: m.keyId,
      model: m.model,
      verdict: m.verdict,
      status: m.status,
      codes: codesColumn(m.findings as AuditFinding[]),
      fields: recordFields({ ...m, subject: m.subjectRef }),
      group: m.group,
      part: m.part,
    }),
  );
  return { records, groups: v.groups };
}
