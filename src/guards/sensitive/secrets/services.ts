/**
 * Service tokens with a published literal prefix and a fixed body layout, described as data: the
 * prefix pass (scanner.ts) finds the prefix, `scanService` reads the body segment by segment and
 * checks it looks machine-made. Layouts are the vendors' documented token formats:
 *
 * - SendGrid `SG.` + 22 + `.` + 43 base64url; Telegram bots `<8–10 digits>:AA` + 32–33 base64url.
 * - PyPI `pypi-AgEIcHlwaS5vcmc` (a macaroon whose location is pypi.org) + base64url.
 * - Shopify `shpat_` / `shpca_` / `shppa_` / `shpss_` + 32 hex; Supabase `sbp_` + 40 hex.
 * - Groq `gsk_` + 52; Replicate `r8_` + 37; Perplexity `pplx-` + 48; xAI `xai-` + 80 alphanumerics.
 * - Databricks `dapi` + 32 hex; DigitalOcean `dop_v1_` / `doo_v1_` / `dor_v1_` + 64 hex.
 * - Docker Hub `dckr_pat_` + 27; HashiCorp Vault `hvs.` / `hvb.` + base64url (service, batch).
 * - Postman `PMAK-` + 24 hex + `-` + 34 hex; New Relic `NRAK-` + 27 upper-case alphanumerics.
 * - Linear `lin_api_` + 40; LangSmith `lsv2_pt_` / `lsv2_sk_` + 32 hex + `_` + 10 hex; Pinecone
 *   `pcsk_` + 5–6 + `_` + the secret; Tavily `tvly-` (`dev-` / `prod-`) + 32.
 * - Sentry `sntrys_` (org token) / `sntryu_` + 64 hex; Grafana `glsa_` + 32 + `_` + 8 hex, `glc_`.
 * - Mailgun `key-` + 32 hex; Atlassian `ATATT3` + base64url; Square `sq0atp-` + 22, `sq0csp-` + 43;
 *   Mapbox secret tokens `sk.eyJ…` (two base64url parts).
 * - Volcengine `AKLT` + base64 access key ids; Baidu AI Cloud `bce-v3/ALTAK-` + id + `/` + 40 hex.
 * - Chat-bot webhooks, where the URL's token is the credential: Discord `discord.com/api/webhooks/`
 *   + id + `/` + 68; Feishu / Lark `open-apis/bot/v2/hook/` + UUID; DingTalk
 *   `robot/send?access_token=` + 64 hex; WeCom `webhook/send?key=` + UUID.
 */
import { ALNUM, BASE64URL, DIGIT, EQUALS, PLUS, SLASH, UPPER, WORD, is, isHex, leftBoundary, looksRandom, runEnd } from './chars.js';
import type { SecretCode } from './codes.js';
import { emit, type ScanState } from './state.js';

/** A run of `set` characters, `min`..`max` long (`hex`: lower- or upper-case hex only). */
interface Run {
  set: number;
  min: number;
  max: number;
  hex?: boolean;
}

type Segment = Run | string;

export interface ServiceKey {
  code: SecretCode;
  /** Literal prefixes; each must also be an alternative of the prefix pass. */
  prefixes: readonly string[];
  /** Optional literal right after the prefix (`tvly-dev-`). */
  optional?: readonly string[];
  /** The body after the prefix, which must look random as a whole. */
  body: readonly Segment[];
  confidence: number;
  /** The prefix is inside a URL or after digits: no left token boundary is required. */
  midToken?: boolean;
  /** Webhooks: the URL hosts they live on. Found by the URL scanner (`://`), not by prefix. */
  hosts?: readonly string[];
}

const run = (set: number, min: number, max = min, hex = false): Run => ({ set, min, max, hex });
const hexRun = (min: number, max = min): Run => run(ALNUM, min, max, true);
const UUID: readonly Segment[] = [hexRun(8), '-', hexRun(4), '-', hexRun(4), '-', hexRun(4), '-', hexRun(12)];

