// Seeded generator of the personal-data evaluation set: data/eval/sensitive/pii-generated.jsonl.
// One JSON object per line: {"id","lang","text","spans":[{"code","start","end"}]}, spans in UTF-16
// offsets of the exact value in `text`. Values are made by the real algorithms (GB 11643 check
// digits, Luhn, MOD 97-10, GB 32100), written the ways people write them (separators, full-width
// digits, zero-width characters inside numbers), next to decoys that must not be flagged.
// Deterministic: the same seed gives byte-identical output.
//   npm run build && node scripts/eval/gen-pii.mjs [--seed N] [--lines N] [--out FILE]
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { mulberry32 } from '../lib/random.mjs';

// ---------------------------------------------------------------- PRNG

export { mulberry32 };

function makeRandom(seed) {
  const next = mulberry32(seed);
  const r = {
    next,
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: (arr) => arr[Math.floor(next() * arr.length)],
    chance: (p) => next() < p,
    digits: (n) => {
      let s = '';
      for (let i = 0; i < n; i++) s += String(Math.floor(next() * 10));
      return s;
    },
    from: (alphabet, n) => {
      let s = '';
      for (let i = 0; i < n; i++) s += alphabet[Math.floor(next() * alphabet.length)];
      return s;
    },
  };
  return r;
}

const pad = (n, w) => String(n).padStart(w, '0');

// ---------------------------------------------------------------- value algorithms

const CN_PROVINCES = [11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52, 53, 54, 61, 62, 63, 64, 65];
const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

function idCheck(first17) {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * ID_WEIGHTS[i];
  return '10X98765432'[sum % 11];
}

