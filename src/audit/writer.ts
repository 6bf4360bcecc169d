import { randomId } from '../core/index.js';
import type { AuditStore } from '../store/index.js';
import { hmacHex, sealChunks, sha256Hex, type MasterKey } from './crypto.js';
import type { Keyring } from './keyring.js';
import { packStream } from './stream-pack.js';
import { canonicalRecord, codesColumn, contentAad, GENESIS_HASH, partHeaderLength, recordFields, writePartHeader, wellFormed, type AuditEntry, type AuditFinding, type AuditGuardRun, type ContentMeta, type ContentRef } from './record.js';

/** The signature of a chain's end: a truncated tail cannot be re-signed without the master key. */
export const headMac = (macKey: Buffer, tenantId: string, chainSeq: number, hash: string): string => hmacHex(macKey, `head\u0000v1\u0000${tenantId}\u0000${chainSeq}\u0000${hash}`);
/** The signature of a chain's start after a purge: where the first kept record must link to. */
export const anchorMac = (macKey: Buffer, tenantId: string, chainSeq: number, prevHash: string): string => hmacHex(macKey, `anchor\u0000v1\u0000${tenantId}\u0000${chainSeq}\u0000${prevHash}`);

/**
 * A record as the database writer takes it: its search columns, its canonical fields from `time`
 * to `detail` already serialized (recordFields), and where its sealed content is.
 */
export interface RecordDraft {
  tenantId: string;
  time: number;
  kind: string;
  keyId: string | null;
  model: string | null;
  verdict: string;
  status: number | null;
  /** codesColumn of the findings. */
  codes: string;
  fields: string;
  /** Which sealed group holds the content, and which part of it. */
  group: number | null;
  part: number | null;
}

/** The content of one batch's records that share a data key, sealed together. */
export interface SealedGroup {
  tenantId: string;
  dataKeyId: number;
  /** The sealed blob, as one buffer or as the chunks it was sealed in. */
  blob: Buffer | Buffer[];
  /** Hex of iv | GCM tag: what the chain signs for this content. */
  tag: string;
}

export const blobLength = (blob: Buffer | Buffer[]): number => (Array.isArray(blob) ? blob.reduce((n, b) => n + b.length, 0) : blob.length);

export interface SealedBatch {
  records: RecordDraft[];
  groups: SealedGroup[];
}

export interface SealOptions {
  /** Store encrypted content at all (audit.content). */
  content: boolean;
  maxContentBytes: number;
}

const round3 = (n: number): number => Math.round(n * 1000) / 1000;
const NO_FINDINGS: AuditFinding[] = [];
const NO_GUARDS: AuditGuardRun[] = [];

/**
 * The plaintext of the group being sealed is assembled in one buffer kept for the thread, then
 * sealed with one cipher.update: a call per piece costs more than copying it, and a fresh buffer
 * per group (and per part header) is an allocation on the gateway's thread per request. Larger
 * groups get a buffer of their own; the bytes are zeroed once sealed.
 */
const SCRATCH_MAX = 4 * 1024 * 1024;
let scratch: Buffer | undefined;

function plaintextBuffer(n: number): Buffer {
  if (n > SCRATCH_MAX) return Buffer.allocUnsafeSlow(n);
  if (scratch === undefined || scratch.length < n) scratch = Buffer.allocUnsafeSlow(Math.min(SCRATCH_MAX, Math.max(n, 64 * 1024)));
  return scratch;
}

interface Part {
  meta: ContentMeta;
  bytes: Uint8Array[];
}

function sealGroup(key: Buffer, parts: readonly Part[], size: number, aad: string): Buffer[] {
  const buf = plaintextBuffer(size);
  let at = 0;
  for (const p of parts) {
    at = writePartHeader(p.meta, buf, at);
    for (const b of p.bytes) {
      buf.set(b, at);
      at += b.length;
    }
  }
  try {
    return sealChunks(key, buf.subarray(0, at), aad);
  } finally {
    buf.fill(0, 0, at);
  }
}

/** The pseudonym of the entry's data subject (the subject header, else the API key), or null. */
export function subjectRefOf(e: AuditEntry, keyring: Keyring): string | null {
  const subject = e.subject !== undefined && e.subject !== '' ? e.subject : e.keyId;
  return subject !== undefined && subject !== '' ? keyring.subjectRef(e.tenantId, subject) : null;
}

