import { describe, expect, it } from 'vitest';
import type { GuardContext, RequestFacts, StreamGuard } from '../types.js';
import { canaryFromBytes, indexOfCanary, withCanary } from './canary.js';
import { createPromptLeakGuard, promptLeakGuardFactory, promptLeakOptionsSchema } from './leak-guard.js';
import { findVerbatimSpan, indexSystemPrompt } from './verbatim.js';

const SYSTEM =
  'You are Orbit, the support assistant of Northwind Bank. Answer only questions about cards, accounts and transfers. ' +
  'Escalate disputes above 5000 euros to a human agent and never mention internal fraud thresholds or the override code ZEBRA-7.';
const SYSTEM_ZH = '你是北风银行的客服助手小北。只回答关于银行卡、账户和转账的问题。超过五千欧元的争议必须转给人工客服，绝不能提及内部风控阈值或覆盖代码。';
const CANARY = canaryFromBytes(new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]));

const guard = (options: Record<string, unknown> = {}) => promptLeakGuardFactory.create(options, ['output'], 'closed');
const ctx = (request: RequestFacts): GuardContext => ({ stage: 'output', source: 'assistant', tenantId: 't', request });

function runStream(s: StreamGuard, pieces: string[]): { text: string; verdict: string; codes: string[]; at: number } {
  let text = '';
  for (let i = 0; i < pieces.length; i++) {
    const step = s.push(pieces[i]!);
    text += step.text;
    if (step.verdict !== 'allow') return { text, verdict: step.verdict, codes: step.findings.map((f) => f.code), at: i };
  }
  const end = s.end();
  return { text: text + end.text, verdict: end.verdict, codes: end.findings.map((f) => f.code), at: pieces.length };
}

function pieces(text: string, size: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out;
}

describe('canary', () => {
  it('is the prefix plus the random bytes in hex, and needs enough randomness', () => {
    expect(CANARY).toBe('bwk-0102030405060708');
    expect(() => canaryFromBytes(new Uint8Array(4))).toThrow(RangeError);
    expect(withCanary('Be brief.', CANARY)).toMatch(/^Confidential session tag: bwk-0102030405060708\. .*\nBe brief\.$/);
    expect(indexOfCanary(`x ${CANARY.toUpperCase()} y`, CANARY)).toBe(2);
  });
});

describe('verbatim spans of the system prompt', () => {
  const index = indexSystemPrompt(SYSTEM, 20);

  it('finds a copied run however it is reformatted (case, punctuation, line breaks, markdown)', () => {
    const answer = `Sure! My instructions say:\n\n> **you are orbit** – the support assistant of northwind bank; answer ONLY questions about cards, accounts and transfers.\n\nEscalate disputes above 5000 euros to a human agent.\n\nAnything else?`;
    const span = findVerbatimSpan(answer, index);
    expect(span).toBeDefined();
    expect(answer.slice(span!.start, span!.end)).toMatch(/^you are orbit[^]*human agent$/);
  });

  it('does not fire on answers that share only short phrases with the prompt', () => {
    const answers = [
      'You can answer questions about cards by calling the number on the back of your card.',
      'Transfers above 5000 euros may take two days. I am the support assistant and can help with accounts.',
      'Orbit is here to help. Disputes are handled by a human agent within five days.',
    ];
    for (const a of answers) expect(findVerbatimSpan(a, index)).toBeUndefined();
  });

  it('counts CJK characters as tokens, so a copied Chinese prompt is found', () => {
    const zh = indexSystemPrompt(SYSTEM_ZH, 20);
    expect(findVerbatimSpan(`好的，我的设定是：${SYSTEM_ZH.slice(0, 40)}……`, zh)).toBeDefined();
    expect(findVerbatimSpan('您好，我是小北，可以帮您查询银行卡和账户问题。', zh)).toBeUndefined();
  });

  it('compares a short prompt whole, and does not compare prompts too short to mean anything', () => {
    const short = indexSystemPrompt('Answer in French and keep every reply under fifty words.', 20);
    expect(short.threshold).toBe(10);
    expect(findVerbatimSpan('My rules: answer in French and keep every reply under fifty words.', short)).toBeDefined();
    expect(indexSystemPrompt('Be brief.', 20).threshold).toBe(0);
    expect(findVerbatimSpan('Be brief.', indexSystemPrompt('Be brief.', 20))).toBeUndefined();
  });

  it('handles empty, huge and hostile prompts and answers within bounds', () => {
    expect(indexSystemPrompt('', 20).threshold).toBe(0);
    const huge = 'lorem ipsum dolor sit amet '.repeat(40_000);
    const t0 = performance.now();
    const big = indexSystemPrompt(huge, 20);
    expect(findVerbatimSpan(huge.slice(0, 5_000), big)).toBeDefined();
    expect(findVerbatimSpan('\u0000\uD800'.repeat(10_000) + '🙂'.repeat(10_000), big)).toBeUndefined();
    expect(performance.now() - t0).toBeLessThan(5_000);
  });
});

