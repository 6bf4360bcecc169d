import { statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { BulwarkError, BULWARK_VERSION, type Severity } from '../core/index.js';
import { openFileSource, scanModelSource, type ModelFinding } from '../scan/model/index.js';
import { scanRelease } from '../scan/release/index.js';
import { createProgress, SCAN_REPORT_SCHEMA_VERSION, severityRank, type ScanError, type ScanFinding, type ScanKind, type ScanReport } from '../scan/report/index.js';
import { parse } from './args.js';
import { loadConfig, type Environment } from './environment.js';
import { EXIT, type ExitCode } from './exit-codes.js';
import { emitReport, parseFailOn, parseFormat, REPORT_OPTIONS } from './scan-output.js';
import { walkFiles } from '../scan/walk/index.js';

const MODEL_HELP = `bulwark scan model PATH... [--format table|json|sarif|markdown|junit|html] [--output FILE] [--fail-on SEVERITY|none] [--config FILE]
Scans model files without loading them: pickle (protocols 0-5), PyTorch zip/legacy/TorchScript,
NumPy .npy/.npz, joblib, safetensors, GGUF (chat templates), Keras .keras/.h5, ONNX, zip/tar.
Directories are walked. Default --fail-on: scan.model.failOn (high).
Exit 0 clean, 1 findings at or above --fail-on, 2 usage or runtime error, 3 no model file found.`;

const RELEASE_HELP = `bulwark scan release PATH [--history] [--format ...] [--output FILE] [--fail-on SEVERITY|none] [--config FILE]
What must not be published: secrets, personal data (text, CSV, JSONL; large files sampled),
model weights and checkpoints, internal hostnames / private IPs / internal URLs, .env files,
private keys, large binaries. --history also reads every commit through git (read-only).
Exit 0 clean, 1 findings at or above --fail-on (default scan.release.failOn: medium), 2 error, 3 nothing to scan.`;

export function isFailing(severity: Severity, failOn: Severity | undefined): boolean {
  return failOn !== undefined && severityRank(severity) >= severityRank(failOn);
}

export function newReport(kind: ScanKind, targets: string[], startedAt: Date): ScanReport {
  return { schema: 'bulwark.scan-report', schemaVersion: SCAN_REPORT_SCHEMA_VERSION, kind, tool: { name: 'bulwark', version: BULWARK_VERSION }, startedAt: startedAt.toISOString(), finishedAt: startedAt.toISOString(), targets, scanned: 0, stats: {}, findings: [], errors: [] };
}

function toScanFinding(f: ModelFinding, path: string, failOn: Severity | undefined): ScanFinding {
  return {
    code: f.code,
    severity: f.severity,
    title: f.title,
    message: f.message,
    subject: path,
    location: { path, ...(f.detail === undefined ? {} : { detail: f.detail }) },
    ...(f.references === undefined ? {} : { references: f.references }),
    failing: isFailing(f.severity, failOn),
  };
}

/** Files under the given paths (directories walked, symlinks not followed, .git skipped), sorted. */
export function collectFiles(cwd: string, paths: string[], errors: ScanError[]): { abs: string; rel: string }[] {
  const out: { abs: string; rel: string }[] = [];
  for (const p of paths) {
    const abs = resolve(cwd, p);
    let st;
    try {
      st = statSync(abs);
    } catch {
      throw new BulwarkError('MODEL_PATH_NOT_FOUND', `no such file or directory: ${p}`);
    }
    if (st.isFile()) {
      out.push({ abs, rel: p.split(sep).join('/') });
      continue;
    }
    for (const f of walkFiles(abs, { onError: (rel, err) => errors.push({ target: relative(cwd, join(abs, rel)) || '.', code: 'MODEL_READ_FAILED', message: `cannot list directory: ${err.code ?? 'error'}` }) })) {
      out.push({ abs: f.abs, rel: f.rel });
    }
  }
  return out.sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0));
}

