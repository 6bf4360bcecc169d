import type { Finding, Verdict } from '../core/index.js';
import { unpackStream } from './stream-pack.js';

/** Version of the canonical record form; part of every hashed record. */
export const RECORD_VERSION = 1;
/** prev of the first record of a chain that was never purged. */
export const GENESIS_HASH = '0'.repeat(64);

export type AuditKind =
  /** A gateway request, refused ones included. */
  | 'request'
  /** A read of audit records over the HTTP API or the CLI (content reads say so in detail). */
  | 'audit-read'
  /** A data subject's content was crypto-shredded. */
  | 'audit-forget'
  /** Expired records were deleted under the retention policy. */
  | 'audit-purge'
  /** Under overload, unauthenticated refusals were counted instead of recorded one by one. */
  | 'audit-dropped'
  /** The master key was rotated. */
  | 'master-rotated';

export const AUDIT_KINDS: readonly AuditKind[] = ['request', 'audit-read', 'audit-forget', 'audit-purge', 'audit-dropped', 'master-rotated'];

export interface AuditGuardRun {
  id: string;
  verdict: Verdict;
  ms: number;
  failed?: 'open' | 'closed';
}

/** What the gateway (or a CLI command) hands to the trail. Content is encrypted before it is stored. */
export interface AuditEntry {
  kind: AuditKind;
  time: number;
  /** '' for requests refused before a key was known. */
  tenantId: string;
  keyId?: string;
  /** The data subject (a configured header's value, else the key id); only a pseudonym is stored. */
  subject?: string;
  clientIp?: string;
  method?: string;
  route?: string;
  model?: string;
  upstream?: string;
  status?: number;
  latencyMs?: number;
  promptTokens?: number;
  completionTokens?: number;
  stream?: boolean;
  verdict?: Verdict;
  findings?: readonly Finding[];
  guards?: readonly AuditGuardRun[];
  errorCode?: string;
  requestId?: string;
  detail?: Record<string, unknown>;
  content?: AuditContentInput;
}

/**
 * A record's content as the gateway saw it: the request body the client sent and the answer the
 * model returned (one body, or a stream's frames), untouched. Keeping the bytes costs the request
 * path nothing (no copy, no re-encoding); the text is found in them when a record is read.
 */
export interface AuditContentInput {
  /** `<family>:<endpoint kind>`, e.g. `openai:chat`, `ollama:completion`: how to find the text. */
  wire: string;
  request?: Uint8Array;
  answer?: Uint8Array | readonly Uint8Array[];
  /** Set when the answer was streamed. */
  framing?: 'sse' | 'ndjson';
}

/** How a record's content bytes split: what the writer stores next to them. */
export interface ContentMeta {
  wire: string;
  framing?: 'sse' | 'ndjson';
  /** Bytes of request, then of answer, as stored (the answer packed when `packed`). */
  request: number;
  answer: number;
  /** Cut at maxContentBytes (counted in the stream's raw bytes). */
  truncated: boolean;
  /** The answer is a stream packed by stream-pack.ts. */
  packed?: boolean;
}

/** The decrypted content of a record, as readers get it. */
export interface AuditContent {
  request: { source: string; text: string }[];
  answer: string[];
  truncated: boolean;
}

export interface AuditFinding {
  code: string;
  guard: string;
  severity: string;
  start: number;
  end: number;
  confidence: number;
}

/**
 * The fields of a record's canonical form (stored as canonicalRecord writes it). The chain hashes
 * exactly the stored string, so verification never re-serializes.
 * Content is represented by its blob's GCM nonce and tag (`contentTag`, hex of iv | tag): the tag
 * authenticates the ciphertext under its data key, so the chain pins the exact ciphertext without
 * reading it (verify decrypts to check it). Erasing a subject (dropping its
 * key, even its ciphertext) leaves every hash intact.
 */
