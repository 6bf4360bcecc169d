import { randomFillSync } from 'node:crypto';

/**
 * mulberry32: a seeded generator of floats in [0, 1) for tests and fixtures (fuzzers, synthetic
 * keys), identical on every platform. Never for anything secret: keys, ids and canaries come from
 * node:crypto (secureRandomBytes below). The scripts and benchmarks import it from dist/ through
 * scripts/lib/random.mjs.
 */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Bytes from node:crypto's CSPRNG, drawn from a pool filled a few kilobytes at a time: one
 * randomBytes call costs microseconds of fixed overhead, paid once per pool instead of once per
 * canary or IV. The bytes are the generator's output all the same. A refill allocates a fresh
 * pool, so a returned view stays valid (and unique) for as long as its holder keeps it.
 */
const POOL_BYTES = 8 * 1024;
let pool = Buffer.alloc(0);
let poolAt = 0;

export function secureRandomBytes(n: number): Buffer {
  if (n > POOL_BYTES) return randomFillSync(Buffer.allocUnsafeSlow(n));
  if (poolAt + n > pool.length) {
    pool = randomFillSync(Buffer.allocUnsafeSlow(POOL_BYTES));
    poolAt = 0;
  }
  const out = pool.subarray(poolAt, poolAt + n);
  poolAt += n;
  return out;
}
