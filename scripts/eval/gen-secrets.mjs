#!/usr/bin/env node
// Seeded generator of the secrets evaluation set: data/eval/sensitive/secrets-generated.jsonl.
//   node scripts/eval/gen-secrets.mjs [--seed N] [--out PATH]
// One JSON object per line: {"id","lang":"en"|"zh","text","spans":[{"code","start","end"}]}, spans in
// UTF-16 code units of `text` covering the secret value (for connection strings and URLs, the
// password alone; for Slack webhooks, the whole URL; for PEM keys, the whole block).
//
// Every key is random and made to its provider's published shape (prefix, alphabet, length,
// checksum where one exists); none is a real credential. Contexts are written here, in English and
// Chinese: .env files, YAML/JSON configs, Python/JS/Go code, shell, logs, stack traces, chat
// messages. About one positive in eight is disguised (zero-width characters inside the key,
// full-width letters). Decoys carry no spans and must not be flagged: hashes, UUIDs, base64 of
// prose, placeholders, publishable keys, JOSE look-alikes, AWS documentation keys, prose after
// "password:". The texts avoid personal data (no e-mail addresses, phone numbers, IPs or names) so
// the personal-data detectors running on the same files see nothing to find.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { crc32 as zlibCrc32 } from 'node:zlib';

const args = process.argv.slice(2);
const argOf = (name, dflt) => (args.includes(name) ? args[args.indexOf(name) + 1] : dflt);
const SEED = Number(argOf('--seed', '20250515'));
const OUT = argOf('--out', fileURLToPath(new URL('../../data/eval/sensitive/secrets-generated.jsonl', import.meta.url)));

