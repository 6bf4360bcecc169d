import type { Detection } from '../types.js';
import { codeAt, detection, isDigit, isHan } from './chars.js';
import { ZH_PROVINCES } from './lexicons.generated.js';

/**
 * Postal addresses. No checksum, so the shape is the evidence; recall is reported as measured.
 * Every address this reads has a number, so the digit-run pass (numbers.ts) calls in here at
 * house numbers and road numbers instead of a pass of its own:
 * - English: house number, street name, street type, then optional unit, city, state and ZIP
 *   ("1600 Amphitheatre Parkway, Mountain View, CA 94043").
 * - Chinese: the road-and-number core (建国路88号) or a building number (3号楼, 5栋), extended left
 *   over the administrative sequence (省/自治区, 市, 区/县, 街道/镇) and right over building, unit
 *   and room (2单元501室). Numbers written in Chinese numerals (八十八号) are not read.
 */
export const ADDRESS_CODE = 'PII_ADDRESS';

const STREET_TYPES =
  'Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Court|Ct|Way|Place|Pl|Terrace|Ter|Parkway|Pkwy|Highway|Hwy|Circle|Cir|Square|Sq|Trail|Trl|Crescent|Cres|Close|Row|Alley|Plaza|Expressway|Freeway|Pike|Loop|Path|Walk';
/** Anchored at the house number; every repetition is bounded, so no input backtracks for long. */
const EN_ADDRESS = new RegExp(
  '^\\d{1,6}[A-Za-z]?(?:-\\d{1,4})? (?:(?:N|S|E|W|NE|NW|SE|SW|North|South|East|West)\\.? )?' +
    "(?:(?:[A-Z][a-zA-Z'-]*|\\d{1,3}(?:st|nd|rd|th)) ){1,4}" +
    `(?:${STREET_TYPES})\\b\\.?` +
    '(?: (?:N|S|E|W|NE|NW|SE|SW)\\b\\.?)?' +
    '(?:,? (?:Apt|Apartment|Suite|Ste|Unit|Fl|Floor|Rm|Room|#)\\.? ?#?[A-Za-z0-9-]{1,6}\\b)?' +
    '(?:, ?[A-Z][a-zA-Z]+(?: [A-Z][a-zA-Z]+){0,2}(?=[,\\s.;]|$))?' +
    '(?:, ?[A-Z]{2}\\b)?' +
    '(?: \\d{5}(?:-\\d{4})?\\b)?',
);
const EN_MAX = 160;

/** "P.O. Box 1234, Austin, TX 78701": the box number, then city, state and ZIP as in street addresses. */
const PO_BOX_BEFORE = /(?:\bP\.?\s?O\.?\s?Box|\bPost Office Box)\s?#?\s?$/i;
const PO_BOX_AFTER = /^\d{1,7}(?:, ?[A-Z][a-zA-Z]+(?: [A-Z][a-zA-Z]+){0,2}(?=[,\s.;]|$))?(?:, ?[A-Z]{2}\b)?(?: \d{5}(?:-\d{4})?\b)?/;

/** A post-office box whose number starts at `start`: [start, end) of the whole address, or null. */
export function poBoxAt(text: string, start: number): [number, number] | null {
  const b = PO_BOX_BEFORE.exec(text.slice(Math.max(0, start - 24), start));
  if (b === null) return null;
  const m = PO_BOX_AFTER.exec(text.slice(start, start + EN_MAX));
  if (m === null) return null;
  return [start - b[0].length, start + m[0].length];
}

/** An English street address whose house number starts at `start`: its end, or -1. */
export function englishAddressAt(text: string, start: number): number {
  const m = EN_ADDRESS.exec(text.slice(start, start + EN_MAX));
  if (m === null) return -1;
  let end = start + m[0].length;
  while (end > start && (text.charCodeAt(end - 1) === 44 || text.charCodeAt(end - 1) === 32)) end--;
  return end;
}

