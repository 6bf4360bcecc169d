/**
 * In-memory token buckets, one per key (API key id, client address, ...). A bucket holds up to
 * `capacity` units and refills at capacity per `periodMs`, so "20 per minute" admits a burst of
 * 20 and then one every 3 s. Balances may go negative when a cost is only known afterwards
 * (completion tokens), which pushes the next admission further out.
 */
export interface TakeResult {
  ok: boolean;
  /** When not ok: milliseconds until the request would be admitted. */
  retryAfterMs: number;
}

export interface RateLimiter {
  /** Checks that the bucket is positive and, if so, takes `cost` (which may overdraw it). */
  take(key: string, capacity: number, cost: number, now: number): TakeResult;
  /** Charges a cost learned after the fact (no check). */
  charge(key: string, capacity: number, cost: number, now: number): void;
  size(): number;
}

interface Bucket {
  tokens: number;
  updatedAt: number;
}

export interface TokenBucketOptions {
  periodMs?: number;
  /** Above this many buckets, full ones are swept: a full bucket is the same as no bucket. */
  maxEntries?: number;
}

export function createTokenBucketLimiter(options: TokenBucketOptions = {}): RateLimiter {
  const periodMs = options.periodMs ?? 60_000;
  const maxEntries = options.maxEntries ?? 100_000;
  const buckets = new Map<string, Bucket>();

  const refill = (b: Bucket, capacity: number, now: number): void => {
    const elapsed = now - b.updatedAt;
    if (elapsed > 0) {
      b.tokens = Math.min(capacity, b.tokens + (elapsed * capacity) / periodMs);
      b.updatedAt = now;
    }
  };

  const sweep = (now: number): void => {
    for (const [k, b] of buckets) {
      // Capacity is unknown here; a bucket idle for a whole period has refilled whatever it was.
      if (now - b.updatedAt >= periodMs && b.tokens >= 0) buckets.delete(k);
    }
  };

  const get = (key: string, capacity: number, now: number): Bucket => {
    let b = buckets.get(key);
    if (b === undefined) {
      if (buckets.size >= maxEntries) sweep(now);
      b = { tokens: capacity, updatedAt: now };
      buckets.set(key, b);
    } else {
      refill(b, capacity, now);
    }
    return b;
  };

  return {
    take(key, capacity, cost, now) {
      const b = get(key, capacity, now);
      // Admit while at least one unit is left (a large prompt may overdraw); else say when one is.
      const need = Math.min(cost, 1);
      if (b.tokens >= need) {
        b.tokens -= cost;
        return { ok: true, retryAfterMs: 0 };
      }
      return { ok: false, retryAfterMs: Math.ceil(((need - b.tokens) * periodMs) / capacity) };
    },
    charge(key, capacity, cost, now) {
      get(key, capacity, now).tokens -= cost;
    },
    size: () => buckets.size,
  };
}
