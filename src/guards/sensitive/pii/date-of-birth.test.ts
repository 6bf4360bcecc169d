import { describe, expect, it } from 'vitest';
import { detectSensitive } from '../detect.js';
import { PII_DETECTORS } from './index.js';

const dobs = (text: string) =>
  detectSensitive(text, PII_DETECTORS)
    .filter((d) => d.code === 'PII_DATE_OF_BIRTH')
    .map((d) => text.slice(d.start, d.end));

describe('dates of birth', () => {
  it.each([
    ['DOB: 07/04/1976', '07/04/1976'],
    ['I was born on March 7, 1990 in Ohio.', 'March 7, 1990'],
    ['born on the 3rd of March 1990', '3rd of March 1990'],
    ['Date of birth 1962-11-30; blood type A', '1962-11-30'],
    ['birthday: 7 Mar 1990', '7 Mar 1990'],
    ['出生日期：1985年12月24日', '1985年12月24日'],
    ['他的生日是1990-03-07', '1990-03-07'],
    ['出生日期：19900307', '19900307'],
    ['出生年月：1990年3月', '1990年3月'],
    ['1990-03-07 (DOB)', '1990-03-07'],
    ['D.O.B. 31.12.1999', '31.12.1999'],
  ])('finds %j', (text, value) => {
    expect(dobs(text)).toEqual([value]);
  });

  it.each([
    ['no birth word', 'The release is scheduled for 2024-03-15.'],
    ['a year only', 'He was born in 1990 in Ohio.'],
    ['an impossible date', 'DOB: 1990-02-30'],
    ['a date far from the word', 'born in a small town by the sea, and the shop opened on 2001-05-06'],
    ['the date inside a resident ID', 'born ID 110101199003074573'],
  ])('ignores %s', (_name, text) => {
    expect(dobs(text)).toEqual([]);
  });
});
