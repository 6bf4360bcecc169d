import { describe, expect, it } from 'vitest';
import { mulberry32, secureRandomBytes } from './random.js';

describe('secureRandomBytes', () => {
  it('gives the length asked for, and never the same bytes twice across pool refills', () => {
    const seen = new Set<string>();
    // 3,000 draws of 12 bytes span several 8 KiB pools.
    for (let i = 0; i < 3000; i++) {
      const b = secureRandomBytes(12);
      expect(b.length).toBe(12);
      seen.add(b.toString('hex'));
    }
    expect(seen.size).toBe(3000);
  });

  it('keeps a returned view unchanged after later draws refill the pool', () => {
    const kept = secureRandomBytes(8);
    const copy = Buffer.from(kept);
    for (let i = 0; i < 4000; i++) secureRandomBytes(16);
    expect(kept.equals(copy)).toBe(true);
  });

  it('serves requests larger than the pool from a buffer of their own', () => {
    const big = secureRandomBytes(20_000);
    expect(big.length).toBe(20_000);
    // Random bytes: all 256 values occur in 20,000 of them (a zero-filled buffer would fail).
    expect(new Set(big).size).toBe(256);
  });
});

describe('mulberry32', () => {
  it('is deterministic per seed', () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    const xs = [a(), a(), a()];
    expect([b(), b(), b()]).toEqual(xs);
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
    expect(mulberry32(43)()).not.toBe(xs[0]);
  });
});
