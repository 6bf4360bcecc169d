import { spawn } from 'node:child_process';
import { closeSync, lstatSync, openSync } from 'node:fs';
import { basename, join } from 'node:path';
import { createInterface } from 'node:readline';
import { BulwarkError, compileGlobs, readAt, type ScanConfig, type Severity } from '../../core/index.js';
import { bufferSource, detectModelFormat, executableKind } from '../model/index.js';
import type { Progress, ScanError, ScanFinding } from '../report/index.js';
import { createInternalMatcher, type InternalMatcher } from './internal.js';
import { classifyPath, isBinary, type PathKind } from './paths.js';
import { sampleWindows, scanReleaseText, type TextHit } from './text.js';
import { walkFiles } from '../walk/index.js';

export type ReleaseFinding = Omit<ScanFinding, 'failing'>;

export interface ReleaseScanInput {
  root: string;
  isDirectory: boolean;
  history: boolean;
  options: ScanConfig['release'];
  progress?: Progress;
}

export interface ReleaseScanResult {
  scanned: number;
  stats: Record<string, number>;
  findings: ReleaseFinding[];
  errors: ScanError[];
}

const TEXT_CATEGORY: Record<TextHit['category'], { code: string; noun: string }> = {
  secret: { code: 'RELEASE_SECRET', noun: 'secret' },
  personal: { code: 'RELEASE_PERSONAL_DATA', noun: 'personal data' },
  internal: { code: 'RELEASE_INTERNAL_NETWORK', noun: 'internal network reference' },
};

function pathFinding(kind: NonNullable<PathKind>, path: string, detail?: string): ReleaseFinding {
  const spec: Record<NonNullable<PathKind>, [string, Severity, string, string]> = {
    env: ['RELEASE_ENV_FILE', 'high', 'Environment file', 'Environment files hold deployment secrets and settings; publish a .env.example with placeholders instead.'],
    'private-key': ['RELEASE_PRIVATE_KEY', 'critical', 'Private key or keystore', 'A private key file must never be published; revoke it if it ever was, and keep keys out of the repository.'],
    credentials: ['RELEASE_CREDENTIALS_FILE', 'high', 'Credentials file', 'Files of this name hold registry tokens, passwords or infrastructure state; remove them from the release.'],
    weights: ['RELEASE_MODEL_WEIGHTS', 'high', 'Model weights or checkpoint', 'Weights and checkpoints are company assets (a research model\'s weights leaked publicly in 2023); publish them only deliberately, through a reviewed model release.'],
  };
  const [code, severity, title, message] = spec[kind];
  return { code, severity, title: `${title}: ${path}`, message, subject: path, location: { path, ...(detail ? { detail } : {}) } };
}

function textFindings(hits: TextHit[], path: string, detail: string | undefined, sampled: boolean): ReleaseFinding[] {
  return hits.map((h) => {
    const cat = TEXT_CATEGORY[h.category];
    const where = detail ? 'in lines that commit added' : sampled ? 'in sampled windows' : `at line${h.lines.length > 1 ? 's' : ''} ${h.lines.join(', ')}${h.count > h.lines.length ? ', …' : ''}`;
    return {
      code: cat.code,
      severity: h.severity,
      title: `${h.count} × ${h.code} in ${path}`,
      message: `${path} contains ${h.count} ${cat.noun} match${h.count === 1 ? '' : 'es'} of type ${h.code} ${where}. Remove ${h.category === 'secret' ? 'and rotate it' : 'or anonymise it'} before publishing${detail ? '; it is in the git history too, so rewriting history or rotating is needed' : ''}.`,
      subject: path,
      location: { path, ...(sampled || detail || h.lines[0] === undefined ? {} : { line: h.lines[0] }), ...(detail ? { detail } : {}) },
      properties: { type: h.code, count: h.count, lines: h.lines, ...(sampled ? { sampled: true } : {}) },
    };
  });
}


