/**
 * The prompt-attack engine: cheap repetition checks first, then the folded copy (normalize.ts)
 * goes through the rule layer, the harmful-intent detector and the classifier, and every encoded
 * payload found in the text goes through the same engine again (bounded depth and volume). Pure:
 * text in, risk and findings out; spans are UTF-16 offsets of the text the caller passed.
 */
import { BulwarkError, type Finding } from '../../core/index.js';
import { classify, loadModel, type Model } from './classifier.js';
import { findEncoded } from './decode.js';
import { detectHarmfulIntent } from './harmful.js';
import weightsFile from './model/weights.json' with { type: 'json' };
import { foldForAttack } from './normalize.js';
import { pinyinView } from './pinyin.js';
import { detectRepetition } from './repetition.js';
import { beginGate, keysOf, openGate, passes } from './gate.js';
import { RULES, SECOND_TRIGGERS, TRIGGERS, type Rule } from './rules.js';
import { CODES, type PromptAttackCode } from './tags.js';

export const PROMPT_GUARD_ID = 'prompt-attack';

export interface PromptAttackOptions {
  /** Who wrote the text: 'user' | 'system' | 'tool' | 'document' | 'assistant' | 'prompt' (a chat role or a content origin). */
  source?: string;
}

export interface PromptAttackResult {
  /** 0..1; 0.5 and above is an attack under the default policy. */
  risk: number;
  /** guard: 'prompt-attack'; spans in UTF-16 units of the original text. */
  findings: Finding[];
}

/** Nesting of encodings followed (base64 of hex of …) and the total decoded characters scanned per call. */
const MAX_DEPTH = 3;
const MAX_DECODED = 65_536;
/**
 * Classifier probability from which it blocks without any rule agreeing: above the highest score
 * of any benign item of the evaluation set (0.55), with margin for everyday text it has not seen.
 */
const CLASSIFIER_ALONE = 0.8;
/** Classifier probability from which a frame with a request for the real procedure is an attack. */
const FRAMED_PROCEDURE_P = 0.7;
/** A grandmother's recipe is the look-alike of the grandma exploit: with no harm found, cooking words keep the frame harmless. */
const KITCHEN = /\b(?:dumplings?|cakes?|cookies?|pies?|bread|soups?|stew|sauce|dough|bak(?:e|ed|ing)|cook(?:ed|ing)|oven|flour|sugar|butter|cinnamon|jam|pastry|noodles?|roast(?:ed)?|marinade|knit(?:ting)?|sew(?:ing)?|garden(?:ing)?)\b|做菜|炒菜|饺子|包子|面条|红烧|炖|蒸|烤箱|糖色|腐乳|做法|食谱|菜谱|织毛衣|绣花/;

/** Asking for the real, working procedure: the part of a frame that makes it a jailbreak. */
const PROCEDURE = /\b(?:step[- ]by[- ]step|every step|each step|all (?:the )?steps|the steps|in (?:full |real |technical )?detail|detailed|exact(?:ly)?|precise(?:ly)?|(?:real|realistic|actual|accurate) (?:quantities|amounts|doses?|tips|methods?|details|steps|recipe)|quantities|dosages?|doses?|what amounts?|how (?:much|many) (?:pills|tablets)|how (?:much|many)\b[^.!?\n]{0,40}\b(?:take|need|would|kill)|how (?:to|you|he|she|they|we|i|people|one) (?:would |could |can |used to )?(?:make|made|build|built|cook|cooked|get|got|open|opened|bypass\w*|forge|forged|turn|hack\w*|break|broke|mix|mixed|extract\w*|synthesi[sz]\w*|smuggle\w*|steal|stole|poison\w*|kill\w*|disable\w*|sneak)|working (?:exploit|code|method|malware|script)|recipe|ingredients|(?:in|with) (?:her|his|their) (?:exact )?(?:words|voice)[^.!?\n]{0,30}\b(?:steps|how)|like (?:she|he|they) did)\b|步骤|详细|具体(?:的)?(?:做法|方法|步骤|用量)|一步一步|配方|用量|剂量|多少(?:量|克|毫升|片)|怎么(?:做|制作|弄|配|打开|绕过|制|熬|种|提炼|合成)|如何(?:做|制作|制|提炼|合成)|讲得?(?:跟他|跟她)?一样细|要讲得/;
const SURE_CLASSIFIER_ALONE = 0.9;
const DISCUSSED_CLASSIFIER_ALONE = 0.97;

