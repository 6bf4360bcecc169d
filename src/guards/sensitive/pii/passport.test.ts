import { describe, expect, it } from 'vitest';
import { detectSensitive } from '../detect.js';
import { PII_DETECTORS } from './index.js';

const find = (text: string) => detectSensitive(text, PII_DETECTORS).map((d) => [d.code, text.slice(d.start, d.end)]);

describe('passports', () => {
  it.each([
    ['护照号：E12345678', 'PII_PASSPORT_CN', 'E12345678'],
    ['护照号码G12345678，有效期十年', 'PII_PASSPORT_CN', 'G12345678'],
    ['Chinese passport number EA1234567', 'PII_PASSPORT_CN', 'EA1234567'],
    ['passport no. P1234567', 'PII_PASSPORT_CN', 'P1234567'],
    ['Passport No.: 560215478', 'PII_PASSPORT_US', '560215478'],
    ['US passport C03005988, issued 2019', 'PII_PASSPORT_US', 'C03005988'],
    ['U.S. passport E12345678', 'PII_PASSPORT_US', 'E12345678'],
    ['PASSPORT: X12345678', 'PII_PASSPORT_US', 'X12345678'],
  ])('finds %j', (text, code, value) => {
    expect(find(text)).toEqual([[code, value]]);
  });

  it.each([
    ['no passport word', 'ticket E12345678 and 560215478'],
    ['the number before the word', 'E12345678 is not marked as a passport'],
    ['too far from the word', 'passport office opening hours are listed in the annex, ref E12345678'],
    ['wrong shapes', 'passport E1234567890'],
  ])('ignores %s', (_name, text) => {
    expect(find(text).filter(([code]) => code!.startsWith('PII_PASSPORT'))).toEqual([]);
  });
});
