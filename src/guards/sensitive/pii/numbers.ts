import type { Detection, Detector } from '../types.js';
import { isValidCardNumber } from './bank-card.js';
import { before, codeAt, detection, isAlnum, isDigit, isHan, isLetter, isUpper, isWordChar } from './chars.js';
import { isValidCnId } from './cn-id-card.js';
import { cnAreaCodeLength, countryCodeLength, isCnAreaCodeInternational, isCnLocalNumber, isCnMobile, isCountryCode, isNanp } from './phone.js';
import { isValidSsn } from './ssn.js';
import { IBAN_CODE, ibanAt } from './iban.js';
import { isValidUscc, USCC_CODE } from './uscc.js';
import { ADDRESS_CODE, chineseAddressAt, englishAddressAt, europeanAddressAt, mayBeAddressNumber, poBoxAt } from './address.js';
import { cellsInColumns, columnName } from './columns.js';
import { startsWithFolded } from '../../text/fold.js';

/**
 * One pass over the digits of a text finds everything that is written with them. A run is digit
 * groups joined by single separators as people write numbers (`138 0013 8000`,
 * `6222-0202-0000-1234-567`, `(0755) 8888 6666`, `+1 (415) 555-0132`); each run is cut into
 * windows of whole groups, and every window is classified by length and shape, then validated
 * (check digits, Luhn, number plans): resident IDs, credit codes, bank cards, phones, SSNs.
 * Digits inside a token of letters are handed to the token readers (IBAN, credit code); short
 * numbers to the address readers (house and road numbers). Runs glued to paths, decimals, times
 * or dotted versions are skipped whole: a number inside a hash, UUID, product code or IP address
 * is not a personal number.
 */

export const NUMBER_CODES = {
  idCard: 'PII_CN_ID_CARD',
  uscc: USCC_CODE,
  iban: IBAN_CODE,
  address: ADDRESS_CODE,
  mobile: 'PII_CN_MOBILE',
  landline: 'PII_CN_LANDLINE',
  phone: 'PII_PHONE',
  card: 'PII_BANK_CARD',
  ssn: 'PII_US_SSN',
} as const;

/** Words that make a number an order, tracking, product or build number rather than personal data. */
const NOT_PERSONAL_WORDS =
  '\\b(?:orders?|invoices?|tracking|sku|model|part|ref|reference|memo|serial|tickets?|batch|lot|items?|products?|barcode|ean|upc|isbn|imei|awb|shipment|waybill|transactions?|txn|build|version|case|po|parcel|booking|confirmation|receipt)\\b|订单|单号|运单|快递|编号|型号|流水|批次|货号|工单|发票|条码|序列号|物流|交易号|商品|产品|版本';
const PHONE_WORDS = '\\b(?:phone|tel|telephone|call|cell|mobile|fax|contact|whatsapp|wechat|text|sms|dial|reach)\\b|电话|手机|联系|座机|传真|致电|拨打|热线|微信';
const CARD_WORDS = '\\b(?:cards?|visa|mastercard|amex|unionpay|credit|debit|pan|cc|payment|paid|pay|charged?)\\b|卡号|银行卡|信用卡|借记卡|储蓄卡|银联|卡';
const SSN_WORDS = '\\b(?:ssn|ss#|social security|soc\\.? sec\\.?)';

/**
 * The context word nearest the number, personal or not, in one non-global exec: the greedy prefix
 * backtracks from the end, so the first position where either list matches is the last one in the
 * text, and at a tie the personal word (tried first) wins.
 */
function nearestWordRegex(personal: string): RegExp {
  return new RegExp(`^[\\s\\S]*(?:(${personal})|(?:${NOT_PERSONAL_WORDS}))`);
}
const NEAREST_PHONE = nearestWordRegex(PHONE_WORDS);
const NEAREST_CARD = nearestWordRegex(CARD_WORDS);
const NEAREST_SSN = nearestWordRegex(SSN_WORDS);
const HAS_SSN_WORD = new RegExp(SSN_WORDS);
// The words of PHONE_WORD_ADJACENT; phoneWordAdjacent looks for them before running it.
const PHONE_CALL_WORDS = ['phone', 'tel', 'telephone', 'call', 'cell', 'mobile', 'fax', 'whatsapp', 'wechat', 'text', 'sms', 'dial', 'reach'];
const PHONE_PRONOUNS = ['me', 'us', 'him', 'her', 'them'];
const PHONE_CALL_WORDS_ZH = ['电话', '手机', '联系电话', '座机', '传真', '致电', '拨打', '热线', '微信'];
/** After the word: "number", "no." and the like ("no" with an optional dot). */
const PHONE_NUMBER_WORDS = ['number', 'no', 'num', '#', 'is', 'at', 'on', '号码', '号', '是', '为'];
/**
 * A phone word right before the number ("phone: ", "tel no. ", "call me at ", "电话："): the only
 * evidence for digits with no number-plan shape of their own. "Call ID 123456789012" is not one.
 */
const PHONE_WORD_ADJACENT = new RegExp(
  `(?:\\b(?:${PHONE_CALL_WORDS.join('|')})(?:\\s+(?:${PHONE_PRONOUNS.join('|')}))?|${PHONE_CALL_WORDS_ZH.join('|')})` +
    `(?:\\s*(?:${PHONE_NUMBER_WORDS.map((w) => (w === 'no' ? 'no\\.?' : w)).join('|')}|:|：))*\\s*[:：]?\\s*[(（]?$`,
);

const CONTEXT_WINDOW = 28;
const MAX_WINDOW_GROUPS = 6;
const MIN_DIGITS = 8;
const MAX_DIGITS = 19;

/**
 * What may stand between a not-personal word and its number: blanks, punctuation, other digits and
 * the words that name a number ("order no. 123", "订单号：", "ref #"), and a code's letter prefix
 * glued to it ("Part no. ZL-132-7421-7094", "型号HX-186-…"). A name or any other word in between
 * ("外卖订单#63　许燕　134 7906 2175") means the word labels something else.
 */
