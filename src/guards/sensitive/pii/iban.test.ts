import { describe, expect, it } from 'vitest';
import { detectSensitive } from '../detect.js';
import { ibanLength, isValidIban } from './iban.js';
import { PII_DETECTORS } from './index.js';

const ibans = (text: string) =>
  detectSensitive(text, PII_DETECTORS)
    .filter((d) => d.code === 'PII_IBAN')
    .map((d) => text.slice(d.start, d.end));

describe('isValidIban', () => {
  it.each([
    ['DE89370400440532013000', true],
    ['GB82WEST12345698765432', true],
    ['FR7630006000011234567890189', true],
    ['NL91ABNA0417164300', true],
    ['CH9300762011623852957', true],
    ['NO9386011117947', true],
    ['SA0380000000608010167519', true],
    ['BR1800360305000010009795493C1', true],
    ['TR330006100519786457841326', true],
    ['DE89370400440532013001', false], // checksum
    ['DE8937040044053201300', false], // length for DE is 22
    ['XX89370400440532013000', false], // no such country
    ['gb82west12345698765432', true], // case does not matter
  ])('%s → %s', (v, ok) => {
    expect(isValidIban(v)).toBe(ok);
  });

  it('knows the common countries', () => {
    for (const cc of ['DE', 'GB', 'FR', 'ES', 'IT', 'NL', 'BE', 'CH', 'AT', 'PL', 'SE', 'NO', 'DK', 'FI', 'IE', 'PT', 'LU', 'SA', 'AE', 'TR', 'BR']) {
      expect(ibanLength(cc), cc).toBeGreaterThan(14);
    }
  });
});

describe('IBANs in text', () => {
  it.each([
    ['IBAN: DE89 3704 0044 0532 0130 00.', 'DE89 3704 0044 0532 0130 00'],
    ['Überweisung auf DE89370400440532013000 bis Freitag', 'DE89370400440532013000'],
    ['IBAN gb82 west 1234 5698 7654 32', 'gb82 west 1234 5698 7654 32'],
    ['Conta BR1800360305000010009795493C1', 'BR1800360305000010009795493C1'],
    ['IBAN ＣＨ９３ ００７６ ２０１１ ６２３８ ５２９５ ７', 'ＣＨ９３ ００７６ ２０１１ ６２３８ ５２９５ ７'],
    ['收款账户IBAN NO9386011117947', 'NO9386011117947'],
  ])('finds %j', (text, value) => {
    expect(ibans(text)).toEqual([value]);
  });

  it.each([
    ['a wrong checksum', 'IBAN DE89 3704 0044 0532 0130 01 fails'],
    ['one glued to more characters', 'DE89370400440532013000X'],
    ['a prefix inside a word', 'codeDE89370400440532013000'],
  ])('ignores %s', (_name, text) => {
    expect(ibans(text)).toEqual([]);
  });
});
