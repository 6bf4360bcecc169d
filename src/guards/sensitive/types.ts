import type { Severity } from '../../core/index.js';

/**
 * A sensitive-data detector: pure, text in (already normalised by normalizeForDetection), spans
 * out. Detectors validate what can be validated (check digits, checksums, dates, prefixes) rather
 * than matching shapes, and never include the matched value in anything they return.
 */
export interface Detection {
  /** Stable code, e.g. PII_CN_ID_CARD, SECRET_AWS_ACCESS_KEY. */
  code: string;
  /** Half-open span in UTF-16 code units of the text the detector was given. */
  start: number;
  end: number;
  /** 0..1: 1 for a validated checksum, lower for context-only evidence. */
  confidence: number;
  severity: Severity;
}

export interface Detector {
  /** Stable id, e.g. 'cn-id-card'. */
  readonly id: string;
  readonly kind: 'pii' | 'secret';
  /** Every code this detector can emit (documentation, policy validation). */
  readonly codes: readonly string[];
  detect(text: string): Detection[];
}
