import { describe, expect, it } from 'vitest';
import { detectSensitive } from '../detect.js';
import { PII_DETECTORS } from './index.js';
import { isValidUscc, usccCheckChar } from './uscc.js';

const codes = (text: string) =>
  detectSensitive(text, PII_DETECTORS)
    .filter((d) => d.code === 'PII_CN_USCC')
    .map((d) => text.slice(d.start, d.end));

describe('isValidUscc (GB 32100)', () => {
  it.each([
    ['91110108MA01ABCD5T', true],
    ['914403001922038216', true], // all digits, organisation code checked too
    ['52310000501234569K', true],
    ['93330782MA2H8K4Q23', true],
    ['12100000400000130M', true], // national-level registration, division 100000
    ['91110108MA01ABCD5X', false], // check character
    ['91990108MA01ABCD5T', false], // no province 99
    ['91110108MA01ABCDIT', false], // I is not in the alphabet
    ['641503198105286517', false], // an ID with a wrong check digit is no credit code
  ])('%s → %s', (v, ok) => {
    expect(isValidUscc(v)).toBe(ok);
  });

  it('uses weights 3^i mod 31 over the 31-character alphabet', () => {
    expect(usccCheckChar('91110108MA01ABCD5')).toBe('T');
  });
});

describe('credit codes in text', () => {
  it.each([
    ['统一社会信用代码：914403001922038216', '914403001922038216'],
    ['（统一社会信用代码：91110108MA01ABCD5T）', '91110108MA01ABCD5T'],
    ['Supplier credit code 93330782MA2H8K4Q23.', '93330782MA2H8K4Q23'],
    ['代码\u200b91110108\u200bMA01ABCD5T', '91110108\u200bMA01ABCD5T'],
    ['信用代码：９１１１０１０８ＭＡ０１ＡＢＣＤ５Ｔ', '９１１１０１０８ＭＡ０１ＡＢＣＤ５Ｔ'],
  ])('finds %j', (text, value) => {
    expect(codes(text)).toEqual([value]);
  });

  it('ignores a wrong check character and a code inside a longer token', () => {
    expect(codes('信用代码91110108MA01ABCD5X校验位错误')).toEqual([]);
    expect(codes('x91110108MA01ABCD5T')).toEqual([]);
  });
});
