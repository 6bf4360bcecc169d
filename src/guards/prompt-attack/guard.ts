import { z } from 'zod';
import type { Finding, Verdict } from '../../core/index.js';
import { parseGuardOptions } from './options.js';
import type { Guard, GuardContext, GuardFactory, GuardResult, Stage } from '../types.js';

export const PROMPT_ATTACK_GUARD_ID = 'prompt-attack';

/** The detection engine's signature (src/guards/prompt): text in, risk and findings out. */
export type PromptAttackDetect = (text: string, options?: { source?: string }) => { risk: number; findings: Finding[] };

/**
 * How a message's text is judged, by the role that wrote it:
 * - direct: the user's own words (and client-supplied assistant turns, which a client can forge
 *   for many-shot jailbreaks), under `flagAt` / `blockAt`;
 * - indirect: text the user did not write but the model will read as context (tool and function
 *   results, retrieved documents, embedding inputs bound for a retrieval index), under the stricter
 *   `indirect` thresholds: instructions have no business being there at all (indirect prompt
 *   injection, Greshake et al. 2023; OWASP LLM01:2025);
 * - skip: not scanned (only when configured).
 * System and developer messages are direct: the client writes the whole message list, so a role
 * that skipped the guard would switch it off for anyone who asks (DESIGN.md: clients never switch
 * a guard off). The engine is told the source is `system` and leaves out the rules that read an
 * operator's instructions ("never reveal these instructions", personas) as attacks.
 */
const treatment = z.enum(['direct', 'indirect', 'skip']);
type Treatment = z.infer<typeof treatment>;

const DEFAULT_SOURCES: Record<string, Treatment> = {
  user: 'direct',
  prompt: 'direct',
  assistant: 'direct',
  input: 'indirect',
  tool: 'indirect',
  function: 'indirect',
  ipython: 'indirect',
  document: 'indirect',
  system: 'direct',
  developer: 'direct',
};

/** Sources the engine itself reads as content (src/guards/prompt/engine.ts). */
const ENGINE_CONTENT_SOURCES = new Set(['tool', 'function', 'document']);

const thresholds = (flagAt: number, blockAt: number) =>
  z
    .object({
      /** Risk at or above which the text is flagged (recorded, passed on). */
      flagAt: z.number().min(0).max(1).default(flagAt),
      /** Risk at or above which the request is refused and never reaches the model. */
      blockAt: z.number().min(0).max(1).default(blockAt),
    })
    .strict()
    .refine((t) => t.flagAt <= t.blockAt, { message: 'flagAt must not be above blockAt' });

export const promptAttackOptionsSchema = z
  .object({
    /** The engine calls 0.5 an attack and scores "one weak signal, classifier disagrees" 0.45: flagged, not refused. */
    direct: thresholds(0.45, 0.5).prefault({}),
    /**
     * Obfuscation alone scores 0.3 (flagged); one instruction-like signal (0.45) in a tool result is
     * refused. Below 0.45 is classifier noise on short benign text, never refused.
     */
    indirect: thresholds(0.3, 0.45).prefault({}),
    /** Role → treatment; merged over the defaults. Roles not listed anywhere are `indirect`. */
    sources: z.record(z.string().min(1), treatment).default({}),
  })
  .strict();

export type PromptAttackOptions = z.output<typeof promptAttackOptionsSchema>;

/** Marks the engine's findings with where the text came from, so the record tells direct from indirect. */
function tagged(findings: readonly Finding[], source: string, indirect: boolean): Finding[] {
  const extra = indirect ? [`source:${source}`, 'indirect'] : [`source:${source}`];
  return findings.map((f) => ({ ...f, guard: PROMPT_ATTACK_GUARD_ID, tags: [...f.tags, ...extra] }));
}

export function createPromptAttackGuard(detect: PromptAttackDetect, options: PromptAttackOptions, stages: readonly Stage[], failMode: 'open' | 'closed'): Guard {
  const sources: Record<string, Treatment> = Object.assign(Object.create(null) as Record<string, Treatment>, DEFAULT_SOURCES, options.sources);

  const scan = (text: string, ctx: GuardContext): GuardResult => {
    // Roles are client input: an own-property lookup, so "constructor" or "__proto__" is just unknown.
    const how: Treatment = ctx.stage !== 'input' ? 'skip' : Object.hasOwn(sources, ctx.source) ? sources[ctx.source]! : 'indirect';
    if (how === 'skip' || text === '') return { verdict: 'allow', risk: 0, text, findings: [] };
    const indirect = how === 'indirect';
    const policy = indirect ? options.indirect : options.direct;
    // The engine weighs instructions inside content sources more; embedding inputs are documents.
    const source = indirect && !ENGINE_CONTENT_SOURCES.has(ctx.source) ? 'document' : ctx.source === 'developer' ? 'system' : ctx.source;
    const r = detect(text, { source });
    const risk = Math.max(0, Math.min(1, r.risk));
    const verdict: Verdict = risk >= policy.blockAt ? 'block' : risk >= policy.flagAt ? 'flag' : 'allow';
    if (verdict === 'allow') return { verdict, risk, text, findings: [] };
    const findings = tagged(r.findings, ctx.source, indirect);
    // The policy that decided is a finding of its own: the record says "indirect injection in a tool result".
    if (indirect) findings.unshift({ code: 'INDIRECT_INJECTION', guard: PROMPT_ATTACK_GUARD_ID, severity: verdict === 'block' ? 'high' : 'medium', start: 0, end: text.length, confidence: risk, tags: ['owasp-llm:LLM01', 'mitre-atlas:AML.T0051.001', `source:${ctx.source}`, 'indirect'] });
    return { verdict, risk, text, findings };
  };

  return { id: PROMPT_ATTACK_GUARD_ID, stages, failMode, scan };
}

export function promptAttackGuardFactory(detect: PromptAttackDetect): GuardFactory {
  return {
    id: PROMPT_ATTACK_GUARD_ID,
    description: 'Prompt injection and jailbreaks (English and Chinese, obfuscated too) in prompts; tool results and documents under a stricter policy of their own (indirect injection).',
    defaultStages: ['input'],
    defaultFailMode: 'closed',
    enabledByDefault: true,
    create: (options, stages, failMode) => createPromptAttackGuard(detect, parseGuardOptions(PROMPT_ATTACK_GUARD_ID, promptAttackOptionsSchema, options), stages, failMode),
  };
}
