import { describe, expect, it } from 'vitest';
import { detectSensitive } from '../detect.js';
import { PII_DETECTORS } from './index.js';

/**
 * Hang detection, not benchmarking: every input here must finish well inside the generous bound.
 * Each is built to hit one scanner's worst case (long runs, many anchors, nested separators).
 */
const HOSTILE: [string, string][] = [
  ['digits and spaces', '1 '.repeat(50_000)],
  ['digits and dashes', '1-'.repeat(50_000)],
  ['groups of five', '12345 '.repeat(20_000)],
  ['groups of four', '4111 '.repeat(25_000)],
  ['one huge number', '9'.repeat(100_000)],
  ['at signs', 'a@'.repeat(50_000)],
  ['long local parts', `${'a'.repeat(70)}@`.repeat(1_500)],
  ['domains', `x@${'a.'.repeat(50_000)}`],
  ['colons', '::'.repeat(50_000)],
  ['hex and colons', 'ab:'.repeat(33_000)],
  ['dots and digits', '1.'.repeat(50_000)],
  ['dotted quads', '1.1.1.1 '.repeat(12_500)],
  ['hex and dashes', 'aa-'.repeat(33_000)],
  ['letters and digits', 'A1'.repeat(50_000)],
  ['IBAN prefixes', 'DE89 '.repeat(20_000)],
  ['parentheses', '(1) '.repeat(25_000)],
  ['pluses', '+1 '.repeat(33_000)],
  ['capitalised words', 'Mr. John '.repeat(11_000)],
  ['Chinese name contexts', '我叫张'.repeat(33_000)],
  ['Chinese titles', '王先生'.repeat(33_000)],
  ['road numbers', '路1号'.repeat(33_000)],
  ['building numbers', '区1栋'.repeat(33_000)],
  ['birth words', 'born 1990-01-01 '.repeat(6_000)],
  ['passport words', 'passport E12345678 '.repeat(5_000)],
  ['full-width digits', '１'.repeat(100_000)],
  ['zero-width between digits', '1\u200b'.repeat(50_000)],
  ['house numbers', '12 Main '.repeat(12_000)],
  ['plates', '京A12345'.repeat(14_000)],
  ['e-mails overlapping mobiles', '13800138000@163.com '.repeat(5_000)],
  ['a name column', `name,x\n${'Ana Lima,1\n'.repeat(10_000)}`],
  ['SQL tuples', `INSERT INTO t (name, ssn) VALUES ${"('Ana', '536904399'),".repeat(4_000)}`],
  ['an unclosed SQL tuple', `INSERT INTO t (name) VALUES (${"'a',".repeat(25_000)}`],
  ['chat senders', '邵敏 09:12\n'.repeat(10_000)],
  ['distinct names', Array.from({ length: 5_000 }, (_, i) => `姓名：王${String.fromCharCode(0x4e00 + i)}明\n`).join('')],
  ['slashes between capitals', 'AB/CD '.repeat(16_000)],
  ['signatures', '—— 王芳\n'.repeat(14_000)],
  ['capitals after labels', 'Name: ANA LIMA\n'.repeat(7_000)],
  ['middle dots', '阿依·热合\n'.repeat(14_000)],
  ['genders in rows', '王芳 男 '.repeat(14_000)],
  ['unit slashes', '12/34 Main St '.repeat(7_000)],
];

describe('hostile inputs', () => {
  it.each(HOSTILE)('%s (~100 KB) finishes fast', (_name, text) => {
    const started = performance.now();
    const found = detectSensitive(text, PII_DETECTORS);
    const ms = performance.now() - started;
    expect(Array.isArray(found)).toBe(true);
    expect(ms).toBeLessThan(1000);
  });

  it.each(['', ' ', '1', '+', '@', ':', '-', '(', 'X', '号', '\u200b', '１', '4111 1111 1111 111', '44030619851224301'])('handles the truncated input %j', (text) => {
    expect(detectSensitive(text, PII_DETECTORS)).toEqual([]);
  });

  it('reads a text the same before and after a run of thousands of groups', () => {
    const text = '卡号 4111 1111 1111 1111，手机 138 0013 8000，电话 (0755) 8888 6666';
    const first = detectSensitive(text, PII_DETECTORS);
    expect(first.map((d) => d.code)).toEqual(['PII_BANK_CARD', 'PII_CN_MOBILE', 'PII_CN_LANDLINE']);
    detectSensitive(`${'1 '.repeat(20_000)}${'4111 '.repeat(5_000)}`, PII_DETECTORS);
    expect(detectSensitive(text, PII_DETECTORS)).toEqual(first);
  });

  it('reports spans inside the text, in order, without overlaps', () => {
    const text = '身份证４４０３０６１９８５１２２４３０１８ 卡4111\u200b1111 1111 1111 邮箱a@b.co 手机+86 138-0013-8000 '.repeat(200);
    const found = detectSensitive(text, PII_DETECTORS);
    expect(found.length).toBe(800);
    for (let i = 0; i < found.length; i++) {
      const d = found[i]!;
      expect(d.start).toBeGreaterThanOrEqual(0);
      expect(d.end).toBeLessThanOrEqual(text.length);
      if (i > 0) expect(d.start).toBeGreaterThanOrEqual(found[i - 1]!.end);
    }
  });
});