function scanFile(file: { abs: string; rel: string; size: number }, options: ScanConfig['release'], internal: InternalMatcher, findings: ReleaseFinding[]): void {
  const kind = classifyPath(file.rel);
  if (kind !== undefined) findings.push(pathFinding(kind, file.rel));
  const fd = openSync(file.abs, 'r');
  try {
    const head = readAt(fd, 0, Math.min(file.size, 65_536));
    if (isBinary(head)) {
      if (kind === undefined) {
        const format = detectModelFormat(file.rel, head, { ...bufferSource(head), size: file.size });
        const exe = executableKind(head);
        if (format !== undefined && format !== 'hf-config' && format !== 'zip' && format !== 'tar') findings.push({ ...pathFinding('weights', file.rel), title: `Model weights or checkpoint (${format}): ${file.rel}` });
        else if (file.size > options.largeFileBytes) findings.push({ code: 'RELEASE_LARGE_BINARY', severity: 'medium', title: `Large binary file: ${file.rel}`, message: `${file.rel} is a ${Math.round(file.size / 2 ** 20)} MiB binary${exe ? ` (${exe} executable)` : ''}; large binaries are usually data, weights or build output that does not belong in a source release.`, subject: file.rel, location: { path: file.rel }, properties: { bytes: file.size } });
      }
      return;
    }
    if (kind === 'weights') return;
    const windows = file.size <= options.maxTextBytes ? [[0, file.size] as [number, number]] : sampleWindows(file.size, options.sampleBytes);
    const sampled = windows.length > 1;
    const merged = new Map<string, TextHit>();
    for (const [start, end] of windows) {
      let text = readAt(fd, start, end - start).toString('utf8');
      if (sampled && start > 0) text = text.slice(text.indexOf('\n') + 1); // windows start on a whole line
      if (sampled && end < file.size) text = text.slice(0, text.lastIndexOf('\n') + 1);
      for (const h of scanReleaseText(text, internal)) {
        const m = merged.get(h.code);
        if (m) m.count += h.count;
        else merged.set(h.code, h);
      }
    }
    let hits = [...merged.values()];
    if (kind === 'private-key') hits = hits.filter((h) => h.code !== 'SECRET_PRIVATE_KEY');
    findings.push(...textFindings(hits, file.rel, undefined, sampled));
  } finally {
    closeSync(fd);
  }
}

