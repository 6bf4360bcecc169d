import { describe, expect, it } from 'vitest';
import { detectSensitive } from '../detect.js';
import { SECRET_CODES, detectSecrets } from './index.js';
import { SERVICE_KEYS } from './services.js';
import { mulberry32 } from '../../../core/index.js';

// Synthetic tokens in each service's documented layout from a seeded generator; none is real.
const rand = mulberry32(99);
const B62 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const B64URL = `${B62}-_`;
const HEX = '0123456789abcdef';
const UPPER_DIGITS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
function str(n: number, alphabet = B62): string {
  let s = '';
  for (let i = 0; i < n; i++) s += alphabet[Math.floor(rand() * alphabet.length)];
  return s;
}
const uuid = (): string => `${str(8, HEX)}-${str(4, HEX)}-4${str(3, HEX)}-a${str(3, HEX)}-${str(12, HEX)}`;

/** [code, token, the span that must be reported (default: the whole token)] */
const TOKENS: [string, string, string?][] = [
  ['SECRET_SENDGRID_KEY', `SG.${str(22, B64URL)}.${str(43, B64URL)}`],
  ['SECRET_TELEGRAM_BOT_TOKEN', `5${str(9, '0123456789')}:AA${str(33, B64URL)}`],
  ['SECRET_TELEGRAM_BOT_TOKEN', `110201543:AA${str(32, B64URL)}`],
  ['SECRET_PYPI_TOKEN', `pypi-AgEIcHlwaS5vcmc${str(150, B64URL)}`],
  ['SECRET_SHOPIFY_TOKEN', `shpat_${str(32, HEX)}`],
  ['SECRET_SHOPIFY_TOKEN', `shpss_${str(32, HEX)}`],
  ['SECRET_SUPABASE_TOKEN', `sbp_${str(40, HEX)}`],
  ['SECRET_GROQ_KEY', `gsk_${str(52)}`],
  ['SECRET_REPLICATE_TOKEN', `r8_${str(37)}`],
  ['SECRET_PERPLEXITY_KEY', `pplx-${str(48)}`],
  ['SECRET_XAI_KEY', `xai-${str(80)}`],
  ['SECRET_OPENROUTER_KEY', `sk-or-v1-${str(64, HEX)}`],
  ['SECRET_DATABRICKS_TOKEN', `dapi${str(32, HEX)}`],
  ['SECRET_DIGITALOCEAN_TOKEN', `dop_v1_${str(64, HEX)}`],
  ['SECRET_DOCKERHUB_TOKEN', `dckr_pat_${str(27, B64URL)}`],
  ['SECRET_VAULT_TOKEN', `hvs.${str(90, B64URL)}`],
  ['SECRET_POSTMAN_KEY', `PMAK-${str(24, HEX)}-${str(34, HEX)}`],
  ['SECRET_NEWRELIC_KEY', `NRAK-${str(27, UPPER_DIGITS)}`],
  ['SECRET_LINEAR_KEY', `lin_api_${str(40)}`],
  ['SECRET_LANGSMITH_KEY', `lsv2_pt_${str(32, HEX)}_${str(10, HEX)}`],
  ['SECRET_PINECONE_KEY', `pcsk_${str(5)}_${str(64)}`],
  ['SECRET_TAVILY_KEY', `tvly-${str(32)}`],
  ['SECRET_TAVILY_KEY', `tvly-dev-${str(32)}`],
  ['SECRET_SENTRY_TOKEN', `sntrys_eyJ${str(120, B62)}_${str(43, B62)}`],
  ['SECRET_SENTRY_TOKEN', `sntryu_${str(64, HEX)}`],
  ['SECRET_GRAFANA_TOKEN', `glsa_${str(32)}_${str(8, HEX)}`],
  ['SECRET_MAILGUN_KEY', `key-${str(32, HEX)}`],
  ['SECRET_ATLASSIAN_TOKEN', `ATATT3${str(180, B64URL)}`],
  ['SECRET_SQUARE_TOKEN', `sq0atp-${str(22, B64URL)}`],
  ['SECRET_MAPBOX_TOKEN', `sk.eyJ${str(60, B64URL)}.${str(22, B64URL)}`],
  ['SECRET_VOLCENGINE_ACCESS_KEY', `AKLT${str(43)}`],
  ['SECRET_BAIDU_ACCESS_KEY', `bce-v3/ALTAK-${str(21)}/${str(40, HEX)}`],
];
const DISCORD = `https://discord.com/api/webhooks/${str(18, '0123456789')}/${str(68, B64URL)}`;
const FEISHU_UUID = uuid();
const DINGTALK_TOKEN = str(64, HEX);
const WECOM_KEY = uuid();

