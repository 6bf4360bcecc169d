/**
 * Word tokens for verbatim comparison: runs of letters and digits, and every CJK character on its
 * own (Chinese and Japanese have no spaces, so a character is the unit a copied span is made of).
 * Each token is NFKC-folded and lower-cased on its own, so spans stay in the caller's coordinates.
 */
const WORD_RE = /[\p{L}\p{N}\p{M}]+/gu;
const CJK_CHAR_RE = /[\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}\p{sc=Hangul}]/u;
const CJK_RE = /^[\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}\p{sc=Hangul}]$/u;
const ASCII_RE = /^[\x00-\x7f]*$/;
/** A "word" longer than this is not prose: released (cut) rather than held without bound. */
const MAX_HELD = 4096;

export interface Token {
  text: string;
  start: number;
  end: number;
}

function fold(s: string): string {
  return ASCII_RE.test(s) ? s.toLowerCase() : s.normalize('NFKC').toLowerCase();
}

/** ASCII letters and digits, by char code: the common case, tokenized without a Unicode regex. */
function isAsciiWordChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

export function tokenize(text: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c >= 128) break;
    if (!isAsciiWordChar(c)) {
      i++;
      continue;
    }
    let j = i + 1;
    while (j < n && isAsciiWordChar(text.charCodeAt(j))) j++;
    // A word running into non-ASCII letters (café, naïve) is left to the Unicode path below.
    if (j < n && text.charCodeAt(j) >= 128) break;
    out.push({ text: text.slice(i, j).toLowerCase(), start: i, end: j });
    i = j;
  }
  if (i < n) unicodeTokens(text, i, out);
  return out;
}

function unicodeTokens(text: string, from: number, out: Token[]): void {
  WORD_RE.lastIndex = from;
  for (let m = WORD_RE.exec(text); m !== null; m = WORD_RE.exec(text)) {
    const run = m[0];
    if (ASCII_RE.test(run) || !CJK_CHAR_RE.test(run)) {
      out.push({ text: fold(run), start: m.index, end: m.index + run.length });
      continue;
    }
    // A run mixing CJK and other letters: each CJK character is a token, the rest words between them.
    let wordStart = -1;
    for (let i = 0; i < run.length; ) {
      const cp = run.codePointAt(i)!;
      const ch = String.fromCodePoint(cp);
      if (CJK_RE.test(ch)) {
        if (wordStart >= 0) out.push({ text: fold(run.slice(wordStart, i)), start: m.index + wordStart, end: m.index + i });
        wordStart = -1;
        out.push({ text: fold(ch), start: m.index + i, end: m.index + i + ch.length });
      } else if (wordStart < 0) wordStart = i;
      i += ch.length;
    }
    if (wordStart >= 0) out.push({ text: fold(run.slice(wordStart)), start: m.index + wordStart, end: m.index + run.length });
  }
}

/**
 * Tokenizes text that arrives in pieces: a word that touches the end of a piece is held until the
 * next piece (or end()) shows where it ends, so a word split across stream chunks is one token.
 */
export function createStreamTokenizer(): { push(piece: string): Token[]; end(): Token[] } {
  let pending = '';
  let offset = 0;
  const take = (final: boolean): Token[] => {
    const tokens = tokenize(pending);
    let keepFrom = pending.length;
    if (!final && tokens.length > 0) {
      const last = tokens[tokens.length - 1]!;
      // A "word" longer than this is not prose: release it (cut) rather than hold it without bound.
      if (last.end === pending.length && last.end - last.start <= MAX_HELD && !CJK_RE.test(pending.slice(last.start, last.end))) {
        tokens.pop();
        keepFrom = last.start;
      }
    }
    const base = offset;
    pending = pending.slice(keepFrom);
    offset += keepFrom;
    // Fresh tokens from tokenize(), so they are rebased in place rather than copied.
    for (const t of tokens) {
      t.start += base;
      t.end += base;
    }
    return tokens;
  };
  return {
    push(piece) {
      pending += piece;
      return take(false);
    },
    end: () => take(true),
  };
}
