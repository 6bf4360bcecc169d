import { randomUUID } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { BULWARK_VERSION, BulwarkError, type ErrorCode, type Severity } from '../core/index.js';
import { openAdvisoryDb, advisoryDbStatus, type AdvisoryDb } from '../scan/advisories/index.js';
import {
  buildDepsReport,
  loadDependencyFiles,
  parseIgnoreFile,
  readCapped,
  readCycloneDx,
  toCycloneDx,
  type IgnoreEntry,
  type LockfileInput,
} from '../scan/deps/index.js';
import { createProgress, SCAN_REPORT_SCHEMA_VERSION, type ScanError, type ScanReport } from '../scan/report/index.js';
import { parse } from './args.js';
import { loadConfig, type Environment, type LoadedConfig } from './environment.js';
import { scanExitCode, type ExitCode } from './exit-codes.js';
import { emitReport, parseFailOn, parseFormat, REPORT_OPTIONS, writeOutput } from './scan-output.js';

const HELP = `bulwark scan deps [PATH] [flags]     lockfiles and manifests under PATH (default .)
bulwark scan sbom FILE [flags]       a stored CycloneDX JSON SBOM against the current advisory database

Reads package-lock.json (v1-3), npm-shrinkwrap.json, pnpm-lock.yaml (v6, v9), yarn.lock (classic,
berry), bun.lock, requirements*.txt, poetry.lock, Pipfile.lock, uv.lock, pdm.lock; a package.json or
pyproject.toml without a lockfile is reported as unpinned. node_modules is skipped unless asked.

  --format, -f FMT          table (default) | json | sarif | markdown | junit | html | cyclonedx
  --output, -o FILE         write the report to FILE
  --with-vulnerabilities    cyclonedx: include the vulnerabilities found
  --fail-on SEV|none        lowest severity that fails (default scan.deps.failOn, high)
  --fail-on-epss P          also fail vulnerabilities with EPSS probability >= P (0..1)
  --fail-on-kev             also fail vulnerabilities in the CISA KEV catalogue
  --ignore-file FILE        ignore entries (id, reason, expires); default .bulwark-ignore.yaml in PATH
  --db FILE                 advisory database (default scan.deps.database in the data directory)
  --include-node-modules    walk into node_modules too
  --exclude GLOB            skip paths matching GLOB (repeatable; replaces scan.deps.exclude)
  --config FILE             configuration file

A malicious package (MAL- advisory) always fails. Exit codes: 0 clean, 1 findings over the policy,
2 usage or runtime error (an unreadable lockfile included), 3 nothing to scan.`;

const OPTIONS = {
  ...REPORT_OPTIONS,
  'with-vulnerabilities': { type: 'boolean' },
  'fail-on-epss': { type: 'string' },
  'fail-on-kev': { type: 'boolean' },
  'ignore-file': { type: 'string' },
  db: { type: 'string' },
  'include-node-modules': { type: 'boolean' },
  exclude: { type: 'string', multiple: true },
  config: { type: 'string' },
} as const;

type Values = ReturnType<typeof parse<typeof OPTIONS>>['values'];

/** --db, else scan.deps.database (relative paths inside the data directory). */
export function advisoryDbPath(environment: Environment, loaded: LoadedConfig, flag: string | undefined): string {
  if (flag !== undefined) return resolve(environment.cwd, flag);
  const p = loaded.config.scan.deps.database;
  return isAbsolute(p) ? p : join(loaded.home, p);
}

function parseEpss(value: string | undefined, fallback: number | undefined): number | undefined {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < 0 || n > 1) throw new BulwarkError('USAGE', `--fail-on-epss: expected a probability between 0 and 1, got "${value}"`);
  return n;
}

interface Prepared {
  loaded: LoadedConfig;
  format: ReturnType<typeof parseFormat<'cyclonedx'>>;
  failOn: Severity | undefined;
  failOnEpss: number | undefined;
  failOnKev: boolean;
}

function prepare(values: Values, environment: Environment): Prepared {
  const loaded = loadConfig(environment, values.config);
  const deps = loaded.config.scan.deps;
  const format = parseFormat(values.format, ['cyclonedx'] as const);
  if (values['with-vulnerabilities'] && format !== 'cyclonedx') throw new BulwarkError('USAGE', '--with-vulnerabilities applies to --format cyclonedx');
  const failOn = values['fail-on'] === undefined ? (deps.failOn === 'none' ? undefined : deps.failOn) : parseFailOn(values['fail-on'], 'high');
  return { loaded, format, failOn, failOnEpss: parseEpss(values['fail-on-epss'], deps.failOnEpss), failOnKev: values['fail-on-kev'] === true || deps.failOnKev };
}

function loadIgnores(environment: Environment, p: Prepared, flag: string | undefined, scanRoot: string): IgnoreEntry[] {
  const deps = p.loaded.config.scan.deps;
  const file = flag !== undefined ? resolve(environment.cwd, flag) : resolve(scanRoot, deps.ignoreFile);
  if (!existsSync(file)) {
    if (flag !== undefined) throw new BulwarkError('USAGE', `--ignore-file: no such file: ${flag}`);
    return [];
  }
  return parseIgnoreFile(readCapped(file, deps.maxFileBytes, basename(file)), basename(file));
}

