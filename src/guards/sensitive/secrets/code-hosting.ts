/**
 * Code hosting and package registries. GitHub: ghp_ / gho_ / ghu_ / ghs_ / ghr_ + 30 random
 * base62 + 6-character CRC-32 checksum; fine-grained PATs: github_pat_ + 22 + `_` + 59. npm: npm_ +
 * the same 36-character checksummed body. GitLab: glpat- (personal), gldt- (deploy), glrt-
 * (runner) and siblings + at least 20 base64url characters; routable tokens (GitLab 17.x) append
 * `.<version>.<crc>`.
 */
import { ALNUM, WORD, all, is, leftBoundary, looksRandom, runEnd } from './chars.js';
import { validBase62Checksum } from './checksum.js';
import { emit, type ScanState } from './state.js';

/** `gh?_` tokens: a valid checksum is proof; without it the shape alone is still a strong signal. */
export function scanGithubToken(s: ScanState, at: number): number {
  const t = s.text;
  const body = at + 4;
  if (!leftBoundary(t, at)) return body;
  const end = runEnd(t, body, WORD);
  if (end - body !== 36 || !all(t, body, end, ALNUM)) return end;
  if (validBase62Checksum(t, body, end)) emit(s, 'SECRET_GITHUB_TOKEN', at, end, 0.99);
  else if (looksRandom(t, body, end)) emit(s, 'SECRET_GITHUB_TOKEN', at, end, 0.85);
  return end;
}

export function scanGithubPat(s: ScanState, at: number): number {
  const t = s.text;
  const body = at + 11;
  if (!leftBoundary(t, at)) return body;
  const end = runEnd(t, body, WORD);
  const n = end - body;
  if (n === 82 && t.charCodeAt(body + 22) === 0x5f && all(t, body, body + 22, ALNUM) && all(t, body + 23, end, ALNUM) && looksRandom(t, body + 23, end)) {
    emit(s, 'SECRET_GITHUB_TOKEN', at, end, 0.97);
  }
  return end;
}

export function scanNpmToken(s: ScanState, at: number): number {
  const t = s.text;
  const body = at + 4;
  if (!leftBoundary(t, at)) return body;
  const end = runEnd(t, body, WORD);
  if (end - body !== 36 || !all(t, body, end, ALNUM)) return end;
  if (validBase62Checksum(t, body, end)) emit(s, 'SECRET_NPM_TOKEN', at, end, 0.99);
  else if (looksRandom(t, body, end)) emit(s, 'SECRET_NPM_TOKEN', at, end, 0.85);
  return end;
}

/** `prefixLen` covers `gl…-`. */
export function scanGitlabToken(s: ScanState, at: number, prefixLen: number): number {
  const t = s.text;
  const body = at + prefixLen;
  if (!leftBoundary(t, at)) return body;
  let end = runEnd(t, body, WORD);
  if (end - body < 20 || end - body > 320 || !looksRandom(t, body, end)) return end;
  // Routable tokens: `.<digits>.<base36 crc>`.
  if (t.charCodeAt(end) === 0x2e) {
    const d = runEnd(t, end + 1, ALNUM, end + 4);
    if (d > end + 1 && t.charCodeAt(d) === 0x2e) {
      const c = runEnd(t, d + 1, ALNUM, d + 16);
      if (c - d - 1 >= 4 && !is(t.charCodeAt(c), WORD)) end = c;
    }
  }
  emit(s, 'SECRET_GITLAB_TOKEN', at, end, 0.9);
  return end;
}
