import type { Detection } from '../types.js';
import { codeAt, detection, isDigit, isHan, isLatinLower, isLatinUpper, isLetter } from './chars.js';
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

const STREET_TYPE_WORDS =
  'Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Boul|Lane|Ln|Drive|Dr|Court|Ct|Way|Place|Pl|Terrace|Ter|Tce|Parkway|Pkwy|Highway|Hwy|Circle|Cir|Circuit|Cct|Square|Sq|Trail|Trl|Crescent|Cres|Close|Row|Alley|Plaza|Expressway|Freeway|Pike|Loop|Path|Walk|Gardens|Grove|Mews|Rise|Green|Hill|Parade|Pde|Esplanade|Quay|Wharf|Heights|Broadway|Vale';
/** Street types as written, and in the capitals of forms and labels (28 MILL LANE, 6311 N CEDAR RD). */
const STREET_TYPES = `${STREET_TYPE_WORDS}|${STREET_TYPE_WORDS.toUpperCase()}`;
/** Streets named by one word with no type before it: "2733 Broadway", "46 Kingsway". */
const STREETS_ALONE = 'Broadway|Kingsway|BROADWAY|KINGSWAY';
const DIRECTION = 'N|S|E|W|NE|NW|SE|SW|North|South|East|West';
/**
 * The street part, anchored at the house number: number, street name, street type, then a
 * direction ("Queen Street West"), a number after the type ("Tampines Street 21", before a comma)
 * and a unit. Every repetition is bounded, so no input backtracks for long.
 */
const EN_STREET = new RegExp(
  `^\\d{1,6}[A-Za-z]?(?:-\\d{1,4})? (?:(?:${DIRECTION})\\.? )?` +
    `(?:(?:(?:[A-Z][a-zA-Z'-]*|\\d{1,3}(?:st|nd|rd|th)?) ){1,4}(?:${STREET_TYPES})|${STREETS_ALONE})\\b\\.?` +
    `(?: (?:${DIRECTION})\\b\\.?)?` +
    '(?: \\d{1,3}(?=,))?' +
    '(?:,? (?:Apt|Apartment|Suite|Ste|Unit|Fl|Floor|Rm|Room|APT|SUITE|STE|UNIT|FL|#)\\.? ?#?[A-Za-z0-9-]{1,6}\\b)?',
);
const EN_MAX = 160;

/** Dutch postcodes, US ZIP and other all-digit codes, UK and Canadian postcodes. */
const POSTCODE = String.raw`(?:\d{4} ?[A-Z]{2}\b|\d{4,6}(?:-\d{3,4})?|[A-Z]{1,2}\d[A-Z\d]? \d[A-Z]{2}|[A-Z]\d[A-Z] ?\d[A-Z]\d)`;
const PLACE = String.raw`[A-Z\u00c0-\u00de][a-zA-Z\u00c0-\u00ff'\u2019.-]+(?: [A-Z\u00c0-\u00de][a-zA-Z\u00c0-\u00ff'\u2019.-]+){0,3}`;
/**
 * One part of the locality after a comma: a place (district, city, region, country) with an
 * optional state and postcode ("Brighton BN2 3QD"), a state with a postcode ("ON M6K 1A2"), or a
 * postcode before a place ("12196 Berlin"). A part must end where address parts end (comma, line
 * end, semicolon, bracket, bar, full stop, the text's end): a capitalised word that opens a
 * sentence runs on into lower-case words and is not taken. A bracket after a blank ends a part too
 * ("QLD 4064 (the Premises)"), as does the quote closing a CSV cell.
 */
const LOCALITY = new RegExp(String.raw`(?:${PLACE}(?: [A-Z]{2,3}\b)?(?: ${POSTCODE})?|[A-Z]{2,3}(?: ${POSTCODE})?|${POSTCODE}(?: ${PLACE})?)(?=[,;)|"'\u201d\u2019]|[ \t]+\(|[ \t]*\r?\n|[ \t]*$|\.(?:\s|$))`, 'y');
/** A part ending with a postcode ends the address even inside a sentence ("… NSW 2150 office"). */
const LOCALITY_AT_POSTCODE = new RegExp(String.raw`(?:${PLACE}(?: [A-Z]{2,3}\b)? ${POSTCODE}|[A-Z]{2,3} ${POSTCODE})(?=[ \t])`, 'y');
/** Parts that open a sign-off or the next field, not a locality. */
const NOT_LOCALITY = new Set(['Please', 'Thanks', 'Thank', 'Regards', 'Best', 'Kind', 'Dear', 'Hi', 'Hello', 'Tel', 'Phone', 'Mobile', 'Email', 'E-mail', 'Fax', 'Contact', 'Attn', 'Note', 'We', 'I', 'The', 'This', 'It', 'Our', 'Your', 'My', 'If', 'Call', 'Sent', 'Cheers', 'Sincerely', 'Yours', 'Name', 'Date', 'Order', 'Invoice', 'Total', 'Payment', 'IBAN', 'BIC', 'SWIFT']);
const MAX_LOCALITY_PARTS = 5;
const CITY_LINE_MAX = 60;
const CITY_LINE_END = new RegExp(String.raw`(?:\b[A-Z]{2,3}|${POSTCODE})\r?\s*$`);

