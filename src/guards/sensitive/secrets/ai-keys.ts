/**
 * Model-provider keys. OpenAI: `sk-proj-` / `sk-svcacct-` / `sk-admin-` + ~156 base64url
 * characters, and legacy `sk-` + 48 alphanumerics; both carry `T3BlbkFJ` (base64 of "OpenAI").
 * Anthropic: `sk-ant-api03-` / `sk-ant-admin01-` + 93 base64url characters + `AA`.
 * DeepSeek: `sk-` + 32 lowercase hex (Alibaba DashScope keys share this shape and this code).
 * Hugging Face: `hf_` + 34 letters. OpenRouter: `sk-or-v1-` + 64 lowercase hex.
 */
import { ALNUM, DIGIT, LOWER, UPPER, WORD, all, classesIn, isLowerHex, leftBoundary, looksRandom, runEnd } from './chars.js';
import { emit, type ScanState } from './state.js';

const OPENAI_MARKER = 'T3BlbkFJ';
const ANTHROPIC_KINDS = ['api', 'admin', 'oat', 'sid'];
const OPENAI_KINDS = ['proj-', 'svcacct-', 'admin-'];

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

/** After `sk-ant-`: `<kind><2 digits>-`; returns the index after it, or -1. */
function anthropicBody(t: string, p: number): number {
  for (const k of ANTHROPIC_KINDS) {
    if (t.startsWith(k, p)) {
      const d = p + k.length;
      if (isDigit(t.charCodeAt(d)) && isDigit(t.charCodeAt(d + 1)) && t.charCodeAt(d + 2) === 0x2d) return d + 3;
    }
  }
  return -1;
}

/** Keys longer than this are not keys; the run is skipped whole. */
const MAX_KEY = 400;

/** `sk-` keys: OpenAI, Anthropic, DeepSeek, and unlabelled OpenAI-compatible providers. */
export function scanSkDash(s: ScanState, at: number): number {
  const t = s.text;
  const body = at + 3;
  if (!leftBoundary(t, at)) return body;
  const end = runEnd(t, body, WORD);
  const n = end - body;
  if (n < 20 || n > MAX_KEY) return end;

  const k = t.startsWith('ant-', body) ? anthropicBody(t, body + 4) : -1;
  if (k >= 0) {
    const len = end - k;
    if (len >= 80 && len <= 200 && looksRandom(t, k, end)) {
      const exact = len === 95 && t.charCodeAt(end - 1) === 0x41 && t.charCodeAt(end - 2) === 0x41;
      emit(s, 'SECRET_ANTHROPIC_KEY', at, end, exact ? 0.97 : 0.9);
    }
    return end;
  }

  const kind = OPENAI_KINDS.find((prefix) => t.startsWith(prefix, body));
  if (kind !== undefined) {
    const b = body + kind.length;
    if (end - b >= 40 && looksRandom(t, b, end)) emit(s, 'SECRET_OPENAI_KEY', at, end, hasMarker(t, b, end) ? 0.97 : 0.9);
    return end;
  }

  if (hasMarker(t, body, end) && looksRandom(t, body, end)) {
    emit(s, 'SECRET_OPENAI_KEY', at, end, n === 48 ? 0.97 : 0.93);
    return end;
  }

  // OpenRouter: sk-or-v1- + 64 hex.
  if (n === 70 && t.startsWith('or-v1-', body) && isLowerHex(t, body + 6, end)) {
    if (looksRandom(t, body + 6, end)) emit(s, 'SECRET_OPENROUTER_KEY', at, end, 0.97);
    return end;
  }

  if (n === 32 && isLowerHex(t, body, end)) {
    if (looksRandom(t, body, end)) emit(s, 'SECRET_DEEPSEEK_KEY', at, end, 0.9);
    return end;
  }

  // sk- + 48 alphanumerics is the legacy OpenAI length; without the marker it may also be an
  // OpenAI-compatible provider's key (Moonshot uses the same shape): billed either way.
  if (n === 48 && all(t, body, end, ALNUM)) {
    const m = classesIn(t, body, end);
    if ((m & DIGIT) !== 0 && (m & LOWER) !== 0 && (m & UPPER) !== 0 && looksRandom(t, body, end)) emit(s, 'SECRET_OPENAI_KEY', at, end, 0.7);
    return end;
  }

  // sk- + a long random body without a known layout (relays, other compatible APIs): a key for
  // some model API, provider unknown.
  if (n >= 32) {
    const m = classesIn(t, body, end);
    if ((m & DIGIT) !== 0 && (m & (LOWER | UPPER)) !== 0 && looksRandom(t, body, end)) emit(s, 'SECRET_GENERIC', at, end, 0.75);
  }
  return end;
}

function hasMarker(t: string, start: number, end: number): boolean {
  const i = t.slice(start, end).indexOf(OPENAI_MARKER);
  return i >= 8 && end - (start + i + 8) >= 8;
}

export function scanHuggingFace(s: ScanState, at: number): number {
  const t = s.text;
  const body = at + 3;
  if (!leftBoundary(t, at)) return body;
  const end = runEnd(t, body, WORD);
  if (end - body === 34 && all(t, body, end, ALNUM) && looksRandom(t, body, end)) emit(s, 'SECRET_HUGGINGFACE_TOKEN', at, end, 0.9);
  return end;
}
