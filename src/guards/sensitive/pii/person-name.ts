import type { Detection, Detector } from '../types.js';
import { codeAt, detection, isDigit, isHan, isLatinLower, isLatinUpper, isLetter, isLower, isUpper } from './chars.js';
import { cellsInColumns, columnName } from './columns.js';
import { EN_FIRST_NAMES, EN_FIRST_NAMES_AMBIGUOUS, EN_NOT_NAMES, EN_SURNAMES, ZH_NOT_NAMES, ZH_PROVINCES, ZH_SURNAMES_COMPOUND, ZH_SURNAMES_SINGLE } from './lexicons.generated.js';

/**
 * Person names, English and Chinese, from context and lexicons (data/lexicons). Names have no
 * checksum; this detector keeps precision high and reports its recall as measured.
 *
 * English, one scan over capitalised words, each judged by the word before it: a title (Mr., Dr.)
 * or a strong phrase ("my name is", "Name:", "Regards,") takes the capitalised words after it; a
 * weak phrase ("I am", "Hi", "patient", "CEO") needs a known given name, a known surname or a full
 * name; with no context, a known given name followed by a capitalised surname ("Maria Garcia").
 * Chinese, one scan for context words: a surname from the lexicon and one or two characters after
 * a label (我叫, 姓名, 联系人, 收件人, 患者, 客户 …; after the strongest labels any delimited
 * two or three characters), before a title (先生, 女士, 老师 …) or after an occupational one
 * (医生钟南山), or before a person verb (签字, 请假 …) where the name is delimited on the left.
 */
export const NAME_CODE = 'PII_PERSON_NAME';

/** Lexicons hold lower case; names in text are capitalised, so both forms are kept (no toLowerCase per word). */
function withCapitalised(words: readonly string[]): ReadonlySet<string> {
  return new Set(words.flatMap((w) => [w, ...capitalised(w)]));
}

/**
 * As a name is written: the first letter and the letter after a hyphen or an apostrophe
 * capitalised (O'Brien, Jean-Pierre), and for Mc and Mac both McDonald and Mcdonald, MacLeod and
 * Macleod.
 */
