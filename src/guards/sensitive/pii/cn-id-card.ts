import { isCnProvinceCode, isValidDate, numberAt } from './chars.js';

/** GB 11643-1999: weights 2^(17-i) mod 11 and the ISO 7064 MOD 11-2 check character table. */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';

/** Check character of the first 17 digits of a resident ID. */
export function cnIdCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (first17.charCodeAt(i) - 48) * WEIGHTS[i]!;
  return CHECK[sum % 11]!;
}

/**
 * An 18-character resident ID (digits only, upper- or lower-case X last) with a valid province
 * prefix, a real birth date between 1900 and 2099, and the right check character.
 */
export function isValidCnId(id: string): boolean {
  if (id.length !== 18) return false;
  for (let i = 0; i < 17; i++) {
    const c = id.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  if (!isCnProvinceCode(numberAt(id, 0, 2))) return false;
  if (!isValidDate(numberAt(id, 6, 10), numberAt(id, 10, 12), numberAt(id, 12, 14))) return false;
  return cnIdCheckChar(id).charCodeAt(0) === (id.charCodeAt(17) === 120 ? 88 : id.charCodeAt(17));
}
