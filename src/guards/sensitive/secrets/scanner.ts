/**
 * The secret scanner. Pass one finds literal key prefixes (prefixes.ts: from rare anchor
 * characters, not a regex over the text) and hands each to its family's validator in text order;
 * chat-bot webhooks are handed over by the URL validator from their host. Pass two finds
 * secret-like words for the context rules (generic.ts). Overlaps are then resolved: a
 * provider-specific finding beats a connection-string or URL password, which beats SECRET_GENERIC.
 */
import type { Detection } from '../types.js';
import { scanHuggingFace, scanSkDash } from './ai-keys.js';
import { scanAzureAccountKey, scanAzureAnnotated, scanAzureSas, scanAzureSharedAccessKey } from './azure.js';
import { scanAlibabaKeyId, scanAwsKeyId, scanGoogleApiKey, scanGoogleOAuthSecret, scanTencentSecretId } from './cloud.js';
import { scanGithubPat, scanGithubToken, scanGitlabToken, scanNpmToken } from './code-hosting.js';
import { scanUrlCredentials } from './connection-string.js';
import { scanContext } from './generic.js';
import { scanJwt } from './jwt.js';
import { scanPrivateKey } from './private-key.js';
import { scanSlackToken, scanSlackWebhook } from './slack.js';
import { findPrefixes, occurrencePrefix, occurrenceStart } from './prefixes.js';
import { createState, type ScanState } from './state.js';
import { SERVICE_BY_PREFIX, scanService, scanTelegramToken } from './services.js';
import { sortInPlace } from '../sort.js';
import { scanStripeKey } from './stripe.js';

/**
 * Validates the candidate whose prefix `lit` starts at `at` and returns where the prefix scan
 * resumes (> at). A handler that walked a token run returns its end: a prefix inside the run has
 * a token character before it and fails the left-boundary check, so there is nothing to re-check.
 */
function dispatch(s: ScanState, at: number, lit: string): number {
  const service = SERVICE_BY_PREFIX.get(lit);
  if (service !== undefined) return scanService(s, at, lit.length, service);
  switch (lit) {
    case ':AA':
    case '\uff1aAA':
      return scanTelegramToken(s, at);
    case 'sk-':
      return scanSkDash(s, at);
    case 'sk_':
    case 'rk_':
      return scanStripeKey(s, at);
    case 'sig=':
      return scanAzureSas(s, at);
    case 'AKIA':
    case 'ASIA':
    case 'ABIA':
    case 'ACCA':
      return scanAwsKeyId(s, at);
    case 'AKID':
      return scanTencentSecretId(s, at);
    case 'AIza':
      return scanGoogleApiKey(s, at);
    case 'AccountKey=':
      return scanAzureAccountKey(s, at);
    case 'SharedAccessKey=':
      return scanAzureSharedAccessKey(s, at);
    case 'JQQJ9':
      return scanAzureAnnotated(s, at);
    case 'github_pat_':
      return scanGithubPat(s, at);
    case 'hooks.slack.com/':
      return scanSlackWebhook(s, at);
    case 'LTAI':
      return scanAlibabaKeyId(s, at);
    case 'hf_':
      return scanHuggingFace(s, at);
    case 'npm_':
      return scanNpmToken(s, at);
    case 'eyJ':
      return scanJwt(s, at);
    case '-----BEGIN ':
      return scanPrivateKey(s, at);
    case '://':
      return scanUrlCredentials(s, at);
    case 'GOCSPX-':
      return scanGoogleOAuthSecret(s, at);
  }
  if (lit.startsWith('gh')) return scanGithubToken(s, at);
  if (lit.startsWith('gl')) return scanGitlabToken(s, at, lit.length);
  return scanSlackToken(s, at);
}

/**
 * Validates prefix occurrences in text order. One that starts before where the previous one's
 * scan resumed is inside what that one read, and is skipped.
 */
function scanPrefixes(s: ScanState, occurrences: readonly number[]): void {
  let next = 0;
  for (const key of occurrences) {
    const at = occurrenceStart(key);
    if (at < next) continue;
    const lit = occurrencePrefix(key);
    next = Math.max(at + lit.length, dispatch(s, at, lit));
  }
}

function rank(code: string): number {
  if (code === 'SECRET_GENERIC') return 0;
  if (code === 'SECRET_CONNECTION_STRING' || code === 'SECRET_URL_CREDENTIALS') return 1;
  return 2;
}

/** Drops findings covered by a more specific one, and exact repeats. */
function resolve(found: Detection[]): Detection[] {
  if (found.length < 2) return found;
  sortInPlace(found, (a, b) => a.start - b.start || b.end - a.end);
  const kept: Detection[] = [];
  let maxEnd = -1;
  for (const d of found) {
    if (d.start >= maxEnd) {
      kept.push(d);
      maxEnd = d.end;
      continue;
    }
    let drop = false;
    for (let k = kept.length - 1; k >= 0; k--) {
      const o = kept[k]!;
      if (o.end <= d.start || o.start >= d.end) continue;
      const ro = rank(o.code);
      const rd = rank(d.code);
      if (ro > rd || (ro === rd && o.start <= d.start && o.end >= d.end)) {
        drop = true;
        break;
      }
      if (rd > ro) kept.splice(k, 1);
    }
    if (!drop) {
      kept.push(d);
      if (d.end > maxEnd) maxEnd = d.end;
    }
  }
  return kept;
}

/** All secrets in `text` (already normalised), spans in its UTF-16 code units, sorted by start. */
export function detectSecrets(text: string): Detection[] {
  const s = createState(text);
  const prefixes = findPrefixes(text);
  scanPrefixes(s, prefixes.anywhere);
  scanPrefixes(s, prefixes.wordStart);
  if (s.out.length > 1) sortInPlace(s.out, (a, b) => a.start - b.start);
  s.prefixFound = s.out.length;
  scanContext(s);
  return resolve(s.out);
}
