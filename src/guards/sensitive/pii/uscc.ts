import { isCnProvinceCode, isValidDate, numberAt } from './chars.js';

/**
 * Unified social credit codes of Chinese organisations (GB 32100-2015): registration authority,
 * organisation type, six-digit administrative division, nine-character organisation code and a
 * check character over the 31-character alphabet without I, O, Z, S and V, weights 3^i mod 31.
 * Found by the digit-run pass (numbers.ts).
 */
export const USCC_CODE = 'PII_CN_USCC';

const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

export function usccCheckChar(first17: string): string | null {
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = ALPHABET.indexOf(first17[i]!);
    if (v === -1) return null;
    sum += v * WEIGHTS[i]!;
  }
  return ALPHABET[(31 - (sum % 31)) % 31]!;
}

/** GB 11714 check character of the 9-character organisation code inside a credit code. */
function orgCodeValid(org: string): boolean {
  const weights = [3, 7, 9, 10, 5, 8, 4, 2];
  let sum = 0;
  for (let i = 0; i < 8; i++) {
    const c = org.charCodeAt(i);
    sum += (c <= 57 ? c - 48 : c - 55) * weights[i]!;
  }
  const v = 11 - (sum % 11);
  return org[8] === (v === 10 ? 'X' : v === 11 ? '0' : String(v));
}

export function isValidUscc(code: string): boolean {
  if (code.length !== 18) return false;
  // Registration authority (1-9, A, N, Y) and organisation category (1-5, 9).
  if (!/^[1-9ANY][1-59]/.test(code)) return false;
  for (let i = 2; i < 8; i++) {
    const c = code.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  // Division code: a province, or 100000 for organisations registered at national level.
  const province = numberAt(code, 2, 4);
  if (!isCnProvinceCode(province) && province !== 10) return false;
  if (usccCheckChar(code) !== code[17]) return false;
  // Eighteen digits could be many other numbers (a resident ID with a wrong check digit, an order
  // number); then the embedded organisation code must carry its own check character too, and the
  // digits must not read as a resident ID (province, birth date) whose check digit is mistyped.
  if (!/^\d{18}$/.test(code)) return true;
  if (isCnProvinceCode(numberAt(code, 0, 2)) && isValidDate(numberAt(code, 6, 10), numberAt(code, 10, 12), numberAt(code, 12, 14))) return false;
  return orgCodeValid(code.slice(8, 17));
}
