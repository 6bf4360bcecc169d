import { describe, expect, it } from 'vitest';
import { detectSensitive } from '../detect.js';
import { cnIdCheckChar, isValidCnId } from './cn-id-card.js';
import { PII_DETECTORS } from './index.js';

const find = (text: string) => detectSensitive(text, PII_DETECTORS).map((d) => [d.code, text.slice(d.start, d.end)]);
const ids = (text: string) => find(text).filter(([code]) => code === 'PII_CN_ID_CARD').map(([, v]) => v);

describe('isValidCnId (GB 11643)', () => {
  it.each([
    ['440306198512243018', true],
    ['110105200002290021', true], // 29 February 2000
    ['32010219770815123X', true],
    ['51010719930101001x', true], // lower-case check character
    ['440306198512243019', false], // wrong check digit
    ['990101199003074577', false], // no province 99
    ['110101199002301236', false], // 30 February
    ['110101189912311231', false], // born 1899
    ['110101190002291233', false], // 1900 was not a leap year
    ['11010120000229123X', true], // 2000 was
    ['4403061985122430', false], // truncated
    ['44030619851224301A', false],
  ])('%s → %s', (id, ok) => {
    expect(isValidCnId(id)).toBe(ok);
  });

  it('computes the ISO 7064 MOD 11-2 check character', () => {
    expect(cnIdCheckChar('32010219770815123')).toBe('X');
    expect(cnIdCheckChar('44030619851224301')).toBe('8');
  });
});

describe('resident ID in text', () => {
  it.each([
    ['身份证号440306198512243018，请核实', '440306198512243018'],
    ['ID: 32010219770815123X.', '32010219770815123X'],
    ['身份证 440306 19851224 3018 已上传', '440306 19851224 3018'],
    ['证件 440306-19851224-3018', '440306-19851224-3018'],
    ['idcard=440306198512243018&x=1', '440306198512243018'],
    ['| 张三 | 440306198512243018 | 男 |', '440306198512243018'],
  ])('finds %j', (text, value) => {
    expect(ids(text)).toEqual([value]);
  });

  it.each([
    ['full-width digits', '身份证：４４０３０６１９８５１２２４３０１８', '４４０３０６１９８５１２２４３０１８'],
    ['zero-width characters inside', '证件号：4403\u200b0619851224\u200c3018。', '4403\u200b0619851224\u200c3018'],
    ['em dashes', '身份证：440306—19851224—3018', '440306—19851224—3018'],
    ['spelled out digit by digit', '身份证：4 4 0 3 0 6 1 9 8 5 1 2 2 4 3 0 1 8', '4 4 0 3 0 6 1 9 8 5 1 2 2 4 3 0 1 8'],
  ])('sees through %s and reports the original span', (_name, text, value) => {
    expect(ids(text)).toEqual([value]);
  });

  it.each([
    ['wrong check digit', '身份证号440306198512243019校验失败'],
    ['inside a longer digit run', 'no. 12440306198512243018'],
    ['glued to a letter', 'ab440306198512243018'],
    ['inside a hex token', 'sha 3f440306198512243018aa'],
    ['a decimal tail', 'x = 0.440306198512243018'],
    ['impossible date, right check digit', 'ID 110101199002301236'],
  ])('ignores %s', (_name, text) => {
    expect(ids(text)).toEqual([]);
  });

  it('finds two IDs separated by a space', () => {
    expect(ids('IDs 440306198512243018 650102198808081233')).toEqual(['440306198512243018', '650102198808081233']);
  });
});