function capitalised(w: string): string[] {
  const up = (s: string, i: number): string => s.slice(0, i) + s.charAt(i).toUpperCase() + s.slice(i + 1);
  const out = up(w, 0).replace(/[-'\u2019][a-z]/g, (m) => m.toUpperCase());
  if (w.startsWith('mc') && w.length > 4) return [out, up(out, 2)];
  if (w.startsWith('mac') && w.length > 5) return [out, up(out, 3)];
  return [out];
}
const FIRST: ReadonlySet<string> = withCapitalised(EN_FIRST_NAMES);
const FIRST_AMBIGUOUS: ReadonlySet<string> = withCapitalised(EN_FIRST_NAMES_AMBIGUOUS);
const SURNAMES: ReadonlySet<string> = withCapitalised(EN_SURNAMES);
const NOT_NAMES: ReadonlySet<string> = withCapitalised(EN_NOT_NAMES);
const ZH_SINGLE: ReadonlySet<string> = new Set(ZH_SURNAMES_SINGLE);
const ZH_COMPOUND: ReadonlySet<string> = new Set(ZH_SURNAMES_COMPOUND);
const ZH_WORDS: ReadonlySet<string> = new Set(ZH_NOT_NAMES);

// ---- English ----

/**
 * What the words before a capitalised word say: nothing, a title (Mr., Dr.), a strong phrase
 * ("Name:", "my name is", "Sincerely,"), a weak one ("I am", "Hi") or a role ("CEO") that needs
 * the lexicons or a full name, or a person label without a colon ("patient Ana Lima").
 */
const Ctx = { None: 0, Title: 1, Strong: 2, Weak: 3, Role: 4, Label: 5 } as const;
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
/** Roles written before a name ("CEO Satya Nadella"): weak, a full name or a known given name is needed. */
const ROLES = [
  'ceo', 'cto', 'cfo', 'coo', 'president', 'director', 'chairman', 'chairwoman', 'senator', 'governor', 'judge', 'officer', 'captain',
  'coach', 'agent', 'detective', 'sergeant', 'minister', 'ambassador', 'mayor', 'professor', 'nurse', 'doctor', 'rep', 'representative',
];

const CONTEXT_WORDS: ReadonlyMap<string, string> = new Map([
  ...TITLES.map((w) => [w, 'title'] as const),
  ...LABELS.map((w) => [w, 'label'] as const),
  ...WEAK_LABELS.map((w) => [w, 'weak'] as const),
  ...STRONG_WORDS.map((w) => [w, 'strong'] as const),
  ...SIGN_OFFS.map((w) => [w, 'signoff'] as const),
  ...GREETINGS.map((w) => [w, 'weak'] as const),
  ...ROLES.map((w) => [w, 'role'] as const),
  ['is', 'is'],
  ['am', 'am'],
]);

/**
 * Length, first and last letter of every context word, as bits (one per length) in a table over
 * (first, last): most words before a capitalised word are none of these, and are turned away
 * without building a lower-cased copy of the word.
 */
const CONTEXT_SHAPES: Uint16Array = (() => {
  const table = new Uint16Array(128 * 128);
  for (const w of CONTEXT_WORDS.keys()) {
    const k = w.charCodeAt(0) * 128 + w.charCodeAt(w.length - 1);
    if (w.length < 16) table[k] = table[k]! | (1 << w.length);
  }
  return table;
})();

/** Whether the letters [start, end) may spell a context word, in any case. */
function mayBeContextWord(text: string, start: number, end: number): boolean {
  const n = end - start;
  if (n < 1 || n >= 16) return false;
  let f = text.charCodeAt(start);
  let l = text.charCodeAt(end - 1);
  if (f >= 128 || l >= 128) return false;
  if (isUpper(f)) f |= 0x20;
  if (isUpper(l)) l |= 0x20;
  return (CONTEXT_SHAPES[f * 128 + l]! & (1 << n)) !== 0;
}

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
function isGap(c: number): boolean {
  return c === 32 || c === 10 || c === 13 || c === 9;
}

function contextBefore(text: string, p: number): Ctx {
  let k = p;
  // "Regards,\nAna Lima": a line break counts as the space after a sign-off or a label.
  while (k > 0 && p - k < 3 && isGap(text.charCodeAt(k - 1))) k--;
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
  const letters = lettersBefore(text, k, 11);
  if (letters > 11 || !mayBeContextWord(text, k - letters, k)) return Ctx.None;
  const [prev, ps] = wordBefore(text, k);
  if (prev === '') return Ctx.None;
  switch (CONTEXT_WORDS.get(prev)) {
    case 'title':
      return Ctx.Title;
    case 'label':
      return punct === 58 ? Ctx.Strong : Ctx.Label;
    case 'strong':
      return Ctx.Strong;
    case 'signoff':
      return punct === 44 || (punct === 58 && (prev === 'signed' || prev === 'e-signed')) ? Ctx.Strong : Ctx.Weak;
    case 'weak':
      return Ctx.Weak;
    case 'role':
      return Ctx.Role;
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

/** End of a name-shaped word at p (O'Brien, Smith-Jones, Renée), or p when there is none. */
function wordEnd(text: string, p: number): number {
  let e = p + 1;
  for (;;) {
    const c = codeAt(text, e);
    // Latin Extended-A inside a word (Błaszczyk, Dvořák) continues it.
    if (isLatinLower(c) || (c >= 0x100 && c <= 0x17f) || (isUpper(c) && e > p + 1 && isLower(codeAt(text, e - 1)) && e - p <= 3)) e++;
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
    case Ctx.Label:
      if (given || (last !== undefined && SURNAMES.has(last.word)) || (FIRST_AMBIGUOUS.has(first) && more[0] !== undefined && SURNAMES.has(more[0].word)))
        return { end, confidence: more.length > 0 ? 0.7 : 0.55 };
      // A person label ("Employee Marisol Fairweather") before a full name needs no lexicon.
      if (ctx === Ctx.Label && more.length > 0) return { end, confidence: 0.6 };
      return -1;
    case Ctx.Role:
      if (more.length > 0 || given) return { end, confidence: 0.65 };
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
const LOWER_PHRASES: readonly { phrase: string; tail: string }[] = [{ phrase: 'name is ', tail: 'me is ' }];

/** Name letters as a regex class (isNameLetter). */
const NAME_LETTER = String.raw`[A-Za-z'\u2019]`;
/**
 * What a sentence-opening capital follows: a full stop and up to three gaps after a word that is
 * no title (empty, seven letters or more, or not capitalised): contextBefore() reads no context
 * there, exactly as it reads it.
 */
const AFTER_SENTENCE = String.raw`(?:(?:^|[^A-Za-z'\u2019])(?:[a-z'\u2019]${NAME_LETTER}{0,5})?|${NAME_LETTER}{7})\.[ \n\r\t]{0,3}`;
/**
 * Capitals that can open a name: at a word start (the lookbehind drops capitals inside a word:
 * McDonald, base64 keys), before a lower-case letter, and either followed by another capitalised
 * word (a superset of what wordEnd() reads) or not opening a sentence. Sentence openers are most
 * capitals in prose, and without context a name needs two capitalised words, so englishNameAt()
 * would turn them away one by one; the regex does it in native code, without a call back here.
 * The match stays one character long (lastIndex is the capital's end).
 */
const CAPITAL = new RegExp(String.raw`[A-Z](?<![A-Za-z0-9'].)(?=[a-z'\u2019])(?:(?=[A-Za-z'\u2019-]* [A-Z])|(?<!${AFTER_SENTENCE}.))`, 'g');

/**
 * "O. Lindgren", "Signed: G. Petrov": an initial before the capitalised word [p, e), which counts
 * when the word is a known surname or a label or title stands before the initial. Returns where
 * the name starts (the initial), or -1.
 */
function initialAndSurname(text: string, p: number, e: number): number {
  let i = p - 3;
  if (i < 0 || text.charCodeAt(p - 1) !== 32 || text.charCodeAt(p - 2) !== 46 || !isUpper(text.charCodeAt(i)) || isLetter(codeAt(text, i - 1))) return -1;
  // A second initial before the first ("G. S. D'Souza", "L. U. Delacroix").
  if (i >= 3 && text.charCodeAt(i - 1) === 32 && text.charCodeAt(i - 2) === 46 && isUpper(text.charCodeAt(i - 3)) && !isLetter(codeAt(text, i - 4))) i -= 3;
  if (SURNAMES.has(text.slice(p, e))) return i;
  const ctx = contextBefore(text, i);
  return ctx === Ctx.Strong || ctx === Ctx.Title || ctx === Ctx.Label ? i : -1;
}

/** Common Chinese surnames in pinyin (not those that are English words: He, Ma, An, Yi, Lu, Du, Fu, Long). */
const PINYIN_SURNAMES: ReadonlySet<string> = new Set(
  (
    'wang zhang li liu chen yang huang zhao wu zhou xu sun zhu hu guo lin luo zheng liang xie song tang han feng deng cao peng zeng ' +
    'xiao tian dong yuan pan jiang cai ye cheng su wei lyu ding ren shen yao cui zhong tan jin liao jia xia fang zou meng xiong qin ' +
    'qiu xue yan duan lei hou tao gu mao hao gong shao qian dai kong xiang chang wen kang niu xing qiao pang zhuang nie yue zhai ' +
    'zhan geng guan jiao zuo bao ning ruan mei tong ling huo miao sheng weng ouyang sima zhuge shangguan murong situ xiahou yuchi ' +
    'dongfang huangfu gongsun'
  ).split(' '),
);
/** One toneless pinyin syllable: an optional initial and a final. */
const PINYIN_SYLLABLE = '(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?(?:iang|iong|uang|ang|eng|ing|ong|ian|iao|uai|uan|ai|ei|ao|ou|an|en|in|un|ia|ie|iu|ua|uo|ui|ue|er|a|o|e|i|u|v)';
/** A given name: one to three syllables run together (Xiaoming, Zihan). */
const PINYIN_GIVEN = new RegExp(`^(?:${PINYIN_SYLLABLE}){1,3}$`);
/** A word that reads as a single syllable: after a surname, too often an English word ("Long", "Tang"). */
const PINYIN_ONE = new RegExp(`^${PINYIN_SYLLABLE}$`);

/**
 * "WANG Xiaoming", "Zhou Mingyu", "OUYANG Zihan": a Chinese name in pinyin, the surname first (in
 * capitals or capitalised) and the given name capitalised at [p, e). The surname must be one of
 * the common ones and the given name two or three syllables of pinyin ("Long Island", "Tang
 * Dynasty" are no names). Returns the surname's start, or -1.
 */
function pinyinSurnameBefore(text: string, p: number, e: number): number {
  if (p < 3 || text.charCodeAt(p - 1) !== 32) return -1;
  let s = p - 1;
  while (s > 0 && s > p - 12 && (isLatinUpper(text.charCodeAt(s - 1)) || isLatinLower(text.charCodeAt(s - 1)))) s--;
  if (p - 1 - s < 2 || isLetter(codeAt(text, s - 1)) || !isLatinUpper(text.charCodeAt(s))) return -1;
  if (!PINYIN_SURNAMES.has(text.slice(s, p - 1).toLowerCase())) return -1;
  const given = text.slice(p, e).toLowerCase();
  return given.length >= 4 && PINYIN_GIVEN.test(given) && !PINYIN_ONE.test(given) ? s : -1;
}

/**
 * "HADDAD, Priya", "O'ROURKE, Grace": a surname in capitals, a comma, then the given name at [p, e),
 * as records, charts and ledgers write a person. Both words must be in the lexicons, so a heading
 * in capitals before a capitalised word ("NOTE, Please") is no name. Returns the surname's start, or -1.
 */
function capsSurnameBefore(text: string, p: number, e: number): number {
  if (p < 4 || text.charCodeAt(p - 1) !== 32 || text.charCodeAt(p - 2) !== 44) return -1;
  let s = p - 2;
  while (s > 0 && s > p - 24) {
    const c = text.charCodeAt(s - 1);
    if (!(isLatinUpper(c) || c === 39 || c === 0x2019 || c === 45)) break;
    s--;
  }
  if (p - 2 - s < 2 || isLetter(codeAt(text, s - 1)) || !isLatinUpper(text.charCodeAt(s))) return -1;
  const given = text.slice(p, e);
  return (FIRST.has(given) || FIRST_AMBIGUOUS.has(given)) && knownLatinWord(text.slice(s, p - 2)) ? s : -1;
}

/** Verbs of speech after a person's name ("Camille replied:", "Hamish wrote"). */
const SPEECH_AFTER = / (?:replied|said|says|wrote|writes|asked|asks|commented|answered|added|responded|mentioned|noted|confirmed)\b/y;

/**
 * A known given name or surname alone, where the words around it say it is a person: a verb of
 * speech after it, or "by" before it ("deactivated by Priya", "approved by Okafor").
 */
function singleNameCue(text: string, p: number, e: number): boolean {
  // The cue first (a few character tests), the lexicon only where one stands.
  const by = text.charCodeAt(p - 1) === 32 && (text.charCodeAt(p - 2) | 0x20) === 0x79 && (text.charCodeAt(p - 3) | 0x20) === 0x62 && !isLetter(codeAt(text, p - 4));
  if (!by) {
    if (text.charCodeAt(e) !== 32) return false;
    SPEECH_AFTER.lastIndex = e;
    if (!SPEECH_AFTER.test(text)) return false;
  }
  const word = text.slice(p, e);
  return FIRST.has(word) || SURNAMES.has(word);
}

function englishNames(text: string, out: Detection[]): void {
  // Module-level; lastIndex is set before every use (detection is synchronous). test() with
  // lastIndex avoids building a match array per word.
  const cap = CAPITAL;
  cap.lastIndex = 0;
  while (cap.test(text)) {
    const p = cap.lastIndex - 1;
    const e = wordEnd(text, p);
    if (e - p > 15 || isDigit(codeAt(text, e))) continue;
    const found = englishNameAt(text, p, e);
    if (found === -1) {
      const initial = initialAndSurname(text, p, e);
      if (initial !== -1) out.push(detection(NAME_CODE, initial, e, 0.6, 'medium'));
      else if (singleNameCue(text, p, e)) out.push(detection(NAME_CODE, p, e, 0.55, 'medium'));
      else {
        // A surname written before the given name at p: "HADDAD, Priya", then "WANG Xiaoming".
        const caps = capsSurnameBefore(text, p, e);
        const start = caps !== -1 ? caps : pinyinSurnameBefore(text, p, e);
        if (start !== -1) out.push(detection(NAME_CODE, start, e, caps !== -1 ? 0.7 : 0.65, 'medium'));
      }
      continue;
    }
    out.push(detection(NAME_CODE, p, found.end, found.confidence, 'medium'));
    cap.lastIndex = found.end;
  }
  for (const { phrase, tail } of LOWER_PHRASES) {
    // Searched from a rarer letter than its first (the tail): indexOf stops at every occurrence of
    // its first character.
    const from = phrase.length - tail.length;
    for (let j = text.indexOf(tail, from); j !== -1; j = text.indexOf(tail, j + 1)) {
      const k = j - from;
      if (!text.startsWith(phrase, k)) continue;
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
  '参保人', '当事人', '被保险人', '投保人', '受益人', '收款人', '付款人', '汇款人', '开户人', '户名', '领款人', '证人', '原告', '被告',
  '嫌疑人', '入住人', '承租人', '出租人', '发件人', '代理人', '监护人', '业主', '持有人', '联络人', '对接人', '报销人', '就诊人',
  '本人', '签字', '经营者', '操作人', '申报人', '填表人', '审批人', '审核人', '记录人', '值班人', '授权人', '出借人', '债务人', '债权人',
  '买家', '卖家', '房东', '租客', '店主', '家属', '司机', '实习生', '我妈', '我爸', '我妈妈', '我爸爸', '我哥', '我姐', '我弟', '我妹',
  '我老婆', '我老公', '我爱人', '我丈夫', '我妻子', '我儿子', '我女儿', '母亲', '父亲', '客服', '乙方', '用户', '职工', '兹证明',
  // Blind set 6: a physician's signature, a hotel guest, a notice's greeting, a resident writing in.
  '医师', '主治医师', '宾客', '尊敬的', '居民',
];
const ZH_TITLES = ['先生', '女士', '小姐', '老师', '医生', '教授', '经理', '同学', '律师', '主任', '总监', '师傅', '院长', '局长', '处长', '科长', '部长', '书记', '厂长', '队长', '阿姨', '大夫', '妈妈', '爸爸', '家长'];
/** Characters that end a given name: particles, pronouns, time words, and what usually follows a name. */
const ZH_STOP = new Set([...'的是在了和与及或今说要想来去到从给把被让向对为也都就还很已会能可请您你我他她它们这那有没不年月日号电手身住家公岁等男女性今昨者们局部厅院所处司会社委办厂店馆站校省市县镇村路街，。、；：！？']);
/** Characters that, before a name, are almost always words of their own even where they are also surnames. */
const ZH_FUNCTION = new Set([...'和与向给对于由被把让跟同及请找问叫是的为将说帮替受了']);
const ZH_TITLE_STARTS = new Set(ZH_TITLES.map((t) => t[0]!));
/** Occupational titles, also written before the name ("主治医生钟南山", "经理王芳"). */
const ZH_TITLES_BEFORE: ReadonlySet<string> = new Set(['老师', '医生', '教授', '经理', '律师', '主任', '总监', '院长', '局长', '处长', '科长', '部长', '书记', '厂长', '队长', '大夫', '同学']);
/**
 * Verbs that take a person as subject ("由周杰伦签字", "王小明请假了"). Weak evidence: the name
 * must also start after punctuation, the text start, or a function word (由, 和, 让 …).
 */
const ZH_PERSON_VERBS = [
  '签字', '签名', '签收', '请假', '辞职', '入职', '离职', '出差', '来电', '致电', '投诉', '报名', '缺席', '到场', '发言', '主持', '回复', '委托',
  // A person's own contact details ("是崔然的新号码", "给陈伟的电话").
  '的手机', '的电话', '的联系方式', '的号码', '的新号码', '的微信', '的邮箱', '的身份证', '的委托',
  // A greeting to the person named ("罗若欢您好").
  '您好',
];
const ZH_VERB_SET: ReadonlySet<string> = new Set(ZH_PERSON_VERBS);

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
  if (ZH_WORDS.has(text.slice(i, i + 2))) return 0;
  let surname = 0;
  if (ZH_COMPOUND.has(text.slice(i, i + 2))) surname = 2;
  else if (ZH_SINGLE.has(text[i] ?? '')) surname = 1;
  if (surname === 0) return 0;
  const given = zhGivenLength(text, i + surname);
  return given === 0 ? 0 : surname + given;
}

const ZH_PREFIX_SET: ReadonlySet<string> = new Set(ZH_PREFIXES);
/** What may sit between a label and the name: "姓名：", "【姓名】", "联系人是", "收件人 ". */
const ZH_AFTER_LABEL: ReadonlySet<string> = new Set([...':：】］])）= 是为甲乙丙丁']);
/** Context words by their first two characters as one number (every word has at least two; no string is built per lookup). */
const pairKey = (s: string, i: number): number => s.charCodeAt(i) * 0x10000 + s.charCodeAt(i + 1);
const ZH_BY_PAIR: ReadonlyMap<number, readonly string[]> = (() => {
  const map = new Map<number, string[]>();
  for (const w of [...ZH_PREFIXES, ...ZH_TITLES, ...ZH_PERSON_VERBS].sort((a, b) => b.length - a.length)) {
    const key = pairKey(w, 0);
    map.set(key, [...(map.get(key) ?? []), w]);
  }
  return map;
})();
/**
 * First and second characters of context words, as two bit sets over the CJK block (built once,
 * read only): the candidate positions for the map above. On the Chinese half of the bench corpus
 * a table scan costs ~1 µs per text where a [first](?=[second]) regex costs ~3 µs. Bits over the
 * block rather than a byte per code unit: 5 KB of tables where 64 KB were read in scattered places.
 * First characters include common ones (大, 小, 出, 来, 学 …) and a pair key above 2^31 is a heap
 * number, so both bits are checked before the map is read.
 */
const ZH_BASE = 0x4e00;
const ZH_SPAN = 0xa000 - ZH_BASE;
const [ZH_FIRST, ZH_SECOND] = (() => {
  const first = new Int32Array((ZH_SPAN + 31) >> 5);
  const second = new Int32Array((ZH_SPAN + 31) >> 5);
  const set = (bits: Int32Array, c: number): void => {
    const k = c - ZH_BASE;
    if (k < 0 || k >= ZH_SPAN) throw new Error(`context character U+${c.toString(16)} outside the CJK block`);
    bits[k >> 5] = bits[k >> 5]! | (1 << (k & 31));
  };
  for (const key of ZH_BY_PAIR.keys()) {
    set(first, Math.floor(key / 0x10000));
    set(second, key % 0x10000);
  }
  return [first, second];
})();

/** Bit 1: c opens a context word; bit 2: c is the second character of one. */
function zhPairBits(c: number): number {
  const k = c - ZH_BASE;
  if (k < 0 || k >= ZH_SPAN) return 0;
  return ((ZH_FIRST[k >> 5]! >>> (k & 31)) & 1) | (((ZH_SECOND[k >> 5]! >>> (k & 31)) & 1) << 1);
}
const HAS_HAN = /[\u3400-\u9fff]/;

/** Called only for texts holding Han characters (detectPersonNames tests that once). */
function chineseNames(text: string, out: Detection[]): void {
  // Every context word is two code units or more, so it holds an odd position as its first or its
  // second unit: one table lookup per two units finds every candidate, in order. A regex object
  // built per call costs more on text this short (a kilobyte of Chinese is ~350 units).
  const last = text.length - 1;
  for (let j = 1; j <= last; j += 2) {
    const bits = zhPairBits(text.charCodeAt(j));
    if (bits === 0) continue;
    if ((bits & 2) !== 0 && (zhPairBits(text.charCodeAt(j - 1)) & 1) !== 0) contextWordAt(text, j - 1, out);
    if ((bits & 1) !== 0 && j < last && (zhPairBits(text.charCodeAt(j + 1)) & 2) !== 0) contextWordAt(text, j, out);
  }
}

/** A context word may open at c (its first two units are a known pair): reads the name it points at. */
function contextWordAt(text: string, c: number, out: Detection[]): void {
  const words = ZH_BY_PAIR.get(pairKey(text, c));
  if (words === undefined) return;
  let word: string | undefined;
  for (const w of words) if (w.length === 2 || text.startsWith(w, c)) word = word ?? w;
  if (word === undefined) return;
  if (ZH_PREFIX_SET.has(word)) {
    // 用户名 and 账户名 hold 户名 (an account holder's name) but name a login.
    if (word === '户名' && (text[c - 1] === '用' || text[c - 1] === '账')) return;
    let i = c + word.length;
    // "姓名：", "联系人是", "收件人 ".
    while (i < text.length && i - c < word.length + 3 && ZH_AFTER_LABEL.has(text[i]!)) i++;
    let len = zhNameAt(text, i);
    if (len === 0 && ZH_LABELS.has(word)) len = delimitedName(text, i) || latinNameAfterLabel(text, i);
    if (len > 0) {
      out.push(detection(NAME_CODE, i, i + len, 0.75, 'medium'));
      return;
    }
    // A word that is also a verb ("签字：袁明杰", "袁明杰签字") reads the name before it.
    if (!ZH_VERB_SET.has(word)) return;
  }
  // A title before a name that stands on its own ("班主任贺文琪，"): the name after it.
  if (ZH_TITLES_BEFORE.has(word)) {
    const i = c + word.length;
    const len = zhNameAt(text, i);
    if (len > 0 && (!isHan(codeAt(text, i + len)) || ZH_STOP.has(text[i + len]!))) {
      out.push(detection(NAME_CODE, i, i + len, 0.65, 'medium'));
      return;
    }
  }
  // A title or a verb: look back for the name.
  const verb = ZH_VERB_SET.has(word);
  if (nameBefore(text, c, verb, out)) return;
  if (ZH_TITLES_BEFORE.has(word)) {
    const i = c + word.length;
    const len = zhNameAt(text, i);
    if (len > 0) out.push(detection(NAME_CODE, i, i + len, 0.65, 'medium'));
  }
}

/** Labels that are only ever followed by a person's name: a surname outside the lexicon is accepted after them. */
const ZH_LABELS: ReadonlySet<string> = new Set([
  '姓名', '联系人', '收件人', '收货人', '寄件人', '患者', '申请人', '法定代表人', '负责人', '经办人', '持卡人', '户主', '我叫', '名叫',
  '参保人', '当事人', '收款人', '付款人', '汇款人', '开户人', '户名', '被保险人', '投保人', '受益人', '入住人', '承租人', '发件人',
  '监护人', '联络人', '对接人', '就诊人', '经营者', '兹证明',
]);

/** Two or three capitalised Latin words, accents allowed: a full name's shape where a label or a value vouches for it. */
const LATIN_FULL_NAME = String.raw`[A-Z][a-zà-öø-ÿ'’-]+(?: [A-Z][a-zà-öø-ÿ'’-]+){1,2}(?![A-Za-zà-öø-ÿ])`;
const LATIN_NAME_AFTER_LABEL = new RegExp(LATIN_FULL_NAME, 'y');

/** A Latin full name right after a Chinese label ("收件人：Ophelia Gallagher"): two or three capitalised words. */
function latinNameAfterLabel(text: string, i: number): number {
  LATIN_NAME_AFTER_LABEL.lastIndex = i;
  return LATIN_NAME_AFTER_LABEL.test(text) ? LATIN_NAME_AFTER_LABEL.lastIndex - i : 0;
}

/**
 * An English field name before a Chinese name: `"realName":"史磊"`, `Contact person: 史嘉琴`,
 * `receiver=许锋`. Found from the separator (a cheap single-character search), then the label is
 * read back from it.
 */
const HAN_AFTER_SEPARATOR = /[:：=]\s{0,2}["'“]?(?=[\u4e00-\u9fff]{2,3}(?:["'”\s,，;；)）\]}、(（]|$))/g;
const EN_LABEL_BEFORE = /(?:^|[^a-z])(?:real[ _]?name|full[ _]?name|name|receiver(?:[ _]?name)?|recipient(?:[ _]?name)?|contact(?:[ _]?(?:person|name))?|customer(?:[ _]?name)?|user[ _]?name|holder|payee|applicant|patient|driver|tenant|employee|attendee|sender(?:[ _]?name)?|consignee|passenger|guest|legal[ _]?(?:person|representative|rep)|representative|approver|assignee|reviewer|signer|operator|handler)["']?\s{0,2}$/i;

function hanNamesAfterEnglishLabels(text: string, out: Detection[]): void {
  if (text.indexOf(':') < 0 && text.indexOf('：') < 0 && text.indexOf('=') < 0) return;
  HAN_AFTER_SEPARATOR.lastIndex = 0;
  for (let m = HAN_AFTER_SEPARATOR.exec(text); m !== null; m = HAN_AFTER_SEPARATOR.exec(text)) {
    if (!EN_LABEL_BEFORE.test(text.slice(Math.max(0, m.index - 24), m.index))) continue;
    const i = m.index + m[0].length;
    const len = zhNameAt(text, i) || delimitedName(text, i);
    if (len > 0) out.push(detection(NAME_CODE, i, i + len, 0.75, 'medium'));
  }
}

/** Characters no given name holds: particles and pronouns (ZH_STOP also ends names at 家, 公, 电, 可 …, which given names do hold: 罗家豪, 诸葛可馨). */
const ZH_PARTICLES = new Set([...'的是在了和与及或也都就还很已会请您你我他她它们这那有没不，。、；：！？']);

/** Two to four Han characters standing alone ("联系人：晁刚，", "被保险人贺家轩，"), none of them a particle or a place word. */
function delimitedName(text: string, i: number): number {
  // A label after a label ("患者姓名：") is the field name, not the person.
  if (ZH_BY_PAIR.has(pairKey(text, i))) return 0;
  if (!isHan(codeAt(text, i)) || ZH_STOP.has(text[i]!)) return 0;
  let n = 1;
  while (n < 5 && isHan(codeAt(text, i + n)) && !ZH_PARTICLES.has(text[i + n]!)) n++;
  // Four characters too: Tibetan and Mongolian names have no surname (次仁旺堆, 乌兰图雅).
  if (n < 2 || n > 4) return 0;
  // Delimited by punctuation, a digit or the end, never by more text ("申请人证件号码" is no name).
  if (isHan(codeAt(text, i + n))) return 0;
  return ZH_WORDS.has(text.slice(i, i + 2)) ? 0 : n;
}

/** Where a name may start after a verb's evidence alone: after punctuation, the start, or a function word. */
function openBefore(text: string, s: number): boolean {
  const p = codeAt(text, s - 1);
  return p === -1 || !isHan(p) || ZH_FUNCTION.has(text[s - 1]!);
}

/** Surname and given-name lengths tried before a title or verb, longest first (built once, not per call). */
const SURNAME_GIVEN_LENGTHS = [
  [2, 2],
  [1, 2],
  [2, 1],
  [1, 1],
] as const;

/** A name ending at `end` (before a title or verb). Longest reading first: compound + 2, single + 2, compound + 1, single + 1. */
function nameBefore(text: string, end: number, verb: boolean, out: Detection[]): boolean {
  for (const [sl, gl] of SURNAME_GIVEN_LENGTHS) {
    const s = end - sl - gl;
    if (s < 0) continue;
    const surname = text.slice(s, s + sl);
    if (sl === 2 ? !ZH_COMPOUND.has(surname) : !ZH_SINGLE.has(surname) || ZH_FUNCTION.has(surname)) continue;
    if (zhGivenLength(text, s + sl) < gl) continue;
    if (gl === 1 && sl === 1 && ZH_WORDS.has(text.slice(s, s + 2))) continue;
    if (verb && !openBefore(text, s)) continue;
    out.push(detection(NAME_CODE, s, end, verb ? 0.6 : 0.7, 'medium'));
    return true;
  }
  return false;
}

/**
 * What may open a line before a name: a list number ("1. ", "2、", "（3）"), a bullet, or a tag
 * ("[微信] ", "【提醒】").
 */
const LINE_OPENER = /[ \t]*(?:\d{1,3}[.、)）][ \t]?|[（(]\d{1,3}[)）][ \t]?|[-*•·][ \t]?|\[[^\]\n]{1,12}\][ \t]?|【[^】\n]{1,12}】[ \t]?)?/y;
/**
 * A chat or log line's time, and the sender's role or unit before a dash ("2025-09-27 14:02 物业-",
 * "[13:19:14] ", "07/22/2024 16:07 - "): what follows it, up to a colon, is who wrote the line.
 */
const CHAT_TIME = /[ \t]*(?:\d{4}[-/.]\d{1,2}[-/.]\d{1,2}[ T]|\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4},?[ T])?\[?\d{1,2}:\d{2}(?::\d{2})?\]?(?:[ \t]?[-–—][ \t]?|[ \t]+)(?:[\u4e00-\u9fff0-9A-Za-z]{1,8}[-–—])?/y;
/** A Latin speaker after a chat time: one to three capitalised words, then a colon or a bracketed role and a colon. */
const LATIN_SPEAKER = /[A-Z][a-z\u00df-\u00ff'\u2019-]+(?: [A-Z][a-z\u00df-\u00ff'\u2019-]+){0,2}(?=:| \([^)\n]{1,40}\):)/y;
/** Senders that are no person. */
const NOT_SPEAKERS: ReadonlySet<string> = new Set(['System', 'Bot', 'User', 'Agent', 'Me', 'You', 'Admin', 'Support', 'Customer', 'Assistant', 'Guest', 'Note', 'Error', 'Warning', 'Info', 'Debug', 'Server', 'Client', 'Host', 'Moderator', 'Operator', 'Staff', 'Team', 'Service']);

/** The sender of a chat line that opens with its time ("15:54 丁楠怡：收到", "[16:40:18] Leilani (Support): Thanks"). */
function chatSpeaker(text: string, line: number, out: Detection[]): void {
  CHAT_TIME.lastIndex = line;
  if (CHAT_TIME.exec(text) === null) return;
  const i = CHAT_TIME.lastIndex;
  if (isHan(codeAt(text, i))) {
    if (ZH_BY_PAIR.has(pairKey(text, i))) return;
    const len = zhNameAt(text, i);
    const after = text[i + len];
    if (len > 0 && (after === '：' || after === ':')) out.push(detection(NAME_CODE, i, i + len, 0.6, 'medium'));
    return;
  }
  if (text.charCodeAt(i) === 60) {
    // IRC and log style: "[14:00] <liam patel> …"; the lexicon must know a word of it.
    const close = text.indexOf('>', i + 1);
    const nick = close === -1 || close - i > 32 ? '' : text.slice(i + 1, close);
    if (/^[A-Za-z\u00c0-\u00ff][A-Za-z\u00c0-\u00ff'\u2019-]*(?: [A-Za-z\u00c0-\u00ff][A-Za-z\u00c0-\u00ff'\u2019-]*)?$/.test(nick) && nick.split(' ').some((w) => knownLatinWord(w))) {
      out.push(detection(NAME_CODE, i + 1, close, 0.6, 'medium'));
    }
    return;
  }
  LATIN_SPEAKER.lastIndex = i;
  const m = LATIN_SPEAKER.exec(text);
  if (m !== null && !NOT_SPEAKERS.has(m[0]) && !NOT_NAMES.has(m[0].toLowerCase())) out.push(detection(NAME_CODE, i, i + m[0].length, 0.6, 'medium'));
}
/** A time after a sender's name at a line's start: "夏侯洋 22:39", "joaquín  09:30", "周少华：17:14". */
const TIME_AFTER_NAME = /(?:[ \t]{1,3}|[：:][ \t]?)\d{1,2}:\d{2}(?::\d{2})?(?![\d:])/y;
/** A Latin sender before a time: one or two words, any case (Slack shows "joaquín"). */
const LATIN_SENDER = /[A-Za-z\u00c0-\u00ff][a-z\u00df-\u00ff'\u2019-]+(?: [A-Z\u00c0-\u00de][a-z\u00df-\u00ff'\u2019-]+)?/y;

/** The sender of a chat line that opens with the name and then the time (Slack, WeChat exports). */
function senderBeforeTime(text: string, line: number, out: Detection[]): void {
  // The time's colon stands within a name's length of the line's start: most lines have none there.
  let colon = line;
  const limit = Math.min(text.length, line + SENDER_REACH);
  while (colon < limit && text.charCodeAt(colon) !== 58) colon++;
  if (colon === limit) return;
  let len = 0;
  if (isHan(codeAt(text, line))) {
    if (ZH_BY_PAIR.has(pairKey(text, line))) return;
    len = zhNameAt(text, line);
    if (len === 0) {
      // A name without a lexicon surname (格桑央金) still stands alone before its time.
      let n = 0;
      while (n < 5 && isHan(codeAt(text, line + n))) n++;
      // Only before blanks and the time, as chat exports print a sender ("营业时间：10:00" is a field).
      const blank = text.charCodeAt(line + n) === 32 || text.charCodeAt(line + n) === 9;
      len = blank && n >= 2 && n <= 4 && !ZH_WORDS.has(text.slice(line, line + 2)) ? n : 0;
    }
  } else {
    LATIN_SENDER.lastIndex = line;
    const m = LATIN_SENDER.exec(text);
    if (m === null || NOT_SPEAKERS.has(m[0])) return;
    len = m[0].length;
  }
  if (len === 0) return;
  TIME_AFTER_NAME.lastIndex = line + len;
  if (!TIME_AFTER_NAME.test(text)) return;
  // Any capitalised word stands before a time ("Meeting 10:30"): a Latin sender's first word must
  // be a known given name or surname (accents folded: joaquín).
  if (!isHan(codeAt(text, line)) && !knownLatinWord(text.slice(line, line + len).split(' ')[0]!)) return;
  out.push(detection(NAME_CODE, line, line + len, 0.6, 'medium'));
}
/** How far into a line a sender's name and the time's colon reach. */
const SENDER_REACH = 40;

/** A given name or surname of the lexicons, in any case, accents folded (JOAQUÍN, joaquín). */
function knownLatinWord(word: string): boolean {
  const w = word.toLowerCase();
  if (FIRST.has(w) || SURNAMES.has(w)) return true;
  if (!/[\u00c0-\u024f]/.test(w)) return false;
  const folded = w.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
  return FIRST.has(folded) || SURNAMES.has(folded);
}

/** What follows a name that stands at a line's start: a speaker's colon, a bracket, a list comma, the line's end. */
const AFTER_LINE_NAME: ReadonlySet<string> = new Set([...'：:（(，,、 \t\r\n']);

/**
 * A name that opens a line after a list number, a bullet or a tag (the opener ends at `i`): the
 * speaker of a chat line ("[微信] 彭燕：…"), an entry of a list of people ("1. 郑洁（计算机学院）").
 * The whole Han run must be a lexicon surname and a given name, and no label ("地址："). Entries
 * are returned to the caller, which keeps them only where two lines or more hold one (a list of
 * people, not of places: "1. 王府井（北京）").
 */
function hanLineStart(text: string, line: number, i: number, out: Detection[], entries: Detection[] | undefined): Detection[] | undefined {
  const len = isHan(codeAt(text, i)) && !ZH_BY_PAIR.has(pairKey(text, i)) ? zhNameAt(text, i) : 0;
  const after = text[i + len];
  if (len === 0 || (after !== undefined && !AFTER_LINE_NAME.has(after))) return entries;
  const tagged = /[\]】]\s*$/.test(text.slice(line, i));
  // Two characters are mostly a word (周报：, 苏州（): only a chat line's speaker is taken that short.
  if (tagged && (after === '：' || after === ':')) out.push(detection(NAME_CODE, i, i + len, 0.6, 'medium'));
  else if (len >= 3) (entries ??= []).push(detection(NAME_CODE, i, i + len, 0.55, 'medium'));
  return entries;
}

/**
 * The readers of a line's start, in one pass over the lines: Han names after a list number or a
 * tag (hanLineStart), all-capital names opening a list entry where the lexicon vouches for them
 * ("1. MATEO EASTON – spouse – +65 …"), and the senders of chat and log lines with a time.
 */
function lineStartNames(text: string, han: boolean, out: Detection[]): void {
  const lines = text.indexOf('\n') !== -1;
  const chat = text.indexOf(':') !== -1;
  if (!han && !lines && !chat) return;
  let entries: Detection[] | undefined;
  for (let line = 0; line < text.length; ) {
    LINE_OPENER.lastIndex = line;
    const i = LINE_OPENER.exec(text) === null ? line : LINE_OPENER.lastIndex;
    const opener = text.slice(line, i).trim();
    if (opener !== '') {
      if (han) entries = hanLineStart(text, line, i, out, entries);
      // A list number or bullet, not a tag, before a name in capitals.
      if (lines && opener[0] !== '[' && opener[0] !== '【' && isLatinUpper(codeAt(text, i)) && isLatinUpper(codeAt(text, i + 1))) {
        const end = capsNameEnd(text, i, true);
        if (end !== -1) out.push(detection(NAME_CODE, i, end, 0.6, 'medium'));
      }
    }
    if (chat) {
      chatSpeaker(text, line, out);
      senderBeforeTime(text, line, out);
    }
    const next = text.indexOf('\n', line);
    if (next === -1) break;
    line = next + 1;
  }
  if (entries !== undefined && entries.length >= 2) for (const d of entries) out.push(d);
}

/** An all-capitals word of a name: ZOË, O'CONNELL, MEI-LING. */
const CAPS_WORD = /[A-Z\u00c0-\u00de][A-Z\u00c0-\u00de'\u2019-]+/y;

/** Two or three all-capitals words (or SURNAME, GIVEN with an initial) from `j`: their end, or -1. */
function capsNameEnd(text: string, j: number, lexiconOnly = false): number {
  let end = -1;
  let words = 0;
  let k = j;
  for (;;) {
    CAPS_WORD.lastIndex = k;
    const m = CAPS_WORD.exec(text);
    if (m === null || NOT_NAMES.has(m[0].toLowerCase())) break;
    words++;
    end = k + m[0].length;
    if (words === 3) break;
    if (text.charCodeAt(end) === 32 && isLatinUpper(codeAt(text, end + 1))) k = end + 1;
    else if (text.charCodeAt(end) === 44 && text.charCodeAt(end + 1) === 32 && words === 1) {
      // "O'BRIEN, Noah": the given name after the surname's comma may be written in title case.
      const g = wordEnd(text, end + 2);
      if (isUpper(codeAt(text, end + 2)) && isLower(codeAt(text, end + 3)) && g - end - 2 >= 2) {
        words++;
        end = g;
        break;
      }
      k = end + 2;
    } else break;
  }
  if (words < 2) return -1;
  // Acronyms after a label ("Name: AWS KMS") are no name: a word from the lexicons, or words of
  // four letters or more with a vowel.
  const parts = text.slice(j, end).split(/[ ,]+/).map((w) => w.toLowerCase());
  const known = parts.some((w) => knownLatinWord(w));
  if (!known && (lexiconOnly || !parts.every((w) => w.length >= 4 && /[aeiouy\u00e0-\u00ff]/.test(w)))) return -1;
  // "ASHWORTH, INGRID M": a middle initial after the given name.
  if (text.charCodeAt(end) === 32 && isUpper(codeAt(text, end + 1)) && !isLetter(codeAt(text, end + 2))) end += 2;
  return end;
}

/** What a quoted key closing at `quote` says: `"name"` is a label, as `name` is before a colon. */
function quotedKeyContext(text: string, quote: number): Ctx {
  const [word] = wordBefore(text, quote);
  const kind = CONTEXT_WORDS.get(word);
  return kind === 'label' ? Ctx.Strong : kind === 'weak' ? Ctx.Weak : Ctx.None;
}

/** Labels ending in 人 (审批人, 排查人, 联系人): a Han word of two to four characters ending in 人 before a colon. */
function personLabelBefore(compact: string): boolean {
  // 用户名 and 账户名 hold 户名 (an account holder's name) but name a login.
  if (compact.endsWith('用户名') || compact.endsWith('账户名')) return false;
  for (let n = 2; n <= 5 && n <= compact.length; n++) if (ZH_PREFIX_SET.has(compact.slice(compact.length - n))) return true;
  const l = compact.length;
  return l >= 2 && compact[l - 1] === '人' && isHan(compact.charCodeAt(l - 2));
}

/**
 * What a colon says about the name after or before it:
 * - all-capitals names after a person label ("Account holder: ARJUN CASTILLO", "Patient: ASHWORTH,
 *   INGRID M"), which the capital-word reader, looking for lower-case letters, passes over;
 * - Chinese labels written with spaces between their characters, as forms and OCR print them
 *   ("收 件 人 ：于伟新", "姓　　名：姜志博"), and any label ending in 人 ("排查人：姚博");
 * - a salutation line, a name and a colon alone on its line ("段嘉东：").
 */
function namesAtColons(text: string, out: Detection[]): void {
  for (const colon of [':', '：']) {
    for (let c = text.indexOf(colon); c !== -1; c = text.indexOf(colon, c + 1)) {
      let j = c + 1;
      while (j < text.length && (text.charCodeAt(j) === 32 || text.charCodeAt(j) === 0x3000 || text.charCodeAt(j) === 9)) j++;
      // "SHIP TO:\nEAMON NGUYEN": a label alone on its line names what the next line holds; a JSON
      // value opens with a quote ("name":"MCALLISTER, Priya").
      if (text.charCodeAt(j) === 10 && isLatinUpper(codeAt(text, j + 1))) j++;
      else if (text.charCodeAt(j) === 34 && isLatinUpper(codeAt(text, j + 1)) && isLatinUpper(codeAt(text, j + 2))) j++;
      const first = codeAt(text, j);
      if (isLatinUpper(first) && isLatinUpper(codeAt(text, j + 1))) {
        // A JSON key is quoted ("name":"…"): the label is read inside its quotes.
        const ctx = text.charCodeAt(c - 1) === 34 ? quotedKeyContext(text, c - 1) : contextBefore(text, j);
        // A weak label ("To:", "Ship to:") names a company as often: a word of the lexicons is needed there.
        const weak = ctx === Ctx.Weak || ctx === Ctx.Label;
        if (ctx === Ctx.Strong || ctx === Ctx.Title || weak) {
          const end = capsNameEnd(text, j, weak);
          if (end !== -1) out.push(detection(NAME_CODE, j, end, 0.65, 'medium'));
        }
        continue;
      }
      if (isHan(first)) {
        // Labels written whole are read by contextWordAt; here only those spaced out, and those
        // ending in 人 (a label of its own whatever comes before 人).
        let b = c;
        let spaced = false;
        while (b > 0 && c - b < 12) {
          const ch = text.charCodeAt(b - 1);
          if (ch === 32 || ch === 0x3000) spaced = true;
          else if (!isHan(ch)) break;
          b--;
        }
        let k = c;
        while (k > b && (text.charCodeAt(k - 1) === 32 || text.charCodeAt(k - 1) === 0x3000)) k--;
        if (!spaced && text.charCodeAt(k - 1) !== 0x4eba /* 人 */) continue;
        const compact = spaced ? text.slice(b, c).replace(/[ \u3000]/g, '') : text.slice(b, c);
        if (compact.length >= 2 && personLabelBefore(compact)) {
          const len = zhNameAt(text, j) || delimitedName(text, j);
          if (len > 0) out.push(detection(NAME_CODE, j, j + len, 0.7, 'medium'));
        }
        continue;
      }
      // "段嘉东：" alone on its line: a letter's salutation.
      if (colon === '：' && (first === 10 || first === -1 || first === 13)) {
        let s = c;
        while (s > 0 && isHan(text.charCodeAt(s - 1))) s--;
        if ((s === 0 || text.charCodeAt(s - 1) === 10) && c - s >= 2 && zhNameAt(text, s) === c - s) out.push(detection(NAME_CODE, s, c, 0.6, 'medium'));
      }
    }
  }
}

/** What may stand either side of a gender in a row: blanks, bars, commas. */
const ROW_DELIMITERS: ReadonlySet<number> = new Set([32, 9, 0x3000, 124, 44, 0xff0c, 0x3001, 47]);
const NOT_ROW_NAMES: ReadonlySet<string> = new Set(['性别', '男性', '女性', '男女', '合计', '人数', '备注', '姓名', '民族', '汉族']);

/**
 * A row that gives a gender right after a name ("扎西顿珠　男　24岁", "| 顾明飞 | 男 |",
 * "再努尔·艾买提,男,"): the delimited Han run before a delimited 男 or 女 is the person's name,
 * lexicon surname or not.
 */
function namesBeforeGender(text: string, out: Detection[]): void {
  for (const g of ['男', '女']) for (let k = text.indexOf(g); k !== -1; k = text.indexOf(g, k + 1)) nameBeforeGender(text, k, out);
}

/** The name before the gender at k, if the row reads so. */
function nameBeforeGender(text: string, k: number, out: Detection[]): void {
  if (!ROW_DELIMITERS.has(codeAt(text, k - 1))) return;
  const n = codeAt(text, k + 1);
  if (n !== -1 && n !== 10 && n !== 13 && !ROW_DELIMITERS.has(n)) return;
  let e = k;
  while (e > 0 && ROW_DELIMITERS.has(text.charCodeAt(e - 1))) e--;
  let s = e;
  while (s > 0 && e - s < 9 && (isHan(text.charCodeAt(s - 1)) || text.charCodeAt(s - 1) === 0xb7)) s--;
  const len = e - s;
  if (len < 2 || (len > 4 && text.slice(s, e).indexOf('·') === -1)) return;
  if (s > 0 && !ROW_DELIMITERS.has(text.charCodeAt(s - 1)) && text.charCodeAt(s - 1) !== 10) return;
  const token = text.slice(s, e);
  if (NOT_ROW_NAMES.has(token) || ZH_WORDS.has(token.slice(0, 2)) || ZH_BY_PAIR.has(pairKey(text, s))) return;
  let particle = false;
  for (const ch of token) if (ZH_PARTICLES.has(ch)) particle = true;
  if (!particle) out.push(detection(NAME_CODE, s, e, 0.65, 'medium'));
}

/** Column names of a person's name in a header: English fields and Chinese person labels. */
const NAME_COLUMN_NAME = columnName('(?:first|last|given|family|full|customer|contact|display|legal|patient|employee)[ _-]?name|name|first|last|surname|forename|(?:card|account)?[ _]?holder|passenger|payee|beneficiary|insured|recipient|姓名|名字|[\u4e00-\u9fff]{1,4}人|员工');
const NAME_COLUMNS: ReadonlySet<string> = new Set(
  ['first', 'last', 'surname', 'forename', 'name', 'cardholder', 'card_holder', 'account_holder', 'holder', 'passenger', 'payee', 'beneficiary', 'insured', 'recipient', '姓名', '名字', '员工'].concat(
    ['first', 'last', 'given', 'family', 'full', 'customer', 'contact', 'display', 'legal', 'patient', 'employee'].flatMap((w) => [`${w}name`, `${w}_name`, `${w} name`, `${w}-name`]),
  ),
);
const isNameColumn = (field: string): boolean => NAME_COLUMNS.has(field) || (field.length >= 2 && field.length <= 5 && field.endsWith('人') && isHan(field.charCodeAt(0)));
/** A Latin name cell: capitalised words, particles such as van der first allowed ("van der Berg Ingrid"). */
const LATIN_CELL = /^(?:(?:van|von|de|der|den|da|di|du|del|della|la|le|al|el|bin|ibn)\s)*[A-Z\u00c0-\u00de][a-zA-Z\u00c0-\u00ff'\u2019.-]*,?(?:\s[A-Za-z\u00c0-\u00ff][a-zA-Z\u00c0-\u00ff'\u2019.-]*){0,3}$/;

const LOWER_CELL = /^[a-z\u00df-\u00ff][a-z\u00df-\u00ff'\u2019-]+(?: [a-z\u00df-\u00ff][a-z\u00df-\u00ff'\u2019-]+){1,2}$/;

