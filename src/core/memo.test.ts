import { describe, expect, it } from 'vitest';
import { memoizeString } from './memo.js';

describe('memoizeString', () => {
  it('computes a key once while it stays among the most recently used', () => {
    const calls: string[] = [];
    const memo = memoizeString((k) => (calls.push(k), k.length), { entries: 2, maxKeyChars: 100 });
    expect(memo.get('aa')).toBe(2);
    expect(memo.get('aa')).toBe(2);
    expect(memo.get('bbb')).toBe(3);
    expect(memo.get('aa')).toBe(2); // aa is now the most recent; bbb the least
    expect(memo.get('c')).toBe(1); // evicts bbb
    expect(memo.get('bbb')).toBe(3);
    expect(calls).toEqual(['aa', 'bbb', 'c', 'bbb']);
    expect(memo.size).toBe(2);
  });

  it('never keeps keys longer than the bound', () => {
    let calls = 0;
    const memo = memoizeString(() => ++calls, { entries: 4, maxKeyChars: 3 });
    expect(memo.get('abcd')).toBe(1);
    expect(memo.get('abcd')).toBe(2);
    expect(memo.size).toBe(0);
  });

  it('memoizes undefined results too', () => {
    let calls = 0;
    const memo = memoizeString(() => void calls++, { entries: 4, maxKeyChars: 10 });
    memo.get('x');
    memo.get('x');
    expect(calls).toBe(1);
  });
});