/** What the gateway knows about one request, shared by the stored, written and read forms of a record. */
export interface AuditRequestFields {
  clientIp: string | null;
  method: string | null;
  route: string | null;
  model: string | null;
  upstream: string | null;
  status: number | null;
  latencyMs: number | null;
  promptTokens: number | null;
  completionTokens: number | null;
  stream: boolean;
  verdict: string;
  findings: AuditFinding[];
  guards: AuditGuardRun[];
  errorCode: string | null;
  requestId: string | null;
  detail: Record<string, unknown> | null;
}

export interface CanonicalRecord extends AuditRequestFields {
  v: number;
  tenant: string;
  seq: number;
  id: string;
  time: number;
  kind: string;
  keyId: string | null;
  subject: string | null;
  /** The data key sealing the content; with it a reader knows whether an absent content was erased. */
  dataKeyId: number | null;
  /** The sealed blob holding the content, the record's part in it, and the SHA-256 of the whole blob. */
  contentId: number | null;
  contentPart: number | null;
  /** Hex of the sealed blob's iv | GCM tag. */
  contentTag: string | null;
  prev: string;
}

/**
 * The stored (and hashed) form: the fields above as a JSON array in exactly this order. An array,
 * not an object, because the key names would double the size of every row; readers get objects.
 */
const ORDER = ['v', 'tenant', 'seq', 'id', 'time', 'kind', 'keyId', 'subject', 'clientIp', 'method', 'route', 'model', 'upstream', 'status', 'latencyMs', 'promptTokens', 'completionTokens', 'stream', 'verdict', 'findings', 'guards', 'errorCode', 'requestId', 'detail', 'dataKeyId', 'contentId', 'contentPart', 'contentTag', 'prev'] as const satisfies readonly (keyof CanonicalRecord)[];

/** What a record's canonical form holds from `time` to `detail` (ORDER): known when it is appended. */
export interface RecordFieldsInput extends AuditRequestFields {
  time: number;
  kind: string;
  keyId: string | null;
  subject: string | null;
}

/**
 * The canonical fields from `time` to `detail`, as one JSON array. Serialized once, where the
 * entry is appended; canonicalRecord splices the text between the fields only ingestion knows, so
 * the chain never parses or serializes the metadata again.
 */
export function recordFields(f: RecordFieldsInput): string {
  return JSON.stringify([f.time, f.kind, f.keyId, f.subject, f.clientIp, f.method, f.route, f.model, f.upstream, f.status, f.latencyMs, f.promptTokens, f.completionTokens, f.stream, f.verdict, f.findings, f.guards, f.errorCode, f.requestId, f.detail]);
}

/** The sealed blob holding a record's content, as its canonical form names it. */
export interface ContentRef {
  dataKeyId: number;
  contentId: number;
  /** Hex of the blob's iv | GCM tag. */
  tag: string;
}

/**
 * The stored (and hashed) form of a record: exactly JSON.stringify of its fields in ORDER, composed
 * from recordFields' text. The hex strings (tag, prev) need no escaping.
 */
export function canonicalRecord(tenant: string, seq: number, id: string, fields: string, content: ContentRef | undefined, part: number | null, prev: string): string {
  const c = content === undefined ? 'null,null,null,null' : `${content.dataKeyId},${content.contentId},${part},"${content.tag}"`;
  return `[${RECORD_VERSION},${JSON.stringify(tenant)},${seq},${JSON.stringify(id)},${fields.slice(1, -1)},${c},"${prev}"]`;
}

/** Throws when the string is not a canonical record of this version. */
export function parseCanonical(s: string): CanonicalRecord {
  const a = JSON.parse(s) as unknown[];
  if (!Array.isArray(a) || a.length !== ORDER.length || a[0] !== RECORD_VERSION) throw new Error('not a canonical audit record');
  const r: Record<string, unknown> = {};
  ORDER.forEach((k, i) => (r[k] = a[i]));
  return r as unknown as CanonicalRecord;
}

const LONE_SURROGATE = /[\uD800-\uDFFF]/u;

/**
 * Client-chosen strings (a model name) go into indexed columns as UTF-8; a lone surrogate would be
 * replaced there but escaped in the JSON, and the copies would no longer match. Replace it first.
 */
