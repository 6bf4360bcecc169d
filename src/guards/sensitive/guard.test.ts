import { describe, expect, it } from 'vitest';
import { createSensitiveGuard, sensitiveGuardFactory, sensitiveOptionsSchema } from './guard.js';
import type { GuardResult } from '../types.js';
import type { Detection } from './types.js';
import { createStreamRestorer, PseudonymVault } from './vault.js';

/** A stand-in detector for policy tests: e-mails and `AKIA…` keys, found by plain regexes. */
const detect = (text: string): Detection[] => {
  const out: Detection[] = [];
  for (const m of text.matchAll(/[a-z]+@[a-z]+\.com/g)) out.push({ code: 'PII_EMAIL', start: m.index, end: m.index + m[0].length, confidence: 0.95, severity: 'medium' });
  for (const m of text.matchAll(/AKIA[A-Z0-9]{16}/g)) out.push({ code: 'SECRET_AWS_ACCESS_KEY', start: m.index, end: m.index + m[0].length, confidence: 0.9, severity: 'critical' });
  return out.sort((a, b) => a.start - b.start);
};

const guardWith = (options: unknown = {}) => createSensitiveGuard(detect, sensitiveOptionsSchema.parse(options), ['input', 'output'], 'closed');
const inCtx = (vault: PseudonymVault) => ({ stage: 'input' as const, source: 'user', tenantId: 't', vault });
const outCtx = (vault: PseudonymVault) => ({ stage: 'output' as const, source: 'assistant', tenantId: 't', vault });

describe('PseudonymVault', () => {
  it('gives one placeholder per value and restores only known ones', () => {
    const v = new PseudonymVault();
    expect(v.placeholderFor('EMAIL', 'a@b.com')).toBe('<EMAIL_1>');
    expect(v.placeholderFor('EMAIL', 'c@d.com')).toBe('<EMAIL_2>');
    expect(v.placeholderFor('EMAIL', 'a@b.com')).toBe('<EMAIL_1>');
    expect(v.restore('to <EMAIL_2> and <EMAIL_9> and <EMAIL_1>')).toBe('to c@d.com and <EMAIL_9> and a@b.com');
    expect(v.maxPlaceholderLength).toBe('<EMAIL_1>'.length);
    // Counters are per label; a value keeps its placeholder per label.
    expect(v.placeholderFor('PHONE', 'a@b.com')).toBe('<PHONE_1>');
    expect(v.placeholderFor('EMAIL', 'a@b.com')).toBe('<EMAIL_1>');
  });

  it('restores placeholders split anywhere across stream chunks, holding back at most one placeholder', () => {
    const v = new PseudonymVault();
    const p = v.placeholderFor('PERSON', 'Zhang San');
    const text = `Hello ${p}, and <b>bold</b> <3 ${p}.`;
    for (let size = 1; size <= text.length; size++) {
      const r = createStreamRestorer(v);
      let out = '';
      let maxHeld = 0;
      let fed = 0;
      for (let i = 0; i < text.length; i += size) {
        out += r.push(text.slice(i, i + size));
        fed = Math.min(text.length, i + size);
        maxHeld = Math.max(maxHeld, v.restore(text.slice(0, fed)).length - out.length);
      }
      out += r.end();
      expect(out).toBe(`Hello Zhang San, and <b>bold</b> <3 Zhang San.`);
      expect(maxHeld).toBeLessThan(p.length);
    }
  });
});

