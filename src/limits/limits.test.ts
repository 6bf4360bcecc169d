import { describe, expect, it } from 'vitest';
import { addressBucket, createConcurrencyLimiter, createTokenBucketLimiter } from './index.js';

describe('token bucket', () => {
  it('admits a burst of capacity, refuses the next with the wait until one refills', () => {
    const l = createTokenBucketLimiter();
    const t0 = 1_000_000;
    for (let i = 0; i < 20; i++) expect(l.take('k', 20, 1, t0).ok).toBe(true);
    const r = l.take('k', 20, 1, t0);
    expect(r.ok).toBe(false);
    expect(r.retryAfterMs).toBe(3_000);
    expect(l.take('k', 20, 1, t0 + 3_000).ok).toBe(true);
    expect(l.take('other', 20, 1, t0).ok).toBe(true);
  });

  it('lets a cost overdraw once, then waits until the balance is positive again', () => {
    const l = createTokenBucketLimiter();
    expect(l.take('k', 100, 250, 0).ok).toBe(true);
    const r = l.take('k', 100, 1, 0);
    expect(r.ok).toBe(false);
    expect(r.retryAfterMs).toBe(Math.ceil((151 * 60_000) / 100));
    l.charge('k', 100, 50, 0);
    expect(l.take('k', 100, 1, 0).retryAfterMs).toBe(Math.ceil((201 * 60_000) / 100));
  });

  it('sweeps refilled buckets instead of growing without bound', () => {
    const l = createTokenBucketLimiter({ maxEntries: 100 });
    for (let i = 0; i < 100; i++) l.take(`ip${i}`, 10, 1, 0);
    expect(l.size()).toBe(100);
    l.take('late', 10, 1, 120_000);
    expect(l.size()).toBe(1);
  });
});

describe('concurrency limiter', () => {
  it('caps in-flight work per key and releases once per acquisition', () => {
    const c = createConcurrencyLimiter();
    const a = c.acquire('k', 2)!;
    const b = c.acquire('k', 2)!;
    expect(c.acquire('k', 2)).toBeUndefined();
    a();
    a();
    expect(c.inFlight('k')).toBe(1);
    expect(c.acquire('k', 2)).toBeTypeOf('function');
    b();
    expect(c.inFlight('k')).toBe(1);
  });
});

describe('addressBucket', () => {
  it.each([
    ['10.1.2.3', '10.1.2.3'],
    ['::ffff:10.1.2.3', '10.1.2.3'],
    ['2001:db8:1:2:aaaa::1', '2001:db8:1:2::/64'],
    ['2001:db8:1:2:bbbb:cccc:dddd:eeee', '2001:db8:1:2::/64'],
    ['2001:db8::1', '2001:db8:0:0::/64'],
    ['::1', '0:0:0:0::/64'],
    [undefined, 'unknown'],
  ])('%s → %s', (addr, bucket) => {
    expect(addressBucket(addr)).toBe(bucket);
  });
});