export function wellFormed(s: string | undefined, max = 256): string | null {
  if (s === undefined) return null;
  const t = s.length > max ? s.slice(0, max) : s;
  return LONE_SURROGATE.test(t) ? t.replace(/[\uD800-\uDFFF]/gu, '\uFFFD') : t;
}

/** ` CODE_A CODE_B ` for whole-word search in SQL. */
export function codesColumn(findings: readonly { code: string }[]): string {
  if (findings.length === 0) return '';
  return ` ${[...new Set(findings.map((f) => f.code))].join(' ')} `;
}

/**
 * Records of one group commit that share a data key are sealed together: one AES-GCM message per
 * group, not per record (the cipher set-up dominated the per-record cost). Each record signs the
 * digest of the whole blob and its part index.
 */
export const contentAad = (tenantId: string, dataKeyId: number): string => `bulwark-audit content\u0000${tenantId}\u0000${dataKeyId}`;

const FRAMINGS = ['', 'sse', 'ndjson'] as const;
const PART_HEADER = 17;

/**
 * The start of one record's stored part: `u32le length of the rest | u8 version | u8 flags
 * (1: truncated, 2: answer packed by stream-pack.ts) | u8 framing | u32le request bytes | u32le answer bytes | u16le wire length | wire`;
 * the request bytes and answer bytes follow. A group's plaintext is its parts back to back.
 */
export const partHeaderLength = (meta: ContentMeta): number => PART_HEADER + Buffer.byteLength(meta.wire, 'latin1');

/** Writes the part header at `at`; returns where the part's bytes go. */
export function writePartHeader(meta: ContentMeta, out: Buffer, at: number): number {
  const wireLen = Buffer.byteLength(meta.wire, 'latin1');
  out.writeUInt32LE(PART_HEADER - 4 + wireLen + meta.request + meta.answer, at);
  out[at + 4] = 1;
  out[at + 5] = (meta.truncated ? 1 : 0) | (meta.packed ? 2 : 0);
  out[at + 6] = meta.framing === 'sse' ? 1 : meta.framing === 'ndjson' ? 2 : 0;
  out.writeUInt32LE(meta.request, at + 7);
  out.writeUInt32LE(meta.answer, at + 11);
  out.writeUInt16LE(wireLen, at + 15);
  out.write(meta.wire, at + PART_HEADER, 'latin1');
  return at + PART_HEADER + wireLen;
}

/** Splits a group's plaintext (`u32le length | rest of part`, repeated) into parts (without their length). */
export function unpackParts(plain: Buffer): Buffer[] {
  const parts: Buffer[] = [];
  let i = 0;
  while (i + 4 <= plain.length) {
    const n = plain.readUInt32LE(i);
    if (i + 4 + n > plain.length) throw new Error('bad content packing');
    parts.push(plain.subarray(i + 4, i + 4 + n));
    i += 4 + n;
  }
  if (i !== plain.length) throw new Error('bad content packing');
  return parts;
}

type Json = Record<string, unknown>;

/** Answer text per choice of a streamed answer (SSE or NDJSON frames, possibly cut short). */
export function streamAnswer(framing: string, format: string, data: string): string[] {
  const parts = framing === 'ndjson' ? data.split('\n') : data.split(/\r?\n\r?\n/);
  const out: string[] = [];
  for (const part of parts) {
    const payload = framing === 'ndjson' ? part : part.split(/\r?\n/).filter((l) => l.startsWith('data:')).map((l) => l.slice(l.startsWith('data: ') ? 6 : 5)).join('\n');
    if (payload.trim() === '' || payload === '[DONE]') continue;
    let obj: Json;
    try {
      obj = JSON.parse(payload) as Json;
    } catch {
      continue;
    }
    if (obj === null || typeof obj !== 'object') continue;
    if (format === 'ollama') {
      const msg = obj.message as Json | undefined;
      const t = typeof msg?.content === 'string' ? msg.content : typeof obj.response === 'string' ? obj.response : '';
      out[0] = (out[0] ?? '') + t;
      continue;
    }
    const choices = Array.isArray(obj.choices) ? (obj.choices as Json[]) : [];
    choices.forEach((c, i) => {
      const index = typeof c.index === 'number' ? c.index : i;
      const delta = c.delta as Json | undefined;
      const t = format === 'openai-completion' ? c.text : delta?.content;
      if (typeof t === 'string') out[index] = (out[index] ?? '') + t;
    });
  }
  return Array.from(out, (s) => s ?? '');
}

