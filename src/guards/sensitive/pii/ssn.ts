import { numberAt } from './chars.js';

/**
 * US Social Security numbers as the SSA issues them: area 001-899 except 666, group 01-99,
 * serial 0001-9999; and the numbers printed in advertisements that were never valid.
 */
const NEVER_ISSUED = new Set(['078051120', '219099999']);

export function isValidSsn(nine: string): boolean {
  if (nine.length !== 9) return false;
  for (let i = 0; i < 9; i++) {
    const c = nine.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  const area = numberAt(nine, 0, 3);
  if (area === 0 || area === 666 || area >= 900) return false;
  if (nine.slice(3, 5) === '00' || nine.slice(5) === '0000') return false;
  return !NEVER_ISSUED.has(nine);
}
