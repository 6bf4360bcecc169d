/**
 * Context-dependent secrets: a value right after a secret-like word (`api_key=`, `"password": "…"`,
 * `Authorization: Bearer …`, `密码：…`). One case-insensitive pass (keywords.ts) finds the words; each hit reads
 * the key name around it, a separator, and the value, then decides what the value is:
 * an AWS secret (40 base64 with AWS in the name or just before), an Azure key (32 hex with Azure
 * nearby), an ADO / query-string password (any non-placeholder value), or, when it reads as
 * machine-made (see randomness.ts), SECRET_GENERIC. Provider-shaped values are reported by the
 * prefix pass; the scanner drops the generic duplicate.
 */
import { ALNUM, DASH, DOT, LOWER, UNDERSCORE, UPPER, classOf } from './chars.js';
import { azureValueKind } from './azure.js';
import { isAwsSecret } from './cloud.js';
import { codeForScheme, inKeyValueConnectionString, isPlaceholderPassword, keyValueEnd, queryValueEnd, schemeOfUrlAround } from './connection-string.js';
import { decodeBase64Url } from './jwt.js';
import { secretLikeness } from './randomness.js';
import { emit, prefixFindingEnd, type ScanState } from './state.js';
import { startsWithFolded } from '../../text/fold.js';
import { findKeywords, KEYWORD_SECRET } from '../keywords.js';

const MAX_NAME = 64;
const MAX_VALUE = 1024;

/** Key-name characters: `OPENAI_API_KEY`, `x-api-key`, `spring.datasource.password`. */
function isIdentChar(c: number): boolean {
  return (classOf(c) & (ALNUM | UNDERSCORE | DASH | DOT)) !== 0;
}

function isLetter(c: number): boolean {
  return (classOf(c) & (LOWER | UPPER)) !== 0;
}

function isUpperSpan(t: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (!(classOf(t.charCodeAt(i)) & UPPER)) return false;
  return true;
}

/**
 * The word is not the middle of another word (`author`, `tokenizer`, `bypass`, `secretary`).
 * Long words may end a compound (`dbpassword`, `accesstoken`, `PGPASSWORD`); the short ones (`pass`,
 * `pwd`, `auth`) must start one, unless camelCase or SCREAMING_CASE marks the seam (`DBPASS`).
 */
function wordBoundaries(t: string, ws: number, we: number): boolean {
  if (ws > 0 && we - ws <= 4) {
    const b = t.charCodeAt(ws - 1);
    const camel = classOf(b) & LOWER && classOf(t.charCodeAt(ws)) & UPPER;
    const screaming = classOf(b) & UPPER && isUpperSpan(t, ws, we);
    if (isLetter(b) && !camel && !screaming) return false;
  }
  if (we < t.length) {
    const a = t.charCodeAt(we);
    if (isLetter(a) && !(classOf(a) & UPPER && classOf(t.charCodeAt(we - 1)) & LOWER)) return false;
  }
  return true;
}

function isQuote(c: number): boolean {
  return c === 0x22 || c === 0x27 || c === 0x60;
}

function skipBlank(t: string, p: number, max = 16): number {
  const lim = Math.min(t.length, p + max);
  while (p < lim && (t.charCodeAt(p) === 0x20 || t.charCodeAt(p) === 0x09)) p++;
  return p;
}

/** Index after a key/value separator at `p`, or -1: `:` `:=` `=` `=>` `==` `->` `：` `是` `为` `is`. */
function separatorEnd(t: string, p: number, spaced: boolean): number {
  const c = t.charCodeAt(p);
  const d = t.charCodeAt(p + 1);
  if (c === 0x3a) return d === 0x3d ? p + 2 : p + 1;
  if (c === 0x3d) return d === 0x3e || d === 0x3d ? p + 2 : p + 1;
  if (c === 0xff1a) return p + 1;
  if (c === 0x662f || c === 0x4e3a) return d === 0x3a || d === 0xff1a ? p + 2 : p + 1;
  if (c === 0x2d && d === 0x3e) return p + 2;
  if (spaced && (c | 0x20) === 0x69 && (d | 0x20) === 0x73) {
    const e = t.charCodeAt(p + 2);
    if (e === 0x3a) return p + 3;
    if (e === 0x20) return p + 2;
  }
  return -1;
}