function openDb(environment: Environment, p: Prepared, flag: string | undefined): AdvisoryDb {
  const path = advisoryDbPath(environment, p.loaded, flag);
  const db = openAdvisoryDb(path, { create: false });
  const status = advisoryDbStatus(db);
  const last = status.lastImport.osv;
  const maxAge = p.loaded.config.scan.deps.maxDatabaseAgeDays;
  if (last !== undefined && Date.now() - Date.parse(last) > maxAge * 86_400_000) {
    environment.stderr.write(`bulwark scan: warning: the advisory database was last imported ${last.slice(0, 10)}, more than ${maxAge} days ago; import fresh OSV archives\n`);
  }
  return db;
}

function emptyReport(kind: 'deps' | 'sbom', targets: string[], started: number, errors: ScanError[]): ScanReport {
  return {
    schema: 'bulwark.scan-report',
    schemaVersion: SCAN_REPORT_SCHEMA_VERSION,
    kind,
    tool: { name: 'bulwark', version: BULWARK_VERSION },
    startedAt: new Date(started).toISOString(),
    finishedAt: new Date().toISOString(),
    targets,
    scanned: 0,
    stats: { lockfiles: 0, packages: 0 },
    findings: [],
    errors,
  };
}

async function run(kind: 'deps' | 'sbom', args: string[], environment: Environment): Promise<ExitCode> {
  const { values, positionals } = parse(args, OPTIONS);
  if (values.help) {
    environment.stdout.write(`${HELP}\n`);
    return 0;
  }
  if (positionals.length > 1) throw new BulwarkError('USAGE', `scan ${kind}: one PATH at a time, got ${positionals.length}`);
  const p = prepare(values, environment);
  const deps = p.loaded.config.scan.deps;
  const started = Date.now();
  const progress = createProgress({ stream: environment.stderr as NodeJS.WritableStream & { isTTY?: boolean }, label: `scan ${kind}` });
  let lockfiles: LockfileInput[];
  let errors: ScanError[];
  let scanRoot: string;
  let target: string;
  if (kind === 'deps') {
    target = positionals[0] ?? '.';
    const abs = resolve(environment.cwd, target);
    scanRoot = existsSync(abs) && statSync(abs).isDirectory() ? abs : dirname(abs);
    ({ lockfiles, errors } = loadDependencyFiles(abs, {
      maxFileBytes: deps.maxFileBytes,
      exclude: values.exclude ?? deps.exclude,
      includeNodeModules: values['include-node-modules'] === true || deps.includeNodeModules,
      onFile: (f) => progress.tick(f),
    }));
  } else {
    const file = positionals[0];
    if (file === undefined) throw new BulwarkError('USAGE', 'scan sbom: give the CycloneDX JSON file to rescan');
    target = file;
    const abs = resolve(environment.cwd, file);
    if (!existsSync(abs)) throw new BulwarkError('USAGE', `scan sbom: no such file: ${file}`);
    scanRoot = dirname(abs);
    const rel = relative(environment.cwd, abs) || basename(abs);
    const packages = readCycloneDx(readCapped(abs, deps.maxFileBytes, rel), rel);
    lockfiles = [{ path: rel.split('\\').join('/'), result: { format: 'cyclonedx', packages, unpinned: [], includes: [] } }];
    errors = [];
  }
  const packageCount = lockfiles.reduce((n, l) => n + l.result.packages.length + l.result.unpinned.length, 0);
  let report: ScanReport;
  let cyclone: (() => string) | undefined;
  if (packageCount === 0) {
    report = emptyReport(kind, [target], started, errors);
    report.stats.lockfiles = lockfiles.length;
    cyclone = () => `${JSON.stringify(toCycloneDx([], [], { serialNumber: `urn:uuid:${randomUUID()}`, timestamp: new Date().toISOString(), toolVersion: BULWARK_VERSION, projectName: basename(scanRoot), vulnerabilities: values['with-vulnerabilities'] === true }), null, 2)}\n`;
  } else {
    const ignores = loadIgnores(environment, p, values['ignore-file'], scanRoot);
    const db = openDb(environment, p, values.db);
    try {
      progress.total(packageCount);
      const built = buildDepsReport({
        kind,
        targets: [target],
        lockfiles,
        errors,
        source: db,
        redLine: { ...(p.failOn !== undefined ? { failOn: p.failOn } : {}), ...(p.failOnEpss !== undefined ? { failOnEpss: p.failOnEpss } : {}), failOnKev: p.failOnKev },
        ignores,
        licences: deps.licenses,
        startedAt: started,
        now: Date.now,
        onPackage: (pkg) => progress.tick(pkg.name),
      });
      report = built.report;
      cyclone = () =>
        `${JSON.stringify(toCycloneDx(built.packages, built.report.findings, { serialNumber: `urn:uuid:${randomUUID()}`, timestamp: built.report.finishedAt, toolVersion: BULWARK_VERSION, projectName: basename(scanRoot), vulnerabilities: values['with-vulnerabilities'] === true }), null, 2)}\n`;
    } finally {
      db.close();
    }
  }
  progress.done();
  let code: ExitCode;
  if (p.format === 'cyclonedx') {
    writeOutput(environment, values.output, cyclone());
    code = scanExitCode(report);
  } else code = emitReport(environment, report, p.format, values.output);
  if (report.errors.length > 0) {
    const first = report.errors[0]!;
    const more = report.errors.length > 1 ? ` (and ${report.errors.length - 1} more file(s); see the report)` : '';
    throw new BulwarkError(first.code as ErrorCode, `${first.message}${more}`);
  }
  return code;
}

export async function scanDepsCommand(args: string[], environment: Environment): Promise<ExitCode> {
  return run('deps', args, environment);
}

export async function scanSbomCommand(args: string[], environment: Environment): Promise<ExitCode> {
  return run('sbom', args, environment);
}