function daysIn(y, m) {
  return [31, (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1];
}

function randomDate(r, from = 1935, to = 2012) {
  const y = r.int(from, to);
  const m = r.int(1, 12);
  return { y, m, d: r.int(1, daysIn(y, m)) };
}

function cnId(r) {
  const { y, m, d } = randomDate(r);
  const first17 = `${r.pick(CN_PROVINCES)}${pad(r.int(1, 20), 2)}${pad(r.int(1, 30), 2)}${y}${pad(m, 2)}${pad(d, 2)}${r.digits(3)}`;
  return first17 + idCheck(first17);
}

function cnIdWrongCheck(r) {
  const id = cnId(r);
  const right = id[17];
  let wrong = right;
  while (wrong === right) wrong = r.pick('0123456789X');
  return id.slice(0, 17) + wrong;
}

function luhnCheckDigit(body) {
  let sum = 0;
  let double = true;
  for (let i = body.length - 1; i >= 0; i--) {
    let d = Number(body[i]);
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return String((10 - (sum % 10)) % 10);
}

const CARD_BRANDS = [
  { prefix: (r) => '4', len: () => 16 },
  { prefix: (r) => String(r.int(51, 55)), len: () => 16 },
  { prefix: (r) => String(r.int(2221, 2720)), len: () => 16 },
  { prefix: (r) => r.pick(['34', '37']), len: () => 15 },
  { prefix: (r) => r.pick(['622202', '621700', '623668', '625807', '628888', '620058']), len: (r) => r.pick([16, 19]) },
  { prefix: (r) => r.pick(['6011', '65', String(r.int(644, 649))]), len: () => 16 },
  { prefix: (r) => String(r.int(3528, 3589)), len: () => 16 },
];

function cardNumber(r) {
  const brand = r.pick(CARD_BRANDS);
  const prefix = brand.prefix(r);
  const len = brand.len(r);
  const body = prefix + r.digits(len - prefix.length - 1);
  return body + luhnCheckDigit(body);
}

function cardLuhnInvalid(r) {
  const c = cardNumber(r);
  const last = Number(c[c.length - 1]);
  return c.slice(0, -1) + String((last + r.int(1, 9)) % 10);
}

function groupCard(r, digits, sep) {
  if (digits.length === 15) return [digits.slice(0, 4), digits.slice(4, 10), digits.slice(10)].join(sep);
  const groups = [];
  for (let i = 0; i < digits.length; i += 4) groups.push(digits.slice(i, i + 4));
  return groups.join(sep);
}

const MOBILE_PREFIXES = ['130', '131', '132', '133', '134', '135', '136', '137', '138', '139', '145', '147', '150', '151', '152', '153', '155', '156', '157', '158', '159', '166', '170', '173', '175', '176', '177', '178', '180', '181', '182', '183', '184', '185', '186', '187', '188', '189', '191', '198', '199'];

function mobile(r) {
  return r.pick(MOBILE_PREFIXES) + r.digits(8);
}

const AREA_CODES = ['010', '020', '021', '022', '023', '024', '025', '027', '028', '029', '0311', '0351', '0371', '0431', '0451', '0512', '0531', '0571', '0591', '0731', '0755', '0756', '0769', '0871', '0898', '0931', '0991'];

function landlineParts(r) {
  const area = r.pick(AREA_CODES);
  const localLen = area.length === 3 ? 8 : r.pick([7, 8]);
  const local = String(r.int(2, 8)) + r.digits(localLen - 1);
  return { area, local };
}

function nanpParts(r) {
  let area;
  do area = `${r.int(2, 9)}${r.int(0, 8)}${r.int(0, 9)}`;
  while (area[1] === '1' && area[2] === '1');
  const exchange = `${r.int(2, 9)}${r.digits(2)}`;
  return { area, exchange, line: r.digits(4) };
}

function ssn(r) {
  for (;;) {
    const area = r.int(1, 899);
    if (area === 666) continue;
    const v = `${pad(area, 3)}${pad(r.int(1, 99), 2)}${pad(r.int(1, 9999), 4)}`;
    if (v === '078051120' || v === '219099999') continue;
    return v;
  }
}

function ssnInvalid(r) {
  return r.pick([
    () => `000${pad(r.int(1, 99), 2)}${pad(r.int(1, 9999), 4)}`,
    () => `666${pad(r.int(1, 99), 2)}${pad(r.int(1, 9999), 4)}`,
    () => `${r.int(900, 999)}${pad(r.int(1, 99), 2)}${pad(r.int(1, 9999), 4)}`,
    () => `${pad(r.int(1, 899), 3)}00${pad(r.int(1, 9999), 4)}`,
    () => `${pad(r.int(1, 665), 3)}${pad(r.int(1, 99), 2)}0000`,
    () => '078051120',
    () => '219099999',
  ])();
}

// BBAN formats: n digits, a upper-case letters, c alphanumerics.
const IBAN_FORMATS = {
  DE: '18n', GB: '4a14n', FR: '10n11c2n', ES: '20n', IT: '1a10n12c', NL: '4a10n', BE: '12n', CH: '5n12c', AT: '16n', PL: '24n',
  SE: '20n', NO: '11n', DK: '14n', FI: '14n', IE: '4a14n', PT: '21n', LU: '3n13c', SA: '2n18c', AE: '3n16n', TR: '5n1n16c', BR: '23n1a1c',
  CZ: '20n', SK: '20n', HU: '24n', RO: '4a16c', BG: '4a6n8c', HR: '17n', SI: '15n', GR: '7n16c', CY: '8n16c', MT: '4a5n18c', EE: '16n',
  LV: '4a13c', LT: '16n', IS: '22n', LI: '5n12c', MC: '10n11c2n', SM: '1a10n12c', QA: '4a21c', KW: '4a22c', IL: '19n', JO: '4a4n18c', PK: '4a16c',
};

function bban(r, format) {
  let s = '';
  for (const [, n, kind] of format.matchAll(/(\d+)([nac])/g)) {
    const alphabet = kind === 'n' ? '0123456789' : kind === 'a' ? 'ABCDEFGHIJKLMNOPQRSTUVWXYZ' : '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
    s += r.from(alphabet, Number(n));
  }
  return s;
}

function mod97(s) {
  let rem = 0;
  for (const ch of s) {
    const v = /\d/.test(ch) ? ch : String(ch.charCodeAt(0) - 55);
    for (const d of v) rem = (rem * 10 + Number(d)) % 97;
  }
  return rem;
}

function iban(r) {
  const cc = r.pick(Object.keys(IBAN_FORMATS));
  const b = bban(r, IBAN_FORMATS[cc]);
  const check = pad(98 - mod97(`${b}${cc}00`), 2);
  return `${cc}${check}${b}`;
}

function ibanWrongCheck(r) {
  const v = iban(r);
  const check = Number(v.slice(2, 4));
  return v.slice(0, 2) + pad(((check + r.int(1, 50)) % 97) + 2, 2).slice(-2) + v.slice(4);
}

function printedIban(v) {
  return v.match(/.{1,4}/g).join(' ');
}

const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2];

function orgCode(r) {
  const body = r.chance(0.5) ? r.digits(8) : `MA${r.from('0123456789ABCDEFGHJKLMNPQRTUWXY', 6)}`;
  let sum = 0;
  for (let i = 0; i < 8; i++) {
    const c = body[i];
    sum += (/\d/.test(c) ? Number(c) : c.charCodeAt(0) - 55) * ORG_WEIGHTS[i];
  }
  const v = 11 - (sum % 11);
  return body + (v === 10 ? 'X' : v === 11 ? '0' : String(v));
}

function usccCheck(first17) {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += USCC_ALPHABET.indexOf(first17[i]) * USCC_WEIGHTS[i];
  return USCC_ALPHABET[(31 - (sum % 31)) % 31];
}

/** Eighteen digits that also read as a resident ID (province, birth date, check digit) are ambiguous: never generated as either. */
function readsAsCnId(v) {
  if (!/^\d{17}[\dX]$/.test(v) || !CN_PROVINCES.includes(Number(v.slice(0, 2)))) return false;
  const y = Number(v.slice(6, 10));
  const m = Number(v.slice(10, 12));
  const d = Number(v.slice(12, 14));
  return y >= 1900 && y <= 2099 && m >= 1 && m <= 12 && d >= 1 && d <= daysIn(y, m) && idCheck(v.slice(0, 17)) === v[17];
}

function uscc(r) {
  for (;;) {
    const head = r.pick(['91', '91', '91', '92', '93', '11', '12', '51', '52', '53', 'Y1']);
    const first17 = `${head}${r.pick(CN_PROVINCES)}${pad(r.int(1, 20), 2)}${pad(r.int(0, 30), 2)}${orgCode(r)}`;
    const v = first17 + usccCheck(first17);
    if (!readsAsCnId(v)) return v;
  }
}

function usccWrongCheck(r) {
  const v = uscc(r);
  let c = v[17];
  while (c === v[17]) c = r.pick(USCC_ALPHABET);
  return v.slice(0, 17) + c;
}

// ---------------------------------------------------------------- names, places (written for this set)

// Given names partly outside the detector's lexicon, so lexicon recall is measured honestly.
const EN_FIRST = ['James', 'Mary', 'Robert', 'Patricia', 'John', 'Jennifer', 'Michael', 'Linda', 'David', 'Elizabeth', 'William', 'Susan', 'Sarah', 'Thomas', 'Karen', 'Daniel', 'Nancy', 'Emily', 'Olivia', 'Ethan', 'Sophia', 'Lucas', 'Chloe', 'Nathan', 'Priya', 'Ahmed', 'Hiroshi', 'Elena', 'Marco', 'Ingrid', 'Declan', 'Thaddeus', 'Imogen', 'Rosalind', 'Cormac', 'Anneliese', 'Bartholomew', 'Saoirse', 'Ximena', 'Tobias', 'Ottilie', 'Evander', 'Marisol', 'Kwame', 'Oluwaseun', 'Rafferty', 'Wilhelmina', 'Leopold'];
const EN_LAST = ['Smith', 'Johnson', 'Williams', 'Brown', 'Garcia', 'Miller', 'Davis', 'Martinez', 'Anderson', 'Taylor', 'Thompson', 'White', 'Harris', 'Clark', 'Lewis', 'Walker', 'Young', 'King', 'Wright', 'Nguyen', 'Patel', 'Kim', 'Chen', "O'Brien", 'Schneider', 'Rossi', 'Kowalski', 'Fairweather', 'Abernathy', 'Quigley', 'Vandermeer', 'Okonkwo', 'Haverford', 'Lindqvist', 'Castellanos', 'Pemberton', 'Thistlewood', 'Achterberg'];
const ZH_SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '徐', '孙', '马', '朱', '胡', '郭', '何', '高', '林', '罗', '郑', '梁', '谢', '宋', '唐', '许', '韩', '冯', '邓', '曹', '欧阳', '司马', '诸葛', '上官', '东方', '皇甫', '慕容', '晁', '乜', '逯'];
const ZH_GIVEN = ['伟', '芳', '娜', '敏', '静', '丽', '强', '磊', '军', '洋', '勇', '艳', '杰', '娟', '涛', '明', '超', '秀英', '霞', '平', '刚', '桂英', '晓明', '志强', '建华', '海燕', '玉兰', '子涵', '浩然', '雨桐', '梓萱', '一诺', '欣怡', '宇航', '思远', '嘉怡', '文博', '俊杰', '雪梅', '春生'];

