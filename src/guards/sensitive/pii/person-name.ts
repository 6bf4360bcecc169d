import type { Detection, Detector } from '../types.js';
import { codeAt, detection, isDigit, isHan, isLetter, isLower, isUpper } from './chars.js';
import { EN_FIRST_NAMES, EN_FIRST_NAMES_AMBIGUOUS, EN_NOT_NAMES, EN_SURNAMES, ZH_SURNAMES_COMPOUND, ZH_SURNAMES_SINGLE } from './lexicons.generated.js';

/**
 * Person names, English and Chinese, from context and lexicons (data/lexicons). Names have no
 * checksum; this detector trades recall for precision and its figures are reported as measured.
 *
 * English: a title (Mr., Dr.) or a strong phrase ("my name is", "Name:", "signed,") followed by
 * capitalised words; a weak phrase ("I am", "Hi", "contact") followed by a known given name; or a
 * known given name followed by a capitalised surname anywhere.
 * Chinese: a common surname and one or two more characters after 我叫, 姓名, 联系人, 收件人, 患者,
 * 客户 …, or before 先生, 女士, 老师 ….
 */
export const NAME_CODE = 'PII_PERSON_NAME';

/** Lexicons hold lower case; names in text are capitalised, so both forms are kept (no toLowerCase per word). */
function withCapitalised(words: readonly string[]): ReadonlySet<string> {
  return new Set(words.flatMap((w) => [w, w.charAt(0).toUpperCase() + w.slice(1)]));
}
const FIRST: ReadonlySet<string> = withCapitalised(EN_FIRST_NAMES);
const FIRST_AMBIGUOUS: ReadonlySet<string> = withCapitalised(EN_FIRST_NAMES_AMBIGUOUS);
const SURNAMES: ReadonlySet<string> = withCapitalised(EN_SURNAMES);
const NOT_NAMES: ReadonlySet<string> = withCapitalised(EN_NOT_NAMES);
const ZH_SINGLE: ReadonlySet<string> = new Set(ZH_SURNAMES_SINGLE);
const ZH_COMPOUND: ReadonlySet<string> = new Set(ZH_SURNAMES_COMPOUND);

// ---- English ----

/** What the words before a capitalised word say: nothing, a title (Mr., Dr.), a strong phrase ("Name:", "my name is", "Sincerely,"), or a weak one ("I am", "Hi", "patient") that needs the lexicons. */
const Ctx = { None: 0, Title: 1, Strong: 2, Weak: 3 } as const;
type Ctx = (typeof Ctx)[keyof typeof Ctx];

const TITLES = ['mr', 'mrs', 'ms', 'miss', 'mx', 'dr', 'prof', 'sir', 'madam', 'mister'];
/** Labels of a person: strong with a colon ("Patient: Ana Lima"), weak without ("patient Ana Lima"). */
const LABELS = [
  'name', 'patient', 'contact', 'customer', 'client', 'applicant', 'recipient', 'employee', 'cardholder', 'attn', 'attention', 'guest',
  'passenger', 'tenant', 'payee', 'beneficiary', 'holder', 'signatory', 'insured', 'driver', 'witness', 'victim', 'suspect', 'landlord',
];
/** Labels that name people or teams alike (mail headers, roles): weak even with a colon. */
const WEAK_LABELS = ['from', 'to', 'cc', 'bcc', 'user', 'owner', 'sender', 'author', 'student', 'buyer', 'seller', 'member', 'manager', 'reviewer', 'assignee'];
/** Words that turn the capitalised words before them into an organisation ("Ops Team", "Acme Corp"). */
const ORG_WORDS: ReadonlySet<string> = new Set(
  ['team', 'inc', 'ltd', 'llc', 'corp', 'co', 'company', 'group', 'department', 'dept', 'office', 'support', 'service', 'services', 'center', 'centre', 'bank', 'university', 'college', 'school', 'hospital', 'clinic', 'foundation', 'institute', 'labs', 'lab', 'studio', 'studios', 'partners', 'holdings', 'gmbh', 'ag', 'sa', 'plc', 'desk', 'committee', 'council', 'ministry', 'agency', 'association', 'club', 'church', 'street', 'avenue', 'road'].flatMap((w) => [w, w[0]!.toUpperCase() + w.slice(1)]),
);
const STRONG_WORDS = ['named', 'called', 'surnamed'];
/** Sign-offs: strong before a comma ("Regards, Ana"), weak otherwise. */
const SIGN_OFFS = ['signed', 'sincerely', 'regards', 'cheers', 'thanks', 'best', 'yours', 'love'];
const GREETINGS = ['dear', 'hi', 'hello', 'hey', 'ask', 'meet', 'met', "i'm", 'im'];

