/**
 * Slack. Tokens: xoxb- (bot), xoxp- (user), xoxa-/xoxr- (app access/refresh), xoxs- (session),
 * xoxe.xoxp- (rotating), xapp- (app-level): dash-separated numeric ids then a random tail
 * (`xoxb-<team>-<bot>-<24 alnum>`, `xoxp-<team>-<user>-<id>-<32 hex>`). Incoming webhooks:
 * https://hooks.slack.com/services/T<team>/B<hook>/<24 alnum>; workflow triggers use
 * /workflows/ and /triggers/ with the same team-first, secret-last layout.
 */
import { ALNUM, DIGIT, WORD, all, is, leftBoundary, looksRandom, runEnd } from './chars.js';
import { emit, type ScanState } from './state.js';

export function scanSlackToken(s: ScanState, at: number): number {
  const t = s.text;
  let start = at;
  if (at >= 5 && t.startsWith('xoxe.', at - 5)) start = at - 5;
  const body = at + 5;
  if (!leftBoundary(t, start)) return body;
  const end = runEnd(t, body, WORD);
  if (end - body < 20 || end - body > 300) return end;
  let digitsSegment = false;
  let segStart = body;
  for (let i = body; i <= end; i++) {
    if (i === end || t.charCodeAt(i) === 0x2d) {
      if (i > segStart && all(t, segStart, i, DIGIT)) digitsSegment = true;
      if (i < end) segStart = i + 1;
    }
  }
  const lastLen = end - segStart;
  if (lastLen < 10 || !all(t, segStart, end, ALNUM) || !looksRandom(t, segStart, end)) return end;
  // Real tokens carry numeric team/user ids; a lone random body after the prefix is still a token
  // shape (older docs and scanners accept it), with less certainty.
  if (digitsSegment) emit(s, 'SECRET_SLACK_TOKEN', start, end, 0.9);
  else if (segStart === body && lastLen >= 20) emit(s, 'SECRET_SLACK_TOKEN', start, end, 0.75);
  return end;
}

const HOOK_KINDS = ['services/', 'workflows/', 'triggers/'];

/** `at` is the `h` of `hooks.slack.com/`. */
export function scanSlackWebhook(s: ScanState, at: number): number {
  const t = s.text;
  let p = at + 'hooks.slack.com/'.length;
  const kind = HOOK_KINDS.find((k) => t.startsWith(k, p));
  if (kind === undefined) return p;
  p += kind.length;
  const segs: [number, number][] = [];
  while (segs.length < 6) {
    const e = runEnd(t, p, ALNUM, p + 80);
    if (e === p) break;
    segs.push([p, e]);
    if (t.charCodeAt(e) !== 0x2f || !is(t.charCodeAt(e + 1), ALNUM)) {
      p = e;
      break;
    }
    p = e + 1;
  }
  const first = segs[0];
  const last = segs[segs.length - 1];
  if (first === undefined || last === undefined || segs.length < 3) return p;
  if (t.charCodeAt(first[0]) !== 0x54 /* T */ || last[1] - last[0] < 20 || !looksRandom(t, last[0], last[1])) return p;
  if (kind === 'services/' && segs.length !== 3) return p;
  if (is(t.charCodeAt(last[1]), WORD)) return p;
  let start = at;
  if (t.startsWith('https://', at - 8)) start = at - 8;
  else if (t.startsWith('http://', at - 7)) start = at - 7;
  emit(s, 'SECRET_SLACK_WEBHOOK', start, last[1], 0.95);
  return last[1];
}