const STREET_NAMES = ['Main', 'Oak', 'Maple', 'Cedar', 'Pine', 'Elm', 'Washington', 'Lake', 'Hill', 'Park', 'Sunset', 'Highland', 'Willow', 'Chestnut', 'Jefferson', 'Lincoln', 'Franklin', 'Madison', 'Amphitheatre', 'Mission', 'Market', 'Broad', 'Spring', 'River', 'Church', 'Mill Creek', 'Old Farm', 'Green Valley'];
const STREET_TYPES = ['Street', 'St', 'Avenue', 'Ave', 'Road', 'Rd', 'Boulevard', 'Blvd', 'Lane', 'Ln', 'Drive', 'Dr', 'Court', 'Way', 'Place', 'Parkway', 'Terrace'];
const CITIES = [['Springfield', 'IL'], ['Austin', 'TX'], ['Portland', 'OR'], ['Denver', 'CO'], ['Mountain View', 'CA'], ['Boston', 'MA'], ['Seattle', 'WA'], ['Columbus', 'OH'], ['Madison', 'WI'], ['Raleigh', 'NC'], ['San Jose', 'CA'], ['Brooklyn', 'NY']];

const ZH_PLACES = [
  ['北京市', '朝阳区', ''], ['北京市', '海淀区', ''], ['上海市', '浦东新区', ''], ['上海市', '徐汇区', ''], ['天津市', '和平区', ''],
  ['广东省', '深圳市', '南山区'], ['广东省', '广州市', '天河区'], ['浙江省', '杭州市', '西湖区'], ['江苏省', '南京市', '鼓楼区'],
  ['四川省', '成都市', '武侯区'], ['湖北省', '武汉市', '洪山区'], ['山东省', '青岛市', '市南区'], ['福建省', '厦门市', '思明区'],
  ['陕西省', '西安市', '雁塔区'], ['广西壮族自治区', '南宁市', '青秀区'], ['河南省', '郑州市', '金水区'], ['重庆市', '渝中区', ''],
];
const ZH_ROADS = ['建国路', '中山路', '人民路', '解放路', '科技园南路', '文三路', '南京东路', '长安街', '和平里', '学院路', '滨江大道', '天府大道', '珠江路', '淮海中路', '福华三路', '金桥路'];

const TLDS = ['com', 'com', 'com', 'org', 'net', 'io', 'cn', 'com.cn', 'co.uk', 'de', 'edu', 'gov', 'dev', 'ai', 'travel', 'tech', 'edu.cn'];
const DOMAINS = ['example', 'acme-corp', 'mail', 'qq', '163', 'foxmail', 'company', 'university', 'hospital-east', 'shop', 'bigdata'];

const PLATE_PROVINCES = '京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼';
const PLATE_LETTERS = 'ABCDEFGHJKLMNPQRSTUVWXYZ';

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

// ---------------------------------------------------------------- surface forms and evasions

const FULL_WIDTH = (s) => s.replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
const ZERO_WIDTH = ['\u200b', '\u200c', '\u200d', '\u2060', '\ufeff'];
const UNICODE_DASHES = ['\u2013', '\u2011', '\u2012', '\u2212', '\u2014'];

/** Zero-width characters between value characters (never first or last). */
function injectZeroWidth(r, s) {
  const chars = [...s];
  const n = r.int(1, Math.min(3, chars.length - 1));
  for (let k = 0; k < n; k++) {
    const at = r.int(1, chars.length - 1);
    chars.splice(at, 0, r.pick(ZERO_WIDTH));
  }
  return chars.join('');
}

/** Evasions applied to a value's surface form (all undone by the detection normaliser). */
function evade(r, s, { fullWidth = 0.12, zeroWidth = 0.1, dashes = 0.3, nbsp = 0.3 } = {}) {
  let out = s;
  if (out.includes('-') && r.chance(dashes)) out = out.replace(/-/g, () => r.pick(UNICODE_DASHES));
  if (out.includes(' ') && r.chance(nbsp)) out = out.replace(/ /g, '\u00a0');
  if (r.chance(fullWidth)) out = FULL_WIDTH(out);
  if (r.chance(zeroWidth)) out = injectZeroWidth(r, out);
  return out;
}

// ---------------------------------------------------------------- slots