export async function scanModelCommand(args: string[], environment: Environment): Promise<ExitCode> {
  const { values, positionals } = parse(args, { ...REPORT_OPTIONS, config: { type: 'string' } });
  if (values.help) {
    environment.stdout.write(`${MODEL_HELP}\n`);
    return EXIT.OK;
  }
  if (positionals.length === 0) throw new BulwarkError('USAGE', `scan model: give at least one PATH\n${MODEL_HELP}`);
  const format = parseFormat(values.format);
  const { config } = loadConfig(environment, values.config);
  const options = config.scan.model;
  const failOn = parseFailOn(values['fail-on'], options.failOn === 'none' ? 'critical' : options.failOn);
  const effectiveFailOn = values['fail-on'] === undefined && options.failOn === 'none' ? undefined : failOn;
  const report = newReport('model', positionals, new Date());
  const files = collectFiles(environment.cwd, positionals, report.errors);
  const progress = createProgress({ stream: environment.stderr, label: 'scan model' });
  progress.total(files.length);
  const allow = new Set(options.allowGlobals);
  const deny = new Set(options.denyGlobals);
  const formats: Record<string, number> = {};
  let bytes = 0;
  for (const file of files) {
    progress.tick(file.rel);
    let source;
    try {
      source = openFileSource(file.abs);
    } catch (err) {
      report.errors.push({ target: file.rel, code: 'MODEL_READ_FAILED', message: `cannot open: ${(err as NodeJS.ErrnoException).code ?? 'error'}` });
      continue;
    }
    try {
      const r = await scanModelSource(source, file.rel, { allowGlobals: allow, denyGlobals: deny, maxCompressionRatio: options.maxCompressionRatio, maxInflatedBytes: options.maxInflatedBytes });
      if (r.format === undefined) continue;
      report.scanned++;
      bytes += source.size;
      formats[r.format] = (formats[r.format] ?? 0) + 1;
      for (const f of r.findings) report.findings.push(toScanFinding(f, file.rel, effectiveFailOn));
    } catch (err) {
      report.errors.push({ target: file.rel, code: 'MODEL_READ_FAILED', message: `cannot read: ${(err as NodeJS.ErrnoException).code ?? 'I/O error'}` });
    } finally {
      source.close();
    }
  }
  progress.done();
  report.finishedAt = new Date().toISOString();
  report.stats = { files: report.scanned, walked: files.length, bytes, ...Object.fromEntries(Object.entries(formats).map(([k, v]) => [`format:${k}`, v])) };
  const code = emitReport(environment, report, format, values.output);
  return report.errors.length > 0 && code === EXIT.OK ? EXIT.ERROR : code;
}

export async function scanReleaseCommand(args: string[], environment: Environment): Promise<ExitCode> {
  const { values, positionals } = parse(args, { ...REPORT_OPTIONS, config: { type: 'string' }, history: { type: 'boolean', default: false } });
  if (values.help) {
    environment.stdout.write(`${RELEASE_HELP}\n`);
    return EXIT.OK;
  }
  if (positionals.length !== 1) throw new BulwarkError('USAGE', `scan release: give exactly one PATH\n${RELEASE_HELP}`);
  const format = parseFormat(values.format);
  const { config } = loadConfig(environment, values.config);
  const options = config.scan.release;
  const fallback = options.failOn === 'none' ? undefined : options.failOn;
  const failOn = values['fail-on'] === undefined ? fallback : parseFailOn(values['fail-on'], 'medium');
  const root = resolve(environment.cwd, positionals[0]!);
  let st;
  try {
    st = statSync(root);
  } catch {
    throw new BulwarkError('MODEL_PATH_NOT_FOUND', `no such file or directory: ${positionals[0]}`);
  }
  const report = newReport('release', positionals, new Date());
  const progress = createProgress({ stream: environment.stderr, label: 'scan release' });
  const result = await scanRelease({ root, isDirectory: st.isDirectory(), history: values.history === true, options, progress });
  progress.done();
  report.scanned = result.scanned;
  report.stats = result.stats;
  report.errors = result.errors;
  report.findings = result.findings.map((f) => ({ ...f, failing: isFailing(f.severity, failOn) }));
  report.finishedAt = new Date().toISOString();
  return emitReport(environment, report, format, values.output);
}