/**
 * Where the locality after a street part ending at `end` ends: comma-separated parts (city,
 * district, state and postcode, country), and a city line right under the street line ("6700
 * Birchwood Ct\nLexington, KY 40571") when it holds a state or a postcode.
 */
function localityEnd(text: string, end: number): number {
  let p = end;
  for (let parts = 0; parts < MAX_LOCALITY_PARTS; parts++) {
    let q = p;
    const c = text.charCodeAt(q);
    if (c === 44) {
      q++;
      while (text.charCodeAt(q) === 32) q++;
    } else if (parts === 0 && (c === 10 || (c === 13 && text.charCodeAt(q + 1) === 10))) {
      q += c === 13 ? 2 : 1;
      // A line of its own must look like a city line: short, with the state or postcode at its end.
      let lineEnd = text.indexOf('\n', q);
      if (lineEnd === -1) lineEnd = text.length;
      if (lineEnd - q > CITY_LINE_MAX || !CITY_LINE_END.test(text.slice(q, lineEnd))) break;
    } else break;
    LOCALITY.lastIndex = q;
    let m = LOCALITY.exec(text);
    if (m === null) {
      LOCALITY_AT_POSTCODE.lastIndex = q;
      m = LOCALITY_AT_POSTCODE.exec(text);
    }
    if (m === null) break;
    const part = m[0];
    const sp = part.indexOf(' ');
    if (NOT_LOCALITY.has(sp === -1 ? part.replace(/\.$/, '') : part.slice(0, sp))) break;
    p = q + part.length;
  }
  while (p > end && (text.charCodeAt(p - 1) === 46 || text.charCodeAt(p - 1) === 32)) p--;
  return p;
}

/**
 * What may stand before the house number and belongs to the address: a unit before a slash
 * ("18/203 Lonsdale St"), units, floors and building names ("Flat 10, ", "Unit 8, 21/F, Kwong Wah
 * Mansion, "), or a block or number word ("Blk ", "No. "). Read on at most UNIT_WINDOW characters before the number.
 */
const UNIT_BEFORE = new RegExp(
  String.raw`\b(?:(?:Unit|Flat|Apt|Suite|Shop|Lot) )?\d{1,4}[A-Za-z]?/$|(?:(?:(?:Flat|Unit|Apt|Apartment|Suite|Ste|Room|Rm|Level|Floor|Tower|Block|Blk|Lot|Shop)\.? ?#?[A-Za-z0-9-]{1,5}|\d{1,3}/F|[A-Z][a-zA-Z'\u2019-]+(?: [A-Z][a-zA-Z'\u2019-]+){0,3} (?:Mansions?|Building|Bldg|Towers?|Centre|Center|Plaza|Court|House|Estate|Landmark|Gardens|Apartments|Residences|Complex)),? ){1,4}$|(?:\bBlk|\bBlock|\bNo\.|\bNo|#) ?$`,
);
const UNIT_WINDOW = 80;

function unitStart(text: string, start: number): number {
  const from = Math.max(0, start - UNIT_WINDOW);
  const m = UNIT_BEFORE.exec(text.slice(from, start));
  return m === null ? start : start - m[0].length;
}

/** "P.O. Box 1234, Austin, TX 78701": the box number, then city, state and ZIP as in street addresses. */
const PO_BOX_BEFORE = /(?:\bP\.?\s?O\.?\s?Box|\bPost Office Box)\s?#?\s?$/i;
const PO_BOX_NUMBER = /^\d{1,7}/;

/** A post-office box whose number starts at `start`: [start, end) of the whole address, or null. */
export function poBoxAt(text: string, start: number): [number, number] | null {
  const b = PO_BOX_BEFORE.exec(text.slice(Math.max(0, start - 24), start));
  if (b === null) return null;
  const m = PO_BOX_NUMBER.exec(text.slice(start, start + 8));
  if (m === null) return null;
  return [start - b[0].length, localityEnd(text, start + m[0].length)];
}

/** An English street address whose house number starts at `start`: [start, end) with its units and locality, or null. */
export function englishAddressAt(text: string, start: number): [number, number] | null {
  const m = EN_STREET.exec(text.slice(start, start + EN_MAX));
  if (m === null) return null;
  let end = start + m[0].length;
  while (end > start && (text.charCodeAt(end - 1) === 44 || text.charCodeAt(end - 1) === 32)) end--;
  return [unitStart(text, start), localityEnd(text, end)];
}