/** Sources whose text is content, not the user's own request: instructions inside it are indirect injection. */
const CONTENT_SOURCES = new Set(['tool', 'function', 'document', 'retrieval', 'context', 'web', 'file']);

let model: Model | null = null;
function getModel(): Model {
  if (model === null) {
    try {
      model = loadModel(weightsFile);
    } catch (err) {
      throw new BulwarkError('PROMPT_MODEL_INVALID', (err as Error).message, { cause: err });
    }
  }
  return model;
}

// Developer mode has a device sense (Android, Chrome, Windows, games) that is no attack.
const DEVICE_CONTEXT = /\b(?:android|phone|settings|build number|usb|adb|chrome|browser|extension|windows|iphone|ios|xcode|pixel|samsung|xiaomi|huawei|device|tablet|developer options|tap|app|apps|game|minecraft|steam|roblox|vs ?code|firmware|router|bios|tv|console|wordpress|shopify|docker|kernel|linux|mac|macos|spring|boot|ya?ml|logs?|logging|server|config|webpack|vite|django|flask|rails|gradle|maven|php|artisan|laravel|nginx|apache|website|site|readme|cron|cluster|terraform|kubernetes|k8s|redeploy|vpn|staging)\b|日志|控制台|生产环境|配置文件|服务器|编译|安卓|手机(?!号)|设置|版本号|usb调试|adb|浏览器|扩展|插件|小米|华为|荣耀|三星|设备|平板|游戏|系统更新|开发者选项|路由器|电视/;
const AI_CONTEXT = /\b(?:you|your|chatgpt|gpt|assistant|ai|model|llm|claude|policies|policy|restrictions?|filters?|censor\w*|content|generate|respond|responses?|output|answer|unrestricted|anything|openai|normal mode|🔓)\b|你|ai|助手|模型|限制|政策|生成|回答|回复|输出|任何|审查|chatgpt/;