const CONTEXT_WORDS: ReadonlyMap<string, string> = new Map([
  ...TITLES.map((w) => [w, 'title'] as const),
  ...LABELS.map((w) => [w, 'label'] as const),
  ...WEAK_LABELS.map((w) => [w, 'weak'] as const),
  ...STRONG_WORDS.map((w) => [w, 'strong'] as const),
  ...SIGN_OFFS.map((w) => [w, 'signoff'] as const),
  ...GREETINGS.map((w) => [w, 'weak'] as const),
  ['is', 'is'],
  ['am', 'am'],
]);

function isNameLetter(c: number): boolean {
  return isLetter(c) || c === 39 || c === 0x2019;
}

/** The word ending just before `end` (letters and apostrophes), lower-cased, and where it starts. */
function wordBefore(text: string, end: number): [string, number] {
  let k = end;
  while (k > 0 && end - k < 16 && isNameLetter(text.charCodeAt(k - 1))) k--;
  return [text.slice(k, end).toLowerCase(), k];
}

/** Letters in the word ending at `end`, counting at most `max + 1`. */
function lettersBefore(text: string, end: number, max: number): number {
  let n = 0;
  while (n <= max && end - n > 0 && isNameLetter(text.charCodeAt(end - n - 1))) n++;
  return n;
}

/** What the words just before a capitalised word at p say about it. */
function contextBefore(text: string, p: number): Ctx {
  let k = p;
  while (k > 0 && p - k < 3 && text.charCodeAt(k - 1) === 32) k--;
  let punct = 0;
  const c = codeAt(text, k - 1);
  if (c === 58 || c === 44 || c === 0xff1a || c === 0xff0c) {
    punct = c === 0xff1a ? 58 : c === 0xff0c ? 44 : c;
    k--;
    while (k > 0 && text.charCodeAt(k - 1) === 32) k--;
  } else if (c === 46) {
    // "Mr." / "Dr.": only a title ends in a full stop here, and titles are short and capitalised;
    // a sentence's last word rarely is.
    k--;
    const n = lettersBefore(text, k, 6);
    if (n === 0 || n > 6 || !isUpper(text.charCodeAt(k - n))) return Ctx.None;
  } else if (!isLetter(c) || k === p) return Ctx.None;
  if (lettersBefore(text, k, 11) > 11) return Ctx.None;
  const [prev, ps] = wordBefore(text, k);
  if (prev === '') return Ctx.None;
  switch (CONTEXT_WORDS.get(prev)) {
    case 'title':
      return Ctx.Title;
    case 'label':
      return punct === 58 ? Ctx.Strong : Ctx.Weak;
    case 'strong':
      return Ctx.Strong;
    case 'signoff':
      return punct === 44 ? Ctx.Strong : Ctx.Weak;
    case 'weak':
      return Ctx.Weak;
    case 'is': {
      const [w] = wordBefore(text, Math.max(0, ps - 1));
      return w === 'name' ? Ctx.Strong : w === 'this' || w === 'it' ? Ctx.Weak : Ctx.None;
    }
    case 'am':
      return wordBefore(text, Math.max(0, ps - 1))[0] === 'i' ? Ctx.Weak : Ctx.None;
    default:
      return Ctx.None;
  }
}

/** End of a name-shaped word at p (O'Brien, Smith-Jones), or p when there is none. */
function wordEnd(text: string, p: number): number {
  let e = p + 1;
  for (;;) {
    const c = codeAt(text, e);
    if (isLower(c) || (isUpper(c) && e > p + 1 && isLower(codeAt(text, e - 1)) && e - p <= 3)) e++;
    else if ((c === 39 || c === 45 || c === 0x2019) && isLetter(codeAt(text, e + 1))) e += 2;
    else break;
  }
  return e;
}

interface Token {
  start: number;
  end: number;
  word: string;
}

/** Capitalised words after the one ending at e: "Garcia", "F. Kennedy", up to `max` more. */
function followingTokens(text: string, e: number, max: number): Token[] {
  const tokens: Token[] = [];
  let j = e;
  while (tokens.length < max && codeAt(text, j) === 32 && isUpper(codeAt(text, j + 1))) {
    const s = j + 1;
    // Middle initial "F. ".
    if (codeAt(text, s + 1) === 46 && codeAt(text, s + 2) === 32 && isUpper(codeAt(text, s + 3))) {
      j = s + 2;
      continue;
    }
    const end = wordEnd(text, s);
    if (end - s < 2 || isLetter(codeAt(text, end)) || isDigit(codeAt(text, end))) break;
    const word = text.slice(s, end);
    if (NOT_NAMES.has(word)) break;
    tokens.push({ start: s, end, word });
    j = end;
  }
  return tokens;
}