export const SERVICE_KEYS: readonly ServiceKey[] = [
  { code: 'SECRET_SENDGRID_KEY', prefixes: ['SG.'], body: [run(BASE64URL, 22), '.', run(BASE64URL, 43)], confidence: 0.97 },
  { code: 'SECRET_PYPI_TOKEN', prefixes: ['pypi-AgEIcHlwaS5vcmc'], body: [run(BASE64URL, 50, 400)], confidence: 0.98 },
  { code: 'SECRET_SHOPIFY_TOKEN', prefixes: ['shpat_', 'shpca_', 'shppa_', 'shpss_'], body: [hexRun(32)], confidence: 0.95 },
  { code: 'SECRET_SUPABASE_TOKEN', prefixes: ['sbp_'], body: [hexRun(40)], confidence: 0.93 },
  { code: 'SECRET_GROQ_KEY', prefixes: ['gsk_'], body: [run(ALNUM, 52)], confidence: 0.95 },
  { code: 'SECRET_REPLICATE_TOKEN', prefixes: ['r8_'], body: [run(ALNUM, 37)], confidence: 0.93 },
  { code: 'SECRET_PERPLEXITY_KEY', prefixes: ['pplx-'], body: [run(ALNUM, 48)], confidence: 0.95 },
  { code: 'SECRET_XAI_KEY', prefixes: ['xai-'], body: [run(ALNUM, 80)], confidence: 0.95 },
  { code: 'SECRET_DATABRICKS_TOKEN', prefixes: ['dapi'], body: [hexRun(32)], confidence: 0.9 },
  { code: 'SECRET_DIGITALOCEAN_TOKEN', prefixes: ['dop_v1_', 'doo_v1_', 'dor_v1_'], body: [hexRun(64)], confidence: 0.97 },
  { code: 'SECRET_DOCKERHUB_TOKEN', prefixes: ['dckr_pat_'], body: [run(BASE64URL, 27)], confidence: 0.95 },
  { code: 'SECRET_VAULT_TOKEN', prefixes: ['hvs.', 'hvb.'], body: [run(BASE64URL, 24, 400)], confidence: 0.9 },
  { code: 'SECRET_POSTMAN_KEY', prefixes: ['PMAK-'], body: [hexRun(24), '-', hexRun(34)], confidence: 0.97 },
  { code: 'SECRET_NEWRELIC_KEY', prefixes: ['NRAK-'], body: [run(UPPER | DIGIT, 27)], confidence: 0.93 },
  { code: 'SECRET_LINEAR_KEY', prefixes: ['lin_api_'], body: [run(ALNUM, 40)], confidence: 0.95 },
  { code: 'SECRET_LANGSMITH_KEY', prefixes: ['lsv2_pt_', 'lsv2_sk_'], body: [hexRun(32), '_', hexRun(10)], confidence: 0.97 },
  { code: 'SECRET_PINECONE_KEY', prefixes: ['pcsk_'], body: [run(ALNUM, 5, 6), '_', run(ALNUM, 40, 90)], confidence: 0.95 },
  { code: 'SECRET_TAVILY_KEY', prefixes: ['tvly-'], optional: ['dev-', 'prod-'], body: [run(ALNUM, 32)], confidence: 0.93 },
  { code: 'SECRET_SENTRY_TOKEN', prefixes: ['sntrys_'], body: [run(BASE64URL | PLUS | SLASH | EQUALS, 60, 600)], confidence: 0.95 },
  { code: 'SECRET_SENTRY_TOKEN', prefixes: ['sntryu_'], body: [hexRun(64)], confidence: 0.95 },
  { code: 'SECRET_GRAFANA_TOKEN', prefixes: ['glsa_'], body: [run(ALNUM, 32), '_', hexRun(8)], confidence: 0.97 },
  { code: 'SECRET_GRAFANA_TOKEN', prefixes: ['glc_'], body: [run(ALNUM | PLUS | SLASH | EQUALS, 32, 400)], confidence: 0.9 },
  { code: 'SECRET_MAILGUN_KEY', prefixes: ['key-'], body: [hexRun(32)], confidence: 0.8 },
  { code: 'SECRET_ATLASSIAN_TOKEN', prefixes: ['ATATT3'], body: [run(BASE64URL | EQUALS, 120, 400)], confidence: 0.95 },
  { code: 'SECRET_SQUARE_TOKEN', prefixes: ['sq0atp-'], body: [run(BASE64URL, 22)], confidence: 0.95 },
  { code: 'SECRET_SQUARE_TOKEN', prefixes: ['sq0csp-'], body: [run(BASE64URL, 43)], confidence: 0.95 },
  { code: 'SECRET_MAPBOX_TOKEN', prefixes: ['sk.eyJ'], body: [run(BASE64URL, 20, 200), '.', run(BASE64URL, 20, 40)], confidence: 0.95 },
  { code: 'SECRET_VOLCENGINE_ACCESS_KEY', prefixes: ['AKLT'], body: [run(ALNUM | PLUS | SLASH, 36, 60)], confidence: 0.9 },
  { code: 'SECRET_BAIDU_ACCESS_KEY', prefixes: ['bce-v3/ALTAK-'], body: [run(ALNUM, 18, 24), '/', hexRun(40)], confidence: 0.97 },
  { code: 'SECRET_CHAT_WEBHOOK', hosts: ['discord.com', 'discordapp.com'], prefixes: ['discord.com/api/webhooks/', 'discordapp.com/api/webhooks/'], body: [run(DIGIT, 17, 20), '/', run(BASE64URL, 60, 80)], confidence: 0.97, midToken: true },
  { code: 'SECRET_CHAT_WEBHOOK', hosts: ['open.feishu.cn', 'open.larksuite.com'], prefixes: ['open-apis/bot/v2/hook/'], body: UUID, confidence: 0.95, midToken: true },
  { code: 'SECRET_CHAT_WEBHOOK', hosts: ['oapi.dingtalk.com'], prefixes: ['robot/send?access_token='], body: [hexRun(64)], confidence: 0.95, midToken: true },
  { code: 'SECRET_CHAT_WEBHOOK', hosts: ['qyapi.weixin.qq.com'], prefixes: ['webhook/send?key='], body: UUID, confidence: 0.95, midToken: true },
];

