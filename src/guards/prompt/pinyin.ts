/**
 * Pinyin written in place of characters, a keyword-filter evasion of Chinese text: "hu略以上zhi令",
 * "jiao我zen么zhi作bing毒". The reading this module builds puts the characters back where a toneless
 * syllable stands glued to a Chinese character and forms a word of the attack vocabulary with it
 * ("zhi" before 令 is 指, before 作 is 制), so the Chinese rules and lexicons read the words they know.
 * Only a text with such a glued run pays for more than one regular-expression test, and a reading
 * is returned only when at least two syllables were restored through a word: a stray "ok" or "app"
 * beside Chinese is left alone.
 */

export interface PinyinView {
  /** The folded text with the glued syllables replaced by characters. */
  readonly text: string;
  /** Span of the folded text that a span of this reading came from. */
  toFolded(start: number, end: number): [number, number];
}

/**
 * Words of the attack vocabulary and the everyday words around it, with toneless pinyin (ü as u).
 * Two characters each: a syllable is restored when it makes one of these with its neighbour.
 */
const WORDS = `忽略 hu lue|忽视 hu shi|无视 wu shi|忘记 wang ji|忘掉 wang diao|之前 zhi qian|以上 yi shang|以前 yi qian|上面 shang mian|前面 qian mian|所有 suo you|一切 yi qie|任何 ren he|
指令 zhi ling|指示 zhi shi|命令 ming ling|规则 gui ze|规定 gui ding|规矩 gui ju|限制 xian zhi|无限 wu xian|约束 yue shu|审查 shen cha|审核 shen he|过滤 guo lu|安全 an quan|
道德 dao de|伦理 lun li|法律 fa lu|遵守 zun shou|服从 fu cong|不受 bu shou|权限 quan xian|现在 xian zai|没有 mei you|告诉 gao su|教我 jiao wo|怎么 zen me|怎样 zen yang|如何 ru he|
制作 zhi zuo|制造 zhi zao|做法 zuo fa|步骤 bu zhou|详细 xiang xi|具体 ju ti|方法 fang fa|配方 pei fang|病毒 bing du|冰毒 bing du|木马 mu ma|炸药 zha yao|炸弹 zha dan|爆炸 bao zha|
毒品 du pin|毒药 du yao|迷药 mi yao|大麻 da ma|假证 jia zheng|证件 zheng jian|密码 mi ma|破解 po jie|入侵 ru qin|黑客 hei ke|黑进 hei jin|盗取 dao qu|窃取 qie qu|账号 zhang hao|
诈骗 zha pian|钓鱼 diao yu|洗钱 xi qian|枪支 qiang zhi|手枪 shou qiang|武器 wu qi|杀人 sha ren|自杀 zi sha|偷偷 tou tou|监控 jian kong|定位 ding wei|跟踪 gen zong|
不要 bu yao|不能 bu neng|不会 bu hui|不用 bu yong|拒绝 ju jue|回答 hui da|回复 hui fu|系统 xi tong|提示 ti shi|设定 she ding|模式 mo shi|开发 kai fa|越狱 yue yu|扮演 ban yan|
角色 jue se|身份 shen fen|可以 ke yi|自由 zi you|输出 shu chu|泄露 xie lou|违法 wei fa|犯罪 fan zui|解除 jie chu|取消 qu xiao|关闭 guan bi|内容 nei rong|说出 shuo chu|原文 yuan wen|
隐藏 yin cang|秘密 mi mi|你的 ni de|我的 wo de`;

/** Syllables that stand for one character whatever their neighbours (pronouns and particles); they restore a run but do not count towards building the reading. */
const ALONE: Readonly<Record<string, string>> = { ni: '你', wo: '我', shuo: '说', neng: '能', yao: '要', bu: '不', mei: '没', zen: '怎', jiao: '教', qing: '请', gei: '给', hui: '会', zai: '在', shi: '是', le: '了' };