/** A name starting with the capitalised word [p, e): its end, or -1. */
function englishNameAt(text: string, p: number, e: number): { end: number; confidence: number } | -1 {
  const ctx = contextBefore(text, p);
  // Without context, a name is two capitalised words: most capitalised words (sentence starts) end here.
  if (ctx === Ctx.None && !(codeAt(text, e) === 32 && isUpper(codeAt(text, e + 1)))) return -1;
  const first = text.slice(p, e);
  if (NOT_NAMES.has(first)) return -1;
  const more = followingTokens(text, e, 2);
  const last = more[more.length - 1];
  const end = last ? last.end : e;
  // "Ops Team", "Acme Corp", "Baker Street": an organisation or place, not a person.
  if (codeAt(text, end) === 32 && isUpper(codeAt(text, end + 1)) && ORG_WORDS.has(text.slice(end + 1, wordEnd(text, end + 1)))) return -1;
  const given = FIRST.has(first);
  switch (ctx) {
    case Ctx.Title:
      return { end, confidence: 0.8 };
    case Ctx.Strong:
      return { end, confidence: 0.75 };
    case Ctx.Weak:
      if (given || (last !== undefined && SURNAMES.has(last.word)) || (FIRST_AMBIGUOUS.has(first) && more[0] !== undefined && SURNAMES.has(more[0].word)))
        return { end, confidence: more.length > 0 ? 0.7 : 0.55 };
      return -1;
    default: {
      const second = more[0];
      if (second === undefined) return -1;
      const known = given ? !FIRST.has(second.word) || SURNAMES.has(second.word) : FIRST_AMBIGUOUS.has(first) && SURNAMES.has(second.word);
      if (!known) return -1;
      // A third word only when it is a known surname ("Mary Ann Smith"), not the next sentence's subject.
      const third = more[1];
      const stop = third !== undefined && SURNAMES.has(third.word) ? third.end : second.end;
      return { end: stop, confidence: SURNAMES.has(second.word) ? 0.75 : 0.6 };
    }
  }
}

/** "my name is john smith": lower-case names are read only after this phrase, and only if the lexicon knows the given name. */
const LOWER_PHRASES = ['name is '];

