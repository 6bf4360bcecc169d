// The seeded generator of the scripts and benchmarks (data generators, trainers, corpora) is the
// one the TypeScript code uses, src/core/random.ts, from the build: run `npm run build` first.
export { mulberry32 } from '../../dist/core/random.js';
