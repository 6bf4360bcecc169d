import { describe, expect, it } from 'vitest';
import { detectSensitive } from '../detect.js';
import { PII_DETECTORS } from './index.js';

const plates = (text: string) =>
  detectSensitive(text, PII_DETECTORS)
    .filter((d) => d.code === 'PII_CN_PLATE')
    .map((d) => text.slice(d.start, d.end));

describe('Chinese plates', () => {
  it.each([
    ['车牌京A12345', '京A12345'],
    ['沪A·D12345是新能源车', '沪A·D12345'],
    ['粤B 88888是谁的车', '粤B 88888'],
    ['违停车辆：京N8P8F8', '京N8P8F8'],
    ['粤BD12345', '粤BD12345'],
    ['苏E12345D 大型新能源', '苏E12345D'],
  ])('finds %j', (text, value) => {
    expect(plates(text)).toEqual([value]);
  });

  it.each([
    ['I or O as the authority letter', '京I12345 京O12345'],
    ['too few digits', '云ABCDE2 新ABC12'],
    ['longer tokens', '京A123456789'],
    ['words after a province character', '云API接口 和 新BUG'],
  ])('ignores %s', (_name, text) => {
    expect(plates(text)).toEqual([]);
  });
});