/** Building, unit, floor and room after the core. */
const ZH_TAIL = /^\s?(?:\d{1,4}\s?(?:号楼|栋|幢|座))?\s?(?:\d{1,3}\s?单元)?\s?(?:\d{1,3}\s?(?:层|楼)(?!下|上))?\s?(?:\d{1,5}\s?(?:室|房))?/;
/** Characters before an address that belong to the sentence, not the address (住在, 位于, 地址是, 寄到). */
const ZH_LEFT_STOP = new Set([...'在于是的到往寄送址为从给向由至及和与请您你我他她们住搬迁']);
const ZH_ADMIN = /省|自治区|市|自治州|地区|盟|区|县|旗|镇|乡|街道/;
const ROAD_SUFFIX = new Set([...'路街道巷弄里段']);
const MAX_LEFT = 32;

/** Whether a road type ends just before `i` (路, 街, 大道, 胡同 …), allowing one space. */
function roadBefore(text: string, i: number): boolean {
  const k = text.charCodeAt(i - 1) === 32 ? i - 1 : i;
  const c = text[k - 1];
  return c !== undefined && (ROAD_SUFFIX.has(c) || text.slice(k - 2, k) === '胡同');
}

/** Where the address starts, given the Han run [s, at) before the core. */
function chineseStart(left: string, s: number): { start: number; admin: boolean; province: boolean } {
  let best = -1;
  for (const p of ZH_PROVINCES) {
    const k = left.indexOf(p);
    if (k !== -1 && (best === -1 || k < best)) best = k;
  }
  const adminAt = left.search(ZH_ADMIN);
  if (best !== -1) return { start: s + best, admin: adminAt !== -1, province: true };
  // After the last sentence word (住在, 寄到, 位于) that leaves at least a two-character name
  // before the first administrative suffix or, without one, before the road type (和平里 keeps 和).
  const limit = (adminAt === -1 ? left.length : adminAt) - 2;
  for (let k = limit - 1; k >= 0; k--) if (ZH_LEFT_STOP.has(left[k]!)) return { start: s + k + 1, admin: adminAt !== -1, province: false };
  return { start: s, admin: adminAt !== -1, province: false };
}

/**
 * A Chinese address around the number [ds, de): "…路88号" (road number) or "…3号楼" / "…5栋"
 * (building number). Returns the detection, or null.
 */
export function chineseAddressAt(text: string, ds: number, de: number): Detection | null {
  let k = text.charCodeAt(de) === 32 ? de + 1 : de;
  const c = text[k];
  let building: boolean;
  if (c === '号') {
    const n = text[k + 1];
    if (n === '楼') {
      building = true;
      k += 2;
    } else {
      if (n === '码' || n === '线' || n === '称' || n === '召' || !roadBefore(text, ds)) return null;
      building = false;
      k += 1;
    }
  } else if (c === '栋' || c === '幢' || c === '座') {
    building = true;
    k += 1;
  } else return null;
  // Left: Han characters and digits, up to punctuation.
  let s = ds;
  while (s > 0 && ds - s < MAX_LEFT) {
    const ch = text.charCodeAt(s - 1);
    if (!(isHan(ch) || isDigit(ch))) break;
    s--;
  }
  const left = text.slice(s, ds);
  const { start, admin, province } = chineseStart(left, s);
  // The road name itself: at least two characters before 路/街 ("中山路"), or an administrative part.
  if (ds - start < 2 && !admin) return null;
  // A bare building number ("3栋") is an address only after something administrative or a road.
  if (building && !admin && !/[路街道巷弄]/.test(left)) return null;
  let end = k;
  const tail = ZH_TAIL.exec(text.slice(end, end + 40));
  if (tail !== null && tail[0].trim().length > 0) end += tail[0].length;
  while (end > start && text.charCodeAt(end - 1) === 32) end--;
  return detection(ADDRESS_CODE, start, end, province || admin ? 0.75 : 0.6, 'medium');
}

/** Whether a short number ending at `de` may open or sit in an address (cheap test before the readers above). */
export function mayBeAddressNumber(text: string, de: number): boolean {
  const c = codeAt(text, de);
  if (c === 32) {
    const n = codeAt(text, de + 1);
    return (n >= 65 && n <= 90) || (n >= 48 && n <= 57) || n === 0x53f7 || n === 0x680b || n === 0x5e62 || n === 0x5ea7;
  }
  return c === 0x53f7 /* 号 */ || c === 0x680b /* 栋 */ || c === 0x5e62 /* 幢 */ || c === 0x5ea7 /* 座 */;
}
