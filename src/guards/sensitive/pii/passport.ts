import type { Detection, Detector } from '../types.js';
import { findKeywords, KEYWORD_PASSPORT } from '../keywords.js';
import { after, before, detection } from './chars.js';

/**
 * Passport numbers, only where the text says "passport" / 护照 shortly before: the formats are
 * short and common (nine digits, a letter and eight digits), so the word is the evidence.
 * Chinese: E or G and 8 digits, E + letter (no I/O) + 7 digits, older P/S/D + 7 digits and
 * DE/SE/PE + 7 digits. US: 9 digits, or a letter and 8 digits (next-generation books).
 * E/G + 8 digits fits both; it is Chinese unless the text around says US.
 */
export const PASSPORT_CODES = { cn: 'PII_PASSPORT_CN', us: 'PII_PASSPORT_US' } as const;

const REACH = 32;
const TOKEN = /(?<![A-Za-z0-9])(?:[A-Za-z]{1,2}\d{7,8}|\d{9})(?![A-Za-z0-9])/g;
const US_WORDS = /\b(?:us|usa|american|united states)\b|\bu\.s\.|美国/;
const CN_WORDS = /\b(?:china|chinese|prc)\b|中国|护照/i;

function classify(token: string, text: string, start: number, end: number): string | null {
  const t = token.toUpperCase();
  if (/^\d{9}$/.test(t)) return PASSPORT_CODES.us;
  if (/^E[A-HJ-NP-Z]\d{7}$/.test(t) || /^[PSD]\d{7}$/.test(t) || /^[DSP]E\d{7}$/.test(t)) return PASSPORT_CODES.cn;
  if (/^[EG]\d{8}$/.test(t)) {
    const around = before(text, start, 48) + ' ' + after(text, end, 24);
    return US_WORDS.test(around) && !CN_WORDS.test(around) ? PASSPORT_CODES.us : PASSPORT_CODES.cn;
  }
  if (/^[A-Z]\d{8}$/.test(t)) return PASSPORT_CODES.us;
  return null;
}

/** "passport" in any case and 护照, from the shared keyword pass (keywords.ts). */
export function detectPassports(text: string): Detection[] {
  const out: Detection[] = [];
  const h = findKeywords(text);
  let lastEnd = -1;
  let wordEnd = 0;
  for (let i = 0; i < h.count; i++) {
    if (h.kind[i] !== KEYWORD_PASSPORT || h.start[i]! < wordEnd) continue;
    const from = h.end[i]!;
    wordEnd = from;
    const window = text.slice(from, from + REACH);
    for (const m of window.matchAll(TOKEN)) {
      const start = from + m.index;
      const end = start + m[0].length;
      if (start < lastEnd) continue;
      const code = classify(m[0], text, start, end);
      if (code) {
        out.push(detection(code, start, end, 0.8, 'high'));
        lastEnd = end;
      }
    }
  }
  return out;
}

export const passportDetector: Detector = { id: 'pii-passport', kind: 'pii', codes: Object.values(PASSPORT_CODES), detect: detectPassports };
