import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { refusalOptionsSchema } from './refusal-guard.js';
import { detectRefusal } from './refusal.js';

interface Labelled {
  lang: 'en' | 'zh';
  refusal: boolean;
  text: string;
}

const SET: Labelled[] = readFileSync(new URL('../../../data/refusal/answers.jsonl', import.meta.url), 'utf8')
  .split('\n')
  .filter((l) => l.trim() !== '')
  .map((l) => JSON.parse(l) as Labelled);

/** As the refusal guard decides with its default minConfidence. */
const refused = (text: string): boolean => {
  const r = detectRefusal(text);
  return r.refused && r.confidence >= refusalOptionsSchema.parse({}).minConfidence;
};

describe('detectRefusal on the labelled answers', () => {
  for (const lang of ['en', 'zh'] as const) {
    it(`${lang}: TPR >= 95 %, FPR <= 2 %`, () => {
      const rows = SET.filter((r) => r.lang === lang);
      const missed = rows.filter((r) => r.refusal && !refused(r.text)).map((r) => r.text);
      const false_ = rows.filter((r) => !r.refusal && refused(r.text)).map((r) => r.text);
      const pos = rows.filter((r) => r.refusal).length;
      const neg = rows.length - pos;
      const tpr = (pos - missed.length) / pos;
      const fpr = false_.length / neg;
      console.log(`refusal ${lang}: TPR ${(tpr * 100).toFixed(1)} % (${pos - missed.length}/${pos}), FPR ${(fpr * 100).toFixed(1)} % (${false_.length}/${neg})`);
      expect(tpr, `missed: ${missed.join(' | ')}`).toBeGreaterThanOrEqual(0.95);
      expect(fpr, `false refusals: ${false_.join(' | ')}`).toBeLessThanOrEqual(0.02);
      expect(pos).toBeGreaterThanOrEqual(70);
      expect(neg).toBeGreaterThanOrEqual(70);
    });
  }
});

describe('detectRefusal', () => {
  it('gives the span of the phrase and a higher confidence when the refusal opens the answer', () => {
    const opening = detectRefusal("I'm sorry, but I can't help with that.");
    expect(opening).toMatchObject({ refused: true, language: 'en', start: 0 });
    const later = detectRefusal(`${'Here is some context about the topic. '.repeat(6)}I cannot provide the rest.`);
    expect(later.refused).toBe(true);
    expect(later.confidence).toBeLessThan(opening.confidence);
    const zh = '好的。抱歉，我无法提供。';
    const r = detectRefusal(zh);
    expect(r).toMatchObject({ refused: true, language: 'zh' });
    expect(zh.slice(r.start, r.end)).toContain('我无法');
  });

  it('does not count quoted speech, idioms or limits of knowledge', () => {
    for (const text of ["She said: 'I won't do that.' Then she left.", '他说：“我不能帮你。”然后走了。', "I can't help but notice the typo.", "I can't give you an exact figure, but it is about 40.", 'I cannot find config.yaml in your paste.']) {
      expect(refused(text), text).toBe(false);
    }
  });

  it('reads only the head of an answer: a refusal deep inside a long answer is a caveat', () => {
    expect(detectRefusal(`${'word '.repeat(200)}I cannot help with that.`).refused).toBe(false);
  });

  it('handles empty, huge and hostile text quickly and without throwing', () => {
    expect(detectRefusal('').refused).toBe(false);
    expect(detectRefusal('\u0000\uD800\uFFFF').refused).toBe(false);
    const t0 = performance.now();
    for (const s of ['I'.repeat(1_000_000), 'I am sorry '.repeat(100_000), '抱歉'.repeat(500_000), `I ${' '.repeat(100_000)}cannot help`]) expect(() => detectRefusal(s)).not.toThrow();
    // Bounded work per answer: only the head is read (a regex blow-up would take seconds here).
    expect(performance.now() - t0).toBeLessThan(2_000);
  });
});
