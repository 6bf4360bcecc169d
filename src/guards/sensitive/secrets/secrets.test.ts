import { crc32 as zlibCrc32 } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { normalizeForDetection, spanToOriginal } from '../../text/normalize.js';
import type { Detection } from '../types.js';
import { crc32, validBase62Checksum } from './checksum.js';
import { SECRET_CODES, SECRET_DETECTORS, detectSecrets } from './index.js';
import { mulberry32 } from '../../../core/index.js';

// Synthetic keys made to each provider's shape from a seeded generator; none is a real credential.
const rand = mulberry32(7);
const B62 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const B64URL = `${B62}-_`;
const HEX = '0123456789abcdef';
const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
function str(n: number, alphabet = B62): string {
  for (;;) {
    let s = '';
    for (let i = 0; i < n; i++) s += alphabet[Math.floor(rand() * alphabet.length)];
    // Keys of these lengths always mix classes; redraw the rare draw that does not.
    if (alphabet !== B62 || (/[a-z]/.test(s) && /[A-Z]/.test(s) && /\d/.test(s))) return s;
  }
}
function base62(n: number): string {
  const a = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
  let s = '';
  while (n > 0) {
    s = a[n % 62] + s;
    n = Math.floor(n / 62);
  }
  return s.padStart(6, '0');
}
/** GitHub / npm body: 30 random characters and their CRC-32, computed with zlib (independent of ours). */
function checksummed(prefix: string): string {
  const body = str(30);
  return prefix + body + base62(zlibCrc32(body));
}
const b64url = (o: object): string => Buffer.from(JSON.stringify(o)).toString('base64url');
const b64 = (n: number): string => Buffer.from(Array.from({ length: n }, () => Math.floor(rand() * 256))).toString('base64');
const fullWidth = (s: string): string => s.replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));

/** Finds in the original text (normalised first, spans mapped back), as the engine does. */
function find(text: string): (Detection & { value: string })[] {
  const n = normalizeForDetection(text);
  return SECRET_DETECTORS.flatMap((d) => d.detect(n.text)).map((d) => {
    const [start, end] = spanToOriginal(n, d.start, d.end);
    return { ...d, start, end, value: text.slice(start, end) };
  });
}

const openaiProject = `sk-proj-${str(74, B64URL)}T3BlbkFJ${str(74, B64URL)}`;
const openaiLegacy = `sk-${str(20)}T3BlbkFJ${str(20)}`;
const anthropic = `sk-ant-api03-${str(93, B64URL)}AA`;
const deepseek = `sk-${str(32, HEX)}`;
const akia = `AKIA${str(16, BASE32)}`;
const awsSecret = str(40, `${B62}+/`);
const ghp = checksummed('ghp_');
const npm = checksummed('npm_');
const jwt = `${b64url({ alg: 'HS256', typ: 'JWT' })}.${b64url({ sub: 'u1', iat: 1700000000 })}.${str(43, B64URL)}`;
const pemBody = b64(1190).match(/.{1,64}/g)!.join('\n');