/** A slot yields the surface text and the code it must be found as (null: a decoy). */
const SLOTS = {
  id: (r) => {
    const v = cnId(r);
    const form = r.pick(['plain', 'plain', 'plain', 'space', 'dash', 'lower', 'mixed', 'fours', 'spelled']);
    const s =
      form === 'space'
        ? `${v.slice(0, 6)} ${v.slice(6, 14)} ${v.slice(14)}`
        : form === 'dash'
          ? `${v.slice(0, 6)}-${v.slice(6, 14)}-${v.slice(14)}`
          : form === 'mixed'
            ? `${v.slice(0, 6)} ${v.slice(6, 14)}-${v.slice(14)}`
            : form === 'fours'
              ? `${v.slice(0, 6)} ${v.slice(6, 10)} ${v.slice(10, 14)} ${v.slice(14)}`
              : form === 'spelled' && r.chance(0.3)
                ? [...v].join(r.pick([' ', '-']))
                : form === 'lower'
                  ? v.toLowerCase()
                  : v;
    return { text: evade(r, s), code: 'PII_CN_ID_CARD' };
  },
  card: (r) => {
    const v = cardNumber(r);
    const form = r.pick(['plain', 'space', 'space', 'dash', 'mixed']);
    const s = form === 'plain' ? v : form === 'mixed' ? groupCard(r, v, ' ').replace(' ', '-') : groupCard(r, v, form === 'space' ? ' ' : '-');
    return { text: evade(r, s), code: 'PII_BANK_CARD' };
  },
  mobile: (r) => {
    const v = mobile(r);
    const form = r.pick(['plain', 'plain', 'space', 'dash', '+86', '+86 ', '0086', '86-', 'mixed', 'dots', '(+86)', 'spelled']);
    let s;
    if (form === 'space') s = `${v.slice(0, 3)} ${v.slice(3, 7)} ${v.slice(7)}`;
    else if (form === 'dash') s = `${v.slice(0, 3)}-${v.slice(3, 7)}-${v.slice(7)}`;
    else if (form === '+86') s = `+86${v}`;
    else if (form === '+86 ') s = `+86 ${v.slice(0, 3)} ${v.slice(3, 7)} ${v.slice(7)}`;
    else if (form === '0086') s = `0086 ${v}`;
    else if (form === '86-') s = `+86-${v.slice(0, 3)}-${v.slice(3, 7)}-${v.slice(7)}`;
    else if (form === 'mixed') s = `${v.slice(0, 3)} ${v.slice(3, 7)}-${v.slice(7)}`;
    else if (form === 'dots') s = `${v.slice(0, 3)}.${v.slice(3, 7)}.${v.slice(7)}`;
    else if (form === '(+86)') s = `(+86)${v}`;
    else if (form === 'spelled') s = [...v].join(' ');
    else s = v;
    return { text: evade(r, s), code: 'PII_CN_MOBILE' };
  },
  landline: (r) => {
    const { area, local } = landlineParts(r);
    const split = local.length === 8 ? `${local.slice(0, 4)} ${local.slice(4)}` : `${local.slice(0, 3)} ${local.slice(3)}`;
    const s = r.pick([
      `${area}-${local}`,
      `${area}-${local}`,
      `(${area}) ${split}`,
      `(${area})${local}`,
      `${area} ${split}`,
      `+86 ${area.slice(1)} ${split}`,
      `+86-${area.slice(1)}-${local}`,
      `+86(${area.slice(1)})${local.slice(0, 4)}-${local.slice(4)}`,
      `${area}-${local}-${r.int(1, 9999)}`,
    ]);
    return { text: evade(r, s, { fullWidth: 0.08, zeroWidth: 0.06 }), code: 'PII_CN_LANDLINE' };
  },
  nanp: (r) => {
    const { area, exchange, line } = nanpParts(r);
    const s = r.pick([`(${area}) ${exchange}-${line}`, `${area}-${exchange}-${line}`, `${area}.${exchange}.${line}`, `+1 ${area} ${exchange} ${line}`, `+1 (${area}) ${exchange}-${line}`, `1-${area}-${exchange}-${line}`, `${area} ${exchange} ${line}`, `+1${area}${exchange}${line}`, `1 (${area}) ${exchange}-${line}`, `${area}-${exchange} ${line}`]);
    return { text: evade(r, s, { fullWidth: 0.05, zeroWidth: 0.05 }), code: 'PII_PHONE' };
  },
  intl: (r) => {
    const s = r.pick([
      () => `+44 20 ${r.int(7000, 8999)} ${r.digits(4)}`,
      () => `+44 7${r.digits(3)} ${r.digits(6)}`,
      () => `+49 30 ${r.int(2, 9)}${r.digits(7)}`,
      () => `+49 ${r.int(151, 179)} ${r.digits(8)}`,
      () => `+33 ${r.int(1, 9)} ${r.digits(2)} ${r.digits(2)} ${r.digits(2)} ${r.digits(2)}`,
      () => `+81 3-${r.digits(4)}-${r.digits(4)}`,
      () => `+61 2 ${r.digits(4)} ${r.digits(4)}`,
      () => `+91 ${r.int(70000, 99999)} ${r.digits(5)}`,
      () => `+7 495 ${r.digits(3)}-${r.digits(2)}-${r.digits(2)}`,
      () => `+34 ${r.int(600, 699)} ${r.digits(3)} ${r.digits(3)}`,
      () => `+852 ${r.int(5, 9)}${r.digits(3)} ${r.digits(4)}`,
      () => `+65 ${r.int(8, 9)}${r.digits(3)} ${r.digits(4)}`,
      () => `+39 06 ${r.digits(4)} ${r.digits(4)}`,
      () => `+31 6 ${r.digits(8)}`,
      () => `+44 (0)20 ${r.int(7000, 8999)} ${r.digits(4)}`,
      () => `+49 (0) 89 ${r.int(2, 9)}${r.digits(6)}`,
      () => `+91-${r.int(70000, 99999)}${r.digits(5)}`,
    ])();
    return { text: evade(r, s, { fullWidth: 0.05, zeroWidth: 0.05 }), code: 'PII_PHONE' };
  },
  ssn: (r) => {
    const v = ssn(r);
    const s = r.pick([`${v.slice(0, 3)}-${v.slice(3, 5)}-${v.slice(5)}`, `${v.slice(0, 3)}-${v.slice(3, 5)}-${v.slice(5)}`, `${v.slice(0, 3)} ${v.slice(3, 5)} ${v.slice(5)}`]);
    return { text: evade(r, s, { fullWidth: 0.08 }), code: 'PII_US_SSN' };
  },
  ssnBare: (r) => ({ text: evade(r, ssn(r), { fullWidth: 0.05 }), code: 'PII_US_SSN' }),
  iban: (r) => {
    const v = iban(r);
    const printed = r.chance(0.5) ? printedIban(v) : v;
    return { text: evade(r, r.chance(0.1) ? printed.toLowerCase() : printed, { fullWidth: 0.06, zeroWidth: 0.06 }), code: 'PII_IBAN' };
  },
  uscc: (r) => ({ text: evade(r, uscc(r), { fullWidth: 0.08, zeroWidth: 0.08 }), code: 'PII_CN_USCC' }),
  email: (r) => {
    const first = r.pick(EN_FIRST).toLowerCase().replace("'", '');
    const last = r.pick(EN_LAST).toLowerCase().replace("'", '');
    const local = r.pick([`${first}.${last}`, `${first}${r.int(1, 99)}`, `${first[0]}${last}`, `${first}_${last}`, `${first}+news`, `zhang.wei${r.int(1, 999)}`, `${r.digits(9)}`]);
    const address = `${local}@${r.pick(DOMAINS)}.${r.pick(TLDS)}`;
    return { text: r.chance(0.08) ? address.toUpperCase() : address, code: 'PII_EMAIL' };
  },
  ipv4: (r) => {
    const s = r.pick([
      () => `192.168.${r.int(0, 255)}.${r.int(1, 254)}`,
      () => `10.${r.int(0, 255)}.${r.int(0, 255)}.${r.int(1, 254)}`,
      () => `172.${r.int(16, 31)}.${r.int(0, 255)}.${r.int(1, 254)}`,
      () => `${r.int(1, 223)}.${r.int(0, 255)}.${r.int(0, 255)}.${r.int(1, 254)}`,
    ])();
    return { text: s.startsWith('127.') ? '8.8.8.8' : s, code: 'PII_IPV4' };
  },
  ipv6: (r) => {
    const h = () => r.int(0, 0xffff).toString(16);
    const s = r.pick([
      () => `2001:db8:${h()}:${h()}:${h()}:${h()}:${h()}:${h()}`,
      () => `2001:0db8:85a3:0000:0000:8a2e:0370:${pad(r.int(1000, 9999), 4)}`,
      () => `fe80::${h()}:${h()}:${h()}:${h()}`,
      () => `2001:db8::${r.int(2, 999)}`,
      () => `::ffff:192.168.${r.int(0, 255)}.${r.int(1, 254)}`,
      () => `2409:8a00:${h()}:${h()}::${r.int(1, 9)}`,
    ])();
    return { text: s, code: 'PII_IPV6' };
  },
  mac: (r) => {
    const b = () => r.from('0123456789ABCDEF', 2);
    const bytes = [b(), b(), b(), b(), b(), b()];
    if (!/\d/.test(bytes.join(''))) bytes[0] = '0A';
    const s = r.pick([bytes.join(':'), bytes.join(':').toLowerCase(), bytes.join('-'), `${bytes[0]}${bytes[1]}.${bytes[2]}${bytes[3]}.${bytes[4]}${bytes[5]}`.toLowerCase()]);
    return { text: s, code: 'PII_MAC' };
  },
  passportCn: (r) => ({ text: r.pick([`E${r.digits(8)}`, `G${r.digits(8)}`, `E${r.pick('ABCDEFGHJKLMNPQRSTUVWXYZ')}${r.digits(7)}`]), code: 'PII_PASSPORT_CN' }),
  passportUs: (r) => ({ text: r.pick([`${r.int(1, 9)}${r.digits(8)}`, `${r.pick('ACHKLMNPRSTUVXZ')}${r.digits(8)}`]), code: 'PII_PASSPORT_US' }),
  dobEn: (r) => {
    const { y, m, d } = randomDate(r, 1940, 2010);
    const nth = d === 1 || d === 21 || d === 31 ? 'st' : d === 2 || d === 22 ? 'nd' : d === 3 || d === 23 ? 'rd' : 'th';
    const s = r.pick([`${y}-${pad(m, 2)}-${pad(d, 2)}`, `${pad(m, 2)}/${pad(d, 2)}/${y}`, `${MONTHS[m - 1]} ${d}, ${y}`, `${d} ${MONTHS[m - 1]} ${y}`, `${MONTHS[m - 1].slice(0, 3)} ${d}, ${y}`, `${d}.${m}.${y}`, `${d}${nth} of ${MONTHS[m - 1]} ${y}`]);
    return { text: s, code: 'PII_DATE_OF_BIRTH' };
  },
  dobZh: (r) => {
    const { y, m, d } = randomDate(r, 1940, 2010);
    return { text: r.pick([`${y}年${m}月${d}日`, `${y}-${pad(m, 2)}-${pad(d, 2)}`, `${y}/${m}/${d}`, `${y}${pad(m, 2)}${pad(d, 2)}`, `${y}年${m}月`]), code: 'PII_DATE_OF_BIRTH' };
  },
  plate: (r) => {
    const p = r.pick([...PLATE_PROVINCES]);
    const l = r.pick([...PLATE_LETTERS.replace(/[IO]/g, '')]);
    const serial = r.pick([
      () => r.digits(5),
      () => r.digits(5),
      () => `${r.digits(3)}${r.pick([...'ABCDEFGHJKLMNPQRSTUVWXYZ'])}${r.digits(1)}`,
      () => `${r.pick(['D', 'F'])}${r.digits(5)}`,
      () => `${r.pick(['D', 'F'])}${r.pick([...'ABCDEFGHJK'])}${r.digits(4)}`,
    ])();
    return { text: `${p}${l}${r.pick(['', '', '·', ' '])}${serial}`, code: 'PII_CN_PLATE' };
  },
  nameEn: (r) => ({ text: `${r.pick(EN_FIRST)} ${r.pick(EN_LAST)}`, code: 'PII_PERSON_NAME' }),
  surnameEn: (r) => ({ text: r.pick(EN_LAST), code: 'PII_PERSON_NAME' }),
  nameZh: (r) => ({ text: `${r.pick(ZH_SURNAMES)}${r.pick(ZH_GIVEN)}`, code: 'PII_PERSON_NAME' }),
  addressEn: (r) => {
    const [city, state] = r.pick(CITIES);
    const house = r.chance(0.1) ? `${r.int(1, 400)}${r.pick(['A', 'B', 'C'])}` : String(r.int(1, 9999));
    const street = r.chance(0.12) ? `${r.pick(['1st', '2nd', '3rd', '5th', '42nd', '7th'])}` : r.pick(STREET_NAMES);
    const base = `${house} ${street} ${r.pick(STREET_TYPES)}`;
    const s = r.pick([base, `${base}, ${city}, ${state} ${r.digits(5)}`, `${base}, Apt ${r.int(1, 40)}${r.pick(['', 'B', 'C'])}, ${city}, ${state} ${r.digits(5)}`, `${base}, Suite ${r.int(100, 900)}, ${city}, ${state}`]);
    return { text: s, code: 'PII_ADDRESS' };
  },
  addressZh: (r) => {
    const [a, b, c] = r.pick(ZH_PLACES);
    const road = `${r.pick(ZH_ROADS)}${r.int(1, 999)}号`;
    const tail = r.pick(['', '', `${r.int(1, 30)}号楼${r.int(1, 6)}单元${r.int(1, 30)}0${r.int(1, 4)}室`, `${r.int(1, 20)}栋${r.int(1, 30)}0${r.int(1, 4)}室`, `${r.int(2, 40)}层`]);
    const prefix = r.pick([`${a}${b}${c}`, `${a}${b}${c}`, `${b}${c}`, c || b]);
    return { text: `${prefix}${road}${tail}`, code: 'PII_ADDRESS' };
  },

  // ---- decoys: text that must not be flagged ----
  order: (r) => ({ text: r.pick([r.digits(r.int(10, 19)), `${r.int(2019, 2025)}${pad(r.int(1, 12), 2)}${pad(r.int(1, 28), 2)}${r.digits(8)}`, `${r.pick(MOBILE_PREFIXES)}${r.digits(8)}`]), code: null }),
  version4: (r) => ({ text: `${r.int(1, 20)}.${r.int(0, 20)}.${r.int(0, 200)}.${r.int(0, 9999)}`, code: null }),
  semver: (r) => ({ text: `${r.int(0, 20)}.${r.int(0, 30)}.${r.int(0, 40)}`, code: null }),
  sha1: (r) => ({ text: r.from('0123456789abcdef', 40), code: null }),
  sha256: (r) => ({ text: r.from('0123456789abcdef', 64), code: null }),
  shortSha: (r) => ({ text: r.from('0123456789abcdef', 7), code: null }),
  unixTs: (r) => ({ text: r.chance(0.5) ? String(r.int(1400000000, 1800000000)) : `${r.int(1400000000, 1800000000)}${r.digits(3)}`, code: null }),
  uuid: (r) => {
    const h = (n) => r.from('0123456789abcdef', n);
    return { text: `${h(8)}-${h(4)}-4${h(3)}-${r.pick(['8', '9', 'a', 'b'])}${h(3)}-${h(12)}`, code: null };
  },
  badId: (r) => ({ text: cnIdWrongCheck(r), code: null }),
  badIdDate: (r) => {
    // Right check digit, impossible birth date (month 13 or day 32).
    const first17 = `${r.pick(CN_PROVINCES)}0101${r.int(1950, 2005)}${r.pick(['13', '00', '02'])}${r.pick(['32', '30', '00'])}${r.digits(3)}`;
    return { text: first17 + idCheck(first17), code: null };
  },
  badCard: (r) => {
    const v = cardLuhnInvalid(r);
    return { text: r.chance(0.5) ? groupCard(r, v, ' ') : v, code: null };
  },
  badIban: (r) => ({ text: ibanWrongCheck(r), code: null }),
  badUscc: (r) => ({ text: usccWrongCheck(r), code: null }),
  badSsn: (r) => {
    const v = ssnInvalid(r);
    return { text: `${v.slice(0, 3)}-${v.slice(3, 5)}-${v.slice(5)}`, code: null };
  },
  productCode: (r) => {
    const m = mobile(r);
    return { text: r.pick([`HX-${m.slice(0, 4)}-${m.slice(4, 8)}-${m.slice(8)}`, `${m}-B`, `SN${m}`, `${m.slice(0, 3)}-${m.slice(3, 7)}-${m.slice(7)}-X2`, `P/N ${r.digits(3)}-${r.digits(3)}-${r.digits(4)}`]), code: null };
  },
  time: (r) => ({ text: `${pad(r.int(0, 23), 2)}:${pad(r.int(0, 59), 2)}:${pad(r.int(0, 59), 2)}`, code: null }),
  date: (r) => {
    const { y, m, d } = randomDate(r, 1990, 2030);
    return { text: r.pick([`${y}-${pad(m, 2)}-${pad(d, 2)}`, `${pad(m, 2)}/${pad(d, 2)}/${y}`, `${MONTHS[m - 1]} ${d}, ${y}`, `${y}年${m}月${d}日`]), code: null };
  },
  price: (r) => ({ text: `${r.int(1, 99999)}.${r.digits(2)}`, code: null }),
  bigNumber: (r) => ({ text: r.digits(r.int(20, 30)), code: null }),
  isbn: (r) => ({ text: `978-${r.int(0, 9)}-${r.digits(3)}-${r.digits(5)}-${r.int(0, 9)}`, code: null }),
  coords: (r) => ({ text: `${r.int(20, 50)}.${r.digits(4)}, ${r.int(70, 130)}.${r.digits(4)}`, code: null }),
  tracking: (r) => ({ text: r.pick([`1Z${r.from('0123456789ABCDEFGHJKLMNPQRSTUVWXYZ', 16)}`, `SF${r.digits(12)}`, `YT${r.digits(13)}`, r.digits(12)]), code: null }),
  port: (r) => ({ text: String(r.int(1024, 65535)), code: null }),
  retina: (r) => ({ text: r.pick(['icon@2x.png', 'logo@3x.jpg', 'avatar@2x.webp', 'lodash@4.17.21', '@types/node@20.11.5', 'user@localhost', '@channel']), code: null }),
  oid: (r) => ({ text: `1.3.6.1.4.1.${r.int(1, 60000)}.${r.int(1, 9)}`, code: null }),
  hexId: (r) => ({ text: `${r.digits(12)}${r.from('abcdef', 2)}${r.digits(6)}`, code: null }),
  decimal: (r) => ({ text: `0.${mobile(r)}`, code: null }),
  masked: (r) => ({ text: r.pick([`${mobile(r).slice(0, 3)}****${r.digits(4)}`, `4111 **** **** ${r.digits(4)}`, `${cnId(r).slice(0, 6)}********${r.digits(4)}`]), code: null }),
  amountYuan: (r) => ({ text: `${mobile(r)}元`, code: null }),
  stdCode: (r) => ({ text: r.pick(['std::vector<int>', 'Foo::bar()', 'a[1::2]', 'crate::config::Settings', 'arr[::3]', 'Error::new(kind)']), code: null }),
};