// ---- deterministic randomness (mulberry32) -------------------------------------------------------
let state = SEED >>> 0;
function rand() {
  state = (state + 0x6d2b79f5) | 0;
  let t = Math.imul(state ^ (state >>> 15), 1 | state);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const int = (lo, hi) => lo + Math.floor(rand() * (hi - lo + 1));
const pick = (a) => a[Math.floor(rand() * a.length)];
const chance = (p) => rand() < p;

const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const DIGITS = '0123456789';
const B62 = UPPER + LOWER + DIGITS;
const B64 = B62 + '+/';
const B64URL = B62 + '-_';
const HEX = '0123456789abcdef';
const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const str = (n, alphabet) => {
  let s = '';
  for (let i = 0; i < n; i++) s += alphabet[Math.floor(rand() * alphabet.length)];
  return s;
};
/** Random over an alphabet, redrawn until every listed class appears (real keys of this length do). */
function mixed(n, alphabet = B62) {
  for (;;) {
    const s = str(n, alphabet);
    if (/[A-Z]/.test(s) && /[a-z]/.test(s) && /[0-9]/.test(s)) return s;
  }
}

// ---- checksums (GitHub / npm) ---------------------------------------------------------------------
// node:zlib's CRC-32, not the detector's own (src/guards/sensitive/secrets/checksum.ts): the labels
// must not inherit a bug of the code they measure.
function crc32(s) {
  return zlibCrc32(Buffer.from(s, 'latin1'));
}
function base62(n) {
  const A = DIGITS + UPPER + LOWER;
  let s = '';
  while (n > 0) {
    s = A[n % 62] + s;
    n = Math.floor(n / 62);
  }
  return s.padStart(6, '0');
}
const checksummed = (prefix) => {
  const body = str(30, B62);
  return prefix + body + base62(crc32(body));
};

const b64url = (s) => Buffer.from(s).toString('base64url');
const b64 = (buf) => Buffer.from(buf).toString('base64');
const randomBytes = (n) => Array.from({ length: n }, () => int(0, 255));

// ---- key factories, one per code ------------------------------------------------------------------
const KEYS = {
  SECRET_OPENAI_KEY: () =>
    pick([
      () => `sk-proj-${str(74, B64URL)}T3BlbkFJ${str(74, B64URL)}`,
      () => `sk-proj-${str(58, B64URL)}T3BlbkFJ${str(58, B64URL)}`,
      () => `sk-svcacct-${str(74, B64URL)}T3BlbkFJ${str(74, B64URL)}`,
      () => `sk-admin-${str(58, B64URL)}T3BlbkFJ${str(58, B64URL)}`,
      () => `sk-${mixed(20)}T3BlbkFJ${mixed(20)}`,
    ])(),
  SECRET_ANTHROPIC_KEY: () => `sk-ant-${pick(['api03', 'api03', 'admin01'])}-${str(93, B64URL)}AA`,
  SECRET_DEEPSEEK_KEY: () => `sk-${str(32, HEX)}`,
  SECRET_AWS_ACCESS_KEY: () => `${pick(['AKIA', 'AKIA', 'ASIA', 'ABIA', 'ACCA'])}${str(16, BASE32)}`,
  SECRET_AWS_SECRET_KEY: () => mixed(40, B64),
  SECRET_GOOGLE_API_KEY: () => `AIza${mixed(35, B64URL)}`,
  SECRET_GOOGLE_OAUTH_SECRET: () => `GOCSPX-${mixed(28, B64URL)}`,
  SECRET_GITHUB_TOKEN: () => (chance(0.8) ? checksummed(pick(['ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_'])) : `github_pat_${mixed(22)}_${mixed(59)}`),
  SECRET_GITLAB_TOKEN: () =>
    pick([
      () => `glpat-${mixed(20, B64URL)}`,
      () => `glpat-${mixed(20, B64URL)}`,
      () => `gldt-${mixed(20, B64URL)}`,
      () => `glrt-${mixed(20, B64URL)}`,
      () => `glpat-${mixed(int(27, 40), B64URL)}.01.${str(9, LOWER + DIGITS)}`,
    ])(),
  SECRET_SLACK_TOKEN: () =>
    pick([
      () => `xoxb-${str(12, DIGITS)}-${str(13, DIGITS)}-${mixed(24)}`,
      () => `xoxp-${str(12, DIGITS)}-${str(12, DIGITS)}-${str(13, DIGITS)}-${str(32, HEX)}`,
      () => `xapp-1-A${str(10, UPPER + DIGITS)}-${str(13, DIGITS)}-${str(64, HEX)}`,
      () => `xoxa-2-${str(12, DIGITS)}-${str(12, DIGITS)}-${mixed(32)}`,
      () => `xoxe.xoxp-1-${mixed(140)}`,
    ])(),
  SECRET_STRIPE_KEY: () => `${pick(['sk_live_', 'sk_live_', 'sk_test_', 'rk_live_', 'rk_test_'])}${pick(['51', ''])}${mixed(pick([24, 99]))}`,
  SECRET_ALIBABA_ACCESS_KEY: () => `LTAI${pick(['5t', '4F', '4G', ''])}${mixed(int(14, 18))}`,
  SECRET_TENCENT_SECRET_ID: () => `AKID${mixed(32)}`,
  SECRET_HUGGINGFACE_TOKEN: () => {
    for (;;) {
      const s = str(34, UPPER + LOWER);
      if (/[A-Z]/.test(s) && /[a-z]/.test(s)) return `hf_${s}`;
    }
  },
  SECRET_NPM_TOKEN: () => checksummed('npm_'),
  SECRET_JWT: () => {
    const alg = pick(['HS256', 'HS256', 'RS256', 'ES256', 'HS512', 'PS256']);
    const header = pick([{ alg, typ: 'JWT' }, { typ: 'JWT', alg }, { alg, kid: str(16, HEX), typ: 'JWT' }, { alg }]);
    const iat = int(1600000000, 1760000000);
    const payload = pick([
      { sub: str(24, HEX), iat, exp: iat + 3600 },
      { iss: 'https://auth.example.org/', aud: 'api', sub: `user_${str(12, B62)}`, scope: 'read:orders write:orders', iat, exp: iat + 86400 },
      { tenant: `t-${str(8, HEX)}`, role: pick(['admin', 'viewer', 'service']), iat },
      { jti: str(32, HEX), iat, nbf: iat, exp: iat + 900 },
    ]);
    const sigLen = { HS256: 43, HS512: 86, RS256: 342, PS256: 342, ES256: 86 }[alg];
    return `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(payload))}.${str(sigLen, B64URL)}`;
  },
  SECRET_GENERIC: () =>
    pick([
      () => mixed(int(20, 48)),
      () => str(32, HEX),
      () => str(40, HEX),
      () => mixed(int(24, 44), B64),
      () => `${str(8, HEX)}-${str(4, HEX)}-4${str(3, HEX)}-${pick(['8', '9', 'a', 'b'])}${str(3, HEX)}-${str(12, HEX)}`,
      () => str(1, B62) + mixed(int(19, 31), B62 + '!#$%^*'),
      () => mixed(int(20, 40), B64URL),
    ])(),
};

/** A password as people and generators make them; URL-safe where it goes into a URL. */
function password(urlSafe) {
  const symbols = urlSafe ? '!*-_.~' : '!*-_.~#$%^+=';
  return pick([
    () => mixed(int(12, 24), B62 + symbols),
    () => mixed(int(16, 32)),
    () => `${pick(['Summer', 'Winter', 'Dragon', 'Falcon', 'Orchid', 'Tiger', 'Maple'])}${int(1990, 2030)}${pick(['!', '*', '-', '_', ''])}${pick(['x', 'Q', 'z', ''])}${int(1, 99)}`,
    () => `${str(4, LOWER)}${pick(['!', '*', '_'])}${int(100, 999)}${str(3, UPPER)}`,
    () => str(int(8, 14), LOWER + DIGITS),
  ])();
}

// ---- disguises ------------------------------------------------------------------------------------
const ZERO_WIDTH = ['\u200b', '\u200c', '\u200d', '\u2060', '\ufeff'];
function disguise(value) {
  if (chance(0.5)) {
    // zero-width characters strictly inside the key
    let v = value;
    const n = int(1, 3);
    for (let k = 0; k < n; k++) {
      const at = int(1, v.length - 1);
      v = v.slice(0, at) + pick(ZERO_WIDTH) + v.slice(at);
    }
    return v;
  }
  // full-width forms of some (or all) printable characters
  const all = chance(0.4);
  let v = '';
  for (const ch of value) {
    const c = ch.charCodeAt(0);
    v += c >= 0x21 && c <= 0x7e && (all || chance(0.5)) ? String.fromCharCode(c + 0xfee0) : ch;
  }
  return v;
}

// ---- records ----------------------------------------------------------------------------------------
const records = [];
/** parts: strings and {code, value} objects; builds the text and the spans. */
function add(lang, parts, tag) {
  let text = '';
  const spans = [];
  for (const p of parts) {
    if (typeof p === 'string') text += p;
    else {
      const start = text.length;
      text += p.value;
      spans.push({ code: p.code, start, end: text.length });
    }
  }
  records.push({ tag, lang, text, spans });
}
const S = (code, value) => ({ code, value });

// Contexts any prefix-identified key can sit in. {k} is the key part, {name} a variable name.
const ANY_EN = [
  (k, n) => [`${n}=`, k, '\n'],
  (k, n) => [`export ${n}="`, k, '"'],
  (k, n) => [`${n.toLowerCase()}: `, k],
  (k, n) => [`{"${n.toLowerCase()}": "`, k, '", "timeout": 30}'],
  (k) => ['Here is the key I use in staging: ', k, ' - why does the API still say 401?'],
  (k) => ['curl https://api.example.com/v1/models -H "Authorization: Bearer ', k, '"'],
  (k) => ['client = Client(api_key="', k, '")\nresp = client.list()'],
  (k) => ['const client = new Client({ apiKey: \'', k, '\' });'],
  (k) => ['Traceback (most recent call last):\n  File "app.py", line 12, in <module>\nAuthenticationError: Invalid credentials for key ', k],
  (k) => ['docker run -e API_TOKEN=', k, ' -p 8080:8080 registry.example.com/app:1.4.2'],
  (k) => ['- name: deploy\n  env:\n    TOKEN: ', k, '\n  run: ./deploy.sh'],
  (k) => ['Can you check why this fails? I set the credential to ', k, ' and restarted the pod.'],
  (k) => ['```\n', k, '\n```\nthis is from the old config, is it still valid?'],
  (k) => ['2024-05-02T08:13:44Z WARN auth rejected credential=', k, ' route=/v1/chat'],
  (k, n) => [`os.environ["${n}"] = "`, k, '"'],
  (k) => ['Please rotate ', k, ' before Friday, it was pasted in the incident channel.'],
];
const ANY_ZH = [
  (k) => ['我的密钥是 ', k, '，帮我看看为什么调用一直返回 401。'],
  (k) => ['这是测试环境的配置：\nAPI_KEY=', k],
  (k) => ['请帮我检查这段代码：\nclient = Client(api_key="', k, '")'],
  (k) => ['服务器日志报错：认证失败，凭据 ', k, ' 无效'],
  (k) => ['同事把令牌 ', k, ' 发到群里了，需要马上轮换吗？'],
  (k) => ['密钥：', k],
  (k) => ['把这个 key 配到环境变量里：', k, ' 然后重启服务'],
  (k) => ['【配置】token=', k, '（生产环境，请勿外传）'],
  (k) => ['为什么用', k, '调用接口会报错？'],
  (k, n) => [`在 .env 文件中写入 ${n}=`, k, ' 即可'],
];
const NAMES = {
  SECRET_OPENAI_KEY: ['OPENAI_API_KEY', 'OPENAI_KEY', 'LLM_API_KEY'],
  SECRET_ANTHROPIC_KEY: ['ANTHROPIC_API_KEY', 'CLAUDE_KEY'],
  SECRET_DEEPSEEK_KEY: ['DEEPSEEK_API_KEY', 'DASHSCOPE_API_KEY'],
  SECRET_AWS_ACCESS_KEY: ['AWS_ACCESS_KEY_ID', 'ACCESS_KEY_ID'],
  SECRET_GOOGLE_API_KEY: ['GOOGLE_API_KEY', 'GEMINI_API_KEY', 'MAPS_KEY'],
  SECRET_GOOGLE_OAUTH_SECRET: ['GOOGLE_CLIENT_SECRET', 'OAUTH_CLIENT_SECRET'],
  SECRET_GITHUB_TOKEN: ['GITHUB_TOKEN', 'GH_TOKEN'],
  SECRET_GITLAB_TOKEN: ['GITLAB_TOKEN', 'CI_JOB_TOKEN_OVERRIDE'],
  SECRET_SLACK_TOKEN: ['SLACK_BOT_TOKEN', 'SLACK_TOKEN'],
  SECRET_STRIPE_KEY: ['STRIPE_SECRET_KEY', 'STRIPE_KEY'],
  SECRET_ALIBABA_ACCESS_KEY: ['ALIBABA_CLOUD_ACCESS_KEY_ID', 'ALIYUN_AK'],
  SECRET_TENCENT_SECRET_ID: ['TENCENTCLOUD_SECRET_ID', 'TC_SECRET_ID'],
  SECRET_HUGGINGFACE_TOKEN: ['HF_TOKEN', 'HUGGINGFACE_HUB_TOKEN'],
  SECRET_NPM_TOKEN: ['NPM_TOKEN', 'NODE_AUTH_TOKEN'],
  SECRET_JWT: ['SESSION_JWT', 'ID_TOKEN'],
};

const PREFIXED = Object.keys(NAMES);
for (const code of PREFIXED) {
  for (let i = 0; i < 70; i++) {
    const lang = chance(0.35) ? 'zh' : 'en';
    let value = KEYS[code]();
    const disguised = chance(0.12);
    if (disguised) value = disguise(value);
    const tpl = pick(lang === 'zh' ? ANY_ZH : ANY_EN);
    const parts = tpl(S(code, value), pick(NAMES[code])).map((p) => p);
    add(lang, parts, disguised ? 'evasion' : 'positive');
  }
}

// AWS: key id with its secret, in the places they travel together.
for (let i = 0; i < 80; i++) {
  const id = KEYS.SECRET_AWS_ACCESS_KEY();
  const secret = KEYS.SECRET_AWS_SECRET_KEY();
  const A = S('SECRET_AWS_ACCESS_KEY', id);
  const B = S('SECRET_AWS_SECRET_KEY', chance(0.08) ? disguise(secret) : secret);
  const region = pick(['us-east-1', 'eu-west-1', 'ap-southeast-1', 'cn-north-1']);
  const forms = [
    () => ['en', ['[default]\naws_access_key_id = ', A, '\naws_secret_access_key = ', B, `\nregion = ${region}`]],
    () => ['en', ['{\n  "Credentials": {\n    "AccessKeyId": "', A, '",\n    "SecretAccessKey": "', B, '",\n    "Expiration": "2025-01-01T00:00:00Z"\n  }\n}']],
    () => ['en', ['s3 = boto3.client("s3", aws_access_key_id="', A, '", aws_secret_access_key="', B, '")']],
    () => ['en', ['User name,Access key ID,Secret access key\ndeploy-bot,', A, ',', B]],
    () => ['en', ['export AWS_ACCESS_KEY_ID=', A, '\nexport AWS_SECRET_ACCESS_KEY=', B]],
    () => ['en', ['My AWS secret access key is ', B, ' and the key id ', A, ', can you tell me why S3 returns 403?']],
    () => ['zh', ['AWS 访问密钥 ID：', A, '\nAWS 秘密访问密钥（secret access key）：', B]],
    () => ['zh', ['帮我看下这个配置为什么不能上传到 S3：\naws_access_key_id=', A, '\naws_secret_access_key=', B]],
    () => ['en', ['aws:\n  access_key_id: ', A, '\n  secret_access_key: ', B]],
    () => ['en', ['credentials = {"aws_secret_access_key": "', B, '"}']],
  ];
  const [lang, parts] = pick(forms)();
  add(lang, parts, 'positive');
}

// Azure: storage connection strings, SAS URLs, Azure OpenAI keys with their endpoint.
for (let i = 0; i < 90; i++) {
  const account = `st${str(10, LOWER + DIGITS)}`;
  const form = i % 6;
  if (form === 0 || form === 1) {
    const key = S('SECRET_AZURE_KEY', b64(randomBytes(64)));
    const lang = form === 1 ? 'zh' : 'en';
    add(lang, lang === 'zh' ? ['存储账户连接字符串：DefaultEndpointsProtocol=https;AccountName=', account, ';AccountKey=', key, ';EndpointSuffix=core.windows.net'] : ['AZURE_STORAGE_CONNECTION_STRING="DefaultEndpointsProtocol=https;AccountName=', account, ';AccountKey=', key, ';EndpointSuffix=core.windows.net"'], 'positive');
  } else if (form === 2) {
    const sig = encodeURIComponent(b64(randomBytes(32)));
    add('en', [`https://${account}.blob.core.windows.net/backups/db.bak?sv=2022-11-02&ss=b&srt=co&sp=rl&se=2025-06-30T00:00:00Z&st=2025-01-01T00:00:00Z&spr=https&sig=`, S('SECRET_AZURE_KEY', sig)], 'positive');
  } else if (form === 3) {
    const key = S('SECRET_AZURE_KEY', str(32, HEX));
    add('en', [`AZURE_OPENAI_ENDPOINT=https://${account}.openai.azure.com/\nAZURE_OPENAI_API_KEY=`, key], 'positive');
  } else if (form === 4) {
    const key = S('SECRET_AZURE_KEY', str(32, HEX));
    add(chance(0.5) ? 'zh' : 'en', pick([
      () => ['curl -X POST "https://eastus.api.cognitive.microsoft.com/vision/v3.2/analyze" -H "Ocp-Apim-Subscription-Key: ', key, '"'],
      () => ['Azure 认知服务的 api_key: ', key, '，终端节点 https://', account, '.cognitiveservices.azure.com/'],
      () => ['client = AzureOpenAI(azure_endpoint="https://', account, '.openai.azure.com", api_key="', key, '", api_version="2024-06-01")'],
    ])(), 'positive');
  } else {
    const key = S('SECRET_AZURE_KEY', `${mixed(52)}JQQJ99${str(1, B62)}${pick([...'ABCDEFGHIJKL'])}${str(16, B62)}${str(1, UPPER + LOWER)}${str(7, B62)}`);
    add('en', pick([() => ['AZURE_AI_KEY=', key], () => ['The new Azure key is ', key, ', swap it in the vault.']])(), 'positive');
  }
}

// Slack webhooks: the whole URL is the secret.
for (let i = 0; i < 70; i++) {
  const url = `https://hooks.slack.com/services/T${str(int(8, 10), UPPER + DIGITS)}/B${str(int(8, 10), UPPER + DIGITS)}/${mixed(24)}`;
  const v = S('SECRET_SLACK_WEBHOOK', url);
  const lang = chance(0.3) ? 'zh' : 'en';
  add(lang, lang === 'zh' ? pick([() => ['告警推送地址：', v], () => ['把 webhook ', v, ' 配到 Alertmanager 里']])() : pick([
    () => ['SLACK_WEBHOOK_URL=', v],
    () => ['curl -X POST -H "Content-type: application/json" --data \'{"text":"deploy done"}\' ', v],
    () => ['alerting:\n  slack:\n    webhook: "', v, '"'],
    () => ['requests.post("', v, '", json={"text": msg})'],
  ])(), 'positive');
}

// Private keys: whole PEM blocks, in files, JSON strings, chat pastes; some cut short.
function pemBody(bytes, width) {
  const s = b64(randomBytes(bytes));
  const lines = [];
  for (let i = 0; i < s.length; i += width) lines.push(s.slice(i, i + width));
  return lines;
}
for (let i = 0; i < 80; i++) {
  const kind = pick(['RSA ', 'EC ', '', 'OPENSSH ', 'ENCRYPTED ', 'DSA ', 'PGP ']);
  const label = kind === 'PGP ' ? 'PGP PRIVATE KEY BLOCK' : `${kind}PRIVATE KEY`;
  const bytes = { 'RSA ': pick([1190, 1218, 2348]), 'EC ': 121, '': pick([1217, 138]), 'OPENSSH ': pick([387, 1677]), 'ENCRYPTED ': 1298, 'DSA ': 444, 'PGP ': 1500 }[kind];
  const lines = pemBody(bytes, kind === 'OPENSSH ' ? 70 : 64);
  const headers = kind === 'PGP ' ? ['Version: GnuPG v2', ''] : kind === 'RSA ' && chance(0.2) ? ['Proc-Type: 4,ENCRYPTED', `DEK-Info: AES-128-CBC,${str(32, HEX).toUpperCase()}`, ''] : [];
  const truncated = chance(0.15);
  const body = truncated ? lines.slice(0, int(2, Math.max(2, lines.length - 2))) : lines;
  const block = [`-----BEGIN ${label}-----`, ...headers, ...body, ...(truncated ? [] : [`-----END ${label}-----`])].join('\n');
  const form = pick(['file', 'file', 'json', 'chat-en', 'chat-zh', 'yaml']);
  if (form === 'json') {
    const escaped = `${block}\n`.replace(/\n/g, '\\n');
    const v = truncated ? escaped.replace(/\\n$/, '') : escaped.slice(0, escaped.lastIndexOf('-----') + 5);
    const rest = escaped.slice(v.length);
    add('en', ['{\n  "type": "service_account",\n  "project_id": "demo-project-', str(6, DIGITS), '",\n  "private_key_id": "', str(40, HEX), '",\n  "private_key": "', S('SECRET_PRIVATE_KEY', v), `${rest}",\n  "token_uri": "https://oauth2.googleapis.com/token"\n}`], 'positive');
  } else if (form === 'chat-en') {
    add('en', ['Is this key format right? The server refuses it:\n', S('SECRET_PRIVATE_KEY', block), truncated ? '\n\nthanks in advance' : '\nthanks'], 'positive');
  } else if (form === 'chat-zh') {
    add('zh', ['服务器登录不上，这是我的私钥：\n', S('SECRET_PRIVATE_KEY', block), '\n帮我看看格式对不对'], 'positive');
  } else if (form === 'yaml') {
    add('en', ['tls:\n  key: |\n', S('SECRET_PRIVATE_KEY', block.split('\n').join('\n    ')), '\n  cert_file: /etc/ssl/server.crt'], 'positive');
  } else {
    add('en', [S('SECRET_PRIVATE_KEY', block), '\n'], 'positive');
  }
}

// Connection strings: the password alone.
const DB_URLS = [
  (u, p, h) => ['DATABASE_URL=postgres://', u, ':', p, `@${h}:5432/app`],
  (u, p, h) => ['postgresql://', u, ':', p, `@${h}/analytics?sslmode=require`],
  (u, p, h) => ['engine = create_engine("postgresql+psycopg2://', u, ':', p, `@${h}:5432/reports")`],
  (u, p, h) => ['mysql://', u, ':', p, `@${h}:3306/shop`],
  (u, p) => ['MONGO_URI="mongodb+srv://', u, ':', p, '@cluster0.ab1cd.mongodb.net/prod?retryWrites=true&w=majority"'],
  (u, p, h) => ['mongodb://', u, ':', p, `@${h}:27017,${h.replace('db', 'db2')}:27017/admin?replicaSet=rs0`],
  (u, p, h) => ['REDIS_URL=redis://:', p, `@${h}:6379/0`],
  (u, p, h) => ['rediss://', u, ':', p, `@${h}:6380`],
  (u, p, h) => ['amqp://', u, ':', p, `@${h}:5672/vhost`],
  (u, p, h) => ['spring.datasource.url=jdbc:mysql://', u, ':', p, `@${h}:3306/orders`],
  (u, p, h) => ['mssql://', u, ':', p, `@${h}:1433/erp`],
  (u, p, h) => ['数据库连接串：mysql://', u, ':', p, `@${h}:3306/crm，帮我看看为什么连不上`],
  (u, p, h) => ['测试库地址 postgres://', u, ':', p, `@${h}/test 已经配好了`],
];
const ADO = [
  (u, p, h) => [`Server=tcp:${h},1433;Initial Catalog=erp;Persist Security Info=False;User ID=${u};Password=`, p, ';MultipleActiveResultSets=False;Encrypt=True;'],
  (u, p, h) => [`"ConnectionStrings": { "Default": "Server=${h};Database=shop;User Id=${u};Password=`, p, ';TrustServerCertificate=True" }'],
  (u, p, h) => [`Driver={ODBC Driver 18 for SQL Server};Server=${h};Database=hr;Uid=${u};Pwd=`, p, ';'],
  (u, p, h) => [`jdbc:sqlserver://${h}:1433;databaseName=billing;user=${u};password=`, p, ';encrypt=true'],
  (u, p, h) => [`Host=${h};Port=5432;Database=app;Username=${u};Password=`, p],
  (u, p, h) => [`连接字符串：Data Source=${h};Initial Catalog=财务;User ID=${u};Password=`, p, ';'],
];
/** Query-string passwords: URL-safe, since `&` and `#` end them. */
const QUERY = [
  (u, p, h) => [`jdbc:postgresql://${h}:5432/app?user=${u}&password=`, p, '&ssl=true'],
  (u, p, h) => [`mysql://${h}:3306/shop?user=${u}&password=`, p],
];
const USERS = ['app', 'admin', 'svc_orders', 'readonly', 'etl', 'root', 'sa', 'deploy', 'reporting'];
const HOSTS = ['db.internal', 'db-prod.corp.local', 'pg.service.consul', 'mysql-primary.svc.cluster.local', 'cache.internal', 'mq.internal', 'sql01.corp.local'];
for (let i = 0; i < 130; i++) {
  const form = i % 6;
  const ado = form === 2 || form === 5;
  const query = form === 4 && chance(0.5);
  const tpl = pick(query ? QUERY : ado ? ADO : DB_URLS);
  const p = password(!ado);
  const v = S('SECRET_CONNECTION_STRING', chance(0.08) ? disguise(p) : p);
  const parts = tpl(pick(USERS), v, pick(HOSTS));
  add(parts.some((x) => typeof x === 'string' && /[\u4e00-\u9fff]/.test(x)) ? 'zh' : 'en', parts, 'positive');
}

// Credentials in other URLs.
const URL_FORMS = [
  (u, p) => ['git clone https://', u, ':', p, '@git.example.com/team/service.git'],
  (u, p) => ['pip install --index-url https://', u, ':', p, '@pypi.internal.example.com/simple/ private-lib'],
  (u, p) => ['ftp://', u, ':', p, '@files.example.net/upload/'],
  (u, p) => ['The proxy is http://', u, ':', p, '@proxy.corp.example:3128 for all build agents.'],
  (u, p) => ['registry: https://', u, ':', p, '@registry.example.io/v2/'],
  (u, p) => ['代理地址 http://', u, ':', p, '@proxy.example.cn:8080 ，请配置到 npm'],
  (u, p) => ['Grafana 数据源：https://', u, ':', p, '@metrics.example.com/api/prom'],
  (u, p) => ['sftp://', u, ':', p, '@backup.example.org:22/nightly'],
  (u, p) => ['webhook: https://', u, ':', p, '@hooks.example.com/deploy'],
];
for (let i = 0; i < 80; i++) {
  const tpl = pick(URL_FORMS);
  const p = password(true);
  const parts = tpl(pick(USERS), S('SECRET_URL_CREDENTIALS', chance(0.08) ? disguise(p) : p));
  add(parts.some((x) => typeof x === 'string' && /[\u4e00-\u9fff]/.test(x)) ? 'zh' : 'en', parts, 'positive');
}

// Generic: machine-made values after secret-like words.
const GENERIC_EN = [
  (v) => ['api_key = "', v, '"'],
  (v) => ['API_KEY=', v],
  (v) => ['x-api-key: ', v],
  (v) => ['client_secret: ', v],
  (v) => ['SECRET_KEY = \'', v, '\''],
  (v) => ['{"access_token": "', v, '", "token_type": "bearer", "expires_in": 3600}'],
  (v) => ['Authorization: Bearer ', v],
  (v) => ['refreshToken: "', v, '"'],
  (v) => ['db:\n  host: db.internal\n  password: ', v],
  (v) => ['"password": "', v, '",'],
  (v) => ['auth_token=', v, ' ./run-tests.sh'],
  (v) => ['WEBHOOK_SECRET=', v],
  (v) => ['credential: ', v],
  (v) => ['private_key = "', v, '"'],
  (v) => ['The API key is ', v, ' and it stopped working this morning.'],
  (v) => ['my token: ', v],
  (v) => ['--password=', v, ' --host db.internal'],
  (v) => ['const apiKey = "', v, '";'],
  (v) => ['passwd: ', v],
  (v) => ['kubectl create secret generic app --from-literal=token=', v],
];
const GENERIC_ZH = [
  (v) => ['密码：', v],
  (v) => ['服务器密码是 ', v, '，用完记得改掉'],
  (v) => ['接口令牌：', v],
  (v) => ['口令为', v, '，请妥善保管。'],
  (v) => ['我的密钥是：', v],
  (v) => ['测试账号的 token: ', v],
  (v) => ['秘钥 = ', v],
  (v) => ['【重要】管理后台 api_key=', v, ' 不要外传'],
];
for (let i = 0; i < 180; i++) {
  const zh = chance(0.35);
  const value = KEYS.SECRET_GENERIC();
  const v = S('SECRET_GENERIC', chance(0.08) ? disguise(value) : value);
  add(zh ? 'zh' : 'en', pick(zh ? GENERIC_ZH : GENERIC_EN)(v), 'positive');
}

// Several secrets in one message.
for (let i = 0; i < 60; i++) {
  const a = pick(PREFIXED);
  let b = pick(PREFIXED);
  while (b === a) b = pick(PREFIXED);
  const zh = chance(0.4);
  add(zh ? 'zh' : 'en', zh ? ['旧的凭据 ', S(a, KEYS[a]()), ' 已经作废，新的是 ', S(b, KEYS[b]()), '。'] : ['.env\n', `${pick(NAMES[a])}=`, S(a, KEYS[a]()), `\n${pick(NAMES[b])}=`, S(b, KEYS[b]()), '\nLOG_LEVEL=info\n'], 'multi');
}

// ---- decoys: none of these may be flagged -------------------------------------------------------
const prose = ['the quarterly numbers look fine', 'deploy finished without errors', 'please review the attached design', 'hello world from the build server', 'meeting moved to Thursday afternoon'];
const DECOYS = [
  () => ['en', `commit ${str(40, HEX)}\nMerge: ${str(7, HEX)} ${str(7, HEX)}\n\n    Fix race in token refresher`],
  () => ['en', `git checkout ${str(40, HEX)} && git log -1`],
  () => ['en', `sha256:${str(64, HEX)}`],
  () => ['en', `SHA256 (release-1.4.2.tar.gz) = ${str(64, HEX)}`],
  () => ['en', `docker pull registry.example.com/app@sha256:${str(64, HEX)}`],
  () => ['en', `request_id: ${str(8, HEX)}-${str(4, HEX)}-4${str(3, HEX)}-a${str(3, HEX)}-${str(12, HEX)}`],
  () => ['en', `trace ${str(32, HEX)} span ${str(16, HEX)} took 42 ms`],
  () => ['en', `payload: ${b64(Buffer.from(pick(prose)))}`],
  () => ['en', `echo ${b64(Buffer.from(pick(prose) + ' and ' + pick(prose)))} | base64 -d`],
  () => ['zh', `这段 base64 是什么意思：${b64(Buffer.from(pick(prose)))}`],
  () => ['en', 'OPENAI_API_KEY=sk-...'],
  () => ['en', `OPENAI_API_KEY=sk-${'x'.repeat(pick([8, 20, 48]))}`],
  () => ['en', 'Set your key: export OPENAI_API_KEY=YOUR_API_KEY'],
  () => ['en', 'Authorization: Bearer <token>'],
  () => ['en', 'api_key: <API_KEY>'],
  () => ['en', 'token: ${GITHUB_TOKEN}'],
  () => ['en', 'const key = process.env.OPENAI_API_KEY;'],
  () => ['en', 'api_key = os.environ["ANTHROPIC_API_KEY"]'],
  () => ['en', 'api_key = "your-api-key-here"'],
  () => ['en', 'password: "********"'],
  () => ['en', 'SECRET_KEY=changeme'],
  () => ['en', `STRIPE_PUBLISHABLE_KEY=pk_live_${mixed(24)}`],
  () => ['en', `Stripe.setPublishableKey('pk_test_${mixed(99)}');`],
  () => ['en', `next page: eyJ${str(int(20, 40), B64URL)}.${str(30, B64URL)}.${str(43, B64URL)}`],
  () => ['en', `{"data": [], "next_cursor": "${b64url(JSON.stringify({ id: int(1000, 99999), ts: int(1600000000, 1760000000) }))}"}`],
  () => ['en', `eyJ${mixed(30)}.${mixed(20)}.${mixed(43)}`],
  () => ['en', 'aws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'],
  () => ['en', 'The AWS docs use AKIAI44QH8DHBEXAMPLE with je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY in every example.'],
  () => ['en', 'password: see the wiki'],
  () => ['en', 'The password is stored in Vault under secret/data/app.'],
  () => ['en', 'Reset your password: open Settings, then Security.'],
  () => ['en', 'token expired, please log in again'],
  () => ['en', `max_tokens: ${int(256, 8192)}\ntemperature: 0.${int(1, 9)}`],
  () => ['en', 'tokenizer: bert-base-multilingual-uncased'],
  () => ['en', 'auth_url: https://auth.example.com/oauth2/authorize'],
  () => ['en', 'token_type: Bearer\nexpires_in: 3600'],
  () => ['en', 'author: release-bot\nversion: 2.14.0-rc.3'],
  () => ['en', 'secret_name: payments-api-credentials-v2'],
  () => ['en', 'credentials_file: /etc/app/credentials.json'],
  () => ['en', 'POSTGRES_URL=postgres://user:password@localhost:5432/db'],
  () => ['en', 'redis://:${REDIS_PASSWORD}@redis:6379/0'],
  () => ['en', 'mongodb://db.internal:27017/app'],
  () => ['en', `See https://docs.example.com:8443/guide/install#step-${int(1, 9)} for details.`],
  () => ['en', 'git clone https://git.example.com/team/service.git'],
  () => ['en', 'http://localhost:8080/health returned ok'],
  () => ['en', `-----BEGIN PUBLIC KEY-----\n${pemBody(294, 64).join('\n')}\n-----END PUBLIC KEY-----`],
  () => ['en', `-----BEGIN CERTIFICATE-----\n${pemBody(900, 64).join('\n')}\n-----END CERTIFICATE-----`],
  () => ['en', `ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI${str(43, B64)} deploy-ci`],
  () => ['en', '-----BEGIN RSA PRIVATE KEY-----\n...\n-----END RSA PRIVATE KEY-----'],
  () => ['en', `The task-runner and desk-lamp ask-${str(5, LOWER)} items shipped.`],
  () => ['en', `ASIA-PACIFIC region, build ${int(100, 999)}`],
  () => ['en', `Version ${int(1, 9)}.${int(0, 20)}.${int(0, 99)} fixed the ghp_ prefix check.`],
  () => ['en', 'Use the sk- prefix for secret keys and pk- for public ones.'],
  () => ['en', `UUID ${str(8, HEX)}-${str(4, HEX)}-${str(4, HEX)}-${str(4, HEX)}-${str(12, HEX)} assigned to the job.`],
  () => ['en', `Order ORD-${int(100000, 999999)} shipped; tracking ${str(2, UPPER)}${int(100000000, 999999999)}${str(2, UPPER)}.`],
  () => ['en', `The build ${str(7, HEX)} passed on ${int(2020, 2025)}-0${int(1, 9)}-1${int(0, 9)}.`],
  () => ['en', 'hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX'],
  () => ['en', 'xoxb-your-bot-token'],
  () => ['en', 'ghp_XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX'],
  () => ['en', 'glpat-xxxxxxxxxxxxxxxxxxxx'],
  () => ['en', `AIza${'X'.repeat(35)}`],
  () => ['en', 'Server=db.internal;Database=app;User Id=app;Password=<your-password>;'],
  () => ['en', 'Password=${DB_PASSWORD};'],
  () => ['en', `api_key_id: ${str(20, UPPER + DIGITS)}`],
  () => ['en', `The ${pick(['secret', 'token', 'password'])} rotation job runs every ${int(2, 30)} days.`],
  () => ['en', `apiKey: config.get('openai.apiKey')`],
  () => ['en', 'AUTH_PROVIDER=keycloak\nAUTH_REALM=production'],
  () => ['zh', '密码：请联系管理员获取'],
  () => ['zh', '请输入您的密码，然后点击登录。'],
  () => ['zh', '令牌已过期，请重新登录。'],
  () => ['zh', '密钥存放在 KMS 中，不要写进代码。'],
  () => ['zh', `提交哈希 ${str(40, HEX)} 修复了登录问题。`],
  () => ['zh', '把 API_KEY 换成你自己的密钥，例如 sk-xxxxxxxx。'],
  () => ['zh', '口令长度至少 12 位，需包含大小写字母和数字。'],
  () => ['zh', `文件校验值 sha256：${str(64, HEX)}`],
  () => ['zh', '请在 .env 中设置 OPENAI_API_KEY=<你的密钥>'],
  () => ['zh', `版本 v${int(1, 5)}.${int(0, 9)}.${int(0, 9)} 已发布，修复了 token 刷新的问题。`],
  () => ['zh', '示例：AKIAIOSFODNN7EXAMPLE 是 AWS 文档里的示例访问密钥。'],
  () => ['zh', `数据库：postgres://用户名:密码@主机:5432/库名`],
  () => ['zh', '私钥文件放在 ~/.ssh/id_ed25519，权限设为 600。'],
  () => ['zh', `订单号 ${int(10000000, 99999999)}，请核对。`],
];
for (let i = 0; i < 620; i++) {
  const [lang, text] = DECOYS[i % DECOYS.length]();
  add(lang, [text], 'decoy');
}

// Prose with no secret at all, in both languages.
const PROSE = [
  'Could you summarise the attached meeting notes and list the action items?',
  'Translate this paragraph into formal English for the customer newsletter.',
  'Why does the build fail only on the ARM runners? The logs mention a missing header.',
  'Write a unit test for the rate limiter that covers the burst case.',
  'The migration script ran for 14 minutes and touched 1.2 million rows.',
  '请帮我总结这份会议纪要，并列出下周的待办事项。',
  '这个接口在高并发下偶尔超时，应该从哪里开始排查？',
  '帮我把这段需求改写得更清楚一些，面向产品经理。',
  '新版本的登录页面需要支持扫码登录和短信验证码登录。',
  '请解释一下 OAuth 2.0 授权码模式里 access token 和 refresh token 的区别。',
];
for (let i = 0; i < 120; i++) {
  const t = PROSE[i % PROSE.length];
  add(/[\u4e00-\u9fff]/.test(t) ? 'zh' : 'en', [t], 'decoy');
}


// ---- service tokens with published layouts (src/guards/sensitive/secrets/services.ts) -------------
const uuid = () => `${str(8, HEX)}-${str(4, HEX)}-4${str(3, HEX)}-${pick(['8', '9', 'a', 'b'])}${str(3, HEX)}-${str(12, HEX)}`;
const SERVICE_TOKENS = {
  SECRET_SENDGRID_KEY: [() => `SG.${mixed(22, B64URL)}.${mixed(43, B64URL)}`, ['SENDGRID_API_KEY']],
  SECRET_TELEGRAM_BOT_TOKEN: [() => `${int(1, 9)}${str(int(7, 9), DIGITS)}:AA${mixed(pick([32, 33]), B64URL)}`, ['TELEGRAM_BOT_TOKEN', 'TG_TOKEN']],
  SECRET_PYPI_TOKEN: [() => `pypi-AgEIcHlwaS5vcmc${mixed(int(120, 200), B64URL)}`, ['PYPI_TOKEN', 'TWINE_PASSWORD']],
  SECRET_SHOPIFY_TOKEN: [() => `${pick(['shpat_', 'shpca_', 'shppa_', 'shpss_'])}${str(32, HEX)}`, ['SHOPIFY_ACCESS_TOKEN']],
  SECRET_SUPABASE_TOKEN: [() => `sbp_${str(40, HEX)}`, ['SUPABASE_ACCESS_TOKEN']],
  SECRET_GROQ_KEY: [() => `gsk_${mixed(52)}`, ['GROQ_API_KEY']],
  SECRET_REPLICATE_TOKEN: [() => `r8_${mixed(37)}`, ['REPLICATE_API_TOKEN']],
  SECRET_PERPLEXITY_KEY: [() => `pplx-${mixed(48)}`, ['PERPLEXITY_API_KEY', 'PPLX_API_KEY']],
  SECRET_XAI_KEY: [() => `xai-${mixed(80)}`, ['XAI_API_KEY', 'GROK_API_KEY']],
  SECRET_OPENROUTER_KEY: [() => `sk-or-v1-${str(64, HEX)}`, ['OPENROUTER_API_KEY']],
  SECRET_DATABRICKS_TOKEN: [() => `dapi${str(32, HEX)}`, ['DATABRICKS_TOKEN']],
  SECRET_DIGITALOCEAN_TOKEN: [() => `${pick(['dop_v1_', 'doo_v1_', 'dor_v1_'])}${str(64, HEX)}`, ['DIGITALOCEAN_TOKEN', 'DO_TOKEN']],
  SECRET_DOCKERHUB_TOKEN: [() => `dckr_pat_${mixed(27, B64URL)}`, ['DOCKERHUB_TOKEN', 'DOCKER_PASSWORD']],
  SECRET_VAULT_TOKEN: [() => `${pick(['hvs.', 'hvs.', 'hvb.'])}${mixed(int(90, 120), B64URL)}`, ['VAULT_TOKEN']],
  SECRET_POSTMAN_KEY: [() => `PMAK-${str(24, HEX)}-${str(34, HEX)}`, ['POSTMAN_API_KEY']],
  SECRET_NEWRELIC_KEY: [() => `NRAK-${str(27, UPPER + DIGITS)}`, ['NEW_RELIC_API_KEY']],
  SECRET_LINEAR_KEY: [() => `lin_api_${mixed(40)}`, ['LINEAR_API_KEY']],
  SECRET_LANGSMITH_KEY: [() => `${pick(['lsv2_pt_', 'lsv2_sk_'])}${str(32, HEX)}_${str(10, HEX)}`, ['LANGSMITH_API_KEY', 'LANGCHAIN_API_KEY']],
  SECRET_PINECONE_KEY: [() => `pcsk_${mixed(pick([5, 6]))}_${mixed(int(60, 70))}`, ['PINECONE_API_KEY']],
  SECRET_TAVILY_KEY: [() => `tvly-${pick(['', 'dev-', 'prod-'])}${mixed(32)}`, ['TAVILY_API_KEY']],
  SECRET_SENTRY_TOKEN: [() => (chance(0.5) ? `sntrys_${b64url(JSON.stringify({ iat: int(1.6e9, 1.8e9), url: 'https://sentry.io', org: `org-${str(6, LOWER)}` }))}_${mixed(43)}` : `sntryu_${str(64, HEX)}`), ['SENTRY_AUTH_TOKEN']],
  SECRET_GRAFANA_TOKEN: [() => `glsa_${mixed(32)}_${str(8, HEX)}`, ['GRAFANA_SERVICE_ACCOUNT_TOKEN']],
  SECRET_MAILGUN_KEY: [() => `key-${str(32, HEX)}`, ['MAILGUN_API_KEY']],
  SECRET_ATLASSIAN_TOKEN: [() => `ATATT3${mixed(int(170, 190), B64URL)}`, ['JIRA_API_TOKEN', 'CONFLUENCE_TOKEN']],
  SECRET_SQUARE_TOKEN: [() => (chance(0.5) ? `sq0atp-${mixed(22, B64URL)}` : `sq0csp-${mixed(43, B64URL)}`), ['SQUARE_ACCESS_TOKEN']],
  SECRET_MAPBOX_TOKEN: [() => `sk.${b64url(JSON.stringify({ u: `user${str(4, DIGITS)}`, a: str(25, LOWER + DIGITS) }))}.${mixed(22, B64URL)}`, ['MAPBOX_SECRET_TOKEN']],
  SECRET_VOLCENGINE_ACCESS_KEY: [() => `AKLT${b64(Buffer.from(str(32, HEX))).replace(/=+$/, '')}`, ['VOLC_ACCESSKEY', 'VOLCENGINE_AK']],
  SECRET_BAIDU_ACCESS_KEY: [() => `bce-v3/ALTAK-${mixed(21)}/${str(40, HEX)}`, ['QIANFAN_ACCESS_KEY', 'BCE_AK']],
};
for (const [code, [make, names]] of Object.entries(SERVICE_TOKENS)) {
  for (let i = 0; i < 40; i++) {
    const lang = chance(0.35) ? 'zh' : 'en';
    let value = make();
    const disguised = chance(0.12);
    if (disguised) value = disguise(value);
    add(lang, pick(lang === 'zh' ? ANY_ZH : ANY_EN)(S(code, value), pick(names)), disguised ? 'evasion' : 'positive');
  }
}
// Chat-bot webhooks: the URL's token is the credential; the span runs from the path marker on.
for (let i = 0; i < 60; i++) {
  const lang = chance(0.4) ? 'zh' : 'en';
  const [host, secret] = pick([
    () => ['https://discord.com/api/webhooks/', `${int(1, 9)}${str(17, DIGITS)}/${mixed(68, B64URL)}`],
    () => ['https://open.feishu.cn/', `open-apis/bot/v2/hook/${uuid()}`],
    () => ['https://oapi.dingtalk.com/', `robot/send?access_token=${str(64, HEX)}`],
    () => ['https://qyapi.weixin.qq.com/cgi-bin/', `webhook/send?key=${uuid()}`],
  ])();
  const value = host.startsWith('https://discord') ? `discord.com/api/webhooks/${secret}` : secret;
  const prefix = host.startsWith('https://discord') ? 'https://' : host;
  add(lang, lang === 'zh' ? ['告警机器人的地址是 ', prefix, S('SECRET_CHAT_WEBHOOK', value), '，发消息前请确认群名。'] : ['ALERT_WEBHOOK_URL=', prefix, S('SECRET_CHAT_WEBHOOK', value), '\n'], 'positive');
}

// ---- write ----------------------------------------------------------------------------------------
// Shuffle deterministically so neighbouring lines do not share a template.
for (let i = records.length - 1; i > 0; i--) {
  const j = Math.floor(rand() * (i + 1));
  [records[i], records[j]] = [records[j], records[i]];
}
const lines = records.map((r, i) => JSON.stringify({ id: `sec-gen-${String(i + 1).padStart(5, '0')}`, lang: r.lang, text: r.text, spans: r.spans }));
mkdirSync(dirname(OUT), { recursive: true });
writeFileSync(OUT, `${lines.join('\n')}\n`);

const perCode = {};
for (const r of records) for (const s of r.spans) perCode[s.code] = (perCode[s.code] ?? 0) + 1;
const decoys = records.filter((r) => r.spans.length === 0).length;
process.stdout.write(`wrote ${records.length} lines to ${OUT} (seed ${SEED}; ${decoys} without secrets)\n`);
for (const [code, n] of Object.entries(perCode).sort()) process.stdout.write(`  ${code.padEnd(28)} ${n}\n`);