function englishNames(text: string, out: Detection[]): void {
  // A fresh regex per call; test() with lastIndex avoids building a match array per word.
  const cap = /[A-Z][a-z'\u2019]/g;
  while (cap.test(text)) {
    const p = cap.lastIndex - 2;
    const b = codeAt(text, p - 1);
    if (isLetter(b) || isDigit(b) || b === 39) continue;
    const e = wordEnd(text, p);
    if (e - p > 15 || isDigit(codeAt(text, e))) continue;
    const found = englishNameAt(text, p, e);
    if (found === -1) continue;
    out.push(detection(NAME_CODE, p, found.end, found.confidence, 'medium'));
    cap.lastIndex = found.end;
  }
  for (const phrase of LOWER_PHRASES) {
    for (let k = text.indexOf(phrase); k !== -1; k = text.indexOf(phrase, k + 1)) {
      const s = k + phrase.length;
      if (!isLower(codeAt(text, s))) continue;
      const e = wordEnd(text, s);
      if (!FIRST.has(text.slice(s, e))) continue;
      let end = e;
      if (codeAt(text, e) === 32 && isLower(codeAt(text, e + 1))) {
        const e2 = wordEnd(text, e + 1);
        if (SURNAMES.has(text.slice(e + 1, e2))) end = e2;
      }
      out.push(detection(NAME_CODE, s, end, 0.6, 'medium'));
    }
  }
}

// ---- Chinese ----

const ZH_PREFIXES = [
  '我叫', '我是', '名叫', '叫做', '姓名', '联系人', '收件人', '收货人', '寄件人', '患者', '病人', '客户', '申请人', '法定代表人',
  '负责人', '经办人', '持卡人', '户主', '员工', '签名', '署名', '报案人', '委托人', '借款人', '担保人', '乘客', '住户', '学生',
];
const ZH_TITLES = ['先生', '女士', '小姐', '老师', '医生', '教授', '经理', '同学', '律师', '主任', '总监', '师傅', '院长', '局长', '处长', '科长', '部长', '书记', '厂长', '队长', '阿姨', '大夫'];
/** Characters that end a given name: particles, pronouns, time words, and what usually follows a name. */
const ZH_STOP = new Set([...'的是在了和与及或今说要想来去到从给把被让向对为也都就还很已会能可请您你我他她它们这那有没不年月日号电手身住家公岁等男女性今昨者们，。、；：！？']);
/** Characters that, before a name, are almost always words of their own even where they are also surnames. */
const ZH_FUNCTION = new Set([...'和与向给对于由被把让跟同及请找问叫是的为将说帮替']);
const ZH_TITLE_STARTS = new Set(ZH_TITLES.map((t) => t[0]!));

function zhGivenLength(text: string, i: number): number {
  let n = 0;
  while (n < 2) {
    const c = codeAt(text, i + n);
    if (!isHan(c) || ZH_STOP.has(text[i + n]!)) break;
    // A title right after the surname or first given character ends the name (王经理, 张伟先生).
    if (ZH_TITLE_STARTS.has(text[i + n]!) && ZH_TITLES.includes(text.slice(i + n, i + n + 2))) break;
    n++;
  }
  return n;
}

/** Name starting at i: surname from the lexicon, then one or two given-name characters. */
function zhNameAt(text: string, i: number): number {
  let surname = 0;
  if (ZH_COMPOUND.has(text.slice(i, i + 2))) surname = 2;
  else if (ZH_SINGLE.has(text[i] ?? '')) surname = 1;
  if (surname === 0) return 0;
  const given = zhGivenLength(text, i + surname);
  return given === 0 ? 0 : surname + given;
}

const ZH_PREFIX_SET: ReadonlySet<string> = new Set(ZH_PREFIXES);
/** What may sit between a label and the name: "姓名：", "【姓名】", "联系人是", "收件人 ". */
const ZH_AFTER_LABEL: ReadonlySet<string> = new Set([...':：】］])）= 是为']);
/** Context words by their first two characters as one number (every word has at least two; no string is built per lookup). */
const pairKey = (s: string, i: number): number => s.charCodeAt(i) * 0x10000 + s.charCodeAt(i + 1);
const ZH_BY_PAIR: ReadonlyMap<number, readonly string[]> = (() => {
  const map = new Map<number, string[]>();
  for (const w of [...ZH_PREFIXES, ...ZH_TITLES].sort((a, b) => b.length - a.length)) {
    const key = pairKey(w, 0);
    map.set(key, [...(map.get(key) ?? []), w]);
  }
  return map;
})();
const pairChars = (k: number): string => String.fromCharCode(Math.floor(k / 0x10000), k % 0x10000);
/**
 * Candidate positions: a character that starts a context word followed by one that can be its
 * second. A two-character class scans several times faster than a fifty-word alternation; the
 * map above confirms the word.
 */
const ZH_CONTEXT = new RegExp(
  `[${[...new Set([...ZH_BY_PAIR.keys()].map((k) => pairChars(k)[0]))].join('')}][${[...new Set([...ZH_BY_PAIR.keys()].map((k) => pairChars(k)[1]))].join('')}]`,
  'g',
);
const HAS_HAN = /[\u3400-\u9fff]/;

function chineseNames(text: string, out: Detection[]): void {
  if (!HAS_HAN.test(text)) return;
  // A copy of the shared regex per call (compiled code is shared, lastIndex is not); test() and
  // lastIndex build no match arrays.
  const re = new RegExp(ZH_CONTEXT);
  while (re.test(text)) {
    const c = re.lastIndex - 2;
    const words = ZH_BY_PAIR.get(pairKey(text, c));
    if (words === undefined) continue;
    let word: string | undefined;
    for (const w of words) if (w.length === 2 || text.startsWith(w, c)) word = word ?? w;
    if (word === undefined) continue;
    if (ZH_PREFIX_SET.has(word)) {
      let i = c + word.length;
      // "姓名：", "联系人是", "收件人 ".
      while (i < text.length && i - c < word.length + 3 && ZH_AFTER_LABEL.has(text[i]!)) i++;
      const len = zhNameAt(text, i);
      if (len > 0) out.push(detection(NAME_CODE, i, i + len, 0.75, 'medium'));
      continue;
    }
    // A title: look back for the name. Longest reading first: compound + 2, single + 2, compound + 1, single + 1.
    for (const [sl, gl] of [[2, 2], [1, 2], [2, 1], [1, 1]] as const) {
      const s = c - sl - gl;
      if (s < 0) continue;
      const surname = text.slice(s, s + sl);
      if (sl === 2 ? !ZH_COMPOUND.has(surname) : !ZH_SINGLE.has(surname) || ZH_FUNCTION.has(surname)) continue;
      if (zhGivenLength(text, s + sl) < gl) continue;
      out.push(detection(NAME_CODE, s, c, 0.7, 'medium'));
      break;
    }
  }
}

export function detectPersonNames(text: string): Detection[] {
  const out: Detection[] = [];
  englishNames(text, out);
  chineseNames(text, out);
  return out;
}

export const personNameDetector: Detector = { id: 'pii-person-name', kind: 'pii', codes: [NAME_CODE], detect: detectPersonNames };