const text = (v: unknown): string | undefined => {
  if (typeof v === 'string') return v;
  // OpenAI content parts: [{ type: 'text', text }, { type: 'image_url', ... }]
  if (Array.isArray(v)) {
    const t = v.map((p) => (p && typeof p === 'object' && typeof (p as Json).text === 'string' ? ((p as Json).text as string) : '')).join('');
    return t === '' ? undefined : t;
  }
  return undefined;
};

/** The text segments of a request body, by wire format; the raw body when it is not readable JSON. */
export function requestSegments(wire: string, body: Buffer): { source: string; text: string }[] {
  if (body.length === 0) return [];
  let obj: Json;
  try {
    obj = JSON.parse(body.toString('utf8')) as Json;
    if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) throw new Error('not an object');
  } catch {
    return [{ source: 'body', text: body.toString('utf8') }];
  }
  const out: { source: string; text: string }[] = [];
  const push = (source: string, v: unknown): void => {
    if (Array.isArray(v) && v.every((x) => typeof x === 'string')) for (const x of v as string[]) out.push({ source, text: x });
    else {
      const t = text(v);
      if (t !== undefined) out.push({ source, text: t });
    }
  };
  if (Array.isArray(obj.messages)) {
    for (const m of obj.messages as Json[]) if (m && typeof m === 'object') push(typeof m.role === 'string' ? m.role : 'message', m.content);
  }
  if (wire.startsWith('ollama:')) push('system', obj.system);
  push('prompt', obj.prompt);
  push('input', obj.input);
  push('text', obj.text);
  return out;
}

/** The answer text per choice of a whole answer body or of a stream's frames. */
export function answerTexts(wire: string, framing: string | undefined, body: Buffer): string[] {
  if (body.length === 0) return [];
  const utf8 = body.toString('utf8');
  if (framing !== undefined) {
    const format = wire.startsWith('ollama:') ? 'ollama' : wire === 'openai:completion' ? 'openai-completion' : 'openai-chat';
    return streamAnswer(framing, format, utf8);
  }
  let obj: Json;
  try {
    obj = JSON.parse(utf8) as Json;
  } catch {
    return [utf8];
  }
  if (Array.isArray(obj.choices)) return (obj.choices as Json[]).map((c) => text((c.message as Json | undefined)?.content) ?? (typeof c.text === 'string' ? c.text : ''));
  const msg = obj.message as Json | undefined;
  if (msg && typeof msg.content === 'string') return [msg.content];
  if (typeof obj.response === 'string') return [obj.response];
  return [];
}

/** A stored part (as unpackParts returns it) back to readable content. */
export function decodeContent(part: Buffer): AuditContent {
  if (part[0] !== 1) throw new Error('unknown content part version');
  const truncated = (part[1]! & 1) === 1;
  const packed = (part[1]! & 2) === 2;
  const framing = FRAMINGS[part[2]!] || undefined;
  const request = part.readUInt32LE(3);
  const answer = part.readUInt32LE(7);
  const wireLen = part.readUInt16LE(11);
  const wire = part.toString('latin1', 13, 13 + wireLen);
  const bytes = part.subarray(13 + wireLen);
  return {
    request: requestSegments(wire, bytes.subarray(0, request)),
    answer: answerTexts(wire, framing, packed ? unpackStream(bytes.subarray(request, request + answer)) : bytes.subarray(request, request + answer)),
    truncated,
  };
}