/** "syl:char" -> the character before `char` whose syllable is `syl`; "char:syl" -> the one after it; "syl syl" -> both. */
const BEFORE = new Map<string, string>();
const AFTER = new Map<string, string>();
const WHOLE = new Map<string, string>();
const SYLLABLES = new Set<string>(Object.keys(ALONE));
for (const entry of WORDS.split('|')) {
  const [word, a, b] = entry.trim().split(' ') as [string, string, string];
  SYLLABLES.add(a);
  SYLLABLES.add(b);
  if (!BEFORE.has(`${a}:${word[1]}`)) BEFORE.set(`${a}:${word[1]}`, word[0]!);
  if (!AFTER.has(`${word[0]}:${b}`)) AFTER.set(`${word[0]}:${b}`, word[1]!);
  if (!WHOLE.has(`${a} ${b}`)) WHOLE.set(`${a} ${b}`, word);
}
const LONGEST = Math.max(...[...SYLLABLES].map((x) => x.length));

/** A Latin run touching a Chinese character: the only texts that pay for more. */
const GLUED = /[\u4e00-\u9fff][a-z]|[a-z][\u4e00-\u9fff]/;
const isHan = (c: number): boolean => c >= 0x4e00 && c <= 0x9fff;
const isLower = (c: number): boolean => c >= 97 && c <= 122;

/** The run split into known syllables (longest first, with backtracking), or null. At most 6 syllables. */
function syllables(run: string): string[] | null {
  const out: string[] = [];
  const walk = (at: number): boolean => {
    if (at === run.length) return true;
    if (out.length === 6) return false;
    for (let len = Math.min(LONGEST, run.length - at); len >= 1; len--) {
      const s = run.slice(at, at + len);
      if (!SYLLABLES.has(s)) continue;
      out.push(s);
      if (walk(at + len)) return true;
      out.pop();
    }
    return false;
  };
  return run.length <= 24 && walk(0) ? out : null;
}

/** Characters for the syllables of one run between `left` and `right` (the Han characters around it, or ''), and how many came through a word. */
function restore(parts: string[], left: string, right: string): { chars: string[]; words: number } | null {
  const chars: string[] = [];
  let words = 0;
  for (let i = 0; i < parts.length; i++) {
    const whole = i + 1 < parts.length ? WHOLE.get(`${parts[i]} ${parts[i + 1]}`) : undefined;
    if (whole !== undefined) {
      chars.push(whole[0]!, whole[1]!);
      words += 2;
      i++;
      continue;
    }
    const next = i === parts.length - 1 ? right : '';
    const prev = i === 0 ? left : chars[i - 1] ?? '';
    const byWord = (next !== '' ? BEFORE.get(`${parts[i]}:${next}`) : undefined) ?? (prev !== '' ? AFTER.get(`${prev}:${parts[i]}`) : undefined);
    if (byWord !== undefined) {
      chars.push(byWord);
      words++;
      continue;
    }
    const alone = ALONE[parts[i]!];
    if (alone === undefined) return null;
    chars.push(alone);
  }
  return { chars, words };
}

/** The reading with glued pinyin restored, or null when the text has none (see the module comment). */
export function pinyinView(text: string): PinyinView | null {
  if (!GLUED.test(text)) return null;
  let out = '';
  // For each character of `out`, where its source starts and ends in `text`.
  const starts: number[] = [];
  const ends: number[] = [];
  let copied = 0;
  let words = 0;
  const copyTo = (to: number): void => {
    for (let k = copied; k < to; k++) {
      out += text[k];
      starts.push(k);
      ends.push(k + 1);
    }
    copied = to;
  };
  for (let i = 0; i < text.length; i++) {
    if (!isLower(text.charCodeAt(i))) continue;
    let e = i + 1;
    while (e < text.length && isLower(text.charCodeAt(e))) e++;
    const before = i > 0 && isHan(text.charCodeAt(i - 1)) ? text[i - 1]! : '';
    const after = e < text.length && isHan(text.charCodeAt(e)) ? text[e]! : '';
    const parts = before !== '' || after !== '' ? syllables(text.slice(i, e)) : null;
    const restored = parts === null ? null : restore(parts, before, after);
    if (restored !== null && parts !== null) {
      copyTo(i);
      let at = i;
      for (let p = 0; p < parts.length; p++) {
        out += restored.chars[p];
        starts.push(at);
        at += parts[p]!.length;
        ends.push(at);
      }
      copied = e;
      words += restored.words;
    }
    i = e - 1;
  }
  if (words < 2) return null;
  copyTo(text.length);
  return {
    text: out,
    toFolded: (start, end) => (end <= start ? [starts[start] ?? text.length, starts[start] ?? text.length] : [starts[start]!, ends[end - 1]!]),
  };
}
