import type { Severity } from '../../../core/index.js';
import type { Detection } from '../types.js';
import { SEVERITY, type SecretCode } from './codes.js';

/** Per-call state: the text and the findings so far. */
export interface ScanState {
  readonly text: string;
  readonly out: Detection[];
  /** How many of `out` the prefix pass produced (sorted by start once it ends). */
  prefixFound: number;
  /** Cursor of the context pass over the prefix findings. */
  cursor: number;
}

export function createState(text: string): ScanState {
  return { text, out: [], prefixFound: 0, cursor: 0 };
}

export function emit(s: ScanState, code: SecretCode, start: number, end: number, confidence: number, severity: Severity = SEVERITY[code]): void {
  s.out.push({ code, start, end, confidence, severity });
}

/**
 * End of the prefix-pass finding overlapping [start, end), or -1. The context pass asks in
 * increasing `start` order, so a cursor makes the whole walk linear.
 */
export function prefixFindingEnd(s: ScanState, start: number, end: number): number {
  while (s.cursor < s.prefixFound && s.out[s.cursor]!.end <= start) s.cursor++;
  for (let i = s.cursor; i < s.prefixFound; i++) {
    const d = s.out[i]!;
    if (d.start >= end) return -1;
    if (d.end > start) return d.end;
  }
  return -1;
}