/** Prefix-found services: every key but the webhooks, which the URL scanner hands over by host. */
export const SERVICE_BY_PREFIX: ReadonlyMap<string, ServiceKey> = new Map(SERVICE_KEYS.filter((k) => k.hosts === undefined).flatMap((k) => k.prefixes.map((p) => [p, k] as const)));
const WEBHOOK_BY_HOST: ReadonlyMap<string, ServiceKey> = new Map(SERVICE_KEYS.flatMap((k) => (k.hosts ?? []).map((h) => [h, k] as const)));

/**
 * Chat-bot webhooks in a URL whose authority is [hostStart, hostEnd): the token in the path is the
 * credential. Called by the URL scanner, so these hosts cost the prefix pass nothing.
 */
export function scanChatWebhook(s: ScanState, hostStart: number, hostEnd: number): void {
  const t = s.text;
  const key = WEBHOOK_BY_HOST.get(t.slice(hostStart, hostEnd).toLowerCase());
  if (key === undefined) return;
  for (const p of key.prefixes) {
    const at = t.startsWith(p, hostStart) ? hostStart : t.indexOf(p, hostEnd);
    // The marker sits at the host (Discord) or within the first path segments (…/cgi-bin/webhook/send?key=).
    if (at === -1 || at - hostEnd > 16) continue;
    scanService(s, at, p.length, key);
    return;
  }
}

/** End of `segments` read from `p`, or -1. */
function readBody(t: string, p: number, segments: readonly Segment[]): number {
  for (let i = 0; i < segments.length; i++) {
    const seg = segments[i]!;
    if (typeof seg === 'string') {
      if (!t.startsWith(seg, p)) return -1;
      p += seg.length;
      continue;
    }
    const e = runEnd(t, p, seg.set, p + seg.max + 1);
    const n = e - p;
    if (n < seg.min || n > seg.max) return -1;
    if (seg.hex === true && !isHex(t, p, e)) return -1;
    p = e;
  }
  return p;
}

/** Validates a service token whose prefix starts at `at`; returns where the prefix scan resumes. */
export function scanService(s: ScanState, at: number, prefixLength: number, key: ServiceKey): number {
  const t = s.text;
  let body = at + prefixLength;
  if (key.midToken !== true && !leftBoundary(t, at)) return body;
  const opt = key.optional?.find((o) => t.startsWith(o, body));
  if (opt !== undefined) body += opt.length;
  const end = readBody(t, body, key.body);
  // The token ends there: a longer run is some other string that merely starts like one.
  if (end === -1 || is(t.charCodeAt(end), WORD)) return Math.max(body, runEnd(t, body, WORD));
  // The whole body is judged: one part of a UUID can look tame by chance ("f70b000520c7").
  if (looksRandom(t, body, end)) emit(s, key.code, at, end, key.confidence);
  return end;
}

/**
 * Telegram bot tokens, `123456789:AA` + 32–33 base64url (the Bot API documentation's own example
 * has 32): the prefix pass finds `:AA`, the bot id is read backwards from it.
 */
export function scanTelegramToken(s: ScanState, colon: number): number {
  // The colon may be full-width (normalisation leaves Chinese punctuation alone).
  const t = s.text;
  let start = colon;
  while (start > 0 && colon - start <= 10 && is(t.charCodeAt(start - 1), DIGIT)) start--;
  const digits = colon - start;
  const body = colon + 3;
  if (digits < 8 || digits > 10 || !leftBoundary(t, start)) return body;
  const end = runEnd(t, body, BASE64URL, body + 34);
  if (end - body < 32 || end - body > 33 || is(t.charCodeAt(end), WORD)) return Math.max(body, end);
  if (looksRandom(t, body, end)) emit(s, 'SECRET_TELEGRAM_BOT_TOKEN', start, end, 0.95);
  return end;
}