// ---------------------------------------------------------------- templates

const EN = [
  ['My ID number is {id}, issued in Beijing.', 30],
  ['Resident ID: {id}', 20],
  ['The applicant\'s identity card {id} was scanned twice.', 14],
  ['Please charge my card {card} for this month.', 24],
  ['Order {order} was paid with card {card} yesterday.', 14],
  ['Card number: {card}, expiry 09/27.', 16],
  ['Visa {card} was declined.', 8],
  ['You can reach me at {mobile} or by e-mail.', 16],
  ['My Chinese mobile is {mobile}.', 14],
  ['Call our Beijing office at {landline} during work hours.', 16],
  ['Fax: {landline}', 8],
  ['Call me at {nanp} after 5 pm.', 24],
  ['Her cell is {nanp}; his is {nanp}.', 10],
  ['Our London desk: {intl}.', 20],
  ['WhatsApp me on {intl}', 10],
  ['SSN: {ssn}', 24],
  ['Her social security number is {ssn}.', 14],
  ['The SSN on file is {ssnBare}.', 10],
  ['Wire the deposit to {iban} before Friday.', 24],
  ['IBAN: {iban} (BIC on request)', 18],
  ['Our supplier\'s credit code is {uscc}.', 14],
  ['Send the invoice to {email}, cc {email}.', 24],
  ['Contact: {email}', 16],
  ['The server at {ipv4} stopped answering on port {port}.', 18],
  ['Whitelist {ipv4} and {ipv6} in the firewall.', 14],
  ['ssh admin@{ipv4} -p 2222', 6],
  ['Device MAC {mac} keeps reconnecting.', 14],
  ['Passport number: {passportUs}', 14],
  ['His US passport {passportUs} expires next year.', 8],
  ['Chinese passport no. {passportCn}', 12],
  ['I was born on {dobEn} in Ohio.', 14],
  ['DOB: {dobEn}', 12],
  ['Date of birth {dobEn}; blood type O.', 8],
  ['My name is {nameEn} and I need help with my account.', 16],
  ['Dr. {surnameEn} will see the patient at 3 pm.', 8],
  ['Please forward this to Ms. {nameEn}.', 8],
  ['Regards, {nameEn}', 8],
  ['Yesterday {nameEn} asked about the refund.', 10],
  ['Ship it to {addressEn}.', 16],
  ['I live at {addressEn}', 10],
  ['Patient {nameEn}, DOB {dobEn}, SSN {ssn}, phone {nanp}.', 10],
  ['Name: {nameEn}; card {card}; email {email}', 10],
  ['Employee {nameEn} lives at {addressEn} and was born {dobEn}.', 6],
  ['Patient: {nameEn}', 6],
  ['Hi {nameEn}, your order is ready.', 6],
  ['Thanks, {nameEn}', 6],
  ['Router log: lease {ipv6} assigned to {mac}.', 12],
  ['Passport: {passportUs}, nationality USA', 8],
  ['Her card {card} 123 09/27 was charged twice.', 6],
  ['Dial {landline} and ask for extension 12.', 6],
];