describe('sensitive-data guard', () => {
  it('pseudonymizes input by default and gives the user their values back on output', () => {
    const vault = new PseudonymVault();
    const g = guardWith();
    const r = g.scan('mail bob@corp.com key AKIAABCDEFGHIJKLMNOP, again bob@corp.com', inCtx(vault)) as GuardResult;
    expect(r).toMatchObject({ verdict: 'redact', text: 'mail <EMAIL_1> key <AWS_ACCESS_KEY_1>, again <EMAIL_1>' });
    expect(r.findings.map((f) => [f.code, f.start, f.end])).toEqual([
      ['PII_EMAIL', 5, 17],
      ['SECRET_AWS_ACCESS_KEY', 22, 42],
      ['PII_EMAIL', 50, 62],
    ]);
    expect(JSON.stringify(r.findings)).not.toContain('bob@corp.com');
    const answer = g.scan('Sent to <EMAIL_1>.', outCtx(vault)) as { text: string; verdict: string; findings: unknown[] };
    expect(answer).toMatchObject({ text: 'Sent to bob@corp.com.', verdict: 'redact', findings: [] });
  });

  it('masks values in the answer that the user never sent (a leak)', () => {
    const vault = new PseudonymVault();
    const g = guardWith();
    g.scan('write to bob@corp.com', inCtx(vault));
    const r = g.scan('Also try eve@evil.com or <EMAIL_1>', outCtx(vault)) as { text: string; findings: { code: string }[] };
    expect(r.text).toBe('Also try [EMAIL] or bob@corp.com');
    expect(r.findings.map((f) => f.code)).toEqual(['PII_EMAIL']);
  });

  it('follows per-code actions, exact codes before globs before the default', () => {
    const g = guardWith({ input: { action: 'flag', actions: { 'SECRET_*': 'block', PII_EMAIL: 'mask' } } });
    expect(g.scan('x bob@corp.com', inCtx(new PseudonymVault()))).toMatchObject({ verdict: 'redact', text: 'x [EMAIL]' });
    expect(g.scan('AKIAABCDEFGHIJKLMNOP', inCtx(new PseudonymVault()))).toMatchObject({ verdict: 'block' });
    const allow = guardWith({ input: { action: 'allow' } });
    expect(allow.scan('bob@corp.com', inCtx(new PseudonymVault()))).toMatchObject({ verdict: 'allow', findings: [] });
  });

  it('never lets one vault restore another request’s values', () => {
    const g = guardWith();
    const v1 = new PseudonymVault();
    const v2 = new PseudonymVault();
    g.scan('alice@one.com', inCtx(v1));
    g.scan('carol@two.com', inCtx(v2));
    expect((g.scan('<EMAIL_1>', outCtx(v1)) as { text: string }).text).toBe('alice@one.com');
    expect((g.scan('<EMAIL_1>', outCtx(v2)) as { text: string }).text).toBe('carol@two.com');
  });

  it('restores and masks in streams without cutting a value at the hold-back edge', () => {
    const vault = new PseudonymVault();
    const g = guardWith({ output: { streamHoldChars: 16 } });
    g.scan('me: bob@corp.com', inCtx(vault));
    const s = g.openStream!(outCtx(vault));
    const answer = 'Dear <EMAIL_1>, a leak: eve@evil.com is here and then some more text to flush.';
    let out = '';
    for (let i = 0; i < answer.length; i += 3) out += s.push(answer.slice(i, i + 3)).text;
    out += s.end().text;
    expect(out).toBe('Dear bob@corp.com, a leak: [EMAIL] is here and then some more text to flush.');
  });

  it('with a hold-back, stops a stream under a block policy before any of the value is released', () => {
    const g = guardWith({ output: { action: 'block', streamHoldChars: 64 } });
    const s = g.openStream!(outCtx(new PseudonymVault()));
    const steps = ['key ', 'AKIAABCDEF', 'GHIJKLMNOP', ' and more text after it to pass the hold back of the stream'].map((d) => s.push(d));
    const released = steps.map((st) => st.text).join('');
    expect(steps.map((st) => st.verdict)).toContain('block');
    expect(released).not.toContain('AKIA');
  });

  it('by default holds back only a split placeholder, and flags or blocks leaks on a rolling window', () => {
    const vault = new PseudonymVault();
    const g = guardWith();
    g.scan('me: bob@corp.com', inCtx(vault));
    const s = g.openStream!(outCtx(vault));
    const steps = ['Dear <EM', 'AIL_1>, ', 'also eve@e', 'vil.com!'].map((d) => s.push(d));
    expect(steps.map((x) => x.text)).toEqual(['Dear ', 'bob@corp.com, ', 'also eve@e', 'vil.com!']);
    expect(steps[3]!.verdict).toBe('flag');
    expect(steps[3]!.findings.map((f) => [f.code, f.start, f.end])).toEqual([['PII_EMAIL', 24, 36]]);
    const blocking = guardWith({ output: { actions: { 'SECRET_*': 'block' } } }).openStream!(outCtx(new PseudonymVault()));
    expect(['key AKIAABCD', 'EFGHIJKLMNOP.'].map((d) => blocking.push(d).verdict)).toEqual(['allow', 'block']);
  });

  it('replaces spans a detector returns out of order or overlapping as it always did, right to left', () => {
    const unordered = (): Detection[] => [
      { code: 'PII_EMAIL', start: 10, end: 15, confidence: 1, severity: 'medium' },
      { code: 'PII_EMAIL', start: 0, end: 5, confidence: 1, severity: 'medium' },
      { code: 'PII_PHONE', start: 3, end: 8, confidence: 1, severity: 'medium' },
    ];
    const options = sensitiveOptionsSchema.parse({ input: { action: 'mask' } });
    const r = createSensitiveGuard(unordered, options, ['input'], 'closed').scan('aaaaabbbbbccccc', inCtx(new PseudonymVault())) as GuardResult;
    // Sorted by start, then spliced from the last: [0,5) → [EMAIL], then [3,8) and [10,15) in the spliced text.
    let expected = 'aaaaabbbbbccccc';
    for (const [s, e, label] of [[10, 15, 'EMAIL'], [3, 8, 'PHONE'], [0, 5, 'EMAIL']] as const) expected = `${expected.slice(0, s)}[${label}]${expected.slice(e)}`;
    expect(r.text).toBe(expected);
  });

  it('reports bad options with their path at start', () => {
    const f = sensitiveGuardFactory(detect);
    expect(() => f.create({ input: { action: 'shred' } }, ['input'], 'closed')).toThrow(/options\.input\.action/);
    expect(() => f.create({ surprise: 1 }, ['input'], 'closed')).toThrow(expect.objectContaining({ code: 'CONFIG_INVALID' }));
  });
});