/** Characters of an unquoted value: printable ASCII except quotes, brackets and list punctuation. */
const VALUE_CHAR = (() => {
  const v = new Uint8Array(128);
  for (let c = 0x21; c < 0x7f; c++) v[c] = 1;
  for (const ch of '"\'`,;()[]{}<>\\|&') v[ch.charCodeAt(0)] = 0;
  return v;
})();

function isValueChar(c: number): boolean {
  return c < 128 && VALUE_CHAR[c] === 1;
}

const SCHEMES = ['bearer ', 'basic ', 'token ', 'bot ', 'apikey '];

/** Suffixes after the secret word that name metadata about a secret, not the secret. */
const METADATA_SUFFIX = /^[-_.]?(?:ids?|names?|urls?|uri|endpoint|host|file|path|dir|type|length|len|size|ttl|expiry|expires(?:_at|_in)?|expiration|prefix|format|version|count|limit|hash|policy|mode|method|scopes?|field|label|timeout|lifetime|store|location|ref|arn|env|var)$/;

const VARIABLE = /^(?:\$\{?[A-Za-z_][A-Za-z0-9_]*\}?|%\(?[A-Za-z_][A-Za-z0-9_]*\)?[s%]?)(?:$|[^A-Za-z0-9])/;
const CODE_REFERENCE = /^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)+(?:\(\))?$/;
const ENV_NAME = /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$/;
const PLACEHOLDER_WORDS =
  /xxxx|\*\*\*\*|\.\.\.|\u2026|\$\{|\{\{|:\/\/|your|example|placeholder|changeme|redacted|replace|insert|dummy|sample|todo|fixme|here|secret|passw|token|api[-_]?key|environ|getenv|test|fake|mock|demo|pk_(?:live|test)_/i;

/** Values that stand in for a secret or point at one: placeholders, env names, code, paths. */
export function isPlaceholderValue(t: string, start: number, end: number): boolean {
  const v = t.slice(start, end);
  const first = v.charCodeAt(0);
  // <key> {key} [key] :param *** #comment (paths and URLs read as words or hold '://')
  if (first === 0x3c || first === 0x7b || first === 0x5b || first === 0x3a || first === 0x2a || first === 0x23) return true;
  // $VAR ${VAR} %VAR% %(name)s — a '$' or '%' followed by anything else is part of a secret.
  if ((first === 0x24 || first === 0x25) && VARIABLE.test(v)) return true;
  return PLACEHOLDER_WORDS.test(v) || CODE_REFERENCE.test(v) || ENV_NAME.test(v);
}

function awsContext(t: string, ks: number, ke: number, name: string): boolean {
  if (name.includes('aws') || name.includes('secretaccess') || name.includes('secret_access') || name.includes('secret-access')) return true;
  const before = t.slice(Math.max(0, ks - 60), ke).toLowerCase();
  return before.includes('aws') || before.includes('secret access key');
}

function azureContext(t: string, ks: number, end: number, name: string): boolean {
  if (name.includes('azure') || name.includes('ocp-apim') || name.includes('cognitive')) return true;
  const around = t.slice(Math.max(0, ks - 300), Math.min(t.length, end + 300)).toLowerCase();
  return around.includes('azure') || around.includes('cognitiveservices') || around.includes('ocp-apim') || around.includes('windows.net');
}

/** The password of a Basic credential at [start, end), or null when it does not decode to `user:password`. */
function basicPassword(t: string, start: number, end: number): string | null {
  let v = t.slice(start, end);
  while (v.endsWith('=')) v = v.slice(0, -1);
  const decoded = decodeBase64Url(v.replace(/\+/g, '-').replace(/\//g, '_'), 0, v.length);
  if (decoded === null) return null;
  const colon = decoded.indexOf(':');
  return colon < 0 ? null : decoded.slice(colon + 1);
}

function isAwsSecretName(name: string): boolean {
  return name.includes('secret_access_key') || name.includes('secretaccesskey');
}

function isPasswordWord(w: string): boolean {
  return w.startsWith('pass') || w === 'pwd' || w === '密码' || w === '口令';
}

/**
 * Secret-like words: (api|private|access|account|subscription)[-_ ]?key, secret, token,
 * pass(word|wd|phrase), pwd, auth(orization|orisation), credential(s), azure and the Chinese
 * ones, found with the other detectors' words in one pass (keywords.ts). Each is read in text
 * order from where the previous one's reading ended.
 */
export function scanContext(s: ScanState): void {
  const t = s.text;
  const h = findKeywords(t);
  let resume = 0;
  for (let i = 0; i < h.count; i++) {
    if (h.kind[i] !== KEYWORD_SECRET) continue;
    const ws = h.start[i]!;
    if (ws < resume) continue;
    const we = h.end[i]!;
    resume = atContextWord(s, ws, we, t.slice(ws, we).toLowerCase());
  }
}

/**
 * Handles one secret-like word at [ws, we); returns where the word search resumes (> ws). A
 * Chinese word that leads nowhere resumes one character on: 接口令牌 holds 口令 before 令牌.
 */
function atContextWord(s: ScanState, ws: number, we: number, word: string): number {
  const t = s.text;
  const fail = t.charCodeAt(ws) < 0x80 ? we : ws + 1;
  let ks = ws;
  let ke = we;
  if (t.charCodeAt(ws) < 0x80) {
    if (!wordBoundaries(t, ws, we)) return fail;
    while (ks > 0 && ws - ks < MAX_NAME && isIdentChar(t.charCodeAt(ks - 1))) ks--;
    while (ke < t.length && ke - we < MAX_NAME && isIdentChar(t.charCodeAt(ke))) ke++;
  }
  let p = ke;
  // A quoted name, also JSON escaped inside a string (`{\"api_key\": \"…\"}` in log lines).
  if (isQuote(t.charCodeAt(p))) p++;
  else if (t.charCodeAt(p) === 0x5c && isQuote(t.charCodeAt(p + 1))) p += 2;
  const afterName = p;
  p = skipBlank(t, p);
  let sepEnd = separatorEnd(t, p, p > afterName);
  if (sepEnd < 0) {
    const spaced = p > afterName;
    // `<password>…</password>`, `<add key="ApiKey" value="…"/>`
    if (t.charCodeAt(p) === 0x3e && ks > 0 && t.charCodeAt(ks - 1) === 0x3c) sepEnd = p + 1;
    else if (afterName > ke && startsWithFolded(t, p, 'value=')) sepEnd = p + 6;
    // `--password <value>`, `aws configure set aws_secret_access_key <value>`, SQL
    // `WITH PASSWORD '<value>'`: a CLI flag, the AWS name or a quoted value is clear enough.
    else if (spaced && (t.charCodeAt(ks) === 0x2d || isQuote(t.charCodeAt(p)) || isAwsSecretName(t.slice(ks, ke).toLowerCase()))) sepEnd = p;
  }
  if (sepEnd < 0) return fail;
  // Lower-cased only here: most secret-like words in prose have no separator after them.
  const name = t.slice(ks, ke).toLowerCase();

  // Passwords in ADO / ODBC / JDBC strings and URL query strings: any real value counts.
  if (isPasswordWord(word) && t.charCodeAt(ke) === 0x3d && ks === ws) {
    const prev = ks > 0 ? t.charCodeAt(ks - 1) : 0;
    if (prev === 0x3f || prev === 0x26) {
      const e = queryValueEnd(t, ke + 1);
      if (e - ke - 1 >= 3 && !isPlaceholderPassword(t, ke + 1, e)) {
        const code = codeForScheme(schemeOfUrlAround(t, ks));
        emit(s, code, ke + 1, e, code === 'SECRET_CONNECTION_STRING' ? 0.85 : 0.8);
      }
      return e;
    }
    if (inKeyValueConnectionString(t, ks)) {
      const [vs, ve] = keyValueEnd(t, ke + 1);
      if (ve - vs >= 3 && !isPlaceholderPassword(t, vs, ve)) emit(s, 'SECRET_CONNECTION_STRING', vs, ve, 0.85);
      return ve;
    }
  }

  p = skipBlank(t, sepEnd);
  const quote = isQuote(t.charCodeAt(p)) ? t.charCodeAt(p) : 0;
  if (quote !== 0) p++;
  else if (t.charCodeAt(p) === 0x5c && isQuote(t.charCodeAt(p + 1))) p += 2; // escaped: ends at the backslash
  let scheme = '';
  for (const sch of SCHEMES) {
    if (t.length - p > sch.length && startsWithFolded(t, p, sch)) {
      p = skipBlank(t, p + sch.length);
      scheme = sch;
      break;
    }
  }
  const v0 = p;
  // A provider key the prefix pass already reported: nothing to add.
  const known = prefixFindingEnd(s, v0, v0 + 1);
  if (known >= 0) return Math.max(fail, known);
  let v1 = p;
  if (quote !== 0) {
    while (v1 < t.length && v1 - v0 <= MAX_VALUE && t.charCodeAt(v1) !== quote && t.charCodeAt(v1) > 0x20) v1++;
    if (t.charCodeAt(v1) !== quote) return Math.max(fail, v1);
  } else {
    while (v1 < t.length && isValueChar(t.charCodeAt(v1))) v1++;
    if (v1 - v0 > MAX_VALUE) return v1;
    // Sentence punctuation after an unquoted value ('!' and '?' end many real passwords).
    while (v1 > v0 && (t.charCodeAt(v1 - 1) === 0x2e || t.charCodeAt(v1 - 1) === 0x3a)) v1--;
  }
  // HTTP Basic (RFC 7617): base64 of `user:password`, judged by its password.
  if (scheme === 'basic ') {
    const pass = basicPassword(t, v0, v1);
    if (pass !== null && pass.length >= 4 && !isPlaceholderPassword(pass, 0, pass.length)) emit(s, 'SECRET_GENERIC', v0, v1, 0.8);
    return Math.max(fail, v1);
  }
  if (v1 - v0 < 16 || v1 - v0 > MAX_VALUE || prefixFindingEnd(s, v0, v1) >= 0 || isPlaceholderValue(t, v0, v1)) return Math.max(fail, v1);

  if (v1 - v0 === 40 && awsContext(t, ks, ke, name) && isAwsSecret(t, v0, v1)) {
    emit(s, 'SECRET_AWS_SECRET_KEY', v0, v1, 0.8);
    return v1;
  }
  const azure = azureValueKind(t, v0, v1, name.includes('azure'), () => azureContext(t, ks, v1, name));
  if (azure !== null) {
    emit(s, 'SECRET_AZURE_KEY', v0, v1, azure === 'hex32' || azure === 'alnum32' ? 0.75 : 0.9);
    return v1;
  }
  // `azure` and `subscription key` only vouch for Azure-shaped values.
  if (word === 'azure' || word.startsWith('subscription')) return v1;
  if (t.charCodeAt(ws) < 0x80 && METADATA_SUFFIX.test(name.slice(we - ks))) return v1;
  const confidence = secretLikeness(t, v0, v1);
  if (confidence > 0) emit(s, 'SECRET_GENERIC', v0, v1, confidence);
  return v1;
}
