import type { AuditContentInput, AuditEntry } from './record.js';

/**
 * A group of entries as the gateway's thread hands it to the sealer thread: the entries as JSON
 * (the form the records are stored in, so nothing the trail keeps is lost on the way) followed by
 * their content bytes, written into a ring of shared memory; the message names where. Structured
 * cloning the entries cost the gateway's thread several microseconds per entry, and a stream's
 * frames (kilobytes) as much again in the message itself; here it pays one JSON.stringify and one
 * copy of the bytes. A group that does not fit in the ring's free space goes in the message.
 */
export type PackedEntries =
  | { ring: false; json: string; /** Content bytes, one per UTF-16 code unit (latin1). */ bytes: string }
  | { ring: true; at: number; jsonBytes: number; contentBytes: number };

/** Where a byte range is in the group's content bytes. */
type Range = [offset: number, length: number];

interface PackedContent {
  wire: string;
  request?: Range;
  answer?: Range | Range[];
  framing?: AuditContentInput['framing'];
}

type PackedEntry = AuditEntry | (Omit<AuditEntry, 'content'> & { content: PackedContent });

/** The entries with their content replaced by ranges, and the byte arrays those ranges name, in order. */
function describe(entries: readonly AuditEntry[]): { out: PackedEntry[]; parts: Uint8Array[]; size: number } {
  const parts: Uint8Array[] = [];
  let size = 0;
  const put = (b: Uint8Array): Range => {
    parts.push(b);
    size += b.length;
    return [size - b.length, b.length];
  };
  const out = entries.map((e): PackedEntry => {
    const c = e.content;
    if (c === undefined) return e;
    const a = c.answer;
    const content: PackedContent = { wire: c.wire };
    if (c.request) content.request = put(c.request);
    if (a !== undefined) content.answer = a instanceof Uint8Array ? put(a) : a.map(put);
    if (c.framing !== undefined) content.framing = c.framing;
    return { ...e, content };
  });
  return { out, parts, size };
}

/**
 * The gateway's side of the ring. Regions are handed out in order and given back in order (the
 * sealer answers groups in the order it gets them), so the ring is a head and a queue of region
 * ends. Positions count bytes ever handed out; a region never wraps (the rest of the ring is
 * skipped instead).
 */
export interface RingWriter {
  readonly buffer: SharedArrayBuffer;
  /** Packs a group; throws (TypeError) on values JSON cannot hold (a BigInt, a cycle). */
  pack(entries: readonly AuditEntry[]): PackedEntries;
  /** The sealer is done with the oldest group still out (answered or failed). */
  release(): void;
}

export function createRingWriter(bytes: number): RingWriter {
  const buffer = new SharedArrayBuffer(bytes);
  const ring = Buffer.from(buffer);
  let head = 0;
  let tail = 0;
  // One entry per group out: its region's end, or -1 for a group that went in the message.
  const ends: number[] = [];
  const claim = (n: number): number => {
    const p = head % bytes;
    const start = p + n > bytes ? head + (bytes - p) : head;
    if (start + n - tail > bytes) return -1;
    head = start + n;
    return start % bytes;
  };
  return {
    buffer,
    pack(entries) {
      const { out, parts, size } = describe(entries);
      const json = JSON.stringify(out);
      const jsonBytes = Buffer.byteLength(json);
      const at = claim(jsonBytes + size);
      if (at < 0) {
        ends.push(-1);
        return { ring: false, json, bytes: Buffer.concat(parts, size).toString('latin1') };
      }
      ring.write(json, at, jsonBytes, 'utf8');
      let p = at + jsonBytes;
      for (const b of parts) {
        ring.set(b, p);
        p += b.length;
      }
      ends.push(head);
      return { ring: true, at, jsonBytes, contentBytes: size };
    },
    release() {
      const end = ends.shift();
      if (end !== undefined && end >= 0) tail = end;
    },
  };
}

/** Packs a group into the message itself (no ring). */
export function packEntries(entries: readonly AuditEntry[]): PackedEntries {
  const { out, parts, size } = describe(entries);
  return { ring: false, json: JSON.stringify(out), bytes: Buffer.concat(parts, size).toString('latin1') };
}

/**
 * The sealer's side: the entries, their content as views of the ring (valid until the group is
 * answered) or of the message's bytes. `done` zeroes the group's region of the ring.
 */
export function unpackEntries(p: PackedEntries, ring?: SharedArrayBuffer): { entries: AuditEntry[]; done(): void } {
  let json: string;
  let bytes: Buffer;
  let done = (): void => {};
  if (p.ring) {
    if (ring === undefined) throw new Error('a ring group without the ring');
    const region = Buffer.from(ring, p.at, p.jsonBytes + p.contentBytes);
    json = region.toString('utf8', 0, p.jsonBytes);
    bytes = region.subarray(p.jsonBytes);
    done = () => region.fill(0);
  } else {
    json = p.json;
    bytes = Buffer.from(p.bytes, 'latin1');
  }
  const view = ([offset, length]: Range): Uint8Array => bytes.subarray(offset, offset + length);
  const entries = (JSON.parse(json) as (Omit<AuditEntry, 'content'> & { content?: PackedContent })[]).map((e): AuditEntry => {
    const c = e.content;
    if (c === undefined) return e as AuditEntry;
    const content: AuditContentInput = { wire: c.wire };
    if (c.request) content.request = view(c.request);
    if (c.answer !== undefined) content.answer = typeof c.answer[0] === 'number' ? view(c.answer as Range) : (c.answer as Range[]).map(view);
    if (c.framing !== undefined) content.framing = c.framing;
    return { ...e, content };
  });
  return { entries, done };
}