/**
 * Cells of the columns a header names as a person's name (CSV, TSV, SQL tuples, Markdown tables):
 * the header vouches for them, so a surname outside the lexicon counts; the cell must still be
 * shaped like a name (capitalised words, or two to four Han characters, or a dotted name).
 */
function namesInColumns(text: string, out: Detection[]): void {
  // A header is a line of a table, or an SQL INSERT's column list: prose on one line holds neither.
  // Single characters first: indexOf finds one with a vector search, a word in a Chinese
  // (two-byte) text costs a scan of its own.
  if (text.indexOf('\n') === -1 && (text.indexOf('(') === -1 || (text.indexOf('VALUES') === -1 && text.indexOf('values') === -1))) return;
  for (const c of cellsInColumns(text, NAME_COLUMN_NAME, isNameColumn)) {
    const cell = text.slice(c.start, c.end);
    if (cell.length > 40) continue;
    if (isHan(cell.charCodeAt(0))) {
      const n = cell.length;
      let han = true;
      for (let k = 0; k < n; k++) if (!isHan(cell.charCodeAt(k)) && cell[k] !== '·') han = false;
      if (!han || n < 2 || (n > 4 && !cell.includes('·')) || ZH_WORDS.has(cell.slice(0, 2)) || ZH_BY_PAIR.has(pairKey(cell, 0))) continue;
      let particle = false;
      for (const ch of cell) if (ZH_PARTICLES.has(ch)) particle = true;
      if (!particle) out.push(detection(NAME_CODE, c.start, c.end, 0.65, 'medium'));
    } else if (LATIN_CELL.test(cell) && !cell.split(/\s/).some((w) => NOT_NAMES.has(w.toLowerCase()) || ORG_WORDS.has(w.toLowerCase()))) {
      out.push(detection(NAME_CODE, c.start, c.end, 0.65, 'medium'));
    } else if (LOWER_CELL.test(cell) && cell.split(' ').some((w) => knownLatinWord(w))) {
      // "ethan osei": exports keep names as typed; in lower case the lexicon must know a word.
      out.push(detection(NAME_CODE, c.start, c.end, 0.6, 'medium'));
    }
  }
}

