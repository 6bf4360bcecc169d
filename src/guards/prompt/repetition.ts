/**
 * Repetition and long-text abuse, checked first because it is cheap: a token or short string
 * repeated many times in a row (the divergence attack that made a production model emit
 * memorised training data, Nasr et al. 2023, "Scalable Extraction of Training Data from
 * (Production) Language Models"), padding that bloats the token count, and texts far longer than
 * any prompt needs. One pass over the text; no allocation per character.
 */
export interface RepetitionHit {
  readonly kind: 'repeated-token' | 'repeated-string' | 'padding' | 'long-text';
  readonly start: number;
  readonly end: number;
  /** How many times the unit repeats (or the length, for long text). */
  readonly count: number;
}

export interface RepetitionLimits {
  /** Consecutive repeats of one word or short string that count as an attack. */
  readonly minRepeats: number;
  /** Run of whitespace or one filler character that counts as padding. */
  readonly minPadding: number;
  /** Length (UTF-16 units) from which a text is reported as long. */
  readonly longText: number;
}

const SINGLE_CHAR_REPEATS = 150;

export const DEFAULT_REPETITION_LIMITS: RepetitionLimits = { minRepeats: 40, minPadding: 2000, longText: 100_000 };

/**
 * Longest stretch where text[i] === text[i - p] for a period p in 1..maxPeriod. A stretch long
 * enough to matter covers one of the checkpoints taken every `need / 2` characters, so natural
 * text costs a handful of comparisons per period instead of one per character.
 */
function periodicRun(text: string, minRepeats: number, maxPeriod: number): RepetitionHit | null {
  const n = text.length;
  let best: RepetitionHit | null = null;
  for (let p = 1; p <= maxPeriod; p++) {
    const repeats = p <= 4 ? minRepeats : Math.max(10, minRepeats >> 1);
    const need = p * (repeats - 1);
    if (need + p > n) break;
    const step = Math.max(1, need >> 1);
    for (let k = p + step; k < n; k += step) {
      if (text.charCodeAt(k) !== text.charCodeAt(k - p)) continue;
      let lo = k;
      while (lo - 1 >= p && text.charCodeAt(lo - 1) === text.charCodeAt(lo - 1 - p)) lo--;
      let hi = k + 1;
      while (hi < n && text.charCodeAt(hi) === text.charCodeAt(hi - p)) hi++;
      if (hi - lo >= need) {
        const start = lo - p;
        if (best === null || hi - start > best.end - best.start) best = { kind: p === 1 ? 'padding' : 'repeated-string', start, end: hi, count: Math.floor((hi - start) / p) };
      }
      k = Math.max(k, hi - 1);
    }
    if (best !== null) return best;
  }
  return best;
}

export function detectRepetition(text: string, limits: RepetitionLimits = DEFAULT_REPETITION_LIMITS): RepetitionHit[] {
  const hits: RepetitionHit[] = [];
  const n = text.length;
  if (n >= limits.longText) hits.push({ kind: 'long-text', start: 0, end: n, count: n });
  // Padding: a run of one character (whitespace, dots, one letter) far beyond any formatting need.
  let runStart = 0;
  for (let i = 1; n >= limits.minPadding && i <= n; i++) {
    if (i === n || text.charCodeAt(i) !== text.charCodeAt(runStart)) {
      if (i - runStart >= limits.minPadding) hits.push({ kind: 'padding', start: runStart, end: i, count: i - runStart });
      runStart = i;
    }
  }
  if (n < 2 * limits.minRepeats) return hits;
  // Words (or CJK characters) repeated back to back: "poem poem poem …", "诗诗诗…", "a b c a b c …".
  const hit = periodicRun(text, limits.minRepeats, 64);
  if (hit !== null && hit.kind !== 'padding') hits.push({ ...hit, kind: 'repeated-string' });
  else if (hit !== null && hit.count >= SINGLE_CHAR_REPEATS && !hits.some((h) => h.kind === 'padding')) {
    // A single character repeated many times: a repeated token when it is a letter or CJK
    // character (AAAA…), ordinary formatting when it is a rule line (----). Placeholders such as
    // sk-xxxx…xxxx run to a few dozen letters, so the count starts well above them.
    const c = text.charCodeAt(hit.start);
    if ((c | 32) >= 97 && (c | 32) <= 122 || c >= 0x3400) hits.push({ ...hit, kind: 'repeated-token' });
  }
  return hits;
}