/**
 * Continental street names, written before the number: one word ending in a street word
 * ("Lindenallee 114", "Keizersgracht 123", "Storgatan 5"; group 1), or a street word and a name
 * ("Via Roma 12", "Calle Mayor 5", "Rua Augusta 100"), which counts only with a postcode after it.
 * Suffixes that end English words too (-ring, -tie, -gade: Spring, Brigade) are left out.
 */
const EU_STREET_BEFORE = new RegExp(
  String.raw`(?:(\b[A-Z\u00c0-\u00de][a-z\u00df-\u00ff]{2,}(?:stra\u00dfe|strasse|allee|weg|gasse|platz|damm|ufer|laan|straat|gracht|plein|kade|vej|gatan|v\u00e4gen|veien|gata|katu))|\b(?:Via|Viale|Piazza|Corso|Calle|Avenida|Rua|Rue|Carrer|Paseo|Travessa|Largo|Strada|Ulica|ul\.)(?: (?:de|del|della|da|do|dos|das|di|la|le|des|du))?(?: [A-Z\u00c0-\u00de][\w\u00c0-\u00ff'\u2019-]*){1,3}) $`,
);
/**
 * "12 rue de Rivoli", "4595 Rue Sainte-Catherine O": French, Belgian and Québécois addresses put
 * the number first and the street word before the name.
 */
const FR_STREET_AFTER =
  / (?:[Rr]ue|[Aa]venue|[Bb]oulevard|[Bb]oul\.?|[Bb]d|[Pp]lace|[Cc]hemin|[Aa]ll\u00e9e|[Qq]uai|[Ii]mpasse|[Rr]oute|[Cc]ours)(?: (?:de la|de l'|de|du|des|d'))? ?[A-Z\u00c0-\u00de][\w\u00c0-\u00ff'\u2019-]*(?: [A-Z\u00c0-\u00de][\w\u00c0-\u00ff'\u2019-]*){0,2}(?: (?:O|E|N|S|Est|Ouest|Nord|Sud)\b)?/y;

/** A continental address around the number [ds, de): [start, end), or null. */
export function europeanAddressAt(text: string, ds: number, de: number): [number, number] | null {
  // The street name ends in a lower-case letter just before " <number>", and its word is capitalised.
  if (codeAt(text, ds - 1) === 32 && isLatinLower(codeAt(text, ds - 2))) {
    let w = ds - 2;
    while (w > 0 && isLatinLower(codeAt(text, w - 1))) w--;
    if (isLatinUpper(codeAt(text, w - 1))) {
      const m = EU_STREET_BEFORE.exec(text.slice(Math.max(0, ds - 48), ds));
      if (m !== null) {
        let end = de;
        if (isLatinLower(codeAt(text, end)) && !isLetter(codeAt(text, end + 1))) end++;
        const last = localityEnd(text, end);
        if (m[1] !== undefined || hasPostcode(text, end, last)) return [ds - m[0].length, last];
      }
    }
  }
  const n = codeAt(text, de + 1) | 0x20;
  if (codeAt(text, de) === 32 && n >= 97 && n <= 117) {
    FR_STREET_AFTER.lastIndex = de;
    const m = FR_STREET_AFTER.exec(text);
    if (m !== null) {
      const last = localityEnd(text, de + m[0].length);
      if (hasPostcode(text, de + m[0].length, last)) return [ds, last];
    }
  }
  return null;
}



function hasPostcode(text: string, from: number, to: number): boolean {
  return to > from && /\b\d{4,5}\b|\b[A-Z]\d[A-Z] ?\d[A-Z]\d\b/.test(text.slice(from, to));
}


/** Building, unit, floor and room after the core. */
const ZH_TAIL = /^\s?(?:\d{1,4}\s?(?:号楼|栋|幢|座))?\s?(?:\d{1,3}\s?单元)?\s?(?:\d{1,3}\s?(?:层|楼)(?!下|上))?\s?(?:\d{1,5}\s?(?:室|房))?/;
/** Characters before an address that belong to the sentence, not the address (住在, 位于, 地址是, 寄到). */
const ZH_LEFT_STOP = new Set([...'在于是的到往寄送址为从给向由至及和与请您你我他她们住搬迁']);
const ZH_ADMIN = /省|自治区|市|自治州|地区|盟|区|县|旗|镇|乡|街道/;
/** What a house number (…号) follows: a road type, or a village and its group (新田村5组38号). */
const ROAD_SUFFIX = new Set([...'路街道巷弄里段组村队屯']);
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
  // A group or team number before the house number is a village's only where a village or an
  // administrative part is named ("第5组38号选手" is a contestant).
  if (!building && '组队屯'.includes(left[left.length - 1] ?? '') && !admin && !left.includes('村')) return null;
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
