// Deterministic benchmark corpus: English and Chinese prose with about one sensitive value per
// 200 characters (e-mails, phones, card numbers, CN resident ID numbers, AWS keys, JWTs), plus
// plain prose with none. Every library is measured on exactly these texts: each child process
// rebuilds them from the seed and the runner compares their SHA-256 before it trusts a result.
//
// The values are shaped like real ones and valid where validity is checkable (Luhn for cards,
// the GB 11643 check digit, real area prefixes and dates for ID numbers), so detectors that
// validate are not penalised relative to detectors that only match shapes.
import { createHash } from 'node:crypto';
import { mulberry32 } from '../../scripts/lib/random.mjs';

export const CORPUS_SEED = 0x5eed_b01;
export const SIZES = [1024, 16 * 1024];
/** Bytes of text per size: the pool a timed loop cycles through (large enough to defeat result caches). */
const POOL_BYTES = 256 * 1024;
/** Mean characters between two sensitive values in texts that carry them. */
const VALUE_EVERY_CHARS = 200;
/** Share of each kind of text in the pool, cycled in this order. */
const KINDS = ['en', 'zh', 'en', 'zh', 'en', 'zh', 'en-plain', 'zh-plain'];

/** Seeded helpers over mulberry32: the same seed gives the same corpus everywhere. */
export function createRandom(seed) {
  const next = mulberry32(seed);
  const int = (lo, hi) => lo + Math.floor(next() * (hi - lo + 1));
  const pick = (items) => items[Math.floor(next() * items.length)];
  const chars = (alphabet, n) => {
    let s = '';
    for (let i = 0; i < n; i++) s += alphabet[Math.floor(next() * alphabet.length)];
    return s;
  };
  return { next, int, pick, chars };
}

// ---------------------------------------------------------------- sensitive values

const DIGITS = '0123456789';
const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

const FIRST = ['james', 'mary', 'robert', 'linda', 'david', 'susan', 'wei', 'fang', 'jun', 'xiaoming', 'li', 'ana', 'omar', 'priya'];
const LAST = ['smith', 'johnson', 'brown', 'garcia', 'miller', 'wang', 'zhang', 'liu', 'chen', 'huang', 'kumar', 'novak'];
const DOMAINS = ['gmail.com', 'outlook.com', 'qq.com', '163.com', 'acme-corp.com', 'mail.northwind.io', 'fabrikam.cn', 'contoso.co.uk'];

function email(r) {
  const sep = r.pick(['.', '_', '']);
  const tail = r.next() < 0.4 ? String(r.int(1, 99)) : '';
  return `${r.pick(FIRST)}${sep}${r.pick(LAST)}${tail}@${r.pick(DOMAINS)}`;
}

const CN_MOBILE_PREFIXES = ['130', '131', '132', '133', '135', '136', '137', '138', '139', '150', '151', '152', '155', '157', '158', '159', '166', '177', '180', '181', '186', '187', '188', '189', '198', '199'];

function phone(r, lang) {
  if (lang === 'zh' || r.next() < 0.5) {
    const n = r.pick(CN_MOBILE_PREFIXES) + r.chars(DIGITS, 8);
    return r.pick([n, `${n.slice(0, 3)} ${n.slice(3, 7)} ${n.slice(7)}`, `+86 ${n.slice(0, 3)}-${n.slice(3, 7)}-${n.slice(7)}`]);
  }
  const area = `${r.int(2, 9)}${r.chars(DIGITS, 2)}`;
  const exchange = `${r.int(2, 9)}${r.chars(DIGITS, 2)}`;
  const line = r.chars(DIGITS, 4);
  return r.pick([`(${area}) ${exchange}-${line}`, `${area}-${exchange}-${line}`, `+1 ${area} ${exchange} ${line}`]);
}