describe('secret detectors: valid keys per provider', () => {
  const cases: [string, string, string][] = [
    ['SECRET_OPENAI_KEY', 'project key', openaiProject],
    ['SECRET_OPENAI_KEY', 'service account key', `sk-svcacct-${str(58, B64URL)}T3BlbkFJ${str(58, B64URL)}`],
    ['SECRET_OPENAI_KEY', 'admin key', `sk-admin-${str(74, B64URL)}T3BlbkFJ${str(74, B64URL)}`],
    ['SECRET_OPENAI_KEY', 'legacy key', openaiLegacy],
    ['SECRET_ANTHROPIC_KEY', 'api key', anthropic],
    ['SECRET_ANTHROPIC_KEY', 'admin key', `sk-ant-admin01-${str(93, B64URL)}AA`],
    ['SECRET_DEEPSEEK_KEY', 'hex key', deepseek],
    ['SECRET_AWS_ACCESS_KEY', 'AKIA', akia],
    ['SECRET_AWS_ACCESS_KEY', 'ASIA', `ASIA${str(16, BASE32)}`],
    ['SECRET_GOOGLE_API_KEY', 'AIza', `AIza${str(35, B64URL)}`],
    ['SECRET_GOOGLE_OAUTH_SECRET', 'GOCSPX', `GOCSPX-${str(28, B64URL)}`],
    ['SECRET_GITHUB_TOKEN', 'classic PAT with checksum', ghp],
    ['SECRET_GITHUB_TOKEN', 'server-to-server', checksummed('ghs_')],
    ['SECRET_GITHUB_TOKEN', 'fine-grained PAT', `github_pat_${str(22)}_${str(59)}`],
    ['SECRET_GITLAB_TOKEN', 'glpat', `glpat-${str(20, B64URL)}`],
    ['SECRET_GITLAB_TOKEN', 'deploy token', `gldt-${str(20, B64URL)}`],
    ['SECRET_GITLAB_TOKEN', 'runner token', `glrt-${str(20, B64URL)}`],
    ['SECRET_SLACK_TOKEN', 'bot token', `xoxb-${str(12, '0123456789')}-${str(13, '0123456789')}-${str(24)}`],
    ['SECRET_SLACK_TOKEN', 'user token', `xoxp-${str(12, '0123456789')}-${str(12, '0123456789')}-${str(13, '0123456789')}-${str(32, HEX)}`],
    ['SECRET_SLACK_TOKEN', 'app token', `xapp-1-A${str(10, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789')}-${str(13, '0123456789')}-${str(64, HEX)}`],
    ['SECRET_SLACK_WEBHOOK', 'webhook URL', `https://hooks.slack.com/services/T${str(9, 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789')}/B${str(9, 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789')}/${str(24)}`],
    ['SECRET_STRIPE_KEY', 'live secret', `sk_live_${str(24)}`],
    ['SECRET_STRIPE_KEY', 'restricted test', `rk_test_${str(99)}`],
    ['SECRET_ALIBABA_ACCESS_KEY', 'LTAI', `LTAI5t${str(16)}`],
    ['SECRET_TENCENT_SECRET_ID', 'AKID', `AKID${str(32)}`],
    ['SECRET_HUGGINGFACE_TOKEN', 'hf_', `hf_${str(34, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz')}`],
    ['SECRET_NPM_TOKEN', 'npm_ with checksum', npm],
    ['SECRET_JWT', 'HS256', jwt],
    ['SECRET_JWT', 'RS256, typ first', `${b64url({ typ: 'JWT', alg: 'RS256' })}.${b64url({ sub: 'u2' })}.${str(86, B64URL)}`],
    ['SECRET_JWT', 'a header with a key id', `${b64url({ alg: 'ES256', typ: 'JWT', kid: 'k1' })}.${b64url({ sub: 'u3' })}.${str(86, B64URL)}`],
    ['SECRET_JWT', 'unsecured, alg none', `${b64url({ alg: 'none', typ: 'JWT' })}.${b64url({ sub: 'u4' })}.`],
    ['SECRET_PRIVATE_KEY', 'RSA PEM', `-----BEGIN RSA PRIVATE KEY-----\n${pemBody}\n-----END RSA PRIVATE KEY-----`],
  ];
  it.each(cases)('%s: %s, alone and in context', (code, _name, key) => {
    for (const [before, after] of [['', ''], ['config: ', '\n'], ['我的密钥是', '，请勿外传'], ['"', '"']]) {
      const text = `${before}${key}${after}`;
      const found = find(text);
      expect(found.map((d) => [d.code, d.value])).toEqual([[code, key]]);
    }
  });

  it('reports every declared code and only declared codes', () => {
    expect(new Set(SECRET_DETECTORS.flatMap((d) => d.codes))).toEqual(new Set(SECRET_CODES));
    for (const d of SECRET_DETECTORS) expect(d.kind).toBe('secret');
  });
});