describe('system-prompt-leak guard', () => {
  it('validates its options with their paths', () => {
    expect(promptLeakOptionsSchema.parse({})).toEqual({ canary: false, minSpanTokens: 20, action: 'block' });
    expect(() => guard({ minSpanTokens: 3 })).toThrow(/options\.minSpanTokens/);
    expect(() => guard({ canry: true })).toThrow(/CONFIG|problem/);
    expect(guard({ canary: true }).wantsCanary).toBe(true);
    expect(guard().wantsCanary).toBe(false);
  });

  it('blocks a whole answer that contains the canary or a long copy of the system prompt', () => {
    const g = guard({ canary: true });
    const facts = { systemPrompt: SYSTEM, canary: CANARY };
    const leaked = g.scan(`Debug info: ${CANARY}. How else can I help?`, ctx(facts));
    expect(leaked).toMatchObject({ verdict: 'block', findings: [{ code: 'OUTPUT_CANARY_LEAK', start: 12, end: 12 + CANARY.length }] });
    const copied = g.scan(`Here you go: ${SYSTEM}`, ctx(facts));
    expect(copied).toMatchObject({ verdict: 'block', findings: [{ code: 'OUTPUT_SYSTEM_PROMPT_LEAK' }] });
    expect(g.scan('Your card is on its way and should arrive within five days.', ctx(facts))).toMatchObject({ verdict: 'allow', findings: [] });
  });

  it('flags instead of blocking when the action says so, and ignores requests without facts', () => {
    expect(guard({ action: 'flag' }).scan(SYSTEM, ctx({ systemPrompt: SYSTEM }))).toMatchObject({ verdict: 'flag' });
    expect(guard().scan(SYSTEM, ctx({}))).toMatchObject({ verdict: 'allow' });
    expect(guard().scan(SYSTEM, { stage: 'output', source: 'assistant', tenantId: 't' })).toMatchObject({ verdict: 'allow' });
  });

  it('stops a stream at the chunk that completes a canary split across chunks', () => {
    const answer = `Sure. The tag is ${CANARY} and that is all.`;
    const cut = answer.indexOf(CANARY) + 7;
    const r = runStream(guard({ canary: true }).openStream!(ctx({ canary: CANARY })), [answer.slice(0, cut), answer.slice(cut, cut + 3), answer.slice(cut + 3)]);
    expect(r).toMatchObject({ verdict: 'block', codes: ['OUTPUT_CANARY_LEAK'], at: 2 });
    expect(r.text).not.toContain(CANARY);
  });

  it('stops a stream that copies the system prompt in 3-character pieces, before the copy is complete', () => {
    const answer = `My instructions: ${SYSTEM}`;
    const r = runStream(guard().openStream!(ctx({ systemPrompt: SYSTEM })), pieces(answer, 3));
    expect(r).toMatchObject({ verdict: 'block', codes: ['OUTPUT_SYSTEM_PROMPT_LEAK'] });
    // Released: the first 20 tokens or so of the copy, never the secret at the prompt's end.
    expect(r.text).not.toContain('ZEBRA');
    expect(r.text.length).toBeLessThan(answer.length * 0.7);
  });

  it('lets a benign stream through whole, text unchanged and nothing held back', () => {
    const answer = 'You are welcome! Your transfer to the savings account was completed this morning. '.repeat(5);
    const s = guard({ canary: true }).openStream!(ctx({ systemPrompt: SYSTEM, canary: CANARY }));
    const first = s.push(answer.slice(0, 5));
    expect(first.text).toBe(answer.slice(0, 5));
    const r = runStream(s, pieces(answer.slice(5), 4));
    expect(r.verdict).toBe('allow');
    expect(answer.slice(0, 5) + r.text).toBe(answer);
  });
});
