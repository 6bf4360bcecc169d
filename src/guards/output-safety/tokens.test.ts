import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createStreamTokenizer, tokenize } from './tokens.js';

describe('tokens', () => {
  it('splits words, keeps each CJK character apart, folds width and case, and keeps spans in the original', () => {
    const text = 'Ｙｏｕ are ORBIT—客服助手 v2.';
    expect(tokenize(text).map((t) => t.text)).toEqual(['you', 'are', 'orbit', '客', '服', '助', '手', 'v2']);
    for (const t of tokenize(text)) expect(text.slice(t.start, t.end).normalize('NFKC').toLowerCase()).toBe(t.text);
    expect(tokenize('')).toEqual([]);
    expect(tokenize('!!! ... \u200b')).toEqual([]);
  });

  it('gives the same tokens for text streamed in any pieces as for the whole text', () => {
    const alphabet = fc.constantFrom(...'ab Z9客服,.\n-\u00e9\u0301\uD83D\uDE00'.split(''));
    fc.assert(
      fc.property(fc.array(fc.array(alphabet, { maxLength: 12 }).map((cs) => cs.join('')), { maxLength: 12 }), (pieces) => {
        const s = createStreamTokenizer();
        const streamed = [...pieces.flatMap((p) => s.push(p)), ...s.end()];
        expect(streamed).toEqual(tokenize(pieces.join('')));
      }),
      { numRuns: 300 },
    );
  });

  it('tokenizes ASCII text on its fast path exactly as the Unicode definition does', () => {
    const CJK = '\\p{sc=Han}\\p{sc=Hiragana}\\p{sc=Katakana}\\p{sc=Hangul}';
    const reference = (text: string) =>
      [...text.matchAll(new RegExp(`[${CJK}]|(?:(?![${CJK}])[\\p{L}\\p{N}\\p{M}])+`, 'gu'))].map((m) => ({ text: m[0].normalize('NFKC').toLowerCase(), start: m.index, end: m.index + m[0].length }));
    const alphabet = fc.constantFrom(...'aZ09 _-.,\n\tcaféÉ\u0301客ｆ'.split(''));
    fc.assert(
      fc.property(fc.array(alphabet, { maxLength: 40 }).map((cs) => cs.join('')), (text) => {
        expect(tokenize(text)).toEqual(reference(text));
      }),
      { numRuns: 500 },
    );
  });

  it('does not hold an endless "word" without bound', () => {
    const s = createStreamTokenizer();
    let released = 0;
    for (let i = 0; i < 10; i++) released += s.push('a'.repeat(1_000)).length;
    expect(released).toBeGreaterThan(0);
  });
});
