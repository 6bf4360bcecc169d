/**
 * mulberry32: a seeded generator of floats in [0, 1) for tests and fixtures (fuzzers, synthetic
 * keys), identical on every platform. Never for anything secret: keys, ids and canaries come from
 * node:crypto. The scripts and benchmarks import it from dist/ through scripts/lib/random.mjs.
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
