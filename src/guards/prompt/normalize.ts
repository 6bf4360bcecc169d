/**
 * Attack-time normalisation: the detection copy the rules and the classifier read. Folds what
 * jailbreak write-ups use to slip past keyword filters: full-width letters (ｉｇｎｏｒｅ), styled
 * mathematical letters (𝐢𝐠𝐧𝐨𝐫𝐞), accents (ìgnörè), Cyrillic and Greek look-alikes (іgnоrе), zero-width
 * and bidi control characters inside words, leetspeak (1gn0r3) and traditional Chinese characters
 * of the attack vocabulary. Every position of the copy maps back to the original text, so findings
 * carry spans in UTF-16 units of what the caller passed in.
 */

export interface AttackText {
  /** Lower-case folded copy. */
  readonly text: string;
  /** The copy with leetspeak folded inside words, or null when the text has none. Same length and map as `text`. */
  readonly leet: string | null;
  /** Invisible characters removed (zero-width, bidi controls, soft hyphen): an evasion signal. */
  readonly invisible: number;
  /** Bidi override/embedding controls among them (the "Trojan Source" trick, CVE-2021-42574). */
  readonly bidi: number;
  /** Letters folded from another script inside a Latin word (homoglyph evasion). */
  readonly homoglyphs: number;
  /** Original span of a span of the copy. */
  toOriginal(start: number, end: number): [number, number];
}

const NON_ASCII = /[^\x00-\x7f]/;
const LEET: Record<string, string> = { '0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't', '8': 'b', '@': 'a', $: 's' };

/** Zero-width space/joiners, word joiner and invisible operators, BOM, soft hyphen, Mongolian vowel separator, tag characters' base. */
function isInvisible(cp: number): boolean {
  return cp === 0xad || cp === 0x180e || (cp >= 0x200b && cp <= 0x200f) || (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2060 && cp <= 0x2064) || (cp >= 0x2066 && cp <= 0x2069) || cp === 0xfeff || (cp >= 0xe0000 && cp <= 0xe007f);
}
function isBidi(cp: number): boolean {
  return (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069);
}

/** Look-alikes NFKC leaves alone: Cyrillic and Greek letters that render as Latin ones. */
const HOMOGLYPHS: Record<string, string> = {
  а: 'a', в: 'b', е: 'e', ё: 'e', к: 'k', м: 'm', н: 'h', о: 'o', р: 'p', с: 'c', т: 't', у: 'y', х: 'x', і: 'i', ї: 'i', ј: 'j', ѕ: 's', ԁ: 'd', ԛ: 'q', ԝ: 'w', һ: 'h', ɡ: 'g', ı: 'i',
  α: 'a', β: 'b', ε: 'e', η: 'n', ι: 'i', κ: 'k', ν: 'v', ο: 'o', ρ: 'p', τ: 't', υ: 'u', χ: 'x', γ: 'y', ω: 'w',
};

/** Traditional forms of the characters the Chinese rules use (开發者模式 → 开发者模式). */
const TRADITIONAL = '規规則则開开發发無无說说統统詞词輸输顯显內内請请現现機机夢梦製制彈弹藥药槍枪殺杀歧歧視视騙骗詐诈惡恶體体擊击駭骇從从讓让們们對对這这個个為为與与沒没麼么後后來来時时會会將将樣样學学寫写給给關关條条應应該该絕绝違违術术師师範范爲为裡里裏里繼继續续記记憶忆隱隐碼码網网絡络竊窃腳脚錢钱銀银帳账號号轉转賬账種种滅灭傷伤氣气劑剂兒儿啟启啓启態态實实聽听話话問问題题覆复復复萬万編编譯译測测試试驗验創创設设計计認认識识標标準准確确擬拟類类裝装劇剧電电腦脑權权員员級级釋释獄狱謊谎導导斷断護护盜盗毀毁專专業业級级鬥斗殘残濫滥險险產产麼么雙双邏逻輯辑';
const TRAD = new Map<number, string>();
for (let i = 0; i + 1 < TRADITIONAL.length; i += 2) TRAD.set(TRADITIONAL.charCodeAt(i), TRADITIONAL[i + 1]!);

const COMBINING = /\p{M}/gu;
// Ordinary simplified Chinese with common punctuation folds to itself (after ASCII lower-casing):
// anything else non-ASCII, or a traditional character of the table, takes the slow path. A bit per
// UTF-16 code unit (8 KiB): one look per character, where a regular expression with the
// traditional characters in it tries two classes at every position of a Chinese text.
const KEPT = new Uint32Array(0x10000 >>> 5);
const keep = (from: number, to: number): void => {
  for (let c = from; c <= to; c++) KEPT[c >>> 5]! |= 1 << (c & 31);
};
keep(0, 0x7f);
keep(0x3001, 0x303f);
keep(0x4e00, 0x9fff);
for (const c of [0xff01, 0xff08, 0xff09, 0xff0c, 0xff1a, 0xff1b, 0xff1f]) keep(c, c);
for (const c of TRAD.keys()) KEPT[c >>> 5]! &= ~(1 << (c & 31));

function needsFold(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((KEPT[c >>> 5]! & (1 << (c & 31))) === 0) return true;
  }
  return false;
}
const FOLD_CACHE = new Map<number, string>();

function foldCodePoint(cp: number): string {
  const cached = FOLD_CACHE.get(cp);
  if (cached !== undefined) return cached;
  const ch = String.fromCodePoint(cp);
  let out = HOMOGLYPHS[ch.toLowerCase()];
  if (out === undefined) {
    out = ch.normalize('NFKD').replace(COMBINING, '').normalize('NFKC').toLowerCase();
    if (out.length === 0) out = ch;
    // Full-width and styled letters fold to ASCII; a look-alike map of a single letter is enough
    // for every other script, and folding Hangul or kana to jamo would only add noise.
    if (out.length > 4) out = ch.toLowerCase();
  }
  if (FOLD_CACHE.size < 4096) FOLD_CACHE.set(cp, out);
  return out;
}

