import { describe, expect, it } from 'vitest';
import { detectRepetition } from './repetition.js';

const kinds = (text: string): string[] => detectRepetition(text).map((h) => h.kind);

describe('detectRepetition', () => {
  it.each([
    ['a repeated word', 'poem '.repeat(100)],
    ['a repeated phrase', 'the company '.repeat(50)],
    ['a repeated CJK character', '诗'.repeat(300)],
    ['a repeated CJK word', '公司'.repeat(200)],
    ['a repeated letter', 'A'.repeat(500)],
  ])('finds %s', (_, text) => {
    const k = kinds(`Please answer: ${text} thanks`);
    expect(k.some((x) => x === 'repeated-string' || x === 'repeated-token' || x === 'padding')).toBe(true);
  });

  it('spans the repeated stretch', () => {
    const text = `intro ${'abc '.repeat(80)}outro`;
    const h = detectRepetition(text).find((x) => x.kind === 'repeated-string')!;
    expect(h.start).toBeLessThanOrEqual(6);
    expect(h.end).toBeGreaterThanOrEqual(6 + 4 * 79);
    expect(h.count).toBeGreaterThanOrEqual(79);
  });

  it('reports padding and long text', () => {
    expect(kinds(`hi${' '.repeat(5000)}there`)).toContain('padding');
    expect(kinds('word '.repeat(30_000))).toContain('long-text');
  });

  it('leaves prose, tables, rule lines and laughter alone', () => {
    for (const text of [
      'The quick brown fox jumps over the lazy dog. '.repeat(3),
      '| a | b |\n|---|---|\n| 1 | 2 |\n| 3 | 4 |',
      `Section\n${'-'.repeat(80)}\nNext`,
      '哈哈哈哈哈哈哈哈，太好笑了！',
      'Please count: 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20.',
    ]) expect(kinds(text)).toEqual([]);
  });

  it('runs on a megabyte without trouble and finds the period', () => {
    const text = 'xyz'.repeat(400_000);
    const hits = detectRepetition(text);
    expect(hits.map((h) => h.kind)).toEqual(expect.arrayContaining(['long-text', 'repeated-string']));
  });
});