/** A passenger as booking records write one: SURNAME/GIVEN and an optional title. */
/** What stands before a passenger in a booking: "PAX 1:", "Passenger:", "Name:", a list number. */
const PASSENGER_LABEL = /(?:pax|passenger|name|\d\.)\s*\d*\s*[:.]?\s*$/i;
const PASSENGER = /[A-Z][A-Z'-]{1,}\/[A-Z][A-Z'-]{1,}(?: (?:MR|MRS|MS|MISS|MSTR|DR))?(?![A-Za-z])/y;

/**
 * "PAX 1: NAKAMURA/PRIYA", " 1. DSOUZA/DMITRI MRS": booking records name passengers surname first,
 * after a slash; found from the slash (indexOf), read where a passenger label, a list number or the
 * lexicon vouches for it (TCP/IP and AC/DC are no passengers).
 */
function passengerNames(text: string, out: Detection[]): void {
  for (let k = text.indexOf('/'); k !== -1; k = text.indexOf('/', k + 1)) {
    if (!isUpper(codeAt(text, k - 1)) || !isUpper(codeAt(text, k + 1))) continue;
    let s = k - 1;
    while (s > 0 && (isUpper(codeAt(text, s - 1)) || text.charCodeAt(s - 1) === 39 || text.charCodeAt(s - 1) === 45)) s--;
    if (isLetter(codeAt(text, s - 1))) continue;
    PASSENGER.lastIndex = s;
    const m = PASSENGER.exec(text);
    if (m === null) continue;
    const [surname, rest] = m[0].toLowerCase().split('/') as [string, string];
    const given = rest.split(' ')[0]!;
    if (SURNAMES.has(surname) || FIRST.has(given) || PASSENGER_LABEL.test(text.slice(Math.max(0, s - 16), s))) out.push(detection(NAME_CODE, s, s + m[0].length, 0.65, 'medium'));
    k = s + m[0].length;
  }
}

