import { describe, expect, it } from 'vitest';
import { openOutputStream, runGuards } from './pipeline.js';
import type { Guard, GuardResult } from './types.js';

const ctx = { stage: 'input' as const, source: 'user', tenantId: 't' };
const finding = (code: string, start: number, end: number) => ({ code, guard: 'g', severity: 'high' as const, start, end, confidence: 1, tags: [] });

const guard = (id: string, scan: (t: string) => GuardResult | Promise<GuardResult>, failMode: 'open' | 'closed' = 'closed'): Guard => ({ id, stages: ['input', 'output'], failMode, scan });

describe('runGuards', () => {
  it('threads redacted text from guard to guard and keeps the strongest verdict', async () => {
    const r = await runGuards(
      [
        guard('a', (t) => ({ verdict: 'redact', risk: 0.5, text: t.replace('secret', '[S]'), findings: [finding('A', 0, 6)] })),
        guard('b', (t) => ({ verdict: t.includes('[S]') ? 'flag' : 'block', risk: 0.2, text: t, findings: [] })),
      ],
      'secret stuff',
      ctx,
      { timeoutMs: 100 },
    );
    expect([r.verdict, r.text, r.risk, r.runs.map((x) => x.id)]).toEqual(['redact', '[S] stuff', 0.5, ['a', 'b']]);
  });

  it('stops at a block', async () => {
    const r = await runGuards([guard('a', (t) => ({ verdict: 'block', risk: 1, text: t, findings: [] })), guard('b', () => { throw new Error('not reached'); })], 'x', ctx, { timeoutMs: 100 });
    expect(r.verdict).toBe('block');
    expect(r.runs.map((x) => x.id)).toEqual(['a']);
  });

  it('applies fail-open and fail-closed to crashes and timeouts', async () => {
    const crash = guard('crash', () => { throw new Error('boom'); }, 'open');
    const slow = guard('slow', () => new Promise<GuardResult>(() => undefined), 'closed');
    const r = await runGuards([crash, slow], 'x', ctx, { timeoutMs: 30 });
    expect(r.runs.map((x) => [x.id, x.failed])).toEqual([['crash', 'open'], ['slow', 'closed']]);
    expect(r.failedClosed).toBe(true);
  });

  it('runs synchronous guards without a promise and threads text across an async one', async () => {
    const sync = runGuards([guard('a', (t) => ({ verdict: 'flag', risk: 0.1, text: t, findings: [] }))], 'x', ctx, { timeoutMs: 10 });
    expect(sync).not.toBeInstanceOf(Promise);
    const upper = guard('async', async (t) => ({ verdict: 'redact', risk: 0.3, text: t.toUpperCase(), findings: [] }));
    const rejects = guard('rejects', () => Promise.reject(new Error('down')), 'open');
    const last = guard('last', (t) => ({ verdict: t === 'ABC' ? 'flag' : 'block', risk: 0.2, text: t, findings: [finding('L', 0, 3)] }));
    const r = await runGuards([upper, rejects, last], 'abc', ctx, { timeoutMs: 100 });
    expect([r.verdict, r.text, r.runs.map((x) => [x.id, x.failed ?? x.verdict]), r.findings.map((f) => f.code)]).toEqual([
      'redact',
      'ABC',
      [
        ['async', 'redact'],
        ['rejects', 'open'],
        ['last', 'flag'],
      ],
      ['L'],
    ]);
  });

  it('skips guards not declared for the stage', async () => {
    const inputOnly: Guard = { ...guard('i', (t) => ({ verdict: 'block', risk: 1, text: t, findings: [] })), stages: ['input'] };
    const r = await runGuards([inputOnly], 'x', { ...ctx, stage: 'output' }, { timeoutMs: 10 });
    expect(r.verdict).toBe('allow');
  });
});

describe('openOutputStream (windowed guards)', () => {
  it('finds a pattern cut across deltas and window edges, with spans in stream offsets', () => {
    const g = guard('w', (t) => {
      const i = t.indexOf('BADWORD');
      return i < 0 ? { verdict: 'allow', risk: 0, text: t, findings: [] } : { verdict: 'block', risk: 1, text: t, findings: [finding('W', i, i + 7)] };
    });
    const s = openOutputStream([g], { ...ctx, stage: 'output' }, { windowChars: 16 });
    const text = `${'x'.repeat(13)}BADWORD${'y'.repeat(30)}`;
    let blocked: { start: number } | undefined;
    for (let i = 0; i < text.length && !blocked; i += 5) {
      const step = s.push(text.slice(i, i + 5));
      if (step.verdict === 'block') blocked = step.findings[0];
    }
    expect(blocked?.start).toBe(13);
  });

  it('releases text untouched when nothing is found, and scans the tail at end', () => {
    let scanned = '';
    const g = guard('w', (t) => {
      scanned += t;
      return { verdict: t.includes('END') ? 'block' : 'allow', risk: 0, text: t, findings: [] };
    });
    const s = openOutputStream([g], { ...ctx, stage: 'output' }, { windowChars: 100 });
    expect(s.push('short END').text).toBe('short END');
    expect(scanned).toBe('');
    expect(s.end().verdict).toBe('block');
  });
});
