import { createStreamTokenizer, tokenize, type Token } from './tokens.js';

/** Tokens per shingle: shorter runs of shared words are common phrases, not copies. */
const SHINGLE = 8;
/** System prompts longer than this are compared on their first tokens only (memory bound). */
const MAX_PROMPT_TOKENS = 50_000;

export interface VerbatimSpan {
  start: number;
  end: number;
  /** Tokens in the copied run. */
  tokens: number;
}

/**
 * Finds runs of the answer copied from the system prompt. The prompt is cut into overlapping
 * 8-token shingles; the answer is read token by token, and a run of consecutive shingles that all
 * occur in the prompt is a copied span. A run reaching `minSpanTokens` tokens (or the whole
 * prompt, when it is shorter) is a leak. Punctuation, case, width and whitespace are ignored, so
 * reformatting (markdown, line breaks) does not hide a copy.
 */
export interface VerbatimMatcher {
  /** Feeds answer tokens; returns the first leaking span it completes, if any. */
  feed(tokens: readonly Token[]): VerbatimSpan | undefined;
}

export interface VerbatimIndex {
  /** Tokens a run needs to count as a leak; 0 when the prompt is too short to compare. */
  readonly threshold: number;
  matcher(): VerbatimMatcher;
}

export function indexSystemPrompt(systemPrompt: string, minSpanTokens: number): VerbatimIndex {
  const tokens = tokenize(systemPrompt).slice(0, MAX_PROMPT_TOKENS);
  const threshold = tokens.length < SHINGLE ? 0 : Math.max(SHINGLE, Math.min(minSpanTokens, tokens.length));
  // Tokens become small integers; an answer token outside the prompt's vocabulary ends any run at
  // once, without building a shingle key.
  const vocabulary = new Map<string, number>();
  const ids = tokens.map((t) => {
    let id = vocabulary.get(t.text);
    if (id === undefined) vocabulary.set(t.text, (id = vocabulary.size));
    return id;
  });
  const shingles = new Set<string>();
  if (threshold > 0) for (let i = 0; i + SHINGLE <= ids.length; i++) shingles.add(shingleKey(ids, i));
  return {
    threshold,
    matcher() {
      const window: number[] = [];
      const starts: number[] = [];
      let known = 0;
      let run = 0;
      let runStart = 0;
      return {
        feed(incoming) {
          if (threshold === 0) return undefined;
          for (const t of incoming) {
            const id = vocabulary.get(t.text);
            if (id === undefined) {
              known = 0;
              run = 0;
              continue;
            }
            window.push(id);
            starts.push(t.start);
            if (window.length > SHINGLE) {
              window.shift();
              starts.shift();
            }
            known = Math.min(known + 1, SHINGLE);
            if (known < SHINGLE) continue;
            if (shingles.has(shingleKey(window, 0))) {
              if (run === 0) {
                run = SHINGLE;
                runStart = starts[0]!;
              } else run += 1;
              if (run >= threshold) return { start: runStart, end: t.end, tokens: run };
            } else run = 0;
          }
          return undefined;
        },
      };
    },
  };
}

function shingleKey(ids: readonly number[], from: number): string {
  let key = String(ids[from]!);
  for (let i = from + 1; i < from + SHINGLE; i++) key += `,${ids[i]!}`;
  return key;
}

/** The first leaking span of a whole answer, to the end of its copied run, or undefined. */
export function findVerbatimSpan(answer: string, index: VerbatimIndex): VerbatimSpan | undefined {
  if (index.threshold === 0) return undefined;
  const m = index.matcher();
  let found: VerbatimSpan | undefined;
  const one: Token[] = [];
  for (const t of tokenize(answer)) {
    one[0] = t;
    const span = m.feed(one);
    if (span) found = span;
    else if (found) break;
  }
  return found;
}

export { createStreamTokenizer };