/**
 * Other places a name found in the text stands ("联系人：苏梦瑶 … 苏梦瑶\n2025-12-14", a speaker's
 * later lines): the same name again, as a whole word, is the same person.
 */
const MAX_REPEATED_NAMES = 64;

function repeatedNames(text: string, out: Detection[]): void {
  if (out.length === 0) return;
  const seen = new Set<string>();
  const n = out.length;
  for (let i = 0; i < n; i++) {
    const d = out[i]!;
    const name = text.slice(d.start, d.end);
    const han = isHan(name.charCodeAt(0));
    if (seen.has(name) || name.length < (han ? 2 : 4) || name.includes('\n')) continue;
    // Each name is one search of the whole text: a hostile text with thousands of names gets a bounded number.
    if (seen.size === MAX_REPEATED_NAMES) break;
    seen.add(name);
    for (let k = text.indexOf(name); k !== -1; k = text.indexOf(name, k + 1)) {
      if (k === d.start) continue;
      const b = codeAt(text, k - 1);
      const a = codeAt(text, k + name.length);
      // Whole word: no letter around a Latin name; no Han character after a Chinese one that would
      // make it a longer word (a name before 的, 说 … stays a name).
      if (han ? isHan(a) && !ZH_STOP.has(text[k + name.length]!) && !ZH_FUNCTION.has(text[k + name.length]!) : isLetter(b) || isLetter(a) || isLatinLower(a)) continue;
      out.push(detection(NAME_CODE, k, k + name.length, Math.min(0.6, d.confidence), 'medium'));
    }
  }
}

