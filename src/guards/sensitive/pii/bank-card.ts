import { numberAt } from './chars.js';

/** Luhn (ISO/IEC 7812-1) over a digit string. */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return false;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

/**
 * Issuer identification ranges and the lengths each scheme issues (Visa, Mastercard, Amex,
 * UnionPay 62 and 81, Discover, JCB, Diners, Maestro, Mir), so a Luhn-valid number with a
 * prefix no scheme uses (timestamps start with 1, most order numbers with a year) is not a card.
 */
export function plausibleIssuer(digits: string): boolean {
  const len = digits.length;
  const p1 = digits.charCodeAt(0) - 48;
  const p2 = numberAt(digits, 0, 2);
  const p3 = numberAt(digits, 0, 3);
  const p4 = numberAt(digits, 0, 4);
  switch (p1) {
    case 4: // Visa
      return len === 13 || len === 16 || len === 19;
    case 2: // Mastercard 2-series; Mir
      return ((p4 >= 2221 && p4 <= 2720) || (p4 >= 2200 && p4 <= 2204)) && len === 16;
    case 3:
      if (p2 === 34 || p2 === 37) return len === 15; // Amex
      if (p4 >= 3528 && p4 <= 3589) return len >= 16 && len <= 19; // JCB
      if (p2 === 36) return len >= 14 && len <= 19; // Diners International
      if (p2 === 38 || (p3 >= 300 && p3 <= 305)) return len >= 14 && len <= 16; // Diners
      return false;
    case 5:
      if (p2 >= 51 && p2 <= 55) return len === 16; // Mastercard
      if (p2 === 50 || (p2 >= 56 && p2 <= 58)) return len >= 13 && len <= 19; // Maestro
      return false;
    case 6:
      if (p2 === 62) return len >= 16 && len <= 19; // UnionPay
      if (p4 === 6011 || (p3 >= 644 && p3 <= 649) || p2 === 65) return len >= 16 && len <= 19; // Discover
      if (p2 === 63 || p2 === 67) return len >= 13 && len <= 19; // Maestro
      return false;
    case 8: // UnionPay's 81 range
      return p2 === 81 && len >= 16 && len <= 19;
    default:
      return false;
  }
}

export function isValidCardNumber(digits: string): boolean {
  return digits.length >= 13 && digits.length <= 19 && plausibleIssuer(digits) && luhnValid(digits);
}
