import type { Severity } from '../../../core/index.js';
import type { Detection } from '../types.js';

/** Character tests on UTF-16 code units. Detectors see normalised text, so ASCII is enough for values. */
export function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

export function isUpper(c: number): boolean {
  return c >= 65 && c <= 90;
}

export function isLower(c: number): boolean {
  return c >= 97 && c <= 122;
}

export function isLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

/** ASCII and Latin-1 lower-case letters (é, ñ, ß; not ÷): names and street names keep their accents. */
export function isLatinLower(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 0xdf && c <= 0xff && c !== 0xf7);
}

/** ASCII and Latin-1 capitals (É, Ñ; not ×). */
export function isLatinUpper(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 0xc0 && c <= 0xde && c !== 0xd7);
}

export function isAlnum(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

/** Letters, digits and underscore: the characters that glue a value into a longer identifier. */
export function isWordChar(c: number): boolean {
  return isAlnum(c) || c === 95;
}

export function isHex(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
}

/** CJK unified ideographs (basic block and extension A). */
export function isHan(c: number): boolean {
  return (c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3400 && c <= 0x4dbf);
}

/** Code unit at i, or -1 outside the string (so boundary tests need no length checks). */
export function codeAt(text: string, i: number): number {
  return i >= 0 && i < text.length ? text.charCodeAt(i) : -1;
}

/** Lower-cased text in [pos - len, pos): where context words before a value are looked for. */
export function before(text: string, pos: number, len: number): string {
  return text.slice(Math.max(0, pos - len), pos).toLowerCase();
}

/** Lower-cased text in [pos, pos + len). */
export function after(text: string, pos: number, len: number): string {
  return text.slice(pos, pos + len).toLowerCase();
}

export function detection(code: string, start: number, end: number, confidence: number, severity: Severity): Detection {
  return { code, start, end, confidence, severity };
}

/**
 * Number(s.slice(from, to)) without the copy when the slice is all ASCII digits, as it is wherever
 * the validators read it; anything else goes to Number itself.
 */
export function numberAt(s: string, from: number, to: number): number {
  const end = Math.min(to, s.length);
  let v = 0;
  for (let i = from; i < end; i++) {
    const d = s.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return Number(s.slice(from, to));
    v = v * 10 + d;
  }
  return v;
}

const DAYS_IN_MONTH: readonly number[] = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Valid Gregorian date; years outside [minYear, maxYear] are rejected. */
export function isValidDate(year: number, month: number, day: number, minYear = 1900, maxYear = 2099): boolean {
  if (year < minYear || year > maxYear || month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1];
  return days !== undefined && day <= days;
}

/** Two-digit province prefixes of GB/T 2260 used by resident IDs and credit codes. */
const CN_PROVINCES = new Set([
  11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82, 83,
]);

export function isCnProvinceCode(twoDigits: number): boolean {
  return CN_PROVINCES.has(twoDigits);
}
