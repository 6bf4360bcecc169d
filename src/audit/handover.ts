import type { AuditContentInput, AuditEntry } from './record.js';

/**
 * A group of entries as the gateway's thread hands it to the sealer thread: the entries as JSON,
 * their content bytes copied once into one buffer that is transferred, not cloned. Structured
 * cloning the entries themselves costs the gateway's thread several microseconds per entry (more
 * for a stream's frames); this costs it one JSON.stringify and one copy. JSON is also the form the
 * records are stored in, so nothing the trail keeps is lost on the way.
 */
export interface PackedEntries {
  json: string;
  bytes: Uint8Array;
}

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
  const bytes = new Uint8Array(size);
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
  return { json: JSON.stringify(out), bytes };
}

export function unpackEntries(p: PackedEntries): AuditEntry[] {
  const bytes = p.bytes;
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
