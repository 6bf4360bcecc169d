import type { Detection, Detector } from '../types.js';
import { detection, isValidDate } from './chars.js';

/**
 * Dates of birth: a calendar date next to a birth word (born, DOB, date of birth, birthday, 出生,
 * 生日, 出生日期). A date alone is not personal data: no birth word, no finding.
 */
export const DOB_CODE = 'PII_DATE_OF_BIRTH';

/** Birth words; one regex over the text (a single pass) instead of one search per word. */
const CONTEXT = /\b(?:born|dob|d\.o\.b|birth)|出生|生日|生于/gi;
/**
 * The gate, split: the Latin words alone let irregexp skip ahead through the text; every Chinese
 * birth word holds 生, which indexOf finds natively.
 */
const HAS_CONTEXT_LATIN = /\b(?:born|dob|d\.o\.b|birth)/i;
const hasContext = (text: string): boolean => HAS_CONTEXT_LATIN.test(text) || text.includes('生');
const AFTER = 40;
const BEFORE = 24;
const MIN_YEAR = 1900;
/** Fixed upper bound instead of the clock: detectors are pure. */
const MAX_YEAR = 2100;

const MONTHS: Readonly<Record<string, number>> = {
  jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12,
};

const MONTH = '(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)';
/** ISO / Chinese y-m-d; d/m/y or m/d/y; compact yyyymmdd; "March 7, 1990"; "7 March 1990". */
const DATE_SOURCE = [
  '(\\d{4})\\s?[-/.年]\\s?(\\d{1,2})\\s?[-/.月]\\s?(\\d{1,2})(?:\\s?[日号])?',
  '(\\d{1,2})[-/.](\\d{1,2})[-/.](\\d{4})',
  '((?:19|20)\\d{2})(\\d{2})(\\d{2})',
  `${MONTH}\\.?\\s(\\d{1,2})(?:st|nd|rd|th)?,?\\s(\\d{4})`,
  `(\\d{1,2})(?:st|nd|rd|th)?\\s(?:of\\s)?${MONTH}\\.?,?\\s(\\d{4})`,
  // 出生年月: year and month only.
  '(\\d{4})\\s?年\\s?(\\d{1,2})\\s?月(?!\\s?\\d)',
].join('|');

const DATE = new RegExp(`(?<![0-9A-Za-z])(?:${DATE_SOURCE})(?![0-9])`, 'gi');

function ok(y: number, m: number, d: number): boolean {
  return isValidDate(y, m, d, MIN_YEAR, MAX_YEAR);
}

/** Validates a match of DATE; group layout follows DATE_SOURCE. */
function validDate(g: readonly (string | undefined)[]): boolean {
  const n = (k: number) => Number(g[k]);
  if (g[1] !== undefined) return ok(n(1), n(2), n(3));
  if (g[4] !== undefined) return ok(n(6), n(5), n(4)) || ok(n(6), n(4), n(5));
  if (g[7] !== undefined) return ok(n(7), n(8), n(9));
  if (g[10] !== undefined) return ok(n(12), MONTHS[g[10].slice(0, 3).toLowerCase()]!, n(11));
  if (g[13] !== undefined) return ok(n(15), MONTHS[g[14]!.slice(0, 3).toLowerCase()]!, n(13));
  if (g[16] !== undefined) return ok(n(16), n(17), 1);
  return false;
}

function dates(window: string): { start: number; end: number }[] {
  const found: { start: number; end: number }[] = [];
  for (const m of window.matchAll(DATE)) {
    if (validDate(m)) found.push({ start: m.index, end: m.index + m[0].length });
  }
  return found;
}

export function detectDatesOfBirth(text: string): Detection[] {
  const out: Detection[] = [];
  if (!hasContext(text)) return out;
  const seen = new Set<number>();
  for (const m of text.matchAll(CONTEXT)) {
    const c = m.index;
    const from = c + m[0].length;
    let hit = dates(text.slice(from, from + AFTER))[0];
    let base = from;
    if (!hit) {
      base = Math.max(0, c - BEFORE);
      const back = dates(text.slice(base, c));
      hit = back[back.length - 1];
    }
    if (!hit || seen.has(base + hit.start)) continue;
    seen.add(base + hit.start);
    out.push(detection(DOB_CODE, base + hit.start, base + hit.end, 0.8, 'medium'));
  }
  return out;
}

export const dateOfBirthDetector: Detector = { id: 'pii-date-of-birth', kind: 'pii', codes: [DOB_CODE], detect: detectDatesOfBirth };
