/**
 * Detection-time normalisation, shared by every text guard. Evasions seen in the wild: full-width
 * digits and letters (１３８００１３８０００), zero-width and bidi control characters inside a
 * number or key, soft hyphens. They are folded once into a detection copy of the text, with a map
 * from each copy position back to the original, so spans are reported (and replaced) in the
 * original text. Pure ASCII, by far the common case, is returned as is without a map.
 */
export interface NormalizedText {
  /** The text detectors look at. */
  readonly text: string;
  /** Whether anything was folded or removed. */
  readonly changed: boolean;
  /** Count of invisible characters removed (zero-width, bidi controls): an evasion signal. */
  readonly invisibleRemoved: number;
  /** Original UTF-16 offset of a position in `text` (end offsets map to just after). */
  toOriginal(index: number): number;
}

/** Zero-width, joiners, word joiner, BOM, soft hyphen, bidi embeddings/overrides/isolates. */
function isInvisible(c: number): boolean {
  return (
    c === 0x00ad ||
    (c >= 0x200b && c <= 0x200f) ||
    (c >= 0x202a && c <= 0x202e) ||
    (c >= 0x2060 && c <= 0x2064) ||
    (c >= 0x2066 && c <= 0x2069) ||
    c === 0xfeff ||
    c === 0x180e
  );
}

/** Full-width ASCII (U+FF01..U+FF5E) and the ideographic space fold to ASCII. */
function fold(c: number): number {
  if (c >= 0xff01 && c <= 0xff5e) return c - 0xfee0;
  if (c === 0x3000) return 0x20;
  // Dashes people type inside numbers: hyphen, non-breaking hyphen, figure/en/em dash, minus.
  if (c === 0x2010 || c === 0x2011 || c === 0x2012 || c === 0x2013 || c === 0x2014 || c === 0x2212) return 0x2d;
  if (c === 0x00a0 || c === 0x2007 || c === 0x202f) return 0x20;
  return c;
}

const IDENTITY: (i: number) => number = (i) => i;

function hasNonAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0x7f) return true;
  return false;
}

export function normalizeForDetection(original: string): NormalizedText {
  if (!hasNonAscii(original)) return { text: original, changed: false, invisibleRemoved: 0, toOriginal: IDENTITY };
  const out: number[] = [];
  const map: number[] = [];
  let removed = 0;
  let changed = false;
  for (let i = 0; i < original.length; i++) {
    const c = original.charCodeAt(i);
    if (isInvisible(c)) {
      removed++;
      changed = true;
      continue;
    }
    const f = fold(c);
    if (f !== c) changed = true;
    out.push(f);
    map.push(i);
  }
  if (!changed) return { text: original, changed: false, invisibleRemoved: 0, toOriginal: IDENTITY };
  map.push(original.length);
  let text = '';
  for (let i = 0; i < out.length; i += 8192) text += String.fromCharCode(...out.slice(i, i + 8192));
  return {
    text,
    changed: true,
    invisibleRemoved: removed,
    // End offsets: the character after the last kept one; map[len] is the original length.
    toOriginal: (index) => (index <= 0 ? map[0] ?? 0 : index >= map.length ? original.length : map[index]!),
  };
}

/** Maps a half-open span [start, end) of the normalized text to the original. */
export function spanToOriginal(n: NormalizedText, start: number, end: number): [number, number] {
  if (!n.changed) return [start, end];
  return [n.toOriginal(start), end <= start ? n.toOriginal(start) : n.toOriginal(end - 1) + 1];
}