describe('secret detectors: context-dependent secrets', () => {
  const cases: [string, string, string, string][] = [
    ['AWS secret by name', `aws_secret_access_key = ${awsSecret}`, 'SECRET_AWS_SECRET_KEY', awsSecret],
    ['AWS secret in JSON', `{"SecretAccessKey": "${awsSecret}"}`, 'SECRET_AWS_SECRET_KEY', awsSecret],
    ['AWS secret in prose', `my secret access key is ${awsSecret}`, 'SECRET_AWS_SECRET_KEY', awsSecret],
    ['AWS secret on the CLI', `aws configure set aws_secret_access_key ${awsSecret}`, 'SECRET_AWS_SECRET_KEY', awsSecret],
    ['Azure storage key', `DefaultEndpointsProtocol=https;AccountName=st1;AccountKey=${b64(64)};EndpointSuffix=core.windows.net`, 'SECRET_AZURE_KEY', ''],
    ['Azure OpenAI key with endpoint', `AZURE_OPENAI_ENDPOINT=https://x.openai.azure.com/\nAZURE_OPENAI_API_KEY=${str(32, HEX)}`, 'SECRET_AZURE_KEY', ''],
    ['Azure SAS sig', `https://st1.blob.core.windows.net/c/b?sv=2022-11-02&sp=r&sig=${encodeURIComponent(b64(32))}`, 'SECRET_AZURE_KEY', ''],
    ['postgres URL', 'postgres://app:Summer2024!x@db.internal:5432/app', 'SECRET_CONNECTION_STRING', 'Summer2024!x'],
    ['mongodb+srv', 'mongodb+srv://qa:q8Xk2LmP9z@cluster0.mongodb.net/qa', 'SECRET_CONNECTION_STRING', 'q8Xk2LmP9z'],
    ['redis without user', 'redis://:r3dis-Pass@cache.internal:6379', 'SECRET_CONNECTION_STRING', 'r3dis-Pass'],
    ['jdbc', 'jdbc:mysql://etl:Etl_2024_q@db.internal:3306/etl', 'SECRET_CONNECTION_STRING', 'Etl_2024_q'],
    ['ADO Password=', 'Server=sql01;Database=hr;User Id=hr;Password=Pa55w0rd!;Encrypt=True', 'SECRET_CONNECTION_STRING', 'Pa55w0rd!'],
    ['ODBC Pwd=', 'Driver={ODBC Driver 18};Server=sql01;Uid=sa;Pwd=Xy7#pq9;', 'SECRET_CONNECTION_STRING', 'Xy7#pq9'],
    ['libpq key=value', 'psycopg2.connect("host=db.internal port=5432 dbname=crm user=etl password=Kettle*8812 sslmode=require")', 'SECRET_CONNECTION_STRING', 'Kettle*8812'],
    ['a URL password holding #', 'MYSQL_DSN=mysql://report:Qw0#b!qLwR9aTV@10.0.0.5:3306/billing', 'SECRET_CONNECTION_STRING', 'Qw0#b!qLwR9aTV'],
    ['https credentials', 'git clone https://bot:hunter2hunter@git.example.com/a.git', 'SECRET_URL_CREDENTIALS', 'hunter2hunter'],
    ['generic api_key', 'api_key = "q8Xk2LmP9zR4tYw7Nc3V"', 'SECRET_GENERIC', 'q8Xk2LmP9zR4tYw7Nc3V'],
    ['generic Bearer', 'Authorization: Bearer 8f14e45fceea167a5a36dedd4bea2543', 'SECRET_GENERIC', '8f14e45fceea167a5a36dedd4bea2543'],
    ['generic Chinese', '服务器密码是：q8Xk2LmP9zR4tYw7Nc3V，用完请修改', 'SECRET_GENERIC', 'q8Xk2LmP9zR4tYw7Nc3V'],
    ['generic 令牌 inside 接口令牌', '接口令牌：Fb7fG3MCCgb6QiNEk9FES9vc', 'SECRET_GENERIC', 'Fb7fG3MCCgb6QiNEk9FES9vc'],
    ['generic XML', '<password>q8Xk2LmP9zR4tYw7Nc3V</password>', 'SECRET_GENERIC', 'q8Xk2LmP9zR4tYw7Nc3V'],
    ['generic CLI flag', 'tool --api-key q8Xk2LmP9zR4tYw7Nc3V --verbose', 'SECRET_GENERIC', 'q8Xk2LmP9zR4tYw7Nc3V'],
  ];
  it.each(cases)('%s', (_name, text, code, value) => {
    const found = find(text);
    expect(found.map((d) => d.code)).toEqual([code]);
    if (value !== '') expect(found[0]!.value).toBe(value);
  });

  it('finds the AWS secret next to its key id without any name', () => {
    const found = find(`User name,Access key ID,Secret access key\nbot,${akia},${awsSecret}`);
    expect(found.map((d) => [d.code, d.value])).toEqual([
      ['SECRET_AWS_ACCESS_KEY', akia],
      ['SECRET_AWS_SECRET_KEY', awsSecret],
    ]);
  });

  it('finds the AWS secret after a short key name and an equals sign (ak=… sk=… in a log line)', () => {
    expect(find(`error: ak=${akia} sk=${awsSecret}`).map((d) => [d.code, d.value])).toEqual([
      ['SECRET_AWS_ACCESS_KEY', akia],
      ['SECRET_AWS_SECRET_KEY', awsSecret],
    ]);
  });

  it('reports a provider key once, not again as SECRET_GENERIC or as a URL password', () => {
    for (const text of [`OPENAI_API_KEY=${openaiProject}`, `token: ${ghp}`, `https://oauth2:${ghp}@github.com/o/r.git`, `api_key="${jwt}"`]) {
      expect(find(text).map((d) => d.code)).toHaveLength(1);
      expect(find(text)[0]!.code).not.toMatch(/GENERIC|URL_CREDENTIALS/);
    }
  });

  it('spans the whole PEM block, and a truncated one through its last base64 line', () => {
    const whole = `-----BEGIN PRIVATE KEY-----\n${pemBody}\n-----END PRIVATE KEY-----`;
    expect(find(`key:\n${whole}\nthanks`).map((d) => d.value)).toEqual([whole]);
    const cut = `-----BEGIN OPENSSH PRIVATE KEY-----\n${pemBody.split('\n').slice(0, 4).join('\n')}`;
    expect(find(`${cut}\n\nthe rest is lost`).map((d) => [d.code, d.value])).toEqual([['SECRET_PRIVATE_KEY', cut]]);
    const json = `{"private_key": "${whole.replace(/\n/g, '\\n')}\\n"}`;
    expect(find(json).map((d) => d.value)).toEqual([whole.replace(/\n/g, '\\n')]);
  });

  it('assigns severities by blast radius and confidences by evidence', () => {
    const [stripeLive] = find(`sk_live_${str(24)}`);
    const [stripeTest] = find(`sk_test_${str(24)}`);
    expect([stripeLive?.severity, stripeTest?.severity]).toEqual(['critical', 'high']);
    const [gh] = find(ghp);
    expect(gh?.confidence).toBe(0.99);
    const [broken] = find(`ghp_${str(36)}`);
    expect(broken?.confidence).toBeLessThan(0.99);
    expect(find(`-----BEGIN EC PRIVATE KEY-----\n${pemBody}\n-----END EC PRIVATE KEY-----`)[0]?.severity).toBe('critical');
    expect(find('api_key = "q8Xk2LmP9zR4tYw7Nc3V"')[0]?.confidence).toBeLessThanOrEqual(0.8);
  });
});