const ZH = [
  ['我的身份证号是{id}，请帮我核实一下。', 30],
  ['身份证：{id}', 24],
  ['请核对申请人证件号码{id}是否正确', 12],
  ['银行卡号{card}，开户行招商银行。', 24],
  ['帮我把钱转到这张卡：{card}', 14],
  ['手机：{mobile}', 24],
  ['有事打我电话{mobile}，谢谢', 24],
  ['我的手机号是{mobile}，微信同号。', 16],
  ['办公室电话{landline}，传真同号。', 16],
  ['座机 {landline}', 10],
  ['客服热线：{landline}', 8],
  ['邮箱{email}，请查收附件。', 18],
  ['统一社会信用代码：{uscc}', 24],
  ['该公司的信用代码为{uscc}，注册于2016年。', 14],
  ['收款账户IBAN {iban}', 8],
  ['护照号码{passportCn}，有效期十年。', 14],
  ['我的护照号是{passportCn}', 8],
  ['出生日期：{dobZh}', 14],
  ['我的生日是{dobZh}。', 10],
  ['他出生于{dobZh}，籍贯湖南。', 8],
  ['车牌号{plate}的车主请挪车。', 14],
  ['违章车辆：{plate}', 10],
  ['我叫{nameZh}，今年三十岁。', 16],
  ['联系人：{nameZh}，电话{mobile}', 14],
  ['收件人：{nameZh}', 10],
  ['请{nameZh}先生到三号窗口。', 10],
  ['患者{nameZh}，女，45岁。', 8],
  ['{nameZh}昨天没来上班。', 8],
  ['地址：{addressZh}', 16],
  ['请寄到{addressZh}，谢谢。', 12],
  ['我住在{addressZh}', 8],
  ['服务器{ipv4}宕机了', 10],
  ['网卡地址{mac}', 6],
  ['姓名：{nameZh}，身份证号{id}，手机{mobile}，住址{addressZh}', 10],
  ['客户{nameZh}的银行卡{card}已冻结，联系电话{landline}', 8],
  ['出生年月：{dobZh}', 6],
  ['护照：{passportCn}，签发地北京', 8],
  ['设备MAC：{mac}，IPv6：{ipv6}', 10],
];