/** Names signed after a dash at a line's end ("—— 郑婷"). */
function signedNames(text: string, out: Detection[]): void {
  // Normalisation folds the em dashes of "——" to hyphens: both spellings are read, the hyphens only
  // after text on the same line ("-- 报错" opens an SQL comment) and with a lexicon surname.
  for (let k = text.indexOf('—'); k !== -1; k = text.indexOf('—', k + 2)) if (text.charCodeAt(k + 1) === 0x2014) signedAt(text, k + 2, out, false);
  for (let k = text.indexOf('-'); k !== -1; k = text.indexOf('-', k + 2)) {
    if (text.charCodeAt(k + 1) !== 45) continue;
    const b = codeAt(text, k - 1);
    if (b !== -1 && b !== 10 && b !== 45) signedAt(text, k + 2, out, true);
  }
}

/** A Chinese name signed after a dash, from `j`, ending its line. */
function signedAt(text: string, at: number, out: Detection[], lexiconOnly: boolean): void {
  let j = at;
  while (text.charCodeAt(j) === 32 || text.charCodeAt(j) === 0x3000) j++;
  const len = isHan(codeAt(text, j)) ? zhNameAt(text, j) || (lexiconOnly ? 0 : delimitedName(text, j)) : 0;
  const a = codeAt(text, j + len);
  if (len > 0 && (a === -1 || a === 10 || a === 13 || a === 32)) out.push(detection(NAME_CODE, j, j + len, 0.6, 'medium'));
}

