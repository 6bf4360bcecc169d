import { z } from 'zod';
import type { Finding } from '../../core/index.js';
import type { Guard, GuardContext, GuardFactory, GuardResult, Stage, StreamGuard, StreamStep } from '../types.js';
import { parseGuardOptions } from './options.js';
import { detectRefusal, REFUSAL_HEAD_CHARS } from './refusal.js';

export const REFUSAL_GUARD_ID = 'refusal';

export const refusalOptionsSchema = z
  .object({
    /** Lowest detector confidence recorded as a refusal. */
    minConfidence: z.number().min(0).max(1).default(0.6),
  })
  .strict();

export type RefusalOptions = z.output<typeof refusalOptionsSchema>;

// Recorded for refusal-rate reporting (TC260-003 refusal tests); not a risk, so never a block.
const TAGS = ['tc260-003:refusal-rate'];

function finding(r: ReturnType<typeof detectRefusal>): Finding {
  return { code: 'OUTPUT_REFUSAL', guard: REFUSAL_GUARD_ID, severity: 'info', start: r.start, end: r.end, confidence: r.confidence, tags: r.language ? [...TAGS, `lang:${r.language}`] : TAGS };
}

export function createRefusalGuard(options: RefusalOptions, stages: readonly Stage[], failMode: 'open' | 'closed'): Guard {
  const scan = (text: string, ctx: GuardContext): GuardResult => {
    if (ctx.stage !== 'output') return { verdict: 'allow', risk: 0, text, findings: [] };
    const r = detectRefusal(text);
    if (!r.refused || r.confidence < options.minConfidence) return { verdict: 'allow', risk: 0, text, findings: [] };
    return { verdict: 'flag', risk: 0, text, findings: [finding(r)] };
  };

  /** Streams: the head of the answer is collected as it passes (nothing is held) and read once. */
  const openStream = (): StreamGuard => {
    let head = '';
    let done = false;
    const step = (delta: string, final: boolean): StreamStep => {
      if (done) return { text: delta, verdict: 'allow', findings: [] };
      head += delta.slice(0, REFUSAL_HEAD_CHARS - head.length);
      if (!final && head.length < REFUSAL_HEAD_CHARS) return { text: delta, verdict: 'allow', findings: [] };
      done = true;
      const r = detectRefusal(head);
      if (!r.refused || r.confidence < options.minConfidence) return { text: delta, verdict: 'allow', findings: [] };
      return { text: delta, verdict: 'flag', findings: [finding(r)] };
    };
    return { push: (delta) => step(delta, false), end: () => step('', true) };
  };

  return { id: REFUSAL_GUARD_ID, stages, failMode, scan, openStream };
}

export const refusalGuardFactory: GuardFactory = {
  id: REFUSAL_GUARD_ID,
  description: 'Refusal detection in answers, English and Chinese: flags (never blocks) so refusal rates can be reported from the audit trail.',
  defaultStages: ['output'],
  defaultFailMode: 'open',
  enabledByDefault: true,
  create: (options, stages, failMode) => createRefusalGuard(parseGuardOptions(REFUSAL_GUARD_ID, refusalOptionsSchema, options), stages, failMode),
};