const DECOYS_EN = [
  ['Order #{order} has shipped.', 30],
  ['Tracking number {tracking}', 16],
  ['Invoice {order} is overdue.', 12],
  ['Running version {version4} on all nodes.', 16],
  ['Upgrade to v{version4} today.', 8],
  ['Install lodash {semver} and node {semver}.', 10],
  ['Fixed in commit {sha1}.', 18],
  ['See {shortSha} for the revert.', 8],
  ['sha256: {sha256}', 14],
  ['Event at unix time {unixTs}.', 16],
  ['created_at={unixTs}', 8],
  ['Request id {uuid} failed.', 20],
  ['The ID {badId} failed validation.', 18],
  ['Resident ID {badIdDate} has an impossible birth date.', 10],
  ['Test card {badCard} (invalid)', 18],
  ['IBAN {badIban} was rejected: bad checksum.', 12],
  ['SSN {badSsn} is not a valid number.', 12],
  ['Product code {productCode}, batch {order}', 18],
  ['Part number {productCode}', 8],
  ['Meeting at {time} on {date}.', 20],
  ['Deadline: {date}', 12],
  ['Total: ${price}', 10],
  ['The value was {bigNumber}.', 10],
  ['ISBN {isbn}', 8],
  ['GPS {coords}', 10],
  ['Listening on port {port}.', 8],
  ['Add {retina} to the bundle.', 14],
  ['OID {oid}', 6],
  ['Build {hexId} passed.', 8],
  ['Use {stdCode} here.', 14],
  ['In 2023 we sold 1,250,000 units across 42 countries.', 6],
  ['Room 1201, floor 12, 3 to 5 pm.', 6],
  ['Section 2.3.1.4 covers retention.', 6],
  ['Reference {order} in the memo field.', 8],
  ['The ratio came out as {decimal}.', 6],
  ['Masked: {masked}', 10],
];