/**
 * Names written with a middle dot between their parts, as Uyghur, Kazakh, Tibetan and other
 * minority names and transliterated foreign names are (阿依努尔·别克, 依明江·热合曼): the Han runs
 * either side of the dot, without the words the sentence puts before or after the name (叫, 是,
 * 给, 的 …).
 */
const DOTTED_NAME = /[\u4e00-\u9fff]{2,7}[·•・][\u4e00-\u9fff]{2,6}/g;
const NOT_DOTTED_NAME_START = new Set(['中国', '中华', '北京', '上海', '香港', '澳门', '台湾']);

function dottedNames(text: string, out: Detection[]): void {
  // indexOf runs as a vector search; a regex class reads the text character by character.
  if (text.indexOf('·') === -1 && text.indexOf('•') === -1 && text.indexOf('・') === -1) return;
  DOTTED_NAME.lastIndex = 0;
  for (let m = DOTTED_NAME.exec(text); m !== null; m = DOTTED_NAME.exec(text)) {
    let s = m.index;
    const dot = s + m[0].search(/[·•・]/);
    // The sentence's own words before the name: a label (姓名, 付款人户名) or a function character.
    for (let k = dot - 2; k > s; k--) {
      if (ZH_FUNCTION.has(text[k - 1]!) || ZH_PARTICLES.has(text[k - 1]!) || ZH_BY_PAIR.has(pairKey(text, k - 2))) {
        s = k;
        break;
      }
    }
    if (NOT_DOTTED_NAME_START.has(text.slice(s, s + 2)) || ZH_PROVINCES.includes(text.slice(s, dot))) continue;
    // And the sentence's words after it (的, 了, 和 …): the last part keeps two characters at least.
    let e = m.index + m[0].length;
    for (let k = dot + 3; k < e; k++) {
      if (ZH_FUNCTION.has(text[k]!) || ZH_PARTICLES.has(text[k]!)) {
        e = k;
        break;
      }
    }
    out.push(detection(NAME_CODE, s, e, 0.7, 'medium'));
  }
}

