import type { Severity } from '../../core/index.js';
import { detectSensitive } from '../../guards/sensitive/detect.js';
import type { InternalMatcher } from './internal.js';

/**
 * Text findings for one file: secrets and personal data from the sensitive-data detectors, and
 * internal addresses. Findings are grouped by code per file with their lines; values are never
 * copied into a message.
 */
export interface TextHit {
  code: string;
  category: 'secret' | 'personal' | 'internal';
  severity: Severity;
  count: number;
  lines: number[];
}

/** Person names and addresses are context-scored; below this, a word pair is not reported. */
const MIN_CONFIDENCE = 0.6;
// Loopback and documentation addresses (RFC 5737) are not personal data.
const BORING_IPV4 = /^(127\.|0\.0\.0\.0$|255\.255\.255\.|192\.0\.2\.|198\.51\.100\.|203\.0\.113\.)/;

function lineIndex(text: string): (offset: number) => number {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return (offset) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
}

export function scanReleaseText(text: string, internal: InternalMatcher, firstLine = 1): TextHit[] {
  const hits = new Map<string, TextHit>();
  const lineOf = lineIndex(text);
  const add = (code: string, category: TextHit['category'], severity: Severity, offset: number) => {
    let h = hits.get(code);
    if (!h) hits.set(code, (h = { code, category, severity, count: 0, lines: [] }));
    h.count++;
    if (h.lines.length < 10) h.lines.push(lineOf(offset) + firstLine - 1);
  };
  for (const d of detectSensitive(text)) {
    if (d.confidence < MIN_CONFIDENCE) continue;
    if (d.code.startsWith('SECRET_')) {
      add(d.code, 'secret', d.code === 'SECRET_PRIVATE_KEY' ? 'critical' : d.severity === 'critical' || d.severity === 'high' ? 'critical' : 'high', d.start);
      continue;
    }
    if (d.code === 'PII_IPV4' || d.code === 'PII_IPV6' || d.code === 'PII_MAC') continue; // internal addresses are matched below; public ones are not personal
    if (BORING_IPV4.test(text.slice(d.start, d.end))) continue;
    add(d.code, 'personal', 'high', d.start);
  }
  for (const m of internal.find(text)) add(m.code, 'internal', 'medium', m.start);
  return [...hits.values()];
}

/** Byte windows to read from a large text file: the head, then evenly spaced windows. */
export function sampleWindows(size: number, budget: number, windows = 16): [number, number][] {
  if (size <= budget) return [[0, size]];
  const head = Math.floor(budget / 2);
  const each = Math.floor((budget - head) / windows);
  const out: [number, number][] = [[0, head]];
  const stride = Math.floor((size - head) / windows);
  for (let i = 0; i < windows; i++) {
    const start = head + i * stride + Math.floor((stride - each) / 2);
    out.push([Math.max(head, start), Math.min(size, Math.max(head, start) + each)]);
  }
  return out;
}
