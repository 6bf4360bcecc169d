import { describe, expect, it } from 'vitest';
import type { GuardContext } from '../types.js';
import { refusalGuardFactory } from './refusal-guard.js';

const out: GuardContext = { stage: 'output', source: 'assistant', tenantId: 't' };

describe('refusal guard', () => {
  const g = refusalGuardFactory.create({}, ['output'], 'open');

  it('flags a refusal in a whole answer, never blocks, and leaves the text alone', () => {
    const text = '抱歉，我无法提供这方面的帮助。';
    const r = g.scan(text, out);
    expect(r).toMatchObject({ verdict: 'flag', text, findings: [{ code: 'OUTPUT_REFUSAL', guard: 'refusal', severity: 'info', tags: expect.arrayContaining(['lang:zh']) }] });
    expect(g.scan('Paris is the capital of France.', out)).toMatchObject({ verdict: 'allow', findings: [] });
    expect(g.scan("I'm sorry, but I can't help with that.", { ...out, stage: 'input' })).toMatchObject({ verdict: 'allow' });
  });

  it('reads a stream as it passes, holding nothing back, and flags once', () => {
    const s = g.openStream!(out);
    const parts = ["I'm so", 'rry, but I ca', "n't help with that. ", 'Here is why: '.repeat(60)];
    const steps = parts.map((p) => s.push(p));
    steps.push(s.end());
    expect(steps.slice(0, parts.length).map((x) => x.text)).toEqual(parts);
    const flagged = steps.filter((x) => x.verdict === 'flag');
    expect(flagged).toHaveLength(1);
    expect(flagged[0]!.findings[0]).toMatchObject({ code: 'OUTPUT_REFUSAL', start: 0 });
  });

  it('reads a short stream at its end', () => {
    const s = g.openStream!(out);
    expect(s.push('我不能').verdict).toBe('allow');
    expect(s.push('回答这个问题。').verdict).toBe('allow');
    expect(s.end()).toMatchObject({ verdict: 'flag', text: '' });
  });

  it('honours minConfidence and rejects unknown options', () => {
    const strict = refusalGuardFactory.create({ minConfidence: 0.95 }, ['output'], 'open');
    const late = `${'Some background on the topic first. '.repeat(5)}I cannot provide that.`;
    expect(g.scan(late, out)).toMatchObject({ verdict: 'flag' });
    expect(strict.scan(late, out)).toMatchObject({ verdict: 'allow' });
    expect(() => refusalGuardFactory.create({ minConfidence: 2 }, ['output'], 'open')).toThrow(/options\.minConfidence/);
  });
});
