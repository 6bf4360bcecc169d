import { describe, expect, it } from 'vitest';
import { sortInPlace } from './sort.js';

describe('sortInPlace', () => {
  it('orders like Array.prototype.sort, keeping equal items in their order, on short and long arrays', () => {
    let seed = 7;
    const next = (n: number) => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    const byStart = (a: { start: number; end: number }, b: { start: number; end: number }) => a.start - b.start || b.end - a.end;
    for (let length = 0; length <= 40; length++) {
      for (let round = 0; round < 20; round++) {
        const items = Array.from({ length }, (_, id) => ({ id, start: next(6), end: next(6) }));
        const expected = [...items].sort(byStart).map((x) => x.id);
        const array = [...items];
        expect(sortInPlace(array, byStart)).toBe(array);
        expect(array.map((x) => x.id)).toEqual(expected);
      }
    }
  });
});
