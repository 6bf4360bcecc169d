import type { Endpoint } from './targets.js';

/**
 * Runs one task per endpoint with bounded global and per-host concurrency, a minimum gap between
 * connections to the same host, and one abort signal for the total deadline and Ctrl-C. Tasks
 * never started when the signal fires are returned as skipped, so partial results survive.
 */

export interface SchedulerOptions {
  concurrency: number;
  perHostConcurrency: number;
  pacingMs: number;
  signal: AbortSignal;
  now?: () => number;
  onDone?(index: number): void;
}

export interface Pacer {
  pace(host: string): Promise<void>;
}

/** Resolves after `ms`, or at once when the scan is aborted (Ctrl-C, deadline): never rejects. */
export function wait(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (ms <= 0 || signal.aborted) return resolve();
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}

/** Connection starts to one host are spaced at least `gapMs` apart. */
export function createPacer(gapMs: number, signal: AbortSignal, now: () => number = Date.now): Pacer {
  const next = new Map<string, number>();
  return {
    async pace(host) {
      if (gapMs <= 0) return;
      const t = now();
      const at = Math.max(t, next.get(host) ?? 0);
      next.set(host, at + gapMs);
      await wait(at - t, signal);
    },
  };
}

export async function runScheduled<R>(endpoints: readonly Endpoint[], options: SchedulerOptions, task: (endpoint: Endpoint, pacer: Pacer) => Promise<R>): Promise<(R | undefined)[]> {
  const results: (R | undefined)[] = new Array(endpoints.length).fill(undefined);
  const pacer = createPacer(options.pacingMs, options.signal, options.now);
  const active = new Map<string, number>();
  const waiting = new Map<string, (() => void)[]>();
  let next = 0;

  const acquire = async (host: string): Promise<void> => {
    while (!options.signal.aborted && (active.get(host) ?? 0) >= options.perHostConcurrency) {
      await new Promise<void>((resolve) => {
        const list = waiting.get(host) ?? [];
        list.push(resolve);
        waiting.set(host, list);
      });
    }
    active.set(host, (active.get(host) ?? 0) + 1);
  };
  const release = (host: string): void => {
    const n = (active.get(host) ?? 1) - 1;
    if (n === 0) active.delete(host);
    else active.set(host, n);
    const list = waiting.get(host);
    const wake = list?.shift();
    if (list && list.length === 0) waiting.delete(host);
    wake?.();
  };
  // Waiters for a host slot are woken on abort so every worker can finish.
  const onAbort = () => {
    for (const list of waiting.values()) for (const w of list.splice(0)) w();
  };
  options.signal.addEventListener('abort', onAbort, { once: true });

  const worker = async (): Promise<void> => {
    while (!options.signal.aborted) {
      const i = next++;
      if (i >= endpoints.length) return;
      const e = endpoints[i]!;
      await acquire(e.host);
      try {
        if (options.signal.aborted) return;
        results[i] = await task(e, pacer);
        options.onDone?.(i);
      } finally {
        release(e.host);
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(options.concurrency, endpoints.length) }, worker));
  } finally {
    options.signal.removeEventListener('abort', onAbort);
  }
  return results;
}
