import { z } from 'zod';
import { memoizeString, type Finding, type StringMemo, type Verdict } from '../../core/index.js';
import type { Guard, GuardContext, GuardFactory, GuardResult, Stage, StreamGuard, StreamStep } from '../types.js';
import { indexOfCanary } from './canary.js';
import { parseGuardOptions } from './options.js';
import { createStreamTokenizer, findVerbatimSpan, indexSystemPrompt, type VerbatimIndex, type VerbatimSpan } from './verbatim.js';

export const PROMPT_LEAK_GUARD_ID = 'system-prompt-leak';

export const promptLeakOptionsSchema = z
  .object({
    /** Place a per-request random canary in the system prompt and watch answers for it. */
    canary: z.boolean().default(false),
    /** Tokens (words, or CJK characters) of the system prompt repeated verbatim that count as a leak. */
    minSpanTokens: z.number().int().min(8).max(10_000).default(20),
    /** What a leak does: block the answer (default), or only flag it in the audit record. */
    action: z.enum(['block', 'flag']).default('block'),
  })
  .strict();

export type PromptLeakOptions = z.output<typeof promptLeakOptionsSchema>;

// OWASP LLM07:2025 System Prompt Leakage; MITRE ATLAS AML.T0056 (LLM meta prompt extraction).
const TAGS = ['owasp-llm:LLM07', 'mitre-atlas:AML.T0056'];

function canaryFinding(start: number, end: number): Finding {
  return { code: 'OUTPUT_CANARY_LEAK', guard: PROMPT_LEAK_GUARD_ID, severity: 'critical', start, end, confidence: 1, tags: TAGS };
}

function spanFinding(span: VerbatimSpan, threshold: number): Finding {
  return { code: 'OUTPUT_SYSTEM_PROMPT_LEAK', guard: PROMPT_LEAK_GUARD_ID, severity: 'high', start: span.start, end: span.end, confidence: Math.min(1, 0.8 + (0.2 * (span.tokens - threshold)) / threshold), tags: TAGS };
}

/**
 * The index of a system prompt, built once per distinct prompt: an operator's system prompt is the
 * same on every request. Bounded: a few dozen prompts of up to 256 KiB characters each.
 */
function indexFor(ctx: GuardContext, indexes: StringMemo<VerbatimIndex>): VerbatimIndex | undefined {
  const prompt = ctx.request?.systemPrompt;
  if (prompt === undefined || prompt === '') return undefined;
  return indexes.get(prompt);
}

export function createPromptLeakGuard(options: PromptLeakOptions, stages: readonly Stage[], failMode: 'open' | 'closed'): Guard {
  const verdictOnLeak: Verdict = options.action;
  const indexes = memoizeString((prompt) => indexSystemPrompt(prompt, options.minSpanTokens), { entries: 32, maxKeyChars: 256 * 1024 });

  const scan = (text: string, ctx: GuardContext): GuardResult => {
    if (ctx.stage !== 'output') return { verdict: 'allow', risk: 0, text, findings: [] };
    const findings: Finding[] = [];
    const canary = ctx.request?.canary;
    if (canary !== undefined) {
      const at = indexOfCanary(text, canary);
      if (at >= 0) findings.push(canaryFinding(at, at + canary.length));
    }
    const index = indexFor(ctx, indexes);
    const span = index && findVerbatimSpan(text, index);
    if (span) findings.push(spanFinding(span, index.threshold));
    if (findings.length === 0) return { verdict: 'allow', risk: 0, text, findings };
    return { verdict: verdictOnLeak, risk: Math.max(...findings.map((f) => f.confidence)), text, findings };
  };

  /**
   * Streams: text passes through at once (time to first token is kept); the canary is looked for
   * across chunk edges with a tail of its length, copied spans with a token matcher that carries
   * its state from chunk to chunk. A leak stops the stream at the chunk that completes it.
   */
  const openStream = (ctx: GuardContext): StreamGuard => {
    const canary = ctx.request?.canary;
    const index = indexFor(ctx, indexes);
    // A prompt too short to compare needs no tokenizing of the stream at all.
    const matcher = index !== undefined && index.threshold > 0 ? index.matcher() : undefined;
    const tokenizer = createStreamTokenizer();
    let tail = '';
    let offset = 0;
    let reported = false;
    const step = (delta: string, final: boolean): StreamStep => {
      if (reported) return { text: delta, verdict: 'allow', findings: [] };
      const findings: Finding[] = [];
      if (canary !== undefined && delta !== '') {
        const window = tail + delta;
        const at = indexOfCanary(window, canary);
        const base = offset - tail.length;
        if (at >= 0) findings.push(canaryFinding(base + at, base + at + canary.length));
        tail = window.slice(-(canary.length - 1));
      }
      offset += delta.length;
      if (matcher && index) {
        const tokens = final ? [...tokenizer.push(delta), ...tokenizer.end()] : tokenizer.push(delta);
        const span = matcher.feed(tokens);
        if (span) findings.push(spanFinding(span, index.threshold));
      }
      if (findings.length === 0) return { text: delta, verdict: 'allow', findings };
      reported = true;
      return verdictOnLeak === 'block' ? { text: '', verdict: 'block', findings } : { text: delta, verdict: 'flag', findings };
    };
    return { push: (delta) => step(delta, false), end: () => step('', true) };
  };

  return { id: PROMPT_LEAK_GUARD_ID, stages, failMode, scan, openStream, wantsCanary: options.canary };
}

export const promptLeakGuardFactory: GuardFactory = {
  id: PROMPT_LEAK_GUARD_ID,
  description: 'System-prompt leakage in answers: a per-request canary (opt-in) and long verbatim spans of the system prompt, in whole answers and streams.',
  defaultStages: ['output'],
  defaultFailMode: 'closed',
  enabledByDefault: true,
  create: (options, stages, failMode) => createPromptLeakGuard(parseGuardOptions(PROMPT_LEAK_GUARD_ID, promptLeakOptionsSchema, options), stages, failMode),
};
