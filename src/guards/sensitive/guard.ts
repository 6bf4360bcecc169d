import { z } from 'zod';
import { BulwarkError, compileGlob, type Finding, type Severity, type Verdict } from '../../core/index.js';
import type { Guard, GuardContext, GuardFactory, GuardResult, Stage, StreamGuard, StreamStep } from '../types.js';
import type { Detection } from './types.js';
import { createStreamRestorer, labelOf, PseudonymVault } from './vault.js';

export const SENSITIVE_GUARD_ID = 'sensitive-data';

const actionSchema = z.enum(['allow', 'flag', 'mask', 'pseudonymize', 'block']);
export type SensitiveAction = z.infer<typeof actionSchema>;

const sideSchema = (defaultAction: SensitiveAction) =>
  z
    .object({
      /** Action for every code not named in `actions`. */
      action: actionSchema.default(defaultAction),
      /** Per-code actions; keys are codes or globs (`SECRET_*`); the longest matching key wins. */
      actions: z.record(z.string().min(1), actionSchema).default({}),
    })
    .strict();

export const sensitiveOptionsSchema = z
  .object({
    input: sideSchema('pseudonymize').prefault({}),
    /** The answer side: values the user did not send are leaks (training data, knowledge base). */
    output: sideSchema('mask')
      .extend({
        /**
         * Characters of a streamed answer held back so that a leaked value can be masked before the
         * client sees it. 0 (default): only a split placeholder is held (at most one placeholder's
         * length, so time to first token is kept); leaks in streams are then found on a rolling
         * window and flagged or blocked, and masked only in whole answers.
         */
        streamHoldChars: z.number().int().min(0).max(4096).default(0),
      })
      .prefault({}),
    minConfidence: z.number().min(0).max(1).default(0.5),
    /** Codes (or globs) never reported. */
    ignore: z.array(z.string().min(1)).default([]),
  })
  .strict();

export type SensitiveOptions = z.output<typeof sensitiveOptionsSchema>;

const SEVERITY_WEIGHT: Record<Severity, number> = { info: 0.1, low: 0.3, medium: 0.6, high: 0.85, critical: 1 };
const TAGS = ['owasp-llm:LLM02', 'mitre-atlas:AML.T0057', 'tc260:A.5'];

function actionResolver(side: { action: SensitiveAction; actions: Record<string, SensitiveAction> }): (code: string) => SensitiveAction {
  const rules = Object.entries(side.actions)
    .map(([pattern, action]) => ({ pattern, action, match: compileGlob(pattern) }))
    .sort((a, b) => b.pattern.replace(/[*?]/g, '').length - a.pattern.replace(/[*?]/g, '').length);
  const cache = new Map<string, SensitiveAction>();
  return (code) => {
    let a = cache.get(code);
    if (a === undefined) {
      a = rules.find((r) => r.pattern === code)?.action ?? rules.find((r) => r.match(code))?.action ?? side.action;
      cache.set(code, a);
    }
    return a;
  };
}

const VERDICT_OF: Record<SensitiveAction, Verdict> = { allow: 'allow', flag: 'flag', mask: 'redact', pseudonymize: 'redact', block: 'block' };
const RANK: Record<Verdict, number> = { allow: 0, flag: 1, redact: 2, block: 3 };

export type DetectFn = (text: string) => Detection[];

interface Applied {
  text: string;
  verdict: Verdict;
  risk: number;
  findings: Finding[];
}

/**
 * Applies the policy to detections over `text`: replacements right to left so earlier spans stay
 * valid. Findings keep spans in `text` (the caller's coordinates) and carry no value.
 */
function apply(text: string, detections: readonly Detection[], actionOf: (code: string) => SensitiveAction, vault: PseudonymVault, skip?: (value: string) => boolean): Applied {
  let verdict: Verdict = 'allow';
  let risk = 0;
  const findings: Finding[] = [];
  const replacements: { start: number; end: number; with: string }[] = [];
  for (const d of detections) {
    const action = actionOf(d.code);
    if (action === 'allow') continue;
    const value = text.slice(d.start, d.end);
    if (skip?.(value)) continue;
    findings.push({ code: d.code, guard: SENSITIVE_GUARD_ID, severity: d.severity, start: d.start, end: d.end, confidence: d.confidence, tags: TAGS });
    risk = Math.max(risk, SEVERITY_WEIGHT[d.severity] * d.confidence);
    const v = VERDICT_OF[action];
    if (RANK[v] > RANK[verdict]) verdict = v;
    if (action === 'mask') replacements.push({ start: d.start, end: d.end, with: `[${labelOf(d.code)}]` });
    else if (action === 'pseudonymize') replacements.push({ start: d.start, end: d.end, with: vault.placeholderFor(labelOf(d.code), value) });
  }
  return { text: replaced(text, replacements), verdict, risk, findings };
}

/**
 * The text with each span replaced. Spans in order and apart (what detectSensitive returns) are
 * joined in one pass; anything else is spliced right to left so earlier spans stay valid.
 */
function replaced(text: string, replacements: readonly { start: number; end: number; with: string }[]): string {
  if (replacements.length === 0) return text;
  let ordered = true;
  let last = 0;
  for (const r of replacements) {
    if (r.start < last || r.end < r.start) ordered = false;
    last = r.end;
  }
  if (ordered) {
    let out = '';
    last = 0;
    for (const r of replacements) {
      out += text.slice(last, r.start) + r.with;
      last = r.end;
    }
    return out + text.slice(last);
  }
  let out = text;
  for (let i = replacements.length - 1; i >= 0; i--) {
    const r = replacements[i]!;
    out = out.slice(0, r.start) + r.with + out.slice(r.end);
  }
  return out;
}

