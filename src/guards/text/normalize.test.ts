import { describe, expect, it } from 'vitest';
import { normalizeForDetection, spanToOriginal } from './normalize.js';

describe('normalizeForDetection', () => {
  it('returns ASCII and plain Chinese untouched', () => {
    for (const t of ['plain ascii 123', '这是普通的中文文本 没有需要折叠的字符。']) {
      const n = normalizeForDetection(t);
      expect([n.text, n.changed, n.toOriginal(5)]).toEqual([t, false, 5]);
    }
  });

  it('leaves Chinese punctuation alone but folds the symbols values are written with', () => {
    const n = normalizeForDetection('邮箱：ａｂｃ＠ｅｘａｍｐｌｅ．ｃｏｍ，好！');
    expect(n.text).toBe('邮箱：abc@example.com，好！');
    expect(normalizeForDetection('你好，世界！测试：一。').changed).toBe(false);
  });

  it('folds full-width characters, Unicode dashes and spaces in place', () => {
    const n = normalizeForDetection('手机１３８\u2014００１３\u00a0８０００ ＡＢＣ');
    expect(n.text).toBe('手机138-0013 8000 ABC');
    expect(n.invisibleRemoved).toBe(0);
    expect(spanToOriginal(n, 2, 15)).toEqual([2, 15]);
  });

  it('finds the only Latin-1 characters that need work in text with nothing wider', () => {
    expect(normalizeForDetection('card\u00a04111 1111').text).toBe('card 4111 1111');
    expect(normalizeForDetection('pass\u00adword').text).toBe('password');
    expect(normalizeForDetection('caf\u00e9 \u00ab\u00bb \u00ff').changed).toBe(false);
  });

  it('still finds work after the Chinese punctuation it skips over', () => {
    for (const [original, folded] of [
      ['好，１', '好，1'],
      ['是：\u200b密码', '是：密码'],
      ['！？；，：（１）', '！？；，：(1)'],
    ]) {
      expect(normalizeForDetection(original!).text).toBe(folded);
    }
  });

  it('removes invisible characters and maps spans back to the original', () => {
    const original = 'id: 1101\u200b0519\u200d4912\u2063310\ufeff02X end';
    const n = normalizeForDetection(original);
    expect(n.text).toBe('id: 11010519491231002X end');
    expect(n.invisibleRemoved).toBe(4);
    const start = n.text.indexOf('1101');
    const [s, e] = spanToOriginal(n, start, start + 18);
    expect(original.slice(s, e)).toBe('1101\u200b0519\u200d4912\u2063310\ufeff02X');
  });

  it('maps every position monotonically and within bounds, whatever the mix', () => {
    const original = '\u200b\u200bａ\u200bb\u202e－\u00ad\u00adｃ\u200b';
    const n = normalizeForDetection(original);
    expect(n.text).toBe('ab-c');
    const mapped = Array.from({ length: n.text.length }, (_, i) => n.toOriginal(i));
    expect(mapped).toEqual([2, 4, 6, 9]);
    for (let i = 0; i < n.text.length; i++) expect(original[mapped[i]!]).not.toMatch(/[\u200b\u00ad\u202e]/);
  });

  it('handles huge and hostile input in linear time', () => {
    const hostile = '\u200b'.repeat(200_000) + '１'.repeat(200_000);
    const n = normalizeForDetection(hostile);
    expect(n.text).toBe('1'.repeat(200_000));
    expect(spanToOriginal(n, 0, 1)).toEqual([200_000, 200_001]);
  });
});
