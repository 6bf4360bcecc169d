import { codeAt, isAlnum, isDigit, isLetter } from './chars.js';

/**
 * IBANs (ISO 13616): country code, two check digits, a BBAN whose length the country fixes, and
 * the whole passing ISO 7064 MOD 97-10. Electronic form (DE89370400440532013000) and the printed
 * form in groups of four (DE89 3704 0044 0532 0130 00) are both read. Found by the digit-run
 * pass (numbers.ts), which hands it every token where letters meet digits.
 */
export const IBAN_CODE = 'PII_IBAN';

/** Total IBAN length per country (SWIFT IBAN registry). */
const IBAN_LENGTHS: Readonly<Record<string, number>> = {
  AD: 24, AE: 23, AL: 28, AT: 20, AZ: 28, BA: 20, BE: 16, BG: 22, BH: 22, BI: 27, BR: 29, BY: 28, CH: 21, CR: 22, CY: 28,
  CZ: 24, DE: 22, DJ: 27, DK: 18, DO: 28, EE: 20, EG: 29, ES: 24, FI: 18, FK: 18, FO: 18, FR: 27, GB: 22, GE: 22, GI: 23,
  GL: 18, GR: 27, GT: 28, HR: 21, HU: 28, IE: 22, IL: 23, IQ: 23, IS: 26, IT: 27, JO: 30, KW: 30, KZ: 20, LB: 28, LC: 32,
  LI: 21, LT: 20, LU: 20, LV: 21, LY: 25, MC: 27, MD: 24, ME: 22, MK: 19, MN: 20, MR: 27, MT: 31, MU: 30, NI: 28, NL: 18,
  NO: 15, OM: 23, PK: 24, PL: 28, PS: 29, PT: 25, QA: 29, RO: 24, RS: 22, RU: 33, SA: 24, SC: 31, SD: 18, SE: 24, SI: 19,
  SK: 24, SM: 27, SO: 23, ST: 25, SV: 28, TL: 23, TN: 24, TR: 26, UA: 29, VA: 22, VG: 24, XK: 20, YE: 30,
};

export function ibanLength(country: string): number | undefined {
  return IBAN_LENGTHS[country];
}

/** ISO 7064 MOD 97-10 over the rearranged IBAN (letters as 10..35), computed piecewise. */
export function ibanChecksumValid(iban: string): boolean {
  const s = iban.slice(4) + iban.slice(0, 4);
  let rem = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) rem = (rem * 10 + (c - 48)) % 97;
    else if (c >= 65 && c <= 90) rem = (rem * 100 + (c - 55)) % 97;
    else return false;
  }
  return rem === 1;
}

export function isValidIban(iban: string): boolean {
  const u = iban.toUpperCase();
  const len = IBAN_LENGTHS[u.slice(0, 2)];
  return len !== undefined && u.length === len && isDigit(u.charCodeAt(2)) && isDigit(u.charCodeAt(3)) && ibanChecksumValid(u);
}

/** Reads an IBAN of `len` characters from s, allowing one space or dash between groups of four. */
function readIban(text: string, s: number, len: number): [string, number] | null {
  let value = '';
  let i = s;
  while (value.length < len) {
    const c = codeAt(text, i);
    if (isAlnum(c)) {
      value += text[i];
      i++;
      continue;
    }
    if ((c === 32 || c === 45) && value.length % 4 === 0 && isAlnum(codeAt(text, i + 1))) {
      i++;
      continue;
    }
    return null;
  }
  if (isAlnum(codeAt(text, i))) return null;
  return [value.toUpperCase(), i];
}

/** An IBAN starting at s (its country code), as [end] of the value, or -1. */
export function ibanAt(text: string, s: number): number {
  if (!isLetter(codeAt(text, s)) || !isLetter(codeAt(text, s + 1)) || !isDigit(codeAt(text, s + 2)) || !isDigit(codeAt(text, s + 3))) return -1;
  const len = IBAN_LENGTHS[text.slice(s, s + 2).toUpperCase()];
  if (len === undefined) return -1;
  const read = readIban(text, s, len);
  return read && ibanChecksumValid(read[0]) ? read[1] : -1;
}