export function detectPersonNames(text: string): Detection[] {
  const out: Detection[] = [];
  englishNames(text, out);
  const han = HAS_HAN.test(text);
  if (han) {
    chineseNames(text, out);
    hanNamesAfterEnglishLabels(text, out);
    dottedNames(text, out);
    namesBeforeGender(text, out);
  }
  lineStartNames(text, han, out);
  namesAtColons(text, out);
  namesInColumns(text, out);
  passengerNames(text, out);
  signedNames(text, out);
  repeatedNames(text, out);
  return out;
}

export const personNameDetector: Detector = { id: 'pii-person-name', kind: 'pii', codes: [NAME_CODE], detect: detectPersonNames };

// ---- names beside a person's other values ----

/** Values that belong to one person: a name standing on the same line next to them is that person's. */
const PERSONAL_VALUES: ReadonlySet<string> = new Set(['PII_CN_MOBILE', 'PII_CN_ID_CARD', 'PII_EMAIL', 'PII_BANK_CARD', 'PII_PHONE', 'PII_CN_LANDLINE', 'PII_IBAN', 'PII_US_SSN']);
/** How far from the value, on its line, a name is read. */
const BESIDE = 30;
/** A delimited run of two to four Han characters (欧阳静楠), or two or three capitalised Latin words: one search per window. */
const NAME_TOKEN = new RegExp(String.raw`(?<![\u3400-\u9fff])[\u4e00-\u9fff]{2,4}(?![\u3400-\u9fff])|(?<![A-Za-z])${LATIN_FULL_NAME}`, 'g');

/** A delimited Latin full name whose first word is a known given name or last word a known surname. */
function knownLatinName(name: string): boolean {
  const words = name.split(' ');
  if (words.some((w) => NOT_NAMES.has(w) || ORG_WORDS.has(w))) return false;
  return FIRST.has(words[0]!) || SURNAMES.has(words[words.length - 1]!);
}

/**
 * Names on the line of a person's phone number, ID number, e-mail, card, IBAN or SSN, within
 * BESIDE characters of it: rows of a sign-up sheet ("1. 刘亚军，3101…，+86…"), CSV and JSON records,
 * guest lists. The name must still look like one on its own: a lexicon surname and a short given
 * name standing alone (Chinese), or two or three capitalised words with a known given name or
 * surname (Latin). Pure: spans of `text`, given the detections already found in it.
 */
export function namesBesideValues(text: string, found: readonly Detection[]): Detection[] {
  const out: Detection[] = [];
  // One window per line: the values of a line, and BESIDE characters either side of them.
  let open = false;
  let from = 0;
  let to = 0;
  const scan = (): void => {
    if (!open) return;
    const window = text.slice(from, to);
    NAME_TOKEN.lastIndex = 0;
    for (let m = NAME_TOKEN.exec(window); m !== null; m = NAME_TOKEN.exec(window)) {
      const s = from + m.index;
      if (found.some((d) => PERSONAL_VALUES.has(d.code) && s < d.end && s + m![0].length > d.start)) continue;
      const han = m[0].charCodeAt(0) >= 0x4e00;
      if (han ? zhNameAt(text, s) !== m[0].length || ZH_WORDS.has(m[0].slice(0, 2)) : !knownLatinName(m[0])) continue;
      out.push(detection(NAME_CODE, s, s + m[0].length, 0.6, 'medium'));
    }
  };
  for (const d of found.filter((x) => PERSONAL_VALUES.has(x.code)).sort((a, b) => a.start - b.start)) {
    // The window stops at the line's ends, looked for only within BESIDE of the value: a search to
    // the text's ends would read a long single-line text once per value.
    let start = Math.max(0, d.start - BESIDE);
    for (let k = d.start - 1; k >= start; k--) {
      if (text.charCodeAt(k) === 10) {
        start = k + 1;
        break;
      }
    }
    let end = Math.min(text.length, d.end + BESIDE);
    for (let k = d.end; k < end; k++) {
      if (text.charCodeAt(k) === 10) {
        end = k;
        break;
      }
    }
    // Windows clipped at line ends overlap only when no line end lies between them: same line.
    if (open && start <= to) {
      to = Math.max(to, end);
      continue;
    }
    scan();
    open = true;
    from = start;
    to = end;
  }
  scan();
  return out;
}
