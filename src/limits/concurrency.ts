/**
 * Counting semaphores without a queue: a request over the cap is refused at once (429) rather
 * than parked, so a burst cannot pile up sockets and memory inside the gateway.
 */
export interface ConcurrencyLimiter {
  /** Returns a release function, or undefined when `key` already has `limit` in flight. */
  acquire(key: string, limit: number): (() => void) | undefined;
  inFlight(key: string): number;
}

export function createConcurrencyLimiter(): ConcurrencyLimiter {
  const counts = new Map<string, number>();
  return {
    acquire(key, limit) {
      const n = counts.get(key) ?? 0;
      if (n >= limit) return undefined;
      counts.set(key, n + 1);
      let released = false;
      return () => {
        if (released) return;
        released = true;
        const m = (counts.get(key) ?? 1) - 1;
        if (m <= 0) counts.delete(key);
        else counts.set(key, m);
      };
    },
    inFlight: (key) => counts.get(key) ?? 0,
  };
}
