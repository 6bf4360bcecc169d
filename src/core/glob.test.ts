import { describe, expect, it } from 'vitest';
import { compileGlob, compileGlobs } from './glob.js';

describe('compileGlob', () => {
  it.each([
    ['*', 'anything/at:all', true],
    ['llama*', 'llama3.2:8b', true],
    ['llama*', 'codellama', false],
    ['qwen/qwen2.5-*', 'qwen/qwen2.5-7b', true],
    ['gpt-4?', 'gpt-4o', true],
    ['gpt-4?', 'gpt-4', false],
    ['a.b', 'axb', false],
    ['deepseek-(chat)', 'deepseek-(chat)', true],
    ['x[1]', 'x1', false],
  ])('%s matches %s: %s', (pattern, name, expected) => {
    expect(compileGlob(pattern)(name)).toBe(expected);
  });

  it('matches any of several globs', () => {
    const m = compileGlobs(['a*', 'b?']);
    expect([m('abc'), m('bc'), m('bcd'), m('c')]).toEqual([true, true, false, false]);
  });
});