function luhnCheckDigit(body) {
  let sum = 0;
  for (let i = body.length - 1, double = true; i >= 0; i--, double = !double) {
    let d = body.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return String((10 - (sum % 10)) % 10);
}

function card(r) {
  const [prefix, length] = r.pick([['4', 16], [String(r.int(51, 55)), 16], ['62', 16], ['62', 19], ['37', 15]]);
  const body = prefix + r.chars(DIGITS, length - prefix.length - 1);
  const number = body + luhnCheckDigit(body);
  if (length !== 16 || r.next() < 0.4) return number;
  return number.match(/.{4}/g).join(r.pick([' ', '-']));
}

const CN_AREAS = ['110101', '110105', '310104', '310115', '440305', '440106', '330106', '510107', '420106', '320102', '370202', '500103'];
const GB11643_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

function cnIdCard(r) {
  const year = r.int(1950, 2005);
  const month = r.int(1, 12);
  const day = r.int(1, 28);
  const body = `${r.pick(CN_AREAS)}${year}${String(month).padStart(2, '0')}${String(day).padStart(2, '0')}${r.chars(DIGITS, 3)}`;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (body.charCodeAt(i) - 48) * GB11643_WEIGHTS[i];
  return body + '10X98765432'[sum % 11];
}

const awsAccessKeyId = (r) => `AKIA${r.chars(BASE32, 16)}`;
const awsSecretKey = (r) => r.chars(BASE64, 40);

function jwt(r) {
  const b64url = (obj) => Buffer.from(JSON.stringify(obj)).toString('base64url');
  const header = b64url({ alg: 'HS256', typ: 'JWT' });
  const payload = b64url({ sub: String(r.int(100000, 999999)), name: `${r.pick(FIRST)} ${r.pick(LAST)}`, iat: 1_700_000_000 + r.int(0, 30_000_000) });
  return `${header}.${payload}.${r.chars(BASE64URL, 43)}`;
}

/** Marks a template whose sentence carries two values. */
const carriesTwo = (template) => Object.assign(template, { values: 2 });

/** One sentence carrying one (rarely two) values, in the text's language. */
const VALUE_SENTENCES = {
  en: [
    (r) => `You can reach me at ${email(r)} if anything changes.`,
    (r) => `Please forward the invoice to ${email(r)} before Friday.`,
    (r) => `Call me on ${phone(r, 'en')} after six in the evening.`,
    (r) => `My card number is ${card(r)}, expiry 09/27.`,
    (r) => `The hotel charged the deposit to card ${card(r)} again.`,
    (r) => `Her resident ID number is ${cnIdCard(r)} according to the form.`,
    (r) => `The deploy script still uses the access key ${awsAccessKeyId(r)} from last year.`,
    carriesTwo((r) => `Set aws_access_key_id = ${awsAccessKeyId(r)} and aws_secret_access_key = ${awsSecretKey(r)} in the profile.`),
    (r) => `Send this bearer token with the request: ${jwt(r)}`,
  ],
  zh: [
    (r) => `我的邮箱是${email(r)}，有问题请随时联系。`,
    (r) => `请把合同扫描件发到 ${email(r)} 这个地址。`,
    (r) => `我的手机号是${phone(r, 'zh')}，工作日都能接通。`,
    (r) => `退款请打到这张银行卡：${card(r)}，户名是我本人。`,
    (r) => `身份证号码${cnIdCard(r)}，请帮我核对一下信息。`,
    (r) => `办理入住时登记的身份证号是 ${cnIdCard(r)}。`,
    (r) => `测试环境的 AWS 访问密钥是 ${awsAccessKeyId(r)}，上线前记得轮换。`,
    (r) => `配置文件里写着 aws_secret_access_key = ${awsSecretKey(r)}，这个不能提交到仓库。`,
    (r) => `接口返回的令牌是 ${jwt(r)}`,
  ],
};

// ---------------------------------------------------------------- plain prose

const EN_PROSE = [
  'The storage team is preparing the quarterly review of the object store cluster in the second region.',
  'Capacity grew by eleven percent this quarter, mostly from backup traffic and the new analytics jobs.',
  'Median read latency stayed flat, while the slowest percentile improved after the cache nodes were replaced.',
  'Two maintenance windows are planned next month: one for the kernel update and one for the switch firmware.',
  'Summarise the customer complaint below and suggest a polite answer that does not promise a refund.',
  'Version 2.14.3 of the client library fixed the retry loop that caused duplicate orders.',
  'The meeting moved to Thursday at 10:30 because half of the team is travelling on Wednesday.',
  'Order 2024-0517-0042 shipped on 17 May and should arrive within five working days.',
  'Keep the tone factual, use plain sentences and end with the three decisions the meeting has to take.',
  'The draft contract mentions a penalty of 3.5 percent per week of delay, which legal wants to lower.',
  'Translate the following paragraph into French and keep the product names in English.',
  'Our support queue had 1,284 tickets last week; most were about password resets and billing dates.',
];
const ZH_PROSE = [
  '请帮我把下面这段会议纪要整理成三条要点，语气正式一些。',
  '本季度存储集群的容量增长了百分之十一，主要来自备份和新的分析任务。',
  '客户反映上周的订单延迟发货，希望我们给出一个合理的解释。',
  '下个月计划两次维护窗口，一次升级内核，一次更新交换机固件。',
  '合同草案中提到每延误一周罚款百分之三点五，法务希望降低这个比例。',
  '版本 2.14.3 修复了导致重复下单的重试问题，请在发布说明里写清楚。',
  '会议改到周四上午十点半，因为周三有一半同事在出差。',
  '请用通俗的语言解释一下这份体检报告里的几项指标。',
  '订单 20240517-0042 已于五月十七日发出，预计五个工作日内送达。',
  '把这封邮件翻译成英文，产品名称保持不变。',
  '上周客服一共处理了 1284 个工单，大部分是关于重置密码和账单日期的。',
  '写一段产品介绍，突出续航时间长和重量轻这两个特点。',
];

/**
 * One text of about `bytes` UTF-8 bytes (never more), built sentence by sentence so no value is
 * cut in half. A value sentence follows whenever VALUE_EVERY_CHARS characters have passed.
 */
function buildText(r, kind, bytes) {
  const lang = kind.startsWith('zh') ? 'zh' : 'en';
  const withValues = !kind.endsWith('-plain');
  const prose = lang === 'zh' ? ZH_PROSE : EN_PROSE;
  const joiner = lang === 'zh' ? '' : ' ';
  let text = '';
  let size = 0;
  let planted = 0;
  let sinceValue = r.int(0, VALUE_EVERY_CHARS - 1);
  for (let misses = 0; misses < 20; ) {
    const template = withValues && sinceValue >= VALUE_EVERY_CHARS ? r.pick(VALUE_SENTENCES[lang]) : undefined;
    const piece = (text === '' ? '' : joiner) + (template ? template(r) : r.pick(prose));
    const pieceBytes = Buffer.byteLength(piece);
    if (size + pieceBytes > bytes) {
      misses++;
      continue;
    }
    text += piece;
    size += pieceBytes;
    planted += template ? (template.values ?? 1) : 0;
    sinceValue = template ? 0 : sinceValue + piece.length;
  }
  return { text, planted };
}

/**
 * The pool of texts for one size and how many values were planted in it; the same seed and size
 * always give the same texts.
 */
export function buildCorpus(size, seed = CORPUS_SEED) {
  const r = createRandom((seed ^ Math.imul(size, 0x9e3779b1)) >>> 0);
  const count = Math.max(8, Math.round(POOL_BYTES / size));
  const texts = [];
  let planted = 0;
  for (let i = 0; i < count; i++) {
    const t = buildText(r, KINDS[i % KINDS.length], size);
    texts.push(t.text);
    planted += t.planted;
  }
  return { texts, planted };
}

export function describeCorpus({ texts, planted }) {
  const hash = createHash('sha256');
  let bytes = 0;
  for (const t of texts) {
    hash.update(t).update('\u0000');
    bytes += Buffer.byteLength(t);
  }
  return { texts: texts.length, bytes, meanBytes: Math.round(bytes / texts.length), planted, plantedPerKB: planted / (bytes / 1024), sha256: hash.digest('hex') };
}