describe('secret detectors: near misses, placeholders and decoys are not reported', () => {
  const decoys: [string, string][] = [
    ['sk- placeholder', 'OPENAI_API_KEY=sk-...'],
    ['sk-xxxx placeholder', `OPENAI_API_KEY=sk-${'x'.repeat(48)}`],
    ['YOUR_API_KEY', 'export OPENAI_API_KEY=YOUR_API_KEY'],
    ['<token>', 'Authorization: Bearer <token>'],
    ['${VAR}', 'token: ${GITHUB_TOKEN}'],
    ['process.env', 'const apiKey = process.env.OPENAI_API_KEY;'],
    ['your-api-key-here', 'api_key = "your-api-key-here"'],
    ['prose after password:', 'password: see the wiki'],
    ['passphrase in prose', 'password: correct horse battery staple'],
    ['camelCase words', 'secret: ThisIsMyPasswordForProd'],
    ['publishable key', `STRIPE_PUBLISHABLE_KEY=pk_live_${str(24)}`],
    ['pk_test after api_key', `api_key = pk_test_${str(24)}`],
    ['AWS documentation pair', 'aws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'],
    ['not base32', 'AKIA1234567890ABCDEF'],
    ['too short AIza', `AIza${str(30, B64URL)}`],
    ['ghp_ without randomness', `ghp_${'a'.repeat(36)}`],
    ['JOSE look-alike', `eyJ${str(30)}.${str(20)}.${str(43)}`],
    ['header without alg', `${b64url({ typ: 'JWT' })}.${b64url({ sub: 'x' })}.${str(43, B64URL)}`],
    ['git SHA', `commit ${str(40, HEX)}`],
    ['sha256', `sha256:${str(64, HEX)}`],
    ['UUID without context', 'request 3f2a9c81-d0b4-4e6f-9a7c-2e5b1d8f0a3c done'],
    ['base64 of prose', `echo ${Buffer.from('the deployment completed on all nodes').toString('base64')} | base64 -d`],
    ['public key block', `-----BEGIN PUBLIC KEY-----\n${pemBody}\n-----END PUBLIC KEY-----`],
    ['redacted PEM', '-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA...\n-----END RSA PRIVATE KEY-----'],
    ['URL without credentials', 'see https://docs.example.com:8443/guide and http://localhost:8080/health'],
    ['placeholder URL password', 'POSTGRES_URL=postgres://user:password@localhost:5432/db'],
    ['variable URL password', 'redis://:${REDIS_PASSWORD}@redis:6379/0'],
    ['Chinese placeholder URL', '数据库：postgres://用户名:密码@主机:5432/库名'],
    ['ADO placeholder', 'Server=db;Database=app;User Id=app;Password=<your-password>;'],
    ['words containing prefixes', 'The task-runner, ASIA-PACIFIC team and AKIDOMAIN project; tokenizer and author fields.'],
    ['metadata names', 'token_type: Bearer\nsecret_name: payments-api-credentials-v2\nmax_tokens: 4096'],
    ['Chinese decoys', '密码：请联系管理员获取。令牌已过期，请重新登录。密钥存放在 KMS 中。'],
    ['version string', 'api_version: v1.2.3-beta.4+build.567'],
  ];
  it.each(decoys)('%s', (_name, text) => {
    expect(find(text)).toEqual([]);
  });
});