const LABEL_TO_NUMBER = /^(?:[\s\d#:：.,，、;；()（）+\-_/]|[a-z]\/[a-z]|pn|sn|id|ref|code|no\.?|nos?|num(?:ber)?s?|is|号码?|码|是|为)*(?:[a-z]{1,4}-)?$/i;

/** Whether the nearest context word before `pos` says "not personal" (no personal word is as near) and labels this number. */
function notPersonal(text: string, pos: number, nearest: RegExp): boolean {
  const window = before(text, pos, CONTEXT_WINDOW);
  const m = nearest.exec(window);
  return m !== null && m[1] === undefined && LABEL_TO_NUMBER.test(window.slice(m[0].length));
}

function hasContext(text: string, pos: number, words: RegExp): boolean {
  return words.test(before(text, pos, CONTEXT_WINDOW));
}

/**
 * Every word and suffix of PHONE_WORD_ADJACENT (lower case), by its last character: once the
 * blanks, colons and opening parenthesis the regex allows at its end are passed over, the text
 * before the number ends with one of them or the regex cannot match.
 */
const PHONE_WORD_ENDINGS = (() => {
  const words = [...PHONE_CALL_WORDS, ...PHONE_PRONOUNS, ...PHONE_CALL_WORDS_ZH, ...PHONE_NUMBER_WORDS, 'no.'];
  const byLast = new Map<number, string[]>();
  for (const w of words) {
    const last = w.charCodeAt(w.length - 1);
    byLast.set(last, [...(byLast.get(last) ?? []), w]);
  }
  return byLast;
})();

/** What `\s` matches, and the colons and opening parentheses PHONE_WORD_ADJACENT allows after its words. */
function isPhoneWordTail(c: number): boolean {
  if (c <= 0x20) return c === 0x20 || (c >= 9 && c <= 13);
  if (c < 0xa0) return c === 58 || c === 40;
  return (
    c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f ||
    c === 0x3000 || c === 0xfeff || c === 0xff1a || c === 0xff08
  );
}

/**
 * hasContext(text, pos, PHONE_WORD_ADJACENT), asked of every number with no shape of its own
 * (order and reference numbers mostly): the window is lower-cased and the regex run only when the
 * text before the number ends with one of its words.
 */
function phoneWordAdjacent(text: string, pos: number): boolean {
  const from = Math.max(0, pos - CONTEXT_WINDOW);
  let k = pos;
  while (k > from && isPhoneWordTail(text.charCodeAt(k - 1))) k--;
  if (k === from) return false;
  const c = text.charCodeAt(k - 1);
  const words = PHONE_WORD_ENDINGS.get(c >= 65 && c <= 90 ? c | 0x20 : c);
  if (words === undefined) return false;
  for (const w of words) if (k - w.length >= from && startsWithFolded(text, k - w.length, w)) return hasContext(text, pos, PHONE_WORD_ADJACENT);
  return false;
}

/**
 * What separates two digit groups, as bits: one of a space, a dash or a dot, after a closing or
 * before an opening parenthesis (`) `, ` (`, `-`, …). Numbers rather than strings: separators are
 * compared in every window of every run.
 */
const SEP_CLOSE = 1;
const SEP_SPACE = 2;
const SEP_DASH = 4;
const SEP_DOT = 8;
const SEP_OPEN = 16;

interface Run {
  start: number;
  end: number;
  /** Digit groups [gs[k], ge[k]) for k < groups; only the last may end with an ID's X. */
  gs: number[];
  ge: number[];
  groups: number;
  /** Separator between group k and k + 1 (SEP_* bits), for k < sepCount. */
  seps: number[];
  sepCount: number;
  plus: boolean;
  poisoned: boolean;
  /** The first group runs into letters: the digits belong to an alphanumeric token. */
  token: boolean;
}

/** Whether the digit at i continues a token to its left (decimal, version, path, time, hyphenated code). */
/**
 * "18/203 Lonsdale St": a unit number, a slash and a house number before a capitalised word, as
 * Australian and New Zealand addresses write them (a date goes on with another slash or digit).
 */
function unitSlash(text: string, i: number): boolean {
  let k = i - 1;
  let n = 0;
  while (k > 0 && isDigit(codeAt(text, k - 1)) && n < 5) {
    k--;
    n++;
  }
  if (n === 0 || n > 4 || isAlnum(codeAt(text, k - 1))) return false;
  let e = i;
  while (isDigit(codeAt(text, e)) && e - i < 6) e++;
  return codeAt(text, e) === 32 && isUpper(codeAt(text, e + 1));
}

/** Words written with a dash before a number that label it rather than make it a code. */
const DASH_LABELS: ReadonlySet<string> = new Set(['id', 'no', 'nr', 'tel', 'ph', 'phone', 'mob', 'mobile', 'cell', 'fax', 'tlf', 'whatsapp', 'wa', 'ssn', 'card', 'acct', 'iban', 'dob']);

function gluedLeft(text: string, i: number): boolean {
  const p = codeAt(text, i - 1);
  const pp = codeAt(text, i - 2);
  if (isWordChar(p)) return true;
  switch (p) {
    case 47: // '/'
      return isAlnum(pp) && !unitSlash(text, i);
    case 92: // '\'
      return isAlnum(pp);
    case 58: // ':' (times, ratios, IPv6) but not "tel:" or "ID:"
      return isDigit(pp);
    case 64: // '@'
      return true;
    case 45:
    case 46: {
      // '-' or '.': a digit before means a version, decimal or a run that ended in a glued group; a
      // letter token before counts as glue only when it holds digits itself (a716-4466..., v2.1)
      // or is a domain label (www.163.com), not an abbreviation (ID-1101..., No.1101..., Tel.138...).
      if (isDigit(pp)) return true;
      if (!isLetter(pp)) return false;
      let k = i - 2;
      for (; k >= 0 && k > i - 40; k--) {
        const c = text.charCodeAt(k);
        if (isDigit(c)) return true;
        if (!isLetter(c)) break;
      }
      // A product or part series before a dash ("ZL-177-0505-9236", "HX-186-…") makes a code, where a
      // label ("ID-", "Tel-", "No-") still leaves the number its own.
      if (p === 45) return !DASH_LABELS.has(text.slice(k + 1, i - 1).toLowerCase());
      return p === 46 && (i - 2 - k > 4 || codeAt(text, k) === 46);
    }
    default:
      return false;
  }
}

/** Module-level; lastIndex is set before every use (detection is synchronous). */
const WORD_RUN = /[A-Za-z0-9_]*/y;

/**
 * End of the run of word characters from i. Short runs are walked; a long one (a token, a JWT
 * segment) is handed to a sticky regex, which V8 scans natively.
 */
function skipWord(text: string, i: number): number {
  const limit = Math.min(text.length, i + 16);
  while (i < limit && isWordChar(text.charCodeAt(i))) i++;
  if (i < limit || i === text.length) return i;
  WORD_RUN.lastIndex = i;
  WORD_RUN.test(text);
  return WORD_RUN.lastIndex;
}

/**
 * The run being read and the window being classified. Detection is synchronous and a run is
 * classified before the next one is built, so one set of arrays serves every run: pushing into
 * fresh arrays (three per run, one per window) cost more than building and reading the run.
 * Entries past `groups`, `sepCount` and `Window.groups` are stale and never read.
 */
const RUN: Run = { start: 0, end: 0, gs: [], ge: [], groups: 0, seps: [], sepCount: 0, plus: false, poisoned: false, token: false };

function pushGroup(run: Run, start: number, end: number): void {
  run.gs[run.groups] = start;
  run.ge[run.groups] = end;
  run.groups++;
}

function buildRun(text: string, first: number): Run {
  const n = text.length;
  const p = codeAt(text, first - 1);
  let start = first;
  let plus = false;
  let openParen = false;
  if (p === 40 /* ( */) {
    start = first - 1;
    openParen = true;
    if (codeAt(text, first - 2) === 43 && !isWordChar(codeAt(text, first - 3))) {
      start = first - 2;
      plus = true;
    }
  } else if (p === 43 /* + */ && !isWordChar(codeAt(text, first - 2))) {
    start = first - 1;
    plus = true;
  }
  const run = RUN;
  run.start = start;
  run.end = first;
  run.groups = 0;
  run.sepCount = 0;
  run.plus = plus;
  run.poisoned = false;
  run.token = false;
  let j = first;
  for (;;) {
    const gs = j;
    while (j < n && isDigit(text.charCodeAt(j))) j++;
    let c = codeAt(text, j);
    if ((c === 88 || c === 120) && !isWordChar(codeAt(text, j + 1))) {
      j++;
      pushGroup(run, gs, j);
      run.end = j;
      break;
    }
    if (isWordChar(c)) {
      // Glued to letters: the first group makes the whole token a code; a later group joined by a
      // space just ends the run, one joined by '-' or '.' makes the run part of a code.
      if (run.groups === 0) {
        run.poisoned = true;
        run.token = true;
        run.end = skipWord(text, j);
      } else {
        const sep = run.seps[--run.sepCount]!;
        if (sep !== SEP_SPACE) run.poisoned = true;
        else run.end = run.ge[run.groups - 1]!;
        if (run.poisoned) run.end = skipWord(text, j);
      }
      return run;
    }
    pushGroup(run, gs, j);
    run.end = j;
    // Separator: [')'] [' ' | '-' | '.'] ['('], then a digit.
    let k = j;
    let sep = 0;
    let closes = false;
    if (c === 41 /* ) */ && openParen) {
      k++;
      sep |= SEP_CLOSE;
      closes = true;
      c = codeAt(text, k);
    }
    if (c === 32 || c === 45 || c === 46) {
      sep |= c === 32 ? SEP_SPACE : c === 45 ? SEP_DASH : SEP_DOT;
      k++;
      c = codeAt(text, k);
    }
    let opens = false;
    if (c === 40 && !openParen && !closes) {
      k++;
      sep |= SEP_OPEN;
      opens = true;
      c = codeAt(text, k);
    }
    if (sep === 0 || !isDigit(c)) {
      if (closes) run.end = j + 1;
      break;
    }
    if (closes) openParen = false;
    if (opens) openParen = true;
    run.seps[run.sepCount++] = sep;
    j = k;
  }
  // Right glue: "13800138000-B", "2024/03/15", "10:30", "x@163.com". When the glued group was
  // joined to the run by a space ("4532 0151 1283 0366 09/27"), only that group goes.
  const c = codeAt(text, run.end);
  if (((c === 45 || c === 47 || c === 92 || c === 95 || c === 46 || c === 58) && isWordChar(codeAt(text, run.end + 1))) || c === 64) {
    if (c !== 64 && run.groups > 1 && run.seps[run.sepCount - 1] === SEP_SPACE) {
      run.groups--;
      run.sepCount--;
      run.end = run.ge[run.groups - 1]!;
    } else run.poisoned = true;
  }
  // Three or more dots: an IP address, OID or version, never a phone number.
  let dots = 0;
  for (let k = 0; k < run.sepCount; k++) if (run.seps[k] === SEP_DOT) dots++;
  if (dots >= 3) run.poisoned = true;
  return run;
}

interface Window {
  run: Run;
  gi: number;
  gj: number;
  digits: string;
  /** Group lengths (an ID's X counts), for k < groups; separator k of the window is run.seps[gi + k]. */
  lens: number[];
  groups: number;
  start: number;
  end: number;
  plus: boolean;
}

/** Separator k of the window, between its groups k and k + 1. */
function sepAt(w: Window, k: number): number {
  return w.run.seps[w.gi + k]!;
}

/** Whether the window's separators from `from` on are all the same one character, one of `allowed` (SEP_* bits). */
function uniformSeps(w: Window, from: number, allowed: number): boolean {
  const n = w.groups - 1;
  if (n <= from) return true;
  const s = sepAt(w, from);
  if ((s !== SEP_SPACE && s !== SEP_DASH && s !== SEP_DOT) || (s & allowed) === 0) return false;
  for (let k = from + 1; k < n; k++) if (sepAt(w, k) !== s) return false;
  return true;
}

/** Spaces and dashes, mixed as people type them ("138 0013-8000"), for values a checksum or number plan validates. */
function spaceDashSeps(w: Window, from: number): boolean {
  const n = w.groups - 1;
  for (let k = from; k < n; k++) {
    const s = sepAt(w, k);
    if (s !== SEP_SPACE && s !== SEP_DASH) return false;
  }
  return true;
}

function classifyIdCard(w: Window): Detection | null {
  if (w.digits.length !== 18 || w.plus) return null;
  if (w.groups > 1) {
    if (!spaceDashSeps(w, 0)) return null;
    for (let k = 0; k < w.groups; k++) if (w.lens[k]! < 2) return null;
  }
  if (!isValidCnId(w.digits)) return null;
  return detection(NUMBER_CODES.idCard, w.start, w.end, 1, 'high');
}

function classifySsn(text: string, w: Window): Detection | null {
  if (w.digits.length !== 9 || w.plus) return null;
  const formatted = w.groups === 3 && w.lens[0] === 3 && w.lens[1] === 2 && w.lens[2] === 4 && uniformSeps(w, 0, SEP_DASH | SEP_SPACE);
  if (!formatted && !(w.groups === 1 && (hasContext(text, w.start, HAS_SSN_WORD) || inSsnColumn(text, w.start)))) return null;
  if (!isValidSsn(w.digits)) return null;
  if (notPersonal(text, w.start, NEAREST_SSN)) return null;
  return detection(NUMBER_CODES.ssn, w.start, w.end, formatted ? 0.9 : 0.8, 'high');
}

/** A column name of an SSN column, in a CSV header or an SQL column list. */
const SSN_COLUMN_NAME = columnName('ssn|social_security(?:_number|_no)?|ss_?num(?:ber)?');
const isSsnColumn = (field: string): boolean => /^(?:ssn|social_security(?:_number|_no)?|ss_?num(?:ber)?)$/.test(field);

/**
 * Whether the number at `start` is a whole cell of the column a header names as the SSN: nine
 * bare digits in a CSV row or an SQL VALUES tuple under `first,last,ssn,…` or `(name, ssn, …)`.
 */
function inSsnColumn(text: string, start: number): boolean {
  // The cells are read once per text: a table holds a candidate in every row.
  if (text !== ssnColumnText) {
    ssnColumnStarts = new Set(cellsInColumns(text, SSN_COLUMN_NAME, isSsnColumn).map((c) => c.start));
    ssnColumnText = text;
  }
  return ssnColumnStarts.has(start);
}
let ssnColumnText: string | undefined;
let ssnColumnStarts: ReadonlySet<number> = new Set();

/** Prefix lengths below, with this bit when the prefix is a group of its own. */
const OWN_GROUP = 8;

/**
 * Digits of the leading country prefix (+86, 0086, 86 as its own group), plus OWN_GROUP when it is
 * a group of its own; 0 when there is none.
 */
function cnPrefix(w: Window): number {
  const d = w.digits;
  const first = w.lens[0]!;
  if (d.startsWith('0086') && !w.plus) return first === 4 ? 4 | OWN_GROUP : 4;
  if (d.startsWith('86')) {
    if (w.plus) return first === 2 ? 2 | OWN_GROUP : 2;
    if (first === 2) return 2 | OWN_GROUP;
    if (first === 13 && w.groups === 1) return 2;
  }
  return 0;
}

const COUNTRY_CODE_BEFORE = /(?:\+|00)86\s*[)）]?[\s-]*$/;

function classifyCnMobile(text: string, w: Window): Detection | null {
  const prefix = cnPrefix(w);
  const prefixLength = prefix & 7;
  if (w.plus && prefixLength === 0) return null;
  if (!isCnMobile(w.digits, prefixLength)) return null;
  // As written: 13800138000, 138 0013 8000, 138-0013-8000, 138 00138000 (group lengths after the prefix).
  const skip = (prefix & OWN_GROUP) !== 0 ? 1 : 0;
  const groups = w.groups - skip;
  const first = skip === 1 ? w.lens[1]! : w.lens[0]! - prefixLength;
  const eleven = groups === 1 && first === 11;
  const threeFourFour = groups === 3 && first === 3 && w.lens[skip + 1] === 4 && w.lens[skip + 2] === 4;
  const threeEight = groups === 2 && first === 3 && w.lens[skip + 1] === 8;
  if (!eleven && !threeFourFour && !threeEight) return null;
  if (!spaceDashSeps(w, skip) && !(threeFourFour && uniformSeps(w, skip, SEP_DOT))) return null;
  // A country code written apart ("(+86) 18100382209") makes it a phone number whatever labels it.
  if (prefixLength === 0 && COUNTRY_CODE_BEFORE.test(before(text, w.start, 8))) return detection(NUMBER_CODES.mobile, w.start, w.end, 0.9, 'medium');
  if (notPersonal(text, w.start, NEAREST_PHONE)) return null;
  return detection(NUMBER_CODES.mobile, w.start, w.end, 0.9, 'medium');
}

function classifyCnLandline(text: string, w: Window): Detection | null {
  const d = w.digits;
  const prefix = cnPrefix(w);
  const prefixLength = prefix & 7;
  /** Index of the first group of the local number. */
  let first: number;
  if (prefixLength > 0) {
    if ((prefix & OWN_GROUP) === 0 || w.groups < 3) return null;
    const area = d.slice(prefixLength, prefixLength + w.lens[1]!);
    // "+86 010 …": the trunk 0 kept after the country code, a common slip.
    if (!isCnAreaCodeInternational(area) && cnAreaCodeLength(area) !== area.length) return null;
    first = 2;
  } else if (w.groups === 1) {
    // Bare: 01012345678 is a number only when the text says it is one: a phone word or field
    // name before it ("contactTel": "…"), or Chinese around it ("打门店02365753368").
    const areaLen = cnAreaCodeLength(d);
    if (areaLen === 0 || !isCnLocalNumber(d.slice(areaLen))) return null;
    if (!phoneWordAdjacent(text, w.start) && !PHONE_FIELD_BEFORE.test(before(text, w.start, CONTEXT_WINDOW)) && !hanAround(text, w.start, w.end)) return null;
    return notPersonal(text, w.start, NEAREST_PHONE) ? null : detection(NUMBER_CODES.landline, w.start, w.end, 0.7, 'medium');
  } else {
    if (cnAreaCodeLength(d) !== w.lens[0]) return null;
    const s = sepAt(w, 0);
    if (s === SEP_DOT || (s & SEP_OPEN) !== 0) return null;
    first = 1;
  }
  let last = w.groups - 1;
  let local = d.slice(d.length - sumLens(w.lens, first, last));
  // An extension after the number ("0755-86013388-801") is part of what was written.
  if (!isCnLocalNumber(local) && last > first && w.lens[last]! <= 4) {
    last--;
    local = d.slice(d.length - sumLens(w.lens, first, w.groups - 1), d.length - w.lens[w.groups - 1]!);
  }
  if (!isCnLocalNumber(local) || last - first > 1) return null;
  if (last > first && (w.lens[first]! < 3 || w.lens[last]! < 3 || (sepAt(w, first) !== SEP_SPACE && sepAt(w, first) !== SEP_DASH))) return null;
  if (notPersonal(text, w.start, NEAREST_PHONE)) return null;
  return detection(NUMBER_CODES.landline, w.start, w.end, 0.85, 'medium');
}

/** A field whose name holds a phone word, right before its value: `"contactTel": "`, `phone_no=`. */
const PHONE_FIELD_BEFORE = /(?:tel|phone|mobile|fax)[a-z_]*["']?\s*[:=]\s*["']?$/;

/** Whether a Han character stands within a few characters of [start, end). */
function hanAround(text: string, start: number, end: number): boolean {
  for (let k = Math.max(0, start - HAN_NEAR); k < start; k++) if (isHan(text.charCodeAt(k))) return true;
  for (let k = end; k < Math.min(text.length, end + HAN_NEAR); k++) if (isHan(text.charCodeAt(k))) return true;
  return false;
}
const HAN_NEAR = 6;

/**
 * National numbers with their trunk 0, grouped as other countries print them: UK (020 7946 0958,
 * 0131 496 0000, 01632 960123), Australian ((03) 9296 5803, 0412 345 678), New Zealand and South
 * African (082 897 4043), Taiwanese mobiles (0926-245-293), German (0176 57306568, 030 12345678),
 * French (01 56 79 19 18), Japanese and Korean mobiles (080-6209-0328, 010-2345-6789). Digits
 * that make a Chinese landline too are read as one
 * (classifyCnLandline) unless the text places itself elsewhere.
 */
function classifyNationalPhone(text: string, w: Window): Detection | null {
  const d = w.digits;
  if (w.plus || d.charCodeAt(0) !== 48 || d.charCodeAt(1) === 48 || d.length < 10 || d.length > 12 || w.groups < 2 || w.groups > 5) return null;
  let shape = `${d.length}:${w.lens[0]}`;
  for (let k = 1; k < w.groups; k++) shape += `-${w.lens[k]}`;
  if (!NATIONAL_SHAPES.has(shape)) return null;
  // 0431 435 9032 is a Chinese landline's shape too, and 020 8689 7531 London's and Guangzhou's: a
  // UK postcode, +44, "London" or "NSW" in the text decide. Three-digit Chinese area codes (010,
  // 02X) have eight-digit local numbers: 021 449 2957 is none.
  const area = cnAreaCodeLength(d);
  if (area > 0 && isCnLocalNumber(d.slice(area)) && (area === 4 || d.length - area === 8) && !ELSEWHERE.test(text)) return null;
  const paren = text.charCodeAt(w.start) === 40;
  const dots = shape === '10:2-2-2-2-2';
  for (let k = 0; k < w.groups - 1; k++) {
    const sep = sepAt(w, k);
    if (sep !== SEP_SPACE && sep !== SEP_DASH && !(dots && sep === SEP_DOT) && !(k === 0 && paren && (sep & SEP_CLOSE) !== 0)) return null;
  }
  // The tail of a code written in groups ("1Z M90 KJ3 03 0600 1328"): the word before holds a digit.
  let b = w.start - 1;
  while (b > 0 && text.charCodeAt(b) === 32) b--;
  for (let k = b; k >= 0 && isAlnum(text.charCodeAt(k)); k--) if (isDigit(text.charCodeAt(k))) return null;
  if (notPersonal(text, w.start, NEAREST_PHONE)) return null;
  return detection(NUMBER_CODES.phone, w.start, w.end, 0.75, 'medium');
}
/** Words and codes that place a text outside China: where a number could be a Chinese landline too. */
const ELSEWHERE =
  /\b(?:UK|United Kingdom|England|Scotland|Wales|London|NHS|Australia|NSW|VIC|QLD|New Zealand|NZ|Auckland|Wellington|South Africa|Johannesburg|Cape Town|Japan|JP|Tokyo|Osaka|Korea|KR|Seoul|Busan)\b|\+(?:44|61|64|27|81|82)\b|\b[A-Z]{1,2}\d[A-Z\d]? \d[A-Z]{2}\b|伦敦|英国|澳大利亚|澳洲|悉尼|墨尔本|新西兰|南非|日本|东京|大阪|韩国|首尔/;

/** Digit count and group lengths of the national formats above. */
const NATIONAL_SHAPES: ReadonlySet<string> = new Set(['10:2-4-4', '10:3-3-4', '10:4-3-3', '11:3-4-4', '11:4-3-4', '11:5-6', '11:5-3-3', '11:3-8', '11:4-7', '12:4-8', '10:2-2-2-2-2']);

/**
 * "(852) 97995230", "(65) 8829 2400": a country code in brackets without its plus, before a number
 * of seven digits or more.
 */
function classifyBracketedCountry(text: string, w: Window): Detection | null {
  if (w.plus || text.charCodeAt(w.start) !== 40 || w.groups < 2) return null;
  const cc = w.lens[0]!;
  const code = w.digits.slice(0, cc);
  if (cc > 3 || code === '86' || code.charCodeAt(0) === 48 || !isCountryCode(code) || (sepAt(w, 0) & SEP_CLOSE) === 0) return null;
  const rest = w.digits.length - cc;
  if (rest < 7 || rest > 11) return null;
  if (notPersonal(text, w.start, NEAREST_PHONE)) return null;
  return detection(NUMBER_CODES.phone, w.start, w.end, 0.8, 'medium');
}

function sumLens(lens: readonly number[], from: number, to: number): number {
  let n = 0;
  for (let k = from; k <= to; k++) n += lens[k]!;
  return n;
}

function classifyCard(text: string, w: Window): Detection | null {
  const d = w.digits;
  if (d.length < 13 || w.plus) return null;
  let start = w.start;
  let end = w.end;
  if (w.run.gs[w.gi]! !== start) {
    // "（6222029437903721053，" or "(4111 1111 1111 1111)": a bracket around the card. One closed
    // right after a group inside the number is an area code's: "(010) 6552 …" is a phone.
    for (let k = w.gi; k < w.gj; k++) if ((w.run.seps[k]! & SEP_CLOSE) !== 0) return null;
    start = w.run.gs[w.gi]!;
    end = w.run.ge[w.gj]!;
  }
  const lens = w.lens;
  const groups = w.groups;
  if (groups > 1) {
    if (!spaceDashSeps(w, 0)) return null;
    let ok = true;
    for (let k = 0; k < groups - 1; k++) if (lens[k] !== 4) ok = false;
    if (!ok) {
      const amexLike = groups === 3 && lens[0] === 4 && lens[1] === 6 && (lens[2] === 5 || lens[2] === 4);
      const sixFirst = groups === 2 && lens[0] === 6;
      // Any grouping of a whole run (an invisible character removed inside a group changes the
      // grouping: "4111\u200b1111 1111 1111"); shorter windows keep to the shapes cards are printed in.
      let whole = w.gi === 0 && w.gj === w.run.groups - 1;
      for (let k = 0; whole && k < groups; k++) if (lens[k]! < 3) whole = false;
      if (!amexLike && !sixFirst && !whole) return null;
    }
  }
  if (!isValidCardNumber(d)) return null;
  if (notPersonal(text, start, NEAREST_CARD)) return null;
  return detection(NUMBER_CODES.card, start, end, 0.95, 'high');
}

/** NANP core (10 digits) after an optional 1 / +1. */
function classifyNanp(text: string, w: Window): Detection | null {
  const d = w.digits;
  /** Groups of the window before the core: the leading 1 written as a group of its own. */
  let skip = 0;
  /** The core written in one group ("+14155550132" is one group of eleven). */
  let oneGroup = false;
  let offset = 0;
  if (d.length === 11 && d.charCodeAt(0) === 49) {
    if (w.lens[0] === 1) skip = 1;
    else if (w.groups === 1 && w.plus) oneGroup = true;
    else return null;
    offset = 1;
  } else if (w.plus || d.length !== 10) return null;
  if (!isNanp(d, offset)) return null;
  // A core written in one group is one group: lengths are read only for two or three groups.
  const groups = oneGroup ? 1 : w.groups - skip;
  const lens = w.lens;
  const parenArea = text.charCodeAt(w.run.gs[w.gi + skip]! - 1) === 40;
  let formatted = false;
  if (groups === 3 && lens[skip] === 3 && lens[skip + 1] === 3 && lens[skip + 2] === 4) {
    const dotted = sepAt(w, skip) === SEP_DOT || sepAt(w, skip + 1) === SEP_DOT;
    formatted = !dotted || (sepAt(w, skip) === SEP_DOT && sepAt(w, skip + 1) === SEP_DOT);
  } else if (groups === 2 && lens[skip] === 3 && lens[skip + 1] === 7 && parenArea) {
    formatted = true;
  } else if (groups === 1) {
    formatted = w.plus || phoneWordAdjacent(text, w.start);
  }
  if (!formatted) return null;
  if (notPersonal(text, w.start, NEAREST_PHONE)) return null;
  return detection(NUMBER_CODES.phone, w.start, w.end, parenArea || w.plus ? 0.9 : 0.85, 'medium');
}

function classifyInternational(text: string, w: Window): Detection | null {
  const d = w.digits;
  if (!w.plus) {
    // "0049 89 6491940": the international prefix 00 written out, with the country code, as a group of its own.
    const l0 = w.lens[0]!;
    if (w.groups < 2 || (l0 !== 4 && l0 !== 5) || !d.startsWith('00') || !isCountryCode(d.slice(2, l0))) return null;
    const rest = d.length - l0;
    if (rest < 6 || rest > 13 || notPersonal(text, w.start, NEAREST_PHONE)) return null;
    return detection(NUMBER_CODES.phone, w.start, w.end, 0.8, 'medium');
  }
  const ccLen = w.lens[0]! <= 3 && isCountryCode(d.slice(0, w.lens[0])) ? w.lens[0]! : countryCodeLength(d);
  if (ccLen === 0 || d.length < 8 || d.length > 15 || d.length - ccLen < 6) return null;
  if (d.startsWith('1') && ccLen === 1) return null; // NANP is classified on its own rules
  if (notPersonal(text, w.start, NEAREST_PHONE)) return null;
  return detection(NUMBER_CODES.phone, w.start, w.end, 0.85, 'medium');
}

function classifyContextPhone(text: string, w: Window): Detection | null {
  if (w.digits.length > 15 || w.plus || w.groups > 4) return null;
  for (let k = 0; k < w.groups; k++) if (w.lens[k]! < 3) return null;
  if (!phoneWordAdjacent(text, w.start) || notPersonal(text, w.start, NEAREST_PHONE)) return null;
  // "电话：8888 6666": a Chinese local number written without its area code.
  if (w.digits.length === 8 && /[\u4e00-\u9fff]/.test(text.slice(Math.max(0, w.start - CONTEXT_WINDOW), w.start)) && isCnLocalNumber(w.digits)) {
    return detection(NUMBER_CODES.landline, w.start, w.end, 0.6, 'medium');
  }
  return detection(NUMBER_CODES.phone, w.start, w.end, 0.6, 'medium');
}

/** A unit right after the number ("13800138000元", "4111111111111111 USD"): an amount or a count. */
function unitAfter(text: string, end: number): boolean {
  let k = end;
  if (codeAt(text, k) === 32) k++;
  const c = codeAt(text, k);
  if (c === 0x5143 /* 元 */ || c === 0x5757 /* 块 */ || c === 0x4e07 /* 万 */ || c === 0x4ebf /* 亿 */ || c === 0x5186 /* 円 */ || c === 37 /* % */) return true;
  if (isUpper(c) && isUpper(codeAt(text, k + 1)) && isUpper(codeAt(text, k + 2)) && !isLetter(codeAt(text, k + 3))) {
    return ['USD', 'CNY', 'RMB', 'EUR', 'GBP', 'JPY', 'HKD'].includes(text.slice(k, k + 3));
  }
  return false;
}

function classify(text: string, w: Window): Detection | null {
  const len = w.digits.length;
  const x = w.digits.charCodeAt(len - 1) > 57;
  if (x) {
    // Seventeen digits and X: a resident ID, or a credit code whose check character is X.
    if (len !== 18) return null;
    return classifyIdCard(w) ?? (w.groups === 1 && isValidUscc(w.digits.toUpperCase()) ? detection(NUMBER_CODES.uscc, w.start, w.end, 1, 'medium') : null);
  }
  if (len === 18) {
    const id = classifyIdCard(w);
    if (id) return id;
    if (w.groups === 1 && !w.plus && isValidUscc(w.digits)) return detection(NUMBER_CODES.uscc, w.start, w.end, 1, 'medium');
  }
  if (len === 9) return classifySsn(text, w);
  if (unitAfter(text, w.end)) return null;
  return (
    (len >= 11 && len <= 15 ? classifyCnMobile(text, w) : null) ??
    (len >= 10 && len <= 12 ? classifyNationalPhone(text, w) : null) ??
    classifyBracketedCountry(text, w) ??
    (len >= 10 ? classifyCnLandline(text, w) : null) ??
    (len >= 13 ? classifyCard(text, w) : null) ??
    (len === 10 || len === 11 ? classifyNanp(text, w) : null) ??
    classifyInternational(text, w) ??
    classifyContextPhone(text, w)
  );
}

function windowStart(text: string, run: Run, gi: number): number {
  if (gi === 0) return run.start;
  const s = run.gs[gi]!;
  return text.charCodeAt(s - 1) === 40 ? s - 1 : s;
}

function windowEnd(text: string, run: Run, gj: number): number {
  if (gj === run.groups - 1) return run.end;
  const e = run.ge[gj]!;
  return text.charCodeAt(e) === 41 ? e + 1 : e;
}

/**
 * Whether the run is one number written in groups of four (a card, an account number): such a run
 * is read whole, never as shorter numbers inside it (`4199 0732 4175 4359` holds no landline).
 */
function groupedInFours(run: Run): boolean {
  const g = run.groups;
  if (g < 3) return false;
  for (let k = 0; k < g - 1; k++) if (run.ge[k]! - run.gs[k]! !== 4) return false;
  // One kind of separator, as cards are printed: "1202 0571-50213357" is a room number, then a
  // phone number, and both are read.
  for (let k = 1; k < run.sepCount; k++) if (run.seps[k] !== run.seps[0]) return false;
  return true;
}

/**
 * "1 3 8 0 0 1 3 8 0 0 0", "4-1-1-1-…": a number spelled out digit by digit (or in pairs) with one
 * kind of separator, an evasion of group-shape rules. Read as the one number it spells.
 */
function spelledOut(run: Run): boolean {
  const g = run.groups;
  if (g < 6) return false;
  const sep = run.seps[0]!;
  if (sep !== SEP_SPACE && sep !== SEP_DASH) return false;
  for (let k = 0; k < g; k++) if (run.ge[k]! - run.gs[k]! > 2 || (k > 0 && run.seps[k - 1] !== sep)) return false;
  return true;
}

/** The window being classified (see RUN), and the digit counts of the run's groups before group k. */
const WINDOW: Window = { run: RUN, gi: 0, gj: 0, digits: '', lens: [], groups: 0, start: 0, end: 0, plus: false };
const CUM: number[] = [];

/** After a text with a run of thousands of groups (hostile input), the scratch arrays start small again. */
function releaseScratch(): void {
  if (RUN.gs.length <= 1024) return;
  RUN.gs = [];
  RUN.ge = [];
  RUN.seps = [];
  CUM.length = 0;
}

function classifySpelledOut(text: string, run: Run, count: number, out: Detection[]): void {
  if (count < MIN_DIGITS || count > MAX_DIGITS) return;
  let digits = '';
  for (let k = 0; k < run.groups; k++) digits += text.slice(run.gs[k], run.ge[k]);
  const w = WINDOW;
  w.run = run;
  w.gi = 0;
  w.gj = run.groups - 1;
  w.digits = digits;
  w.lens[0] = digits.length;
  w.groups = 1;
  w.start = run.start;
  w.end = run.end;
  w.plus = run.plus;
  const found = classify(text, w);
  if (found) out.push(found);
}

function classifyRun(text: string, run: Run, out: Detection[]): void {
  const g = run.groups;
  const cum = CUM;
  cum[0] = 0;
  for (let k = 0; k < g; k++) cum[k + 1] = cum[k]! + run.ge[k]! - run.gs[k]!;
  // A run joined by dashes is one token; so is a run grouped in fours. Only space-separated
  // runs may hold several numbers side by side ("110101199003078515 13800138000").
  // A run in fours may still carry something after the number ("4111 1111 1111 1111 123": card, CVV),
  // so windows from its first group are read, longest first; a dashed run is read whole.
  const fours = groupedInFours(run);
  // Dashes join one token; a dot inside a run makes it a decimal or a dotted number (0.13800138000),
  // so neither is cut into smaller numbers.
  let allDashes = true;
  let anyDot = false;
  for (let k = 0; k < run.sepCount; k++) {
    const sep = run.seps[k]!;
    if (sep !== SEP_DASH) allDashes = false;
    if ((sep & SEP_DOT) !== 0) anyDot = true;
  }
  const dashed = run.sepCount > 0 && (allDashes || anyDot);
  if (spelledOut(run)) {
    classifySpelledOut(text, run, cum[g]!, out);
    return;
  }
  const w = WINDOW;
  let gi = 0;
  while (gi < g) {
    let matched = -1;
    for (let gj = fours || dashed ? g - 1 : Math.min(g - 1, gi + MAX_WINDOW_GROUPS - 1); gj >= gi; gj--) {
      if ((fours && gi !== 0) || (dashed && (gi !== 0 || gj !== g - 1))) break;
      const count = cum[gj + 1]! - cum[gi]!;
      if (count > MAX_DIGITS) continue;
      if (count < MIN_DIGITS) break;
      // Only the run's last group may end with an X (buildRun), so an X always closes the window.
      let digits = '';
      for (let k = gi; k <= gj; k++) {
        digits += text.slice(run.gs[k], run.ge[k]);
        w.lens[k - gi] = run.ge[k]! - run.gs[k]!;
      }
      w.run = run;
      w.gi = gi;
      w.gj = gj;
      w.digits = digits;
      w.groups = gj - gi + 1;
      w.start = windowStart(text, run, gi);
      w.end = windowEnd(text, run, gj);
      w.plus = gi === 0 && run.plus;
      const found = classify(text, w);
      if (found) {
        out.push(found);
        matched = gj;
        break;
      }
    }
    gi = matched === -1 ? gi + 1 : matched + 1;
  }
}

/**
 * An alphanumeric token holding the digit at i: IBANs (DE89370400440532013000, or DE89 opening
 * the printed form) and credit codes (91350100M000100Y43) live here. Returns where scanning goes on.
 */
function classifyToken(text: string, i: number, out: Detection[]): number {
  let ts = i;
  while (ts > 0 && isAlnum(text.charCodeAt(ts - 1))) {
    if (i - ts > 40) return skipWord(text, i);
    ts--;
  }
  const te = skipWord(text, i);
  const p = codeAt(text, ts - 1);
  if (p === 95 || ((p === 45 || p === 46) && isAlnum(codeAt(text, ts - 2)))) return te;
  const ibanEnd = ibanAt(text, ts);
  if (ibanEnd !== -1) {
    out.push(detection(NUMBER_CODES.iban, ts, ibanEnd, 1, 'high'));
    return ibanEnd;
  }
  if (te - ts === 18 && isValidUscc(text.slice(ts, te))) out.push(detection(NUMBER_CODES.uscc, ts, te, 1, 'medium'));
  return te;
}

/**
 * End of the run of digits and single separators starting at i when it holds fewer digits than any
 * number classified here and is not glued to a letter; -1 otherwise. Most digits in prose (years,
 * times, prices, versions) end here without building a Run.
 */
function shortRunEnd(text: string, i: number): number {
  let k = i;
  let digits = 0;
  let lastGroupEnd = -1;
  for (;;) {
    const c = codeAt(text, k);
    if (c >= 48 && c <= 57) {
      if (++digits >= MIN_DIGITS) return -1;
      k++;
      continue;
    }
    // A later group glued to letters ("350 5th") is not part of the run; the first one makes a token.
    if (isWordChar(c) && lastGroupEnd !== -1) return lastGroupEnd;
    // Up to three separator characters (")-(", ") ") followed by a digit continue the run.
    let j = k;
    while (j - k < 3) {
      const d = codeAt(text, j);
      if (d === 32 || d === 45 || d === 46 || d === 40 || d === 41) j++;
      else break;
    }
    if (j > k && isDigit(codeAt(text, j))) {
      lastGroupEnd = k;
      k = j;
      continue;
    }
    return isWordChar(c) ? -1 : k;
  }
}

/** House and road numbers: a short number that opens an English address or sits in a Chinese one. */
function addressAt(text: string, i: number, e: number, out: Detection[]): number {
  const b = codeAt(text, i - 2);
  if ((codeAt(text, i - 1) === 32 || codeAt(text, i - 1) === 35) && (b === 120 || b === 88 || b === 35 || b === 32)) {
    const box = poBoxAt(text, i);
    if (box !== null) {
      out.push(detection(ADDRESS_CODE, box[0], box[1], 0.7, 'medium'));
      return box[1];
    }
  }
  // Digits and dashes; a space too, for a house number before a numbered street ("315 7 Ave SW").
  for (let k = i; k < e; k++) if (!isDigit(text.charCodeAt(k)) && text.charCodeAt(k) !== 45 && text.charCodeAt(k) !== 32) return e;
  if (e - i <= 8) {
    const eu = europeanAddressAt(text, i, e);
    if (eu !== null) return pushAddress(out, eu);
  }
  if (!mayBeAddressNumber(text, e)) return e;
  // "350 5th": a number after a number and a separator continues it; one at a line's start or
  // after a unit's slash (18/203) does not.
  const gap = codeAt(text, i - 1);
  if (text.charCodeAt(e) === 32 && e - i <= 6 && !(isDigit(codeAt(text, i - 2)) && gap !== 10 && gap !== 47)) {
    const en = englishAddressAt(text, i);
    if (en !== null) return pushAddress(out, en);
  }
  const zh = chineseAddressAt(text, i, e);
  if (zh === null) return e;
  // An address found at its building number may hold the road number just read: keep one.
  const last = out[out.length - 1];
  if (last !== undefined && last.code === ADDRESS_CODE && last.end >= zh.start) {
    last.end = Math.max(last.end, zh.end);
    return last.end;
  }
  out.push(zh);
  return zh.end;
}

/** "221B Baker Street": a house number with a letter opening an English address. */
function houseNumberToken(text: string, i: number, out: Detection[]): number | null {
  let k = i;
  while (isDigit(codeAt(text, k))) k++;
  if (k - i > 5 || !isLetter(codeAt(text, k)) || codeAt(text, k + 1) !== 32 || !isUpper(codeAt(text, k + 2))) return null;
  const en = englishAddressAt(text, i);
  return en === null ? null : pushAddress(out, en);
}

/** Records an address read at its number; where the digit pass resumes. */
function pushAddress(out: Detection[], [start, end]: [number, number]): number {
  // Units read before the number ("Flat 10, ") may hold an address read at their own number: one is kept.
  while (out.length > 0 && out[out.length - 1]!.code === ADDRESS_CODE && out[out.length - 1]!.end > start) out.pop();
  out.push(detection(ADDRESS_CODE, start, end, 0.75, 'medium'));
  return end;
}

/**
 * Skips to the next digit in native code. Sticky and module-level (lastIndex is set before every
 * use): one call per digit found, and cheaper per call than a global search that then reports
 * where its match ended.
 */
const NOT_DIGITS = /[^0-9]*/y;

export function detectNumbers(text: string): Detection[] {
  const out: Detection[] = [];
  for (let from = 0; from < text.length; ) {
    NOT_DIGITS.lastIndex = from;
    NOT_DIGITS.test(text);
    const i = NOT_DIGITS.lastIndex;
    if (i >= text.length) break;
    let next: number;
    if (isLetter(codeAt(text, i - 1))) next = classifyToken(text, i, out);
    else if (gluedLeft(text, i)) next = skipWord(text, i);
    else {
      const short = shortRunEnd(text, i);
      if (short !== -1) next = addressAt(text, i, short, out);
      else {
        const run = buildRun(text, i);
        if (run.token) next = houseNumberToken(text, i, out) ?? classifyToken(text, i, out);
        else {
          if (!run.poisoned) classifyRun(text, run, out);
          next = run.end;
        }
      }
    }
    from = Math.max(next, i + 1);
  }
  releaseScratch();
  return out;
}

export const numbersDetector: Detector = {
  id: 'pii-numbers',
  kind: 'pii',
  codes: Object.values(NUMBER_CODES),
  detect: detectNumbers,
};