const DECOYS_ZH = [
  ['订单号{order}已发货。', 30],
  ['快递单号：{tracking}', 16],
  ['版本号 {version4}', 10],
  ['会议时间：{date} {time}', 16],
  ['价格{price}元', 10],
  ['型号{productCode}', 10],
  ['工单编号{order}已关闭', 12],
  ['身份证号{badId}校验失败', 16],
  ['证件号{badIdDate}日期无效', 8],
  ['卡号{badCard}无效', 14],
  ['信用代码{badUscc}校验位错误', 12],
  ['流水号{order}', 10],
  ['提交记录{sha1}', 8],
  ['时间戳{unixTs}', 10],
  ['请求ID {uuid}', 10],
  ['今年营收增长了12.5%，达到3600万元。', 6],
  ['脱敏后：{masked}', 10],
  ['金额：{amountYuan}', 6],
];

function weighted(r, list) {
  let total = 0;
  for (const [, w] of list) total += w;
  let x = r.next() * total;
  for (const [t, w] of list) {
    x -= w;
    if (x < 0) return t;
  }
  return list[list.length - 1][0];
}

function render(r, template) {
  let text = '';
  const spans = [];
  let last = 0;
  for (const m of template.matchAll(/\{(\w+)\}/g)) {
    text += template.slice(last, m.index);
    const slot = SLOTS[m[1]];
    if (!slot) throw new Error(`unknown slot ${m[1]}`);
    const v = slot(r);
    if (v.code) spans.push({ code: v.code, start: text.length, end: text.length + v.text.length });
    text += v.text;
    last = m.index + m[0].length;
  }
  text += template.slice(last);
  return { text, spans };
}

export function generate({ seed = 20250611, lines = 4000 } = {}) {
  const r = makeRandom(seed);
  const out = [];
  for (let i = 0; i < lines; i++) {
    const lang = r.chance(0.5) ? 'en' : 'zh';
    const decoy = r.chance(0.3);
    const pool = lang === 'en' ? (decoy ? DECOYS_EN : EN) : decoy ? DECOYS_ZH : ZH;
    const { text, spans } = render(r, weighted(r, pool));
    out.push({ id: `gen-${String(i + 1).padStart(5, '0')}`, lang, text, spans });
  }
  return out;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const args = process.argv.slice(2);
  const opt = (name, dflt) => {
    const i = args.indexOf(name);
    return i === -1 ? dflt : args[i + 1];
  };
  const seed = Number(opt('--seed', 20250611));
  const lines = Number(opt('--lines', 4000));
  const outPath = opt('--out', fileURLToPath(new URL('../../data/eval/sensitive/pii-generated.jsonl', import.meta.url)));
  const rows = generate({ seed, lines });
  mkdirSync(dirname(outPath), { recursive: true });
  writeFileSync(outPath, rows.map((row) => JSON.stringify(row)).join('\n') + '\n');
  const counts = {};
  for (const row of rows) for (const s of row.spans) counts[s.code] = (counts[s.code] ?? 0) + 1;
  process.stdout.write(`wrote ${rows.length} lines to ${outPath}\n${JSON.stringify(counts, null, 1)}\n`);
}