export function createSensitiveGuard(detect: DetectFn, options: SensitiveOptions, stages: readonly Stage[], failMode: 'open' | 'closed'): Guard {
  const ignored = options.ignore.map(compileGlob);
  const relevant = (ds: Detection[]): Detection[] => ds.filter((d) => d.confidence >= options.minConfidence && !ignored.some((m) => m(d.code))).sort((a, b) => a.start - b.start);
  const inputAction = actionResolver(options.input);
  const outputAction = actionResolver(options.output);

  const scan = (text: string, ctx: GuardContext): GuardResult => {
    const vault = ctx.vault ?? new PseudonymVault();
    if (ctx.stage === 'input') {
      const r = apply(text, relevant(detect(text)), inputAction, vault);
      return { verdict: r.verdict, risk: r.risk, text: r.text, findings: r.findings };
    }
    // Output: give the user their own values back, then treat any other sensitive value as a leak.
    const restored = vault.restore(text);
    const r = apply(restored, relevant(detect(restored)), outputAction, vault, (v) => vault.hasValue(v));
    const verdict = r.verdict === 'allow' && restored !== text ? 'redact' : r.verdict;
    return { verdict, risk: r.risk, text: r.text, findings: r.findings };
  };

  const openStream = (ctx: GuardContext): StreamGuard => {
    const vault = ctx.vault ?? new PseudonymVault();
    const restorer = createStreamRestorer(vault);
    const hold = options.output.streamHoldChars;
    return hold === 0 ? rollingLeakStream(restorer, vault) : holdingLeakStream(restorer, vault, hold);
  };

  /** Restore-only hold-back; leaks are detected over the released text plus a rolling context. */
  const rollingLeakStream = (restorer: ReturnType<typeof createStreamRestorer>, vault: PseudonymVault): StreamGuard => {
    const CONTEXT = 96;
    let context = '';
    let offset = 0;
    const step = (text: string): StreamStep => {
      if (text === '') return { text, verdict: 'allow', findings: [] };
      const window = context + text;
      const fresh = relevant(detect(window)).filter((d) => d.end > context.length && !vault.hasValue(window.slice(d.start, d.end)));
      const base = offset - context.length;
      offset += text.length;
      context = window.slice(-CONTEXT);
      if (fresh.length === 0) return { text, verdict: 'allow', findings: [] };
      // Text already released cannot be masked: a leak here is flagged, or stops the stream.
      const r = apply(window, fresh, (code) => (outputAction(code) === 'block' ? 'block' : outputAction(code) === 'allow' ? 'allow' : 'flag'), vault);
      const findings = r.findings.map((f) => ({ ...f, start: f.start + base, end: f.end + base }));
      return r.verdict === 'block' ? { text: '', verdict: 'block', findings } : { text, verdict: r.verdict, findings };
    };
    return { push: (delta) => step(restorer.push(delta)), end: () => step(restorer.end()) };
  };

  /** Holds `hold` characters back so leaked values are masked before release. */
  const holdingLeakStream = (restorer: ReturnType<typeof createStreamRestorer>, vault: PseudonymVault, hold: number): StreamGuard => {
    let pending = '';
    let offset = 0;
    // A value that reaches past the hold-back is held whole while it fits this bound, else masked whole.
    const maxHold = Math.max(hold * 8, 512);
    const release = (final: boolean): StreamStep => {
      if (!final && pending.length <= hold) return { text: '', verdict: 'allow', findings: [] };
      const detections = relevant(detect(pending));
      // A value the policy blocks stops the stream as soon as it is seen, not when it would be released.
      const blocking = detections.filter((d) => outputAction(d.code) === 'block' && !vault.hasValue(pending.slice(d.start, d.end)));
      if (blocking.length > 0) {
        const r = apply(pending, blocking, outputAction, vault);
        pending = '';
        return { text: '', verdict: 'block', findings: r.findings.map((f) => ({ ...f, start: f.start + offset, end: f.end + offset })) };
      }
      let cut = final ? pending.length : pending.length - hold;
      for (const d of detections) {
        if (d.start < cut && d.end > cut) cut = pending.length - d.start <= maxHold ? d.start : d.end;
      }
      const r = apply(pending.slice(0, cut), detections.filter((d) => d.end <= cut), outputAction, vault, (v) => vault.hasValue(v));
      pending = pending.slice(cut);
      const findings = r.findings.map((f) => ({ ...f, start: f.start + offset, end: f.end + offset }));
      offset += cut;
      return { text: r.text, verdict: r.verdict, findings };
    };
    return {
      push(delta) {
        pending += restorer.push(delta);
        return release(false);
      },
      end() {
        pending += restorer.end();
        return release(true);
      },
    };
  };

  return { id: SENSITIVE_GUARD_ID, stages, failMode, scan, openStream };
}

export function sensitiveGuardFactory(detect: DetectFn): GuardFactory {
  return {
    id: SENSITIVE_GUARD_ID,
    description: 'Personal data and secrets: detect, mask or pseudonymize in prompts; restore and catch leaks in answers.',
    defaultStages: ['input', 'output'],
    defaultFailMode: 'closed',
    enabledByDefault: true,
    create(options, stages, failMode) {
      const parsed = sensitiveOptionsSchema.safeParse(options);
      if (!parsed.success) {
        const issues = parsed.error.issues.map((i) => `  - guards.use(${SENSITIVE_GUARD_ID}).options.${i.path.join('.')}: ${i.message}`);
        throw new BulwarkError('CONFIG_INVALID', `configuration has ${issues.length} problem(s):\n${issues.join('\n')}`);
      }
      return createSensitiveGuard(detect, parsed.data, stages, failMode);
    },
  };
}
