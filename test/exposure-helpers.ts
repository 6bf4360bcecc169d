import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../src/cli/main.js';
import { scanExposureCommand } from '../src/cli/scan-exposure.js';
import type { ScanFinding, ScanReport } from '../src/scan/report/index.js';
import { captureEnvironment } from './cli-run.js';

/** Runs `bulwark scan exposure …` in-process with captured streams and a scratch BULWARK_HOME. */
export async function runExposure(args: string[], opts: { signal?: AbortSignal; files?: Record<string, string> } = {}) {
  const home = mkdtempSync(join(tmpdir(), 'bulwark-exposure-'));
  try {
    for (const [name, text] of Object.entries(opts.files ?? {})) writeFileSync(join(home, name), text);
    const { environment, result } = captureEnvironment(home);
    return result(opts.signal ? await scanExposureCommand(args, environment, opts.signal) : await main(['scan', 'exposure', ...args], environment));
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}

export function parseReport(out: string): ScanReport {
  return JSON.parse(out) as ScanReport;
}

/** Findings of one target. */
export function findingsOf(report: ScanReport, target: string): ScanFinding[] {
  return report.findings.filter((f) => f.location.target === target);
}

/** The service finding (no-auth / auth-required / protected / unknown / found) of one target. */
export function serviceFinding(report: ScanReport, target: string): ScanFinding | undefined {
  return findingsOf(report, target).find((f) => ['EXPOSURE_NO_AUTH', 'EXPOSURE_AUTH_REQUIRED', 'EXPOSURE_PROTECTED', 'EXPOSURE_UNKNOWN_SERVICE', 'EXPOSURE_SERVICE_FOUND'].includes(f.code));
}