describe('service tokens with published layouts', () => {
  it.each(TOKENS)('%s is found in prose, span exact', (code, token) => {
    const text = `please rotate this one: ${token} before Friday`;
    const found = detectSecrets(text);
    expect(found.map((d) => d.code)).toEqual([code]);
    expect(text.slice(found[0]!.start, found[0]!.end)).toBe(token);
  });

  it.each(TOKENS)('%s in a .env line and in Chinese', (code, token) => {
    for (const text of [`API_TOKEN=${token}\n`, `这是生产环境的令牌：${token}，请勿外传。`]) {
      const found = detectSensitive(text);
      expect(found.map((d) => d.code)).toContain(code);
    }
  });

  it('chat-bot webhooks: the URL token is the credential (Discord, Feishu, DingTalk, WeCom)', () => {
    const cases: [string, string][] = [
      [DISCORD, DISCORD.slice('https://'.length)],
      [`https://open.feishu.cn/open-apis/bot/v2/hook/${FEISHU_UUID}`, `open-apis/bot/v2/hook/${FEISHU_UUID}`],
      [`https://oapi.dingtalk.com/robot/send?access_token=${DINGTALK_TOKEN}`, `robot/send?access_token=${DINGTALK_TOKEN}`],
      [`https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=${WECOM_KEY}`, `webhook/send?key=${WECOM_KEY}`],
    ];
    for (const [url, span] of cases) {
      const text = `告警机器人地址 ${url} 已配置`;
      const found = detectSecrets(text).filter((d) => d.code === 'SECRET_CHAT_WEBHOOK');
      expect(found).toHaveLength(1);
      expect(text.slice(found[0]!.start, found[0]!.end)).toBe(span);
    }
  });

  it.each(TOKENS)('%s: placeholders, and for fixed layouts a wrong length, are not reported', (code, token) => {
    const key = SERVICE_KEYS.find((k) => k.prefixes.some((p) => token.startsWith(p)));
    const prefix = key?.prefixes.find((p) => token.startsWith(p)) ?? token.slice(0, token.indexOf(':') + 3);
    const body = token.slice(prefix.length);
    const texts = [`token: ${prefix + body.replace(/[A-Za-z0-9]/g, 'x')}`];
    // Variable-length layouts (PyPI macaroons, Vault tokens …) have no wrong length to test.
    const fixed = key !== undefined && key.body.every((seg) => typeof seg === 'string' || seg.min === seg.max);
    if (fixed) texts.push(`token: ${token.slice(0, token.length - 5)} `, `token: ${token}Z9Z9Z9Z9`);
    for (const text of texts) {
      const codes = detectSecrets(text).map((d) => d.code);
      expect(codes, text.slice(0, 40)).not.toContain(code);
    }
  });

  it('every service code is registered and has its layout documented by a test token', () => {
    for (const k of SERVICE_KEYS) expect(SECRET_CODES).toContain(k.code);
    const tested = new Set(TOKENS.map(([c]) => c));
    for (const k of SERVICE_KEYS) if (k.code !== 'SECRET_CHAT_WEBHOOK') expect(tested).toContain(k.code);
  });

  it('ordinary prose with the same prefixes stays clean', () => {
    const text = 'The key-value store, the SG. abbreviation, dapi notes, gsk_ and r8_ in a README, Telegram 12:AA, tvly- docs and hvs. files.';
    expect(detectSecrets(text)).toEqual([]);
  });
});