describe('secret detectors: evasions through normalizeForDetection', () => {
  it.each([
    ['zero-width space inside', `${ghp.slice(0, 9)}\u200b${ghp.slice(9)}`],
    ['several invisible characters', `${akia.slice(0, 4)}\u200d${akia.slice(4, 12)}\u2060${akia.slice(12)}`],
    ['soft hyphen in the prefix', `s\u00adk-${deepseek.slice(3)}`],
    ['full-width key', fullWidth(openaiLegacy)],
    ['bidi override inside', `${anthropic.slice(0, 30)}\u202e${anthropic.slice(30)}`],
  ])('%s', (_name, disguised) => {
    const text = `key: ${disguised} end`;
    const found = find(text);
    expect(found).toHaveLength(1);
    expect(found[0]!.value).toBe(disguised);
  });

  it('maps spans back to the original text around full-width separators', () => {
    const text = `密码：${fullWidth('q8Xk2LmP9zR4tYw7Nc3V')}。`;
    const found = find(text);
    expect(found.map((d) => [d.code, d.value])).toEqual([['SECRET_GENERIC', fullWidth('q8Xk2LmP9zR4tYw7Nc3V')]]);
  });
});

describe('secret detectors: purity and hostile input', () => {
  it('returns codes and spans only, never the value, and the same answer twice', () => {
    const text = `OPENAI_API_KEY=${openaiProject}\npostgres://a:Summer2024!x@db/app\napi_key=q8Xk2LmP9zR4tYw7Nc3V`;
    const a = detectSecrets(text);
    const b = detectSecrets(text);
    expect(a).toEqual(b);
    expect(a.length).toBe(3);
    for (const d of a) {
      expect(Object.keys(d).sort()).toEqual(['code', 'confidence', 'end', 'severity', 'start']);
      expect(JSON.stringify(d)).not.toContain(text.slice(d.start, d.end));
    }
  });

  const hostile: [string, string][] = [
    ['sk- repeated', 'sk-'.repeat(30000)],
    ['eyJ repeated', 'eyJ'.repeat(30000)],
    ['BEGIN repeated', '-----BEGIN '.repeat(10000)],
    ['a: repeated', 'a:'.repeat(50000)],
    ['full PEM headers repeated', '-----BEGIN PRIVATE KEY-----\n'.repeat(4000)],
    ['password= repeated', 'password='.repeat(11000)],
    ['token: + long run', `token: ${'A1b2'.repeat(25000)}`],
    ['URL authorities without @', 'x://a:b'.repeat(14000)],
    ['sig= repeated in one URL', `https://a.blob.core.windows.net/c?sv=1${'&sig='.repeat(20000)}`],
    ['AKIA ids near long base64', `${'AKIAQWERTYUIOPASDFGH '.repeat(2000)}${'A'.repeat(60000)}`],
    ['Chinese words repeated', '接口令牌密钥口令'.repeat(12000)],
    ['one giant base64 run', 'Ab3+'.repeat(25000)],
  ];
  it.each(hostile)('%s finishes quickly', (_name, text) => {
    const started = performance.now();
    detectSecrets(text);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});

describe('checksum', () => {
  it('matches zlib crc32 and accepts only valid GitHub / npm bodies', () => {
    const body = str(30);
    expect(crc32(body, 0, body.length)).toBe(zlibCrc32(body));
    expect(validBase62Checksum(ghp, 4, ghp.length)).toBe(true);
    expect(validBase62Checksum(npm, 4, npm.length)).toBe(true);
    const flipped = ghp.slice(0, 10) + (ghp[10] === 'a' ? 'b' : 'a') + ghp.slice(11);
    expect(validBase62Checksum(flipped, 4, flipped.length)).toBe(false);
  });
});
