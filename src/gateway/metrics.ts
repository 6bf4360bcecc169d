import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { AuditTrailStats } from '../audit/index.js';

export interface GatewayMetrics {
  registry: Registry;
  request(route: string, status: number, model: string, tenant: string, seconds: number): void;
  upstream(upstream: string, seconds: number): void;
  rejected(limiter: string): void;
  guard(guard: string, verdict: string): void;
}

/**
 * Prometheus metrics in a registry of the gateway's own (several gateways can live in one test
 * process). Label values are bounded: routes come from the endpoint table, tenants from the
 * store, and model names, which clients choose, are capped so a client cannot explode cardinality.
 */
export function createGatewayMetrics(options: { maxModelLabels: number; defaultMetrics: boolean; audit?: { stats(): AuditTrailStats } }): GatewayMetrics {
  const registry = new Registry();
  if (options.defaultMetrics) collectDefaultMetrics({ register: registry, prefix: 'bulwark_' });
  const audit = options.audit;
  if (audit !== undefined) {
    // Read when scraped: the trail keeps the counts, nothing is added to the request path.
    const gauge = (name: string, help: string, read: (s: AuditTrailStats) => number): void =>
      void new Gauge({
        name,
        help,
        registers: [registry],
        collect() {
          this.set(read(audit.stats()));
        },
      });
    gauge('bulwark_audit_records_pending', 'Audit records waiting for their group\'s journal write (answers wait for it).', (s) => s.pending);
    // Counts the trail keeps, exposed as counters: a scrape sets each to the trail's figure.
    const counter = (name: string, help: string, read: (s: AuditTrailStats) => number): void =>
      void new Counter({
        name,
        help,
        registers: [registry],
        collect() {
          this.reset();
          this.inc(read(audit.stats()));
        },
      });
    counter('bulwark_audit_records_total', 'Audit records journaled (acknowledged) since the start.', (s) => s.records);
    counter('bulwark_audit_group_writes_total', 'Journal writes (group commits): records_total over this is the records per write.', (s) => s.batches);
    gauge('bulwark_audit_records_unindexed', 'Audit records journaled but not yet indexed into the audit database (searches wait for them).', (s) => s.unindexed);
  }
  const requests = new Counter({ name: 'bulwark_requests_total', help: 'Requests by route, status, model and tenant.', labelNames: ['route', 'status', 'model', 'tenant'] as const, registers: [registry] });
  const latency = new Histogram({ name: 'bulwark_request_duration_seconds', help: 'Gateway request latency (until the response ended).', labelNames: ['route'] as const, buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60], registers: [registry] });
  const upstreamLatency = new Histogram({ name: 'bulwark_upstream_duration_seconds', help: 'Time until the upstream answered with headers.', labelNames: ['upstream'] as const, buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60], registers: [registry] });
  const rejections = new Counter({ name: 'bulwark_limiter_rejections_total', help: 'Requests refused by a limiter.', labelNames: ['limiter'] as const, registers: [registry] });
  const guards = new Counter({ name: 'bulwark_guard_verdicts_total', help: 'Guard verdicts by guard id.', labelNames: ['guard', 'verdict'] as const, registers: [registry] });
  const models = new Set<string>();
  const requestChildren = new Map<string, { count: { inc(): void }; latency: { observe(v: number): void } }>();
  // Upstream names and guard ids come from the configuration, verdicts from a fixed set: bounded.
  const upstreamChildren = new Map<string, { observe(v: number): void }>();
  const guardChildren = new Map<string, { inc(): void }>();
  const child = <T>(cache: Map<string, T>, key: string, make: () => T): T => {
    let c = cache.get(key);
    if (c === undefined) cache.set(key, (c = make()));
    return c;
  };
  const modelLabel = (m: string): string => {
    if (m === '' || models.has(m)) return m;
    if (models.size >= options.maxModelLabels) return '_other';
    models.add(m);
    return m;
  };
  return {
    registry,
    request: (route, status, model, tenant, seconds) => {
      // Children are resolved once per label combination: prom-client hashes the label object on
      // every inc()/observe() otherwise, a measurable share of a request's cost.
      const key = `${route}\u0000${status}\u0000${model}\u0000${tenant}`;
      let child = requestChildren.get(key);
      if (child === undefined) {
        if (requestChildren.size >= 10_000) requestChildren.clear();
        child = { count: requests.labels(route, String(status), modelLabel(model), tenant), latency: latency.labels(route) };
        requestChildren.set(key, child);
      }
      child.count.inc();
      child.latency.observe(seconds);
    },
    upstream: (upstream, seconds) => child(upstreamChildren, upstream, () => upstreamLatency.labels(upstream)).observe(seconds),
    rejected: (limiter) => rejections.inc({ limiter }),
    guard: (guard, verdict) => child(guardChildren, `${guard}\u0000${verdict}`, () => guards.labels(guard, verdict)).inc(),
  };
}
