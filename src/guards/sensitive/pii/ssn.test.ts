import { describe, expect, it } from 'vitest';
import { detectSensitive } from '../detect.js';
import { PII_DETECTORS } from './index.js';
import { isValidSsn } from './ssn.js';

const ssns = (text: string) =>
  detectSensitive(text, PII_DETECTORS)
    .filter((d) => d.code === 'PII_US_SSN')
    .map((d) => text.slice(d.start, d.end));

describe('isValidSsn', () => {
  it.each([
    ['536904399', true],
    ['001010001', true],
    ['899999999', true],
    ['000123456', false], // area 000
    ['666123456', false], // area 666
    ['900123456', false], // 900-999
    ['536004399', false], // group 00
    ['536900000', false], // serial 0000
    ['078051120', false], // the Woolworth wallet card
    ['219099999', false], // the Social Security Board pamphlet
  ])('%s → %s', (n, ok) => {
    expect(isValidSsn(n)).toBe(ok);
  });
});

describe('SSNs in text', () => {
  it.each([
    ['SSN: 536-90-4399', '536-90-4399'],
    ['SSN 423 56 7890', '423 56 7890'],
    ['ssn ５３６－９０－４３９９', '５３６－９０－４３９９'],
    ['Her social security no. is 536904399.', '536904399'],
    ['SSN#: 219-45-6789', '219-45-6789'],
    // Nine bare digits in the column a CSV header or an SQL column list names.
    ['emp,last,first,ssn,dept\n1042,Okafor,Ada,536904399,ops', '536904399'],
    ["INSERT INTO staff (name, email, ssn) VALUES\n  ('Ada Okafor', 'ada@example.org', '536904399');", '536904399'],
  ])('finds %j', (text, value) => {
    expect(ssns(text)).toEqual([value]);
  });

  it.each([
    ['invalid ranges', 'Invalid SSNs: 000-12-3456, 666-12-3456, 900-12-3456, 078-05-1120.'],
    ['a bare 9-digit number without context', 'QQ群号：536904399'],
    ['a part number', 'Part 536-90-4399'],
    ['a longer run', 'code 536-90-4399-12'],
    ['another column of a table with an SSN column', 'emp,ssn,badge,department,location,manager\n1042,,536904399,ops,north,kim'],
  ])('ignores %s', (_name, text) => {
    expect(ssns(text)).toEqual([]);
  });
});