/** CJK characters and the punctuation Chinese is written with, kept as they are (as on the fast path). */
function isCjk(cp: number): boolean {
  return (cp >= 0x4e00 && cp <= 0x9fff) || (cp >= 0x3001 && cp <= 0x303f) || cp === 0xff01 || cp === 0xff08 || cp === 0xff09 || cp === 0xff0c || cp === 0xff1a || cp === 0xff1b || cp === 0xff1f;
}

const isLower = (c: number): boolean => c >= 97 && c <= 122;
const isLeetChar = (c: number): boolean => c === 48 || c === 49 || c === 51 || c === 52 || c === 53 || c === 55 || c === 56 || c === 64 || c === 36;

/** A leet character with a letter on both sides, or two letters on one side (n0, 4ll, r3v). */
const LEET_CHAR = /[0134578@$]/;

function hasLeet(text: string): boolean {
  if (!LEET_CHAR.test(text)) return false;
  for (let i = 1; i < text.length; i++) {
    if (!isLeetChar(text.charCodeAt(i))) continue;
    const a = text.charCodeAt(i - 1);
    const b = i + 1 < text.length ? text.charCodeAt(i + 1) : 0;
    if ((isLower(a) && isLower(b)) || (isLower(b) && i + 2 < text.length && isLower(text.charCodeAt(i + 2))) || (isLower(a) && i >= 2 && isLower(text.charCodeAt(i - 2)))) return true;
  }
  return false;
}

const isTokenChar = (c: number): boolean => (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 64 || c === 36;

/**
 * The leetspeak reading of text[start, end), a run of letters, digits, '@' and '$', or null when it
 * reads the same. Leetspeak is a short word whose every digit stands for a letter (1gn0r3, h4v3).
 * Numbers with a unit (10k, 4g), version and hash names (sha256, v2) and encoded runs (base64) are
 * left alone.
 */
function leetToken(text: string, start: number, end: number): string | null {
  if (end - start > 24) return null;
  let letters = 0;
  let r = '';
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c >= 97 && c <= 122) {
      letters++;
      r += text[i];
    } else {
      const l = LEET[text[i]!];
      if (l === undefined) return null;
      r += l;
    }
  }
  return letters < 2 ? null : r;
}

function leetView(text: string): string | null {
  if (!hasLeet(text)) return null;
  // Only a run with a leet character in it can read differently: each is found from one and
  // folded whole, the text between is copied as it is.
  let out = '';
  let copied = 0;
  for (let i = 0; i < text.length; i++) {
    if (!isLeetChar(text.charCodeAt(i))) continue;
    let start = i;
    while (start > copied && isTokenChar(text.charCodeAt(start - 1))) start--;
    let end = i + 1;
    while (end < text.length && isTokenChar(text.charCodeAt(end))) end++;
    const folded = leetToken(text, start, end);
    if (folded !== null) {
      out += text.slice(copied, start) + folded;
      copied = end;
    }
    i = end;
  }
  return copied === 0 ? null : out + text.slice(copied);
}

const IDENTITY = (start: number, end: number): [number, number] => [start, end];

export function foldForAttack(original: string): AttackText {
  if (!NON_ASCII.test(original) || !needsFold(original)) {
    const text = original.toLowerCase();
    return { text, leet: leetView(text), invisible: 0, bidi: 0, homoglyphs: 0, toOriginal: IDENTITY };
  }
  const starts: number[] = [];
  const ends: number[] = [];
  let out = '';
  let invisible = 0;
  let bidi = 0;
  let homoglyphs = 0;
  let prevAsciiLetter = false;
  for (let i = 0; i < original.length; ) {
    const cp = original.codePointAt(i)!;
    const width = cp > 0xffff ? 2 : 1;
    if (cp < 0x80) {
      // A run of ASCII is lower-cased in one piece: the copy is built from a few strings, not one per character.
      let j = i + 1;
      while (j < original.length && original.charCodeAt(j) < 0x80) j++;
      out += original.slice(i, j).toLowerCase();
      for (let k = i; k < j; k++) {
        starts.push(k);
        ends.push(k + 1);
      }
      const last = original.charCodeAt(j - 1) | 32;
      prevAsciiLetter = last >= 97 && last <= 122;
      i = j;
      continue;
    } else if (isInvisible(cp)) {
      invisible++;
      if (isBidi(cp)) bidi++;
    } else if (isCjk(cp)) {
      out += TRAD.get(cp) ?? original[i];
      starts.push(i);
      ends.push(i + 1);
      prevAsciiLetter = false;
    } else {
      const f = foldCodePoint(cp);
      if (prevAsciiLetter && HOMOGLYPHS[String.fromCodePoint(cp).toLowerCase()] !== undefined) homoglyphs++;
      for (let k = 0; k < f.length; k++) {
        starts.push(i);
        ends.push(i + width);
      }
      out += f;
      prevAsciiLetter = false;
    }
    i += width;
  }
  const n = out.length;
  const toOriginal = (start: number, end: number): [number, number] => {
    if (n === 0) return [0, 0];
    const s = start >= n ? original.length : starts[Math.max(0, start)]!;
    const e = end <= start ? s : end > n ? original.length : ends[end - 1]!;
    return [s, e];
  };
  return { text: out, leet: leetView(out), invisible, bidi, homoglyphs, toOriginal };
}