/** Reads `git log -p` over every ref: added lines are scanned like files, added paths like names. */
async function scanHistory(root: string, options: ScanConfig['release'], internal: InternalMatcher, findings: ReleaseFinding[]): Promise<{ commits: number; truncated: boolean }> {
  const git = (args: string[]) => spawn('git', ['-C', root, '-c', 'core.quotepath=off', ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, GIT_OPTIONAL_LOCKS: '0', GIT_TERMINAL_PROMPT: '0' } });
  const check = await new Promise<boolean>((done) => {
    const p = git(['rev-parse', '--git-dir']);
    p.on('error', () => done(false));
    p.on('close', (code) => done(code === 0));
  });
  if (!check) throw new BulwarkError('RELEASE_GIT_FAILED', `${root} is not a git repository (or git is not installed)`);
  const p = git(['log', '--all', '-p', '--no-color', '--no-ext-diff', '--no-textconv', '--unified=0', '--diff-filter=AMR', '--format=commit %H', '--', '.']);
  let stderrText = '';
  p.stderr.on('data', (c: Buffer) => (stderrText = (stderrText + c.toString()).slice(-500)));
  const exited = new Promise<number | null>((done) => {
    p.on('error', () => done(-1));
    p.on('close', (code) => done(code));
  });
  let commit = '';
  let path = '';
  let added: string[] = [];
  let addedBytes = 0;
  let bytes = 0;
  let commits = 0;
  let truncated = false;
  const seenPaths = new Set<string>();
  const flush = () => {
    if (path !== '' && added.length > 0) {
      const hits = scanReleaseText(added.join('\n'), internal);
      findings.push(...textFindings(hits, path, `commit ${commit.slice(0, 12)}`, false).map((f) => ({ ...f, subject: `${path}@${commit.slice(0, 12)}`, location: { path, detail: `commit ${commit.slice(0, 12)}` } })));
    }
    added = [];
    addedBytes = 0;
  };
  const rl = createInterface({ input: p.stdout, crlfDelay: Infinity });
  for await (const line of rl) {
    bytes += line.length + 1;
    if (bytes > options.historyMaxBytes) {
      truncated = true;
      p.kill();
      break;
    }
    if (line.startsWith('commit ') && /^commit [0-9a-f]{40,64}$/.test(line)) {
      flush();
      commit = line.slice(7);
      commits++;
      path = '';
      continue;
    }
    if (line.startsWith('diff --git ')) {
      flush();
      path = '';
      continue;
    }
    if (line.startsWith('+++ ')) {
      path = line === '+++ /dev/null' ? '' : line.slice(4).replace(/^b\//, '').replace(/\t$/, '');
      const kind = classifyPath(path);
      if (path !== '' && kind !== undefined && !seenPaths.has(path)) {
        seenPaths.add(path);
        findings.push({ ...pathFinding(kind, path, `commit ${commit.slice(0, 12)}`), subject: `${path}@${commit.slice(0, 12)}`, message: `${pathFinding(kind, path).message} It was committed in ${commit.slice(0, 12)} and stays in the history even if deleted since.` });
      }
      continue;
    }
    if (line.startsWith('Binary files ') && / and b\/(.+) differ$/.test(line)) {
      const bin = / and b\/(.+) differ$/.exec(line)![1]!;
      const kind = classifyPath(bin);
      if (kind !== undefined && !seenPaths.has(bin)) {
        seenPaths.add(bin);
        findings.push({ ...pathFinding(kind, bin, `commit ${commit.slice(0, 12)}`), subject: `${bin}@${commit.slice(0, 12)}` });
      }
      continue;
    }
    if (line.startsWith('@@ ')) continue;
    if (line.startsWith('+') && path !== '' && addedBytes < 4 * 2 ** 20) {
      added.push(line.slice(1));
      addedBytes += line.length;
    }
  }
  flush();
  const code = await exited;
  if (!truncated && code !== 0) throw new BulwarkError('RELEASE_GIT_FAILED', `git log failed (exit ${String(code)}): ${stderrText.split('\n')[0] ?? ''}`);
  return { commits, truncated };
}

export async function scanRelease(input: ReleaseScanInput): Promise<ReleaseScanResult> {
  const { options } = input;
  let internal: InternalMatcher;
  try {
    internal = createInternalMatcher(options.internalDomains, options.internalPatterns);
  } catch (err) {
    throw new BulwarkError('CONFIG_INVALID', `scan.release.internalPatterns: ${(err as Error).message}`);
  }
  const exclude = options.exclude.length === 0 ? () => false : compileGlobs(options.exclude);
  const errors: ScanError[] = [];
  const findings: ReleaseFinding[] = [];
  const files = input.isDirectory ? walkFiles(input.root, {
        skip: (rel) => exclude(rel),
        onError: (rel, err) => errors.push({ target: rel, code: 'MODEL_READ_FAILED', message: `cannot list directory: ${err.code ?? 'error'}` }),
      }) : [{ abs: input.root, rel: basename(input.root), size: lstatSync(input.root).size }];
  input.progress?.total(files.length);
  let bytes = 0;
  for (const f of files) {
    input.progress?.tick(f.rel);
    try {
      scanFile(f, options, internal, findings);
      bytes += f.size;
    } catch (err) {
      errors.push({ target: f.rel, code: 'MODEL_READ_FAILED', message: `cannot read: ${(err as NodeJS.ErrnoException).code ?? 'I/O error'}` });
    }
  }
  const stats: Record<string, number> = { files: files.length, bytes };
  if (input.history) {
    const h = await scanHistory(input.root, options, internal, findings);
    stats.commits = h.commits;
    if (h.truncated) errors.push({ target: 'git history', code: 'RELEASE_GIT_FAILED', message: `history larger than scan.release.historyMaxBytes (${options.historyMaxBytes}); later commits were not read` });
  }
  return { scanned: files.length, stats, findings, errors };
}
