import { setMaxListeners } from 'node:events';
import type { Severity } from '../../core/index.js';
import { SCAN_REPORT_SCHEMA_VERSION, type ScanError, type ScanFinding, type ScanReport } from '../report/index.js';
import type { Advisories, Fingerprints } from './data.js';
import { scanEndpoint, type EndpointResult, type EngineOptions } from './engine.js';
import { findingsFor } from './findings.js';
import { runScheduled } from './scheduler.js';
import { endpointText, type Endpoint } from './targets.js';

/** The whole scan: endpoints in, a report out, within the deadline, partial on interruption. */

export interface ExposureScanOptions extends EngineOptions {
  concurrency: number;
  perHostConcurrency: number;
  pacingMs: number;
  deadlineMs: number;
  failOn: Severity | undefined;
}

export interface ExposureScanInput {
  /** What the user asked for (printed in the report). */
  targets: string[];
  endpoints: readonly Endpoint[];
  data: { fingerprints: Fingerprints; advisories: Advisories };
  options: ExposureScanOptions;
  /** Ctrl-C: results so far are kept. */
  signal?: AbortSignal;
  clock?: () => number;
  version: string;
  onProgress?(target: string): void;
  onRequest?(endpoint: Endpoint, request: string): void;
  /** Errors found before probing (unresolvable names). */
  preErrors?: ScanError[];
}

export interface ExposureScanResult {
  report: ScanReport;
  results: EndpointResult[];
  /** 'deadline' or 'interrupted' when the scan was cut short. */
  cutBy?: 'deadline' | 'interrupted';
}

const SKIPPED_LISTED = 10;

export async function scanExposure(input: ExposureScanInput): Promise<ExposureScanResult> {
  const clock = input.clock ?? Date.now;
  const startedAt = new Date(clock()).toISOString();
  const controller = new AbortController();
  // Every in-flight probe listens for the abort: up to `concurrency` listeners is expected.
  setMaxListeners(0, controller.signal);
  let cutBy: ExposureScanResult['cutBy'];
  const deadline = setTimeout(() => {
    cutBy ??= 'deadline';
    controller.abort();
  }, input.options.deadlineMs);
  const onInterrupt = () => {
    cutBy ??= 'interrupted';
    controller.abort();
  };
  if (input.signal?.aborted) onInterrupt();
  input.signal?.addEventListener('abort', onInterrupt, { once: true });
  const o = input.options;
  let raw: (EndpointResult | undefined)[];
  try {
    raw = await runScheduled(input.endpoints, { concurrency: o.concurrency, perHostConcurrency: o.perHostConcurrency, pacingMs: o.pacingMs, signal: controller.signal, now: clock }, async (endpoint, pacer) => {
      const r = await scanEndpoint(endpoint, {
        services: input.data.fingerprints.services,
        advisories: input.data.advisories.advisories,
        options: o,
        pace: (h) => pacer.pace(h),
        signal: controller.signal,
        onRequest: input.onRequest,
      });
      input.onProgress?.(r.target);
      return r;
    });
  } finally {
    clearTimeout(deadline);
    input.signal?.removeEventListener('abort', onInterrupt);
  }

  const results = raw.filter((r): r is EndpointResult => r !== undefined);
  const cutCode = cutBy === 'interrupted' ? 'EXPOSURE_INTERRUPTED' : 'EXPOSURE_DEADLINE';
  const cutText = cutBy === 'interrupted' ? 'the scan was interrupted' : `the scan reached its ${o.deadlineMs} ms deadline`;
  const errors: ScanError[] = [...(input.preErrors ?? [])];
  const findings: ScanFinding[] = [];
  for (const r of results) {
    errors.push(...r.errors);
    if (r.cut) errors.push({ target: r.target, code: cutCode, message: `${cutText} while this target was being probed; what was learned so far is reported` });
    findings.push(...findingsFor(r, { failOn: o.failOn }));
  }
  const skipped = input.endpoints.filter((_, i) => raw[i] === undefined);
  if (skipped.length > 0) {
    const listed = skipped.slice(0, SKIPPED_LISTED).map((e) => endpointText(e.host, e.port)).join(', ');
    errors.push({ target: `${skipped.length} targets`, code: cutCode, message: `${cutText}; ${skipped.length} host:port targets were not scanned: ${listed}${skipped.length > SKIPPED_LISTED ? ', …' : ''}` });
  }
  const count = (pred: (r: EndpointResult) => boolean) => results.filter(pred).length;
  const report: ScanReport = {
    schema: 'bulwark.scan-report',
    schemaVersion: SCAN_REPORT_SCHEMA_VERSION,
    kind: 'exposure',
    tool: { name: 'bulwark', version: input.version },
    startedAt,
    finishedAt: new Date(clock()).toISOString(),
    targets: input.targets,
    scanned: count((r) => !r.cut),
    stats: {
      'host:port probed': count((r) => !r.cut),
      open: count((r) => r.state === 'open'),
      closed: count((r) => r.state === 'closed'),
      filtered: count((r) => r.state === 'filtered'),
      services: count((r) => r.identification !== undefined),
      'without auth': count((r) => r.identification?.auth === 'none' && r.identification.service.protects !== true),
      protected: count((r) => r.identification?.service.protects === true),
      unknown: count((r) => r.state === 'open' && r.identification === undefined),
      'not scanned': skipped.length + count((r) => r.cut === true),
      requests: results.reduce((n, r) => n + r.requests, 0),
    },
    findings,
    errors,
  };
  return { report, results, ...(cutBy ? { cutBy } : {}) };
}