/** Whether sealBatch seals content of this entry, under the data key of its subject. */
export function sealsContent(e: AuditEntry, options: SealOptions): boolean {
  return e.content !== undefined && options.content;
}

/**
 * Runs where entries are appended (the gateway's thread, inside the write lock of its store
 * connection only when a data key must be created, which serve avoids by reserving keys on the
 * ingest thread first): copies out what is recorded, and seals each
 * group of records that share a data key with one AES-GCM message. This is the only time content
 * is encrypted; from here on it is bytes that only a data key opens.
 */
export function sealBatch(entries: readonly AuditEntry[], keyring: Keyring, options: SealOptions, now: number): SealedBatch {
  const records: RecordDraft[] = new Array(entries.length);
  const groups: { tenantId: string; dataKeyId: number; key: Buffer; parts: Part[]; size: number }[] = [];
  const groupOf = new Map<number, number>();
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i]!;
    const subjectRef = subjectRefOf(e, keyring);
    const keyId = e.keyId ?? null;
    // Only the model name is free text from the client; the others are the gateway's own strings.
    const model = wellFormed(e.model);
    const status = e.status ?? null;
    const verdict = e.verdict ?? 'allow';
    const findings = e.findings === undefined || e.findings.length === 0 ? NO_FINDINGS : e.findings.map((f) => ({ code: f.code, guard: f.guard, severity: f.severity, start: f.start, end: f.end, confidence: f.confidence }));
    const fields = recordFields({
      time: e.time,
      kind: e.kind,
      keyId,
      subject: subjectRef,
      clientIp: e.clientIp ?? null,
      method: e.method ?? null,
      route: e.route ?? null,
      model,
      upstream: e.upstream ?? null,
      status,
      latencyMs: e.latencyMs ?? null,
      promptTokens: e.promptTokens ?? null,
      completionTokens: e.completionTokens ?? null,
      stream: e.stream ?? false,
      verdict,
      findings,
      guards: e.guards === undefined || e.guards.length === 0 ? NO_GUARDS : e.guards.map((g) => (g.failed ? { id: g.id, verdict: g.verdict, ms: round3(g.ms), failed: g.failed } : { id: g.id, verdict: g.verdict, ms: round3(g.ms) })),
      errorCode: e.errorCode ?? null,
      requestId: e.requestId ?? null,
      detail: e.detail ?? null,
    });
    const record: RecordDraft = { tenantId: e.tenantId, time: e.time, kind: e.kind, keyId, model, verdict, status, codes: codesColumn(findings), fields, group: null, part: null };
    records[i] = record;
    const c = e.content;
    if (c === undefined || !sealsContent(e, options)) continue;
    const dk = keyring.dataKeyFor(e.tenantId, subjectRef ?? '', now);
    let gi = groupOf.get(dk.id);
    if (gi === undefined) {
      gi = groups.push({ tenantId: e.tenantId, dataKeyId: dk.id, key: dk.key, parts: [], size: 0 }) - 1;
      groupOf.set(dk.id, gi);
    }
    const g = groups[gi]!;
    let budget = options.maxContentBytes;
    let truncated = false;
    const kept: Uint8Array[] = [];
    const take = (b: Uint8Array): number => {
      const n = Math.min(b.length, budget);
      if (n < b.length) truncated = true;
      if (n > 0) kept.push(n === b.length ? b : b.subarray(0, n));
      budget -= n;
      return n;
    };
    const request = c.request ? take(c.request) : 0;
    const answerFrom = kept.length;
    let answer = 0;
    let packed = false;
    const a = c.answer;
    if (a !== undefined) {
      if (a instanceof Uint8Array) answer = take(a);
      else for (const b of a) answer += take(b);
    }
    // A stream's frames repeat their JSON around every token: what is sealed is the packed form.
    if (c.framing !== undefined && answer > 0) {
      const small = packStream(kept.slice(answerFrom), c.framing);
      if (small !== undefined) {
        kept.length = answerFrom;
        kept.push(small);
        answer = small.length;
        packed = true;
      }
    }
    const meta: ContentMeta = c.framing ? { wire: c.wire, framing: c.framing, request, answer, truncated, packed } : { wire: c.wire, request, answer, truncated };
    record.group = gi;
    record.part = g.parts.push({ meta, bytes: kept }) - 1;
    g.size += partHeaderLength(meta) + request + answer;
  }
  return {
    records,
    groups: groups.map((g) => {
      keyring.countUse(g.dataKeyId);
      const blob = sealGroup(g.key, g.parts, g.size, contentAad(g.tenantId, g.dataKeyId));
      return { tenantId: g.tenantId, dataKeyId: g.dataKeyId, blob, tag: blob[0]!.toString('hex') + blob[2]!.toString('hex') };
    }),
  };
}

