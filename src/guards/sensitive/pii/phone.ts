/**
 * Telephone-number rules: Chinese mobile allocations (MIIT number plan), Chinese area codes,
 * the North American Numbering Plan and ITU-T E.164 country codes.
 */

/**
 * Second and third digit of mobile numbers allocated to carriers (13x-19x, without IoT 140/141/144).
 * The number is `digits` from `from` on (after a country prefix), read in place.
 */
export function isCnMobile(digits: string, from = 0): boolean {
  if (digits.length - from !== 11 || digits.charCodeAt(from) !== 49) return false;
  for (let i = from + 1; i < from + 11; i++) {
    const c = digits.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  const a = digits.charCodeAt(from + 1) - 48;
  const b = digits.charCodeAt(from + 2) - 48;
  switch (a) {
    case 3:
    case 8:
      return true;
    case 4:
      return b >= 5;
    case 5:
      return b !== 4;
    case 6:
      return b === 2 || b === 5 || b === 6 || b === 7;
    case 7:
      return b !== 9;
    case 9:
      return b !== 4;
    default:
      return false;
  }
}

/** Length of the Chinese area code (with its trunk 0) that opens `digits`, or 0. */
export function cnAreaCodeLength(digits: string): number {
  if (digits.charCodeAt(0) !== 48) return 0;
  const second = digits.charCodeAt(1) - 48;
  if (second === 1) return digits.charCodeAt(2) === 48 ? 3 : 0; // 010 Beijing
  if (second === 2) return 3; // 02X
  if (second >= 3 && second <= 9) return 4; // 0XXX
  return 0;
}

/** Area code without the trunk 0, as written after +86: 10, 2X, or [3-9]XX. */
export function isCnAreaCodeInternational(area: string): boolean {
  if (area.length === 2) return area === '10' || area.charCodeAt(0) === 50;
  if (area.length === 3) {
    const c = area.charCodeAt(0);
    return c >= 51 && c <= 57;
  }
  return false;
}

/** A local number behind a Chinese area code: 7 or 8 digits, not starting with 0 (a trunk prefix). */
export function isCnLocalNumber(local: string): boolean {
  if (local.length !== 7 && local.length !== 8) return false;
  const c = local.charCodeAt(0);
  return c >= 49 && c <= 57;
}

/** NANP: NXX area code (not N11), NXX exchange; N is 2-9. The ten digits are `digits` from `from` on. */
export function isNanp(digits: string, from = 0): boolean {
  if (digits.length - from !== 10) return false;
  const a = digits.charCodeAt(from);
  const e = digits.charCodeAt(from + 3);
  if (a < 50 || a > 57 || e < 50 || e > 57) return false;
  if (digits.charCodeAt(from + 1) === 49 && digits.charCodeAt(from + 2) === 49) return false;
  return true;
}

function range(from: number, to: number, except: readonly number[] = []): string[] {
  const out: string[] = [];
  for (let i = from; i <= to; i++) if (!except.includes(i)) out.push(String(i));
  return out;
}

/** ITU-T E.164 country calling codes in service. The set is prefix-free, so parsing is greedy. */
const COUNTRY_CODES = new Set<string>([
  '1', '7',
  '20', '27', '30', '31', '32', '33', '34', '36', '39', '40', '41', '43', '44', '45', '46', '47', '48', '49',
  '51', '52', '53', '54', '55', '56', '57', '58', '60', '61', '62', '63', '64', '65', '66',
  '81', '82', '84', '86', '90', '91', '92', '93', '94', '95', '98',
  '211', '212', '213', '216', '218', ...range(220, 258), ...range(260, 269), '290', '291', '297', '298', '299',
  ...range(350, 359), ...range(370, 389, [384]), '420', '421', '423', ...range(500, 509), ...range(590, 599),
  '670', ...range(672, 692), '850', '852', '853', '855', '856', '880', '886',
  ...range(960, 968), ...range(970, 977), ...range(992, 998),
]);

/** Length of the country code opening `digits` (1-3), or 0 when none does. */
export function countryCodeLength(digits: string): number {
  for (let len = 1; len <= 3 && len <= digits.length; len++) if (COUNTRY_CODES.has(digits.slice(0, len))) return len;
  return 0;
}

export function isCountryCode(code: string): boolean {
  return COUNTRY_CODES.has(code);
}
