import type { Severity } from '../../core/index.js';
import { normalizeForDetection, spanToOriginal } from '../text/normalize.js';
import { PII_DETECTORS } from './pii/index.js';
import { namesBesideValues, personNameDetector } from './pii/person-name.js';
import { SECRET_DETECTORS } from './secrets/index.js';
import { sortInPlace } from './sort.js';
import type { Detection, Detector } from './types.js';

const SEVERITY_RANK: Readonly<Record<Severity, number>> = { info: 0, low: 1, medium: 2, high: 3, critical: 4 };

/**
 * Overlapping detections keep one value: the more severe, then the longer, then the more
 * confident (an e-mail whose local part is a mobile number is an e-mail; a card number inside a
 * secret's span is part of the secret).
 */
export function resolveOverlaps(found: readonly Detection[]): Detection[] {
  return resolveInPlace([...found]);
}

/** resolveOverlaps on an array the caller owns (it is sorted in place). */
function resolveInPlace(found: Detection[]): Detection[] {
  const byStart = sortInPlace(found, (a, b) => a.start - b.start || b.end - a.end);
  let overlapping = false;
  for (let i = 1; i < byStart.length && !overlapping; i++) if (byStart[i]!.start < byStart[i - 1]!.end) overlapping = true;
  if (!overlapping) return byStart.filter((d) => d.end > d.start);
  const ranked = sortInPlace(
    byStart,
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
 * Runs sensitive-data detectors on a text: normalises it once (full-width, invisible characters,
 * dashes), runs every detector on the normalised copy, maps spans back to the original text and
 * resolves overlaps. Spans are UTF-16 offsets into `text`.
 */
export function detectSensitive(text: string, detectors: readonly Detector[] = SENSITIVE_DETECTORS): Detection[] {
  const normalized = normalizeForDetection(text);
  let found: Detection[] = [];
  for (const detector of detectors) for (const d of detector.detect(normalized.text)) found.push(d);
  // A name beside a person's phone, ID or e-mail on the same line is that person's (sign-up sheets,
  // CSV rows, guest lists): read whenever the name detector is among those asked for.
  if (found.length > 0 && detectors.includes(personNameDetector)) for (const d of namesBesideValues(normalized.text, found)) found.push(d);
  if (normalized.invisibleRemoved !== 0) {
    // Folds are one character for one: offsets only move where something was removed.
    found = found.map((d) => {
      const [start, end] = spanToOriginal(normalized, d.start, d.end);
      return { code: d.code, start, end, confidence: d.confidence, severity: d.severity };
    });
  }
  return found.length < 2 ? found : resolveInPlace(found);
}