// Talking about an attack is not making one: a security course quoting "ignore previous
// instructions", a question about what a DAN prompt is.
const META = /\b(?:what (?:is|are|was)|what'?s|explain(?:s|ed|ing|ations?)?(?! (?:to (?:me|us) )?(?:how to|step|exactly|in detail|the (?:steps|process)))|why (?:do|does|is|are)|how (?:do|does|can|should) (?:i|we|you|they|llm|providers?|companies|vendors|models?) (?:defend|detect|block|prevent|protect|stop|mitigate|test|recogni[sz]e)|defen[cs]es?|defend\w*|detect\w*|(?<!(?:this|the|a|that|each|every|code|next|previous|first|last|one) )block\w*|prevent\w*|mitigat\w*|security (?:course|training|trainer|team|awareness|researcher|class)|awareness|(?:an|for|as an?|harmless|give an?|some) examples?|examples? of|owasp|research\w*|paper|classif\w*|covered by|slides?|lecture (?:on|about|notes|slides)|quiz|glossary|definition|red[- ]team\w*)\b|是什么|为什么|什么是|防御|防范|防止|检测|拦截|培训|课程|例子|举例|安全意识|owasp|红队|科普|讲解|介绍一下|应对|面试|系统设计|怎么处理|如何处理|怎么防|如何防|防护|防守|安全风险|风险评估|缓解|带偏|业界|原理/;
const QUOTE_CHARS = new Set([0x22, 0x27, 0x60, 0x201c, 0x201d, 0x2018, 0x2019, 0x300c, 0x300d, 0x300e, 0x300f]);

const isLatinLetter = (c: number): boolean => (c >= 97 && c <= 122) || (c >= 65 && c <= 90);

/** A quotation mark at i: an apostrophe between two letters (there's, he'll, user's) is part of a word. */
function quoteAt(view: string, i: number): boolean {
  const c = view.charCodeAt(i);
  if (!QUOTE_CHARS.has(c)) return false;
  if (c !== 0x27 && c !== 0x2019) return true;
  return !(isLatinLetter(view.charCodeAt(i - 1)) && isLatinLetter(view.charCodeAt(i + 1)));
}

/** Whether the span sits inside a quotation on its line (an example, not an instruction); looks 200 characters each way. */
function quoted(view: string, start: number, end: number): boolean {
  const from = Math.max(view.lastIndexOf('\n', start) + 1, start - 200);
  let to = view.indexOf('\n', end);
  if (to < 0 || to > end + 200) to = Math.min(view.length, end + 200);
  let before = 0;
  for (let i = from; i < start; i++) if (quoteAt(view, i)) before++;
  if (before % 2 === 0) return false;
  for (let i = end; i < to; i++) if (quoteAt(view, i)) return true;
  return false;
}

const ASCII_ONLY = /^[\x00-\x7f]*$/;
/** An attack named as an example ("比如让模型扮演没有限制的角色", "such as asking it to ignore its rules"). */
const EXAMPLE_WORD = /比如|例如|譬如|such as|for example|for instance|e\.g\./;
const EXAMPLE_BEFORE = /(?:比如|例如|譬如|像是|诸如|有人(?:会)?用|攻击者(?:会)?用|such as|e\.g\.,?|for example|for instance|like|attackers? (?:use|try|might|could)|someone (?:might|could|may) (?:try|use|say))\s*[^。！？.!?\n]{0,30}$/;

/**
 * An attack phrase quoted, or named in a few ASCII words, with a lesson or question about attacks
 * within 160 characters. `named` off: only a quotation counts (a note addressed to the AI reading a
 * document is short, but it is not the name of an attack).
 */
function mention(view: string, start: number, end: number, named = true): boolean {
  const short = named && end - start <= 24 && ASCII_ONLY.test(view.slice(start, end));
  if (!short && !quoted(view, start, end) && !EXAMPLE_BEFORE.test(view.slice(Math.max(0, start - 40), start)) && !EXAMPLE_WORD.test(view.slice(start, end))) return false;
  // The lesson is read around the phrase, not in it: "what's your system prompt" asks, it does not teach.
  return META.test(view.slice(Math.max(0, start - 160), start)) || META.test(view.slice(end, Math.min(view.length, end + 160)));
}

interface Hit {
  code: PromptAttackCode;
  start: number;
  end: number;
  confidence: number;
}

/** Per rule, in RULES order: its trigger keys, its second trigger keys, whether an operator's system prompt skips it. */
const RULE_KEYS = RULES.map((r) => keysOf(TRIGGERS[r.id] ?? ['<']));
const RULE_SECOND_KEYS = RULES.map((r) => keysOf(SECOND_TRIGGERS[r.id] ?? ['<']));
const SYSTEM_SKIPS = RULES.map((r) => r.code === 'PROMPT_LEAK_REQUEST' || r.role === 'persona' || r.role === 'frame');

// Linters and ignore files have rules to ignore: "忽略规则" there is configuration, not an override.
const LINT_CONTEXT = /\b(?:eslint|tslint|stylelint|pylint|flake8|ruff|rubocop|golangci|checkstyle|sonar\w*|lint(?:er|ing)?|gitignore|dockerignore|eslintignore|prettierignore|noqa|nolint|nosec|pragma|suppress\w*)\b/;

// A program's own prompt is overridden by its callers: "let callers override the system prompt" in a
// question about code is configuration. Only the capability sense counts (to, can, let, allow …);
// the imperative stays an override.
const CODE_OVERRIDE = /(?:\b(?:to|can|could|may|might|should|lets?|allows?|allowing|enables?|able to|way to|how to|option to|supports?|want to)\s+(?:\w+\s+)?(?:override|overriding|ignore|skip|bypass|replace))\b/;
const CODE_CONTEXT = /```|\b(?:python|javascript|typescript|golang|rust|java|function|def|params?|parameters?|arguments?|kwargs?|api|sdk|wrapper|callers?|library|endpoint|modelfile|langchain|llamaindex|class|method|subclass|env vars?|environment variables?|cli|flag|yaml|json|config file|request body)\b/;

const PREVENTED_ZH = /(?:防止|避免|防范|阻止|拦截|禁止|杜绝|不让|怎么防|如何防)[^。！？\n]{0,24}$/;
/**
 * An override described, not given: why an attack works ("为什么这类角色扮演能绕过限制", asked to
 * explain it) or what a model did ("模型好像忽略了系统提示词").
 */
const DESCRIBED_ZH = /(?:为什么|原理|讲清楚|解释)[^。！？\n]{0,20}(?:能够?|可以|会)$|(?:好像|似乎|总是|经常|有时候?|老是|居然|竟然|还是)$/;

const OFFICE_CONTEXT = /\b(?:team|staff|employees?|colleagues?|roster|shift|on-call|expense|reimburse\w*|meeting|newsletter|memo|hr|payroll|office|department|policy handbook)\b|公告|通知|值班|排班|考勤|报销|周报|日报|部门|员工|同事|会议|规章制度|放假|请假|轮值|加班/;
const MODEL_RULES = /\b(?:ai|assistant|model|chatbot|llm|gpt|system prompt|you were (?:given|loaded|configured|set up|initiali[sz]ed|handed|told)|deployed you|(?:this|our) (?:chat|conversation|session)|your (?:rules|instructions|guidelines|programming|training)|you (?:must|will|are)|safety|filters?)\b|助手|模型|ai|系统提示|系统给你|给你的(?:设定|规则|指令)|你的(?:规则|设定|指令|限制)|你(?:必须|现在|只能)|你(?:之前|原来|最初|最开始|一开始|上面|前面|刚才|此前|先前)?(?:收到|接到|拿到|得到|被给)的|你(?:之前|原来|最初|最开始|一开始|本来|原本)?被(?:设定|设置|配置|规定|定下|写进|植入|赋予|灌输)|给你(?:设定|定下?|立下?|写)的|以上(?:的)?(?:限制|约束|设定)|以我(?:说|给)的|安全|审核|过滤/;

/** What ruleHits returns for a developer-mode phrase not addressed to a model, or read as a device's setting (Chrome, Android, a server's logs). */
const DEVICE = 'device';

function ruleHits(view: string, rule: Rule): { start: number; end: number } | null | typeof DEVICE {
  rule.re.lastIndex = 0;
  const m = rule.re.exec(view);
  if (m === null) return null;
  if (rule.context === 'own-rules') {
    const around = view.slice(Math.max(0, m.index - 120), m.index + m[0].length + 120);
    if (LINT_CONTEXT.test(around)) return null;
    // "怎么防止用户覆盖设定": the override is what a defence keeps out, not a request.
    const lead = view.slice(Math.max(0, m.index - 30), m.index);
    if (PREVENTED_ZH.test(lead) || DESCRIBED_ZH.test(lead)) return null;
    if (CODE_OVERRIDE.test(lead + m[0]) && CODE_CONTEXT.test(around)) return null;
    // Office rules change too ("以前的规定作废" in a duty-roster notice): there the old rules are the
    // team's, unless the text speaks of the model's own.
    if (OFFICE_CONTEXT.test(around) && !MODEL_RULES.test(around)) return null;
  }
  if (rule.context === 'device') {
    // Only the sense addressed to a model counts, and not when the text is about a device.
    const lo = Math.max(0, m.index - 160);
    const ctx = view.slice(lo, m.index + m[0].length + 160);
    if (!AI_CONTEXT.test(ctx) || DEVICE_CONTEXT.test(ctx)) return DEVICE;
  }
  return { start: m.index, end: m.index + m[0].length };
}

interface Analysis {
  risk: number;
  hits: Hit[];
}

function analyze(original: string, source: string, depth: number, budget: { left: number }): Analysis {
  const hits: Hit[] = [];
  let risk = 0;
  const content = CONTENT_SOURCES.has(source);
  // A developer-mode phrase in a device's sense: the classifier, which learned the phrase, must then be sure.
  let deviceSense = false;

  for (const r of detectRepetition(original)) {
    if (r.kind === 'long-text') hits.push({ code: 'LONG_TEXT', start: r.start, end: r.end, confidence: 0.3 });
    else {
      hits.push({ code: 'REPETITION_ATTACK', start: r.start, end: r.end, confidence: 0.8 });
      risk = Math.max(risk, 0.8);
    }
  }

  const folded = foldForAttack(original);
  const views = folded.leet === null ? [folded.text] : [folded.text, folded.leet];
  const toOrig = folded.toOriginal;
  // Per view, the original span of a span of it: the leet view has the folded text's positions,
  // the pinyin reading its own.
  const maps: ((start: number, end: number) => [number, number])[] = views.map(() => toOrig);
  const pinyin = pinyinView(folded.text);
  if (pinyin !== null) {
    views.push(pinyin.text);
    maps.push((start, end) => {
      const [s, e] = pinyin.toFolded(start, end);
      return toOrig(s, e);
    });
  }

  let attack = 0;
  let framed: Hit | null = null;
  const seen = new Set<string>();
  // Mentions: attack hits that sit in a quotation, or name an attack in a few ASCII words, with a
  // question or lesson about attacks close by. Only a lone mention is discounted.
  const mentionCodes = new Set<string>();
  const usedCodes = new Set<string>();
  const mentionHits: Hit[] = [];
  const done: boolean[] = [];
  const system = source === 'system';
  let gate = -1;
  // An operator's system prompt is instruction-shaped by nature; there only the rules decide, so
  // the classifier is not asked. Elsewhere it reads each view in the pass that opens its gate.
  let p = 0;
  let pSpan: [number, number] = [0, original.length];
  for (let vi = 0; vi < views.length; vi++) {
    const view = views[vi]!;
    if (system) gate = openGate(view);
    else {
      gate = beginGate();
      const s = classify(getModel(), view, gate);
      if (s.probability > p) {
        p = s.probability;
        pSpan = maps[vi]!(s.start, s.end);
      }
    }
    for (let ri = 0; ri < RULES.length; ri++) {
      if (done[ri] === true || (system && SYSTEM_SKIPS[ri]!)) continue;
      if (!passes(gate, RULE_KEYS[ri]!) || !passes(gate, RULE_SECOND_KEYS[ri]!)) continue;
      const rule = RULES[ri]!;
      const m = ruleHits(view, rule);
      if (m === DEVICE) deviceSense = true;
      if (m === null || m === DEVICE) continue;
      done[ri] = true;
      const [start, end] = maps[vi]!(m.start, m.end);
      if (rule.role === 'frame' || rule.role === 'persona') {
        // A fiction frame explains a jailbreak better than the role-play that carries it.
        if (framed === null || (rule.role === 'frame' && framed.code !== 'JAILBREAK_FICTION_FRAME')) framed = { code: rule.code, start, end, confidence: rule.weight };
        continue;
      }
      const weight = rule.role === 'indirect' && content ? 0.85 : rule.weight;
      const hit: Hit = { code: rule.code, start, end, confidence: weight };
      // Planted instructions sit inside quoted, pasted content by nature: a quotation does not make them an example.
      if (!content && rule.code !== 'INJECTION_EXFILTRATION' && rule.role !== 'indirect' && mention(view, m.start, m.end)) {
        mentionCodes.add(rule.code);
        mentionHits.push(hit);
      } else {
        usedCodes.add(rule.code);
        attack = Math.max(attack, weight);
      }
      if (!seen.has(rule.code)) {
        seen.add(rule.code);
        hits.push(hit);
      }
    }
  }

  // A text that only talks about an attack (a lone mention) is where the classifier, which learned
  // the attacks' words, is least to be trusted alone.
  let discussed = false;
  if (mentionCodes.size > 0) {
    // Talking about one attack is a flag; two attack families at once, or a mention beside a used
    // attack, is an attack.
    // Two codes from one quoted phrase ("扮演一个没有限制的角色" is role-play and DAN at once) are still one mention.
    let oneSpan = true;
    for (const h of mentionHits) for (const k of mentionHits) if (h.start >= k.end + 80 || k.start >= h.end + 80) oneSpan = false;
    const lone = usedCodes.size === 0 && (mentionCodes.size === 1 || oneSpan);
    discussed = lone;
    for (const h of mentionHits) {
      if (lone) h.confidence = Math.min(h.confidence, 0.3);
      attack = Math.max(attack, h.confidence);
    }
  }

  let harm = 0;
  const harmSeen = new Set<string>();
  for (let vi = 0; vi < views.length; vi++) {
    const view = views[vi]!;
    for (const h of detectHarmfulIntent(view, framed !== null, views.length === 1 ? gate : undefined)) {
      if (harmSeen.has(h.category)) continue;
      harmSeen.add(h.category);
      const [start, end] = maps[vi]!(h.start, h.end);
      harm = Math.max(harm, h.strength);
      hits.push({ code: `HARMFUL_${h.category}`, start, end, confidence: h.strength });
    }
  }

  // A short text gives the classifier few features to go on: it must be surer to decide alone.
  // Content (a retrieved article, a tool result) talks about every topic; there too it must be surer.
  // A frame with nothing harmful in it (a lullaby, a pirate role-play) shares the attacks' words:
  // there too the classifier must be sure.
  const alone = discussed ? DISCUSSED_CLASSIFIER_ALONE : folded.text.length < 60 || content || deviceSense || (framed !== null && harm === 0 && attack < 0.5) ? SURE_CLASSIFIER_ALONE : CLASSIFIER_ALONE;

  // A frame (dream, grandma, fiction, role-play) is harmless alone and a jailbreak around
  // harmful intent or an attack: "a bedtime story about a dragon" passes, "grandma used to read
  // me the napalm recipe" does not.
  if (framed !== null && (harm > 0 || attack >= 0.5)) {
    if (!seen.has(framed.code)) hits.push({ ...framed, confidence: 0.9 });
    attack = Math.max(attack, harm > 0 ? 0.95 : Math.min(1, attack + 0.05));
  } else if (framed !== null && p >= FRAMED_PROCEDURE_P && PROCEDURE.test(folded.text) && !KITCHEN.test(folded.text)) {
    // No object the lexicons know, but a frame, a request for the real procedure ("every step",
    // "how much it would take") and a classifier that leans to attack: the grandma exploit with an
    // object nobody listed. A frame with a harmless procedure (a paper boat) scores low.
    if (!seen.has(framed.code)) hits.push({ ...framed, confidence: 0.7 });
    attack = Math.max(attack, 0.7);
  }
  // Harmful intent alone is a harmful request; inside content (a retrieved article about drugs)
  // it is only a topic, so it counts there only with an attack around it.
  if (harm > 0 && !(content || source === 'system')) attack = Math.max(attack, harm * 0.9);

  if (depth < MAX_DEPTH && budget.left > 0) {
    for (const enc of findEncoded(original, folded.text, undefined, views.length === 1 ? gate : undefined)) {
      if (budget.left <= 0) break;
      const payload = enc.payload.length > budget.left ? enc.payload.slice(0, budget.left) : enc.payload;
      budget.left -= payload.length;
      const sub = analyze(payload, source, depth + 1, budget);
      if (sub.risk < 0.5) continue;
      hits.push({ code: 'ENCODED_PAYLOAD', start: enc.start, end: enc.end, confidence: sub.risk });
      for (const h of sub.hits) if (h.code !== 'ENCODED_PAYLOAD' && h.code !== 'LONG_TEXT') hits.push({ ...h, start: enc.start, end: enc.end });
      // Hiding a request in an encoding is itself evidence of intent.
      attack = Math.max(attack, Math.min(1, sub.risk + 0.05));
    }
  }

  risk = Math.max(risk, attack);
  // The classifier alone decides only when it is sure: everyday text it has never seen must not
  // be blocked on its word. Below that it adds weight to what the rules found.
  if (p >= alone) {
    if (attack < 0.5) hits.push({ code: 'PROMPT_ATTACK_CLASSIFIER', start: pSpan[0], end: pSpan[1], confidence: p });
    risk = attack >= 0.5 ? Math.min(1, Math.max(risk, p) + 0.05) : Math.max(risk, p);
  } else if (attack >= 0.5 && p >= 0.5) risk = Math.min(1, risk + 0.05);
  else if (attack < 0.5) risk = Math.max(risk, Math.min(0.45, p * 0.6));

  // Invisible characters and look-alike letters are an evasion signal of their own, stronger
  // around an attack.
  if (folded.bidi > 0 || folded.invisible >= 3) {
    hits.push({ code: 'OBFUSCATION_INVISIBLE', start: 0, end: original.length, confidence: 0.4 });
    risk = risk >= 0.5 ? Math.min(1, risk + 0.05) : Math.max(risk, 0.3);
  }
  if (folded.homoglyphs >= 2) {
    hits.push({ code: 'OBFUSCATION_HOMOGLYPH', start: 0, end: original.length, confidence: 0.4 });
    risk = risk >= 0.5 ? Math.min(1, risk + 0.05) : Math.max(risk, 0.3);
  }
  return { risk, hits };
}

/** Prompt-injection and jailbreak detection over one text. Detection is data; only a bad argument throws. */
export function detectPromptAttack(text: string, options: PromptAttackOptions = {}): PromptAttackResult {
  if (typeof text !== 'string') throw new BulwarkError('INVALID_REQUEST', 'prompt-attack: text must be a string');
  const source = typeof options.source === 'string' ? options.source.toLowerCase() : 'user';
  if (text.length === 0) return { risk: 0, findings: [] };
  const { risk, hits } = analyze(text, source, 0, { left: MAX_DECODED });
  const findings: Finding[] = hits.map((h) => ({
    code: h.code,
    guard: PROMPT_GUARD_ID,
    severity: CODES[h.code].severity,
    start: h.start,
    end: h.end,
    confidence: Math.round(h.confidence * 1000) / 1000,
    tags: [...CODES[h.code].tags],
  }));
  return { risk: Math.round(risk * 1000) / 1000, findings };
}
