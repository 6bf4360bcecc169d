import type { AuditContentInput, AuditEntry } from './record.js';

/**
 * A group of entries as the gateway's thread hands it to the sealer thread: the entries as JSON,
 * their content bytes as one latin1 string (a byte per character). Structured cloning the entries
 * themselves cost the gateway's thread several microseconds per entry, more for a stream's frames,
 * and a fresh ArrayBuffer to transfer costs as much again on this machine; a string is allocated
 * in V8's heap and copied once into the message. JSON is also the form the records are stored in,
 * so nothing the trail keeps is lost on the way.
 */
export interface PackedEntries {
  json: string;
  /** Content bytes, one per UTF-16 code unit (latin1). */
  bytes: string;
}

// Content bytes are gathered here, turned into the string, then zeroed: one buffer per thread,
// kept up to SCRATCH_MAX (a larger group gets a buffer of its own).
const SCRATCH_MAX = 1024 * 1024;
let scratch = Buffer.alloc(0);

/** Where a byte range is in PackedEntries.bytes. */
type Range = [offset: number, length: number];

interface PackedContent {
  wire: string;
  request?: Range;
  answer?: Range | Range[];
  framing?: AuditContentInput['framing'];
}

/** Throws (TypeError) on values JSON cannot hold (a BigInt, a cycle): the group then fails, never a part of it. */
export function packEntries(entries: readonly AuditEntry[]): PackedEntries {
  let size = 0;
  for (const e of entries) {
    const c = e.content;
    if (c === undefined) continue;
    if (c.request) size += c.request.length;
    const a = c.answer;
    if (a === undefined) continue;
    if (a instanceof Uint8Array) size += a.length;
    else for (const b of a) size += b.length;
  }
  if (size <= SCRATCH_MAX && scratch.length < size) scratch = Buffer.allocUnsafeSlow(Math.min(SCRATCH_MAX, Math.max(size, 64 * 1024)));
  const bytes = size <= SCRATCH_MAX ? scratch : Buffer.allocUnsafeSlow(size);
  let at = 0;
  const put = (b: Uint8Array): Range => {
    bytes.set(b, at);
    at += b.length;
    return [at - b.length, b.length];
  };
  const out = entries.map((e): AuditEntry | (Omit<AuditEntry, 'content'> & { content: PackedContent }) => {
    const c = e.content;
    if (c === undefined) return e;
    const a = c.answer;
    const content: PackedContent = { wire: c.wire };
    if (c.request) content.request = put(c.request);
    if (a !== undefined) content.answer = a instanceof Uint8Array ? put(a) : a.map(put);
    if (c.framing !== undefined) content.framing = c.framing;
    return { ...e, content };
  });
  const json = JSON.stringify(out);
  const packed = { json, bytes: bytes.toString('latin1', 0, at) };
  bytes.fill(0, 0, at);
  return packed;
}

export function unpackEntries(p: PackedEntries): AuditEntry[] {
  const bytes = Buffer.from(p.bytes, 'latin1');
  const view = ([offset, length]: Range): Uint8Array => bytes.subarray(offset, offset + length);
  const entries = JSON.parse(p.json) as (Omit<AuditEntry, 'content'> & { content?: PackedContent })[];
  return entries.map((e): AuditEntry => {
    const c = e.content;
    if (c === undefined) return e as AuditEntry;
    const content: AuditContentInput = { wire: c.wire };
    if (c.request) content.request = view(c.request);
    if (c.answer !== undefined) content.answer = typeof c.answer[0] === 'number' ? view(c.answer as Range) : (c.answer as Range[]).map(view);
    if (c.framing !== undefined) content.framing = c.framing;
    return { ...e, content };
  });
}
