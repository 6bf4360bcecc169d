import type { Severity } from '../../core/index.js';
import { normalizeForDetection, spanToOriginal } from '../text/normalize.js';
import { PII_DETECTORS } from './pii/index.js';
import { SECRET_DETECTORS } from './secrets/index.js';
import type { Detection, Detector } from './types.js';

const SEVERITY_RANK: Readonly<Record<Severity, number>> = { info: 0, low: 1, medium: 2, high: 3, critical: 4 };

/**
 * Overlapping detections keep one value: the more severe, then the longer, then the more
 * confident (an e-mail whose local part is a mobile number is an e-mail; a card number inside a
 * secret's span is part of the secret).
 */
export function resolveOverlaps(found: readonly Detection[]): Detection[] {
  const byStart = [...found].sort((a, b) => a.start - b.start || b.end - a.end);
  let overlapping = false;
  for (let i = 1; i < byStart.length && !overlapping; i++) if (byStart[i]!.start < byStart[i - 1]!.end) overlapping = true;
  if (!overlapping) return byStart.filter((d) => d.end > d.start);
  const ranked = byStart.sort(
    (a, b) =>
      SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] ||
      b.end - b.start - (a.end - a.start) ||
      b.confidence - a.confidence ||
      a.start - b.start,
  );
  // Kept spans never overlap each other, so, sorted by start, only the neighbours of an insertion
  // point can collide: a binary search per candidate instead of a scan (hostile texts carry
  // thousands of findings).
  const kept: Detection[] = [];
  for (const d of ranked) {
    if (d.end <= d.start) continue;
    let lo = 0;
    let hi = kept.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (kept[mid]!.start < d.start) lo = mid + 1;
      else hi = mid;
    }
    const prev = kept[lo - 1];
    const next = kept[lo];
    if ((prev !== undefined && prev.end > d.start) || (next !== undefined && next.start < d.end)) continue;
    kept.splice(lo, 0, d);
  }
  return kept;
}

/** The default set: personal data and secrets. */
export const SENSITIVE_DETECTORS: readonly Detector[] = [...PII_DETECTORS, ...SECRET_DETECTORS];

/**
 * Code units normalizeForDetection folds or removes (src/guards/text/normalize.ts; detect.test.ts
 * checks every code unit against it). Most English texts hold none: one native regex scan then
 * replaces building the detection copy and its offset map.
 */
const FOLDABLE = /[\u00a0\u00ad\u180e\u2007\u200b-\u2014\u202a-\u202f\u2060-\u2064\u2066-\u2069\u2212\u3000\ufeff\uff01-\uff5e]/;
/** The removed (invisible) ones: only they shift offsets. */
const INVISIBLE = /[\u00ad\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/;
const FOLDABLE_ALL = new RegExp(FOLDABLE.source, 'g');

/** The one-for-one folds of normalize.ts: full-width ASCII, ideographic and no-break spaces, dashes. */
function foldChar(ch: string): string {
  const c = ch.charCodeAt(0);
  if (c >= 0xff01 && c <= 0xff5e) return String.fromCharCode(c - 0xfee0);
  if (c === 0x3000 || c === 0x00a0 || c === 0x2007 || c === 0x202f) return ' ';
  return '-';
}

/**
 * Runs sensitive-data detectors on a text: normalises it once (full-width, invisible characters,
 * dashes), runs every detector on the normalised copy, maps spans back to the original text and
 * resolves overlaps. Spans are UTF-16 offsets into `text`.
 *
 * Chinese text nearly always holds full-width punctuation (，：（）), so folding is the common case;
 * folds are one character for one, so unless an invisible character was removed, offsets are
 * unchanged and no offset map is built.
 */
export function detectSensitive(text: string, detectors: readonly Detector[] = SENSITIVE_DETECTORS): Detection[] {
  const found: Detection[] = [];
  if (!FOLDABLE.test(text)) {
    for (const detector of detectors) for (const d of detector.detect(text)) found.push(d);
  } else if (!INVISIBLE.test(text)) {
    const folded = text.replace(FOLDABLE_ALL, foldChar);
    for (const detector of detectors) for (const d of detector.detect(folded)) found.push(d);
  } else {
    const normalized = normalizeForDetection(text);
    for (const detector of detectors) {
      for (const d of detector.detect(normalized.text)) {
        const [start, end] = spanToOriginal(normalized, d.start, d.end);
        found.push({ code: d.code, start, end, confidence: d.confidence, severity: d.severity });
      }
    }
  }
  return found.length < 2 ? found : resolveOverlaps(found);
}
