import { describe, expect, it } from 'vitest';
import { createPacer, runScheduled } from './scheduler.js';

const ep = (host: string, port: number) => ({ host, port, from: host });

describe('scheduler', () => {
  it('bounds global and per-host concurrency and keeps input order', async () => {
    let active = 0;
    let peak = 0;
    const perHost = new Map<string, number>();
    let perHostPeak = 0;
    const endpoints = Array.from({ length: 40 }, (_, i) => ep(`h${i % 4}`, i));
    const out = await runScheduled(endpoints, { concurrency: 6, perHostConcurrency: 2, pacingMs: 0, signal: new AbortController().signal }, async (e) => {
      active++;
      perHost.set(e.host, (perHost.get(e.host) ?? 0) + 1);
      peak = Math.max(peak, active);
      perHostPeak = Math.max(perHostPeak, perHost.get(e.host)!);
      await new Promise((r) => setTimeout(r, 2));
      active--;
      perHost.set(e.host, perHost.get(e.host)! - 1);
      return e.port;
    });
    expect(out).toEqual(endpoints.map((e) => e.port));
    expect(peak).toBeLessThanOrEqual(6);
    expect(perHostPeak).toBeLessThanOrEqual(2);
  });

  it('abort leaves unstarted tasks undefined and returns promptly', async () => {
    const stop = new AbortController();
    const endpoints = Array.from({ length: 50 }, (_, i) => ep('h', i));
    setTimeout(() => stop.abort(), 30);
    const out = await runScheduled(endpoints, { concurrency: 2, perHostConcurrency: 1, pacingMs: 0, signal: stop.signal }, async (e) => {
      await new Promise((r) => setTimeout(r, 10));
      return e.port;
    });
    expect(out.filter((x) => x === undefined).length).toBeGreaterThan(30);
  });

  it('paces connection starts to one host by the gap, with an injected clock', async () => {
    let now = 1000;
    const pacer = createPacer(50, new AbortController().signal, () => now);
    const starts: number[] = [];
    await pacer.pace('a');
    starts.push(now);
    now += 10;
    const t0 = Date.now();
    await pacer.pace('a'); // must wait 40 ms of real time
    expect(Date.now() - t0).toBeGreaterThanOrEqual(35);
    await pacer.pace('b'); // another host is not held up
  });
});
