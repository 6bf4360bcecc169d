export { createTokenBucketLimiter } from './token-bucket.js';
export type { RateLimiter, TakeResult, TokenBucketOptions } from './token-bucket.js';
export { createConcurrencyLimiter } from './concurrency.js';
export type { ConcurrencyLimiter } from './concurrency.js';
export { addressBucket } from './client-address.js';
