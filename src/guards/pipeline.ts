import { strongerVerdict, type Finding, type Verdict } from '../core/index.js';
import type { Guard, GuardContext, GuardResult, StreamGuard, StreamStep } from './types.js';

export interface GuardRun {
  id: string;
  verdict: Verdict;
  ms: number;
  /** Set when the guard crashed or timed out: which policy was applied. */
  failed?: 'open' | 'closed';
}

export interface PipelineResult extends GuardResult {
  runs: GuardRun[];
  /** A fail-closed guard failed: the caller must refuse (GUARD_FAILED). */
  failedClosed: boolean;
}

export interface PipelineOptions {
  timeoutMs: number;
  now?: () => number;
}

class GuardTimeout extends Error {}

const perfNow = (): number => performance.now();

function withTimeout<T>(value: T | Promise<T>, ms: number): T | Promise<T> {
  if (!(value instanceof Promise)) return value;
  let timer: NodeJS.Timeout;
  return Promise.race([
    value,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new GuardTimeout(`guard timed out after ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

/**
 * Runs guards in order, threading each one's sanitized text into the next, and times them.
 * Detection is data; only a guard that throws (or times out) is a failure, and then its own
 * fail mode decides: open lets the text through (recorded), closed refuses the request.
 * Synchronous guards (all the built-in ones) run without an await between them; the result is a
 * promise only once a guard returns one.
 */
export function runGuards(guards: readonly Guard[], text: string, ctx: GuardContext, options: PipelineOptions): PipelineResult | Promise<PipelineResult> {
  const now = options.now ?? perfNow;
  const state: PipelineResult = { verdict: 'allow', risk: 0, text, findings: [], runs: [], failedClosed: false };
  return runFrom(guards, 0, state, ctx, options, now);
}

/** Applies one guard's outcome; returns whether the chain goes on. */
function settle(state: PipelineResult, guard: Guard, result: GuardResult | undefined, started: number, now: () => number): boolean {
  if (result === undefined) {
    state.runs.push({ id: guard.id, verdict: 'allow', ms: now() - started, failed: guard.failMode });
    if (guard.failMode === 'closed') {
      state.failedClosed = true;
      return false;
    }
    return true;
  }
  state.runs.push({ id: guard.id, verdict: result.verdict, ms: now() - started });
  state.verdict = strongerVerdict(state.verdict, result.verdict);
  state.risk = Math.max(state.risk, result.risk);
  for (const f of result.findings) state.findings.push(f);
  if (result.verdict === 'redact') state.text = result.text;
  return result.verdict !== 'block';
}

function runFrom(guards: readonly Guard[], from: number, state: PipelineResult, ctx: GuardContext, options: PipelineOptions, now: () => number): PipelineResult | Promise<PipelineResult> {
  for (let i = from; i < guards.length; i++) {
    const guard = guards[i]!;
    if (!guard.stages.includes(ctx.stage)) continue;
    const started = now();
    let value: GuardResult | Promise<GuardResult>;
    try {
      value = guard.scan(state.text, ctx);
    } catch {
      if (!settle(state, guard, undefined, started, now)) return state;
      continue;
    }
    if (value instanceof Promise) {
      return (withTimeout(value, options.timeoutMs) as Promise<GuardResult>).then(
        (result) => (settle(state, guard, result, started, now) ? runFrom(guards, i + 1, state, ctx, options, now) : state),
        () => (settle(state, guard, undefined, started, now) ? runFrom(guards, i + 1, state, ctx, options, now) : state),
      );
    }
    if (!settle(state, guard, value, started, now)) return state;
  }
  return state;
}

export interface OutputStreamOptions {
  /** Characters per window for guards that have no stream form of their own. */
  windowChars: number;
}

/**
 * Chains the output guards over a streamed answer. Stream-aware guards transform the text as it
 * flows (and may hold a bounded tail back); the others are run on overlapping windows of the
 * released text, so a pattern cut by a window edge is still seen, and can stop the stream.
 * Windowed guards run synchronously; an async guard cannot hold a stream and is skipped here
 * (recorded as failed-open or stopping the stream if fail-closed).
 */
export function openOutputStream(guards: readonly Guard[], ctx: GuardContext, options: OutputStreamOptions): StreamGuard & { runs: GuardRun[] } {
  const active = guards.filter((g) => g.stages.includes('output'));
  const streamGuards = active.filter((g) => g.openStream);
  const streams: StreamGuard[] = streamGuards.map((g) => g.openStream!(ctx));
  const windowed = active.filter((g) => !g.openStream);
  const runs: GuardRun[] = [];
  const overlap = Math.min(256, Math.floor(options.windowChars / 2));
  let released = '';
  let scannedTo = 0;

  const scanWindows = (final: boolean): StreamStep => {
    const findings: Finding[] = [];
    let verdict: Verdict = 'allow';
    while (released.length - scannedTo >= options.windowChars || (final && released.length > scannedTo)) {
      const from = Math.max(0, scannedTo - overlap);
      const to = Math.min(released.length, scannedTo + options.windowChars);
      const window = released.slice(from, to);
      for (const guard of windowed) {
        try {
          const r = guard.scan(window, ctx);
          if (r instanceof Promise) throw new Error('async guard on a stream');
          verdict = strongerVerdict(verdict, r.verdict === 'redact' ? 'flag' : r.verdict);
          for (const f of r.findings) findings.push({ ...f, start: f.start + from, end: f.end + from });
        } catch {
          runs.push({ id: guard.id, verdict: 'allow', ms: 0, failed: guard.failMode });
          if (guard.failMode === 'closed') verdict = 'block';
        }
      }
      scannedTo = to;
      if (verdict === 'block') break;
    }
    // Keep only what the next window's overlap needs.
    if (scannedTo > overlap * 4) {
      const drop = scannedTo - overlap;
      released = released.slice(drop);
      scannedTo -= drop;
    }
    return { text: '', verdict, findings };
  };

  const through = (delta: string, final: boolean): StreamStep => {
    let text = delta;
    let verdict: Verdict = 'allow';
    const findings: Finding[] = [];
    for (let i = 0; i < streams.length; i++) {
      const s = streams[i]!;
      let step: StreamStep;
      try {
        step = final ? (() => { const a = s.push(text); const b = s.end(); return { text: a.text + b.text, verdict: strongerVerdict(a.verdict, b.verdict), findings: [...a.findings, ...b.findings] }; })() : s.push(text);
      } catch {
        // A stream guard that throws is dropped from the chain: fail-open passes the text on
        // untouched from here, fail-closed stops the stream (GUARD_FAILED, not a block by policy).
        const guard = streamGuards[i]!;
        runs.push({ id: guard.id, verdict: 'allow', ms: 0, failed: guard.failMode });
        if (guard.failMode === 'closed') return { text: '', verdict: 'block', findings };
        streams.splice(i, 1);
        streamGuards.splice(i, 1);
        i--;
        continue;
      }
      text = step.text;
      verdict = strongerVerdict(verdict, step.verdict);
      findings.push(...step.findings);
      if (verdict === 'block') return { text: '', verdict, findings };
    }
    if (windowed.length > 0) {
      released += text;
      const w = scanWindows(final);
      verdict = strongerVerdict(verdict, w.verdict);
      findings.push(...w.findings);
      if (verdict === 'block') return { text: '', verdict, findings };
    }
    return { text, verdict, findings };
  };

  return {
    runs,
    push: (delta) => through(delta, false),
    end: () => through('', true),
  };
}