/** A sealed group as the database writer takes it: where the journal holds it, and its tag. */
export interface StoredGroup {
  tenantId: string;
  dataKeyId: number;
  segment: number;
  offset: number;
  length: number;
  tag: string;
}

export interface IngestBatch {
  records: RecordDraft[];
  groups: StoredGroup[];
}

/** Records without content (the trail's own events) go straight to the database writer. */
export function eventBatch(entries: readonly AuditEntry[], keyring: Keyring, now: number): IngestBatch {
  return { records: sealBatch(entries, keyring, { content: false, maxContentBytes: 0 }, now).records, groups: [] };
}

/** Compare-and-set of the journal position, in the same transaction as the records it covers. */
export interface JournalGuard {
  expect: string | undefined;
  next: string;
}

export interface BatchWriter {
  /**
   * Appends the records to their tenants' chains in one transaction; throws when nothing was
   * committed. With a guard, returns false (and writes nothing) when the journal position is not
   * the expected one: another process ingested these frames first.
   */
  write(batch: IngestBatch, now: number, guard?: JournalGuard): boolean;
}

/**
 * The database side of a group commit: one transaction per batch, whatever its size. Chain heads
 * are cached; when another connection committed since (a CLI appending an event, another
 * replica), they are read again inside the write lock, so two writers never fork a chain.
 */
export function createBatchWriter(store: AuditStore, master: MasterKey): BatchWriter {
  const heads = new Map<string, { seq: number; hash: string }>();
  let seenVersion = store.dataVersion();

  const headOf = (tenantId: string): { seq: number; hash: string } => {
    const h = store.getHead(tenantId);
    return h ? { seq: h.chainSeq, hash: h.hash } : { seq: 0, hash: GENESIS_HASH };
  };

  return {
    write({ records, groups }, now, guard) {
      const touched = new Map<string, { seq: number; hash: string }>();
      let written = true;
      try {
        store.transaction(() => {
          if (guard !== undefined) {
            if (store.getMeta('journal_position') !== guard.expect) {
              written = false;
              return;
            }
            store.setMeta('journal_position', guard.next);
          }
          const version = store.dataVersion();
          if (version !== seenVersion) {
            heads.clear();
            seenVersion = version;
          }
          const stored: ContentRef[] = groups.map((g) => ({ dataKeyId: g.dataKeyId, tag: g.tag, contentId: store.insertContent({ tenantId: g.tenantId, dataKeyId: g.dataKeyId, segment: g.segment, offset: g.offset, length: g.length }) }));
          for (const r of records) {
            const tenant = r.tenantId;
            let head = touched.get(tenant);
            if (head === undefined) touched.set(tenant, (head = { ...(heads.get(tenant) ?? headOf(tenant)) }));
            const id = randomId();
            const seq = head.seq + 1;
            const g = r.group === null ? undefined : stored[r.group];
            const part = g === undefined ? null : r.part;
            const record = canonicalRecord(tenant, seq, id, r.fields, g, part, head.hash);
            const hash = sha256Hex(record);
            store.insertRecord({ tenantId: tenant, chainSeq: seq, id, time: r.time, kind: r.kind, keyId: r.keyId, model: r.model, verdict: r.verdict, status: r.status, codes: r.codes, dataKeyId: g?.dataKeyId ?? null, contentId: g?.contentId ?? null, contentPart: part, record, hash });
            head.seq = seq;
            head.hash = hash;
          }
          for (const [tenant, h] of touched) store.putHead({ tenantId: tenant, chainSeq: h.seq, hash: h.hash, at: now, mac: headMac(master.macKey, tenant, h.seq, h.hash) });
        });
      } catch (err) {
        // The transaction rolled back: cached heads may be ahead of the database.
        heads.clear();
        throw err;
      }
      for (const [tenant, h] of touched) heads.set(tenant, h);
      return written;
    },
  };
}
