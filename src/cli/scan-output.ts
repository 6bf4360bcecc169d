import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { BulwarkError, type Severity } from '../core/index.js';
import { isSeverity, REPORT_FORMATS, renderReport, type ReportFormat, type ScanReport } from '../scan/report/index.js';
import type { Environment } from './environment.js';
import { scanExitCode, type ExitCode } from './exit-codes.js';

/** The flags every scanner shares; spread into a command's parseArgs options. */
export const REPORT_OPTIONS = {
  format: { type: 'string', short: 'f' },
  output: { type: 'string', short: 'o' },
  'fail-on': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

export function parseFormat<E extends string = never>(value: string | undefined, extra: readonly E[] = []): ReportFormat | E {
  if (value === undefined) return 'table';
  if ((REPORT_FORMATS as readonly string[]).includes(value) || (extra as readonly string[]).includes(value)) return value as ReportFormat | E;
  throw new BulwarkError('USAGE', `--format: expected one of ${[...REPORT_FORMATS, ...extra].join(', ')}, got "${value}"`);
}

/** --fail-on critical|high|medium|low|info|none → the lowest severity that fails, or undefined for none. */
export function parseFailOn(value: string | undefined, fallback: Severity): Severity | undefined {
  if (value === undefined) return fallback;
  if (value === 'none') return undefined;
  if (isSeverity(value)) return value;
  throw new BulwarkError('USAGE', `--fail-on: expected critical, high, medium, low, info or none, got "${value}"`);
}

function useColor(environment: Environment): boolean {
  const out = environment.stdout as NodeJS.WritableStream & { isTTY?: boolean };
  return out.isTTY === true && (environment.env.NO_COLOR === undefined || environment.env.NO_COLOR === '');
}

/** Writes `text` to --output (created or replaced) or stdout. */
export function writeOutput(environment: Environment, output: string | undefined, text: string): void {
  if (output === undefined || output === '-') {
    environment.stdout.write(text);
    return;
  }
  try {
    writeFileSync(resolve(environment.cwd, output), text);
  } catch (err) {
    throw new BulwarkError('USAGE', `--output: cannot write ${output}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
}

/** Renders the report in the chosen format, writes it, and decides the exit code. */
export function emitReport(environment: Environment, report: ScanReport, format: ReportFormat, output?: string): ExitCode {
  const color = output === undefined && format === 'table' && useColor(environment);
  writeOutput(environment, output, renderReport(report, format, { color }));
  return scanExitCode(report);
}
