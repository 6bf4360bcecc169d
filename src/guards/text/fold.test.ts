import { describe, expect, it } from 'vitest';
import { startsWithFolded } from './fold.js';

describe('startsWithFolded', () => {
  it.each([
    ['Value=abc', 0, 'value=', true],
    ['x VALUE=', 2, 'value=', true],
    ['Bearer token', 0, 'bearer ', true],
    ['\u212aey', 0, 'key', true],
    ['\u0130s', 0, 'is', false],
    ['valu', 0, 'value', false],
    ['phone', -1, 'phone', false],
    ['电话：', 0, '电话', true],
  ])('%j at %d holds %j: %s', (text, at, word, expected) => {
    expect(startsWithFolded(text, at, word)).toBe(expected);
    // The definition it stands for, wherever the slice is in range.
    if (at >= 0) expect(text.slice(at, at + word.length).toLowerCase() === word).toBe(expected);
  });
});
