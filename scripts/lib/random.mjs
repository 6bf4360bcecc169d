// The one seeded generator of the scripts and benchmarks (data generators, trainers, corpora):
// mulberry32, small, fast, good enough for test data, and identical on every platform, so a seed
// always gives the same files. src/core/random.ts is the same function for the TypeScript tests.

/** A generator of floats in [0, 1) from a 32-bit seed. */
export function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
