import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { BulwarkError, compileGlobs, isBulwarkError } from '../../core/index.js';
import type { ScanError } from '../report/index.js';
import { extractorFor, extractRequirements, LOCKFILE_EXTRACTORS, MANIFEST_EXTRACTORS } from './extractors.js';
import type { LockfileInput } from './report.js';
import { isRecord } from './safe-parse.js';
import type { ExtractContext, ExtractResult } from './types.js';
import { walkFiles } from '../walk/index.js';

/**
 * The scanner's I/O edge: finds lockfiles under a path, reads them with a size cap and hands the
 * text to the pure extractors. Everything below this file is text in, data out.
 */
export interface LoadOptions {
  maxFileBytes: number;
  exclude: readonly string[];
  includeNodeModules: boolean;
  /** Called per file found (progress bar). */
  onFile?: (path: string) => void;
}

export interface LoadResult {
  lockfiles: LockfileInput[];
  errors: ScanError[];
}

const MAX_WALK_ENTRIES = 500_000;
const MAX_DEPTH = 32;

/**
 * Reads a whole file, refusing it unread when larger than `maxBytes` (stat first, then a read
 * loop bounded by the cap), so a 200 MB "lockfile" costs a stat, not 200 MB of memory.
 */
export function readCapped(path: string, maxBytes: number, label = path): string {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (err) {
    throw new BulwarkError('USAGE', `cannot read ${label}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  try {
    const size = statSync(path).size;
    if (size > maxBytes) throw new BulwarkError('DEPS_FILE_TOO_LARGE', `${label}: ${size} bytes, over the ${maxBytes}-byte limit (scan.deps.maxFileBytes); refused unread`);
    const buf = Buffer.alloc(Math.min(size, maxBytes) + 1);
    let got = 0;
    for (;;) {
      const n = readSync(fd, buf, got, buf.length - got, null);
      if (n === 0) break;
      got += n;
      if (got > maxBytes) throw new BulwarkError('DEPS_FILE_TOO_LARGE', `${label}: grew past the ${maxBytes}-byte limit while being read`);
      if (got === buf.length) break;
    }
    return buf.subarray(0, got).toString('utf8');
  } finally {
    closeSync(fd);
  }
}

function toScanError(target: string, err: unknown): ScanError {
  if (isBulwarkError(err)) return { target, code: err.code, message: err.message };
  return { target, code: 'DEPS_LOCKFILE_INVALID', message: `${target}: ${String((err as Error)?.message ?? err).slice(0, 200)}` };
}

/** Files under `root` an extractor reads, as paths relative to `root` with forward slashes, sorted. */
export function findDependencyFiles(root: string, options: Pick<LoadOptions, 'exclude' | 'includeNodeModules'>): string[] {
  const excluded = compileGlobs(options.exclude);
  return walkFiles(root, {
    maxEntries: MAX_WALK_ENTRIES,
    maxDepth: MAX_DEPTH,
    skip: (rel, name, isDirectory) =>
      isDirectory ? (name === 'node_modules' && !options.includeNodeModules) || excluded(`/${rel}/`) : extractorFor(rel) === undefined || excluded(`/${rel}`),
  }).map((f) => f.rel);
}

/** npm: the licence an installed package declares in node_modules/<name>/package.json, when installed. */
function installedLicence(dir: string, name: string, maxBytes: number): string | undefined {
  const file = join(dir, 'node_modules', name, 'package.json');
  if (!existsSync(file)) return undefined;
  try {
    const doc = JSON.parse(readCapped(file, Math.min(maxBytes, 4 * 1024 * 1024))) as unknown;
    if (!isRecord(doc)) return undefined;
    const l = doc.license ?? doc.licenses;
    if (typeof l === 'string') return l;
    if (isRecord(l) && typeof l.type === 'string') return l.type;
    if (Array.isArray(l)) {
      const ids = l.map((x) => (isRecord(x) && typeof x.type === 'string' ? x.type : undefined)).filter((x): x is string => x !== undefined);
      return ids.length === 0 ? undefined : ids.length === 1 ? ids[0] : `(${ids.join(' OR ')})`;
    }
  } catch {
    return undefined;
  }
  return undefined;
}

/**
 * Extracts every dependency file under `target` (a directory or one file). Manifests are read
 * alone only when no lockfile of their ecosystem sits beside them; otherwise they only tell the
 * lockfile which dependencies are direct. Failures become ScanErrors; the other files still run.
 */
export function loadDependencyFiles(target: string, options: LoadOptions): LoadResult {
  const abs = resolve(target);
  let st;
  try {
    st = statSync(abs);
  } catch {
    throw new BulwarkError('USAGE', `no such file or directory: ${target}`);
  }
  const root = st.isDirectory() ? abs : dirname(abs);
  let files: string[];
  if (st.isDirectory()) files = findDependencyFiles(abs, options);
  else {
    const rel = basename(abs);
    if (!extractorFor(rel)) throw new BulwarkError('USAGE', `${target}: not a lockfile or manifest the dependency scanner reads (package-lock.json, pnpm-lock.yaml, yarn.lock, bun.lock, requirements*.txt, poetry.lock, Pipfile.lock, uv.lock, pdm.lock, package.json, pyproject.toml)`);
    files = [rel];
  }
  const present = new Set(files);
  const lockfiles: LockfileInput[] = [];
  const errors: ScanError[] = [];
  const includedRequirements = new Set<string>();
  for (const rel of files) {
    options.onFile?.(rel);
    const kind = extractorFor(rel)!;
    const file = join(root, rel);
    const dir = dirname(rel) === '.' ? '' : `${dirname(rel)}/`;
    try {
      if (kind.kind === 'manifest') {
        const m = MANIFEST_EXTRACTORS[kind.name]!;
        const siblingLock = m.lockfiles.some((l) => present.has(`${dir}${l}`) || (st.isFile() ? false : existsSync(join(root, dir, l))));
        if (siblingLock) continue;
        lockfiles.push({ path: rel, result: m.extract(readCapped(file, options.maxFileBytes, rel)) });
      } else if (kind.kind === 'requirements') {
        if (includedRequirements.has(rel)) continue;
        lockfiles.push({ path: rel, result: loadRequirements(root, rel, options.maxFileBytes, includedRequirements) });
      } else {
        const context: ExtractContext = {};
        const manifestName = Object.keys(MANIFEST_EXTRACTORS).find((n) => MANIFEST_EXTRACTORS[n]!.lockfiles.includes(kind.name))!;
        const manifest = join(root, dir, manifestName);
        if (existsSync(manifest)) {
          try {
            context.directNames = MANIFEST_EXTRACTORS[manifestName]!.directNames(readCapped(manifest, options.maxFileBytes, `${dir}${manifestName}`));
          } catch {
            // a broken manifest beside a good lockfile only costs the direct/transitive distinction
          }
        }
        const result = LOCKFILE_EXTRACTORS[kind.name]!(readCapped(file, options.maxFileBytes, rel), context);
        if (result.packages.some((p) => p.ecosystem === 'npm')) {
          for (const p of result.packages) if (p.licence === undefined && p.ecosystem === 'npm') {
            const l = installedLicence(join(root, dir), p.name, options.maxFileBytes);
            if (l !== undefined) p.licence = l;
          }
        }
        lockfiles.push({ path: rel, result });
      }
    } catch (err) {
      errors.push(toScanError(rel, err));
    }
  }
  return { lockfiles, errors };
}

/** A requirements file with its -r / -c includes merged in (cycles and depth bounded). */
function loadRequirements(root: string, rel: string, maxBytes: number, seen: Set<string>, depth = 0): ExtractResult {
  if (depth > 10) throw new BulwarkError('DEPS_LOCKFILE_INVALID', `${rel}: -r includes nested deeper than 10`);
  seen.add(rel);
  const result = extractRequirements(readCapped(join(root, rel), maxBytes, rel));
  for (const inc of result.includes) {
    const incRel = relative(root, resolve(root, dirname(rel), inc)).split(sep).join('/');
    if (incRel.startsWith('..')) throw new BulwarkError('DEPS_LOCKFILE_INVALID', `${rel}: include "${inc.slice(0, 100)}" points outside the scanned directory`);
    if (seen.has(incRel)) continue;
    if (!existsSync(join(root, incRel))) throw new BulwarkError('DEPS_LOCKFILE_INVALID', `${rel}: included file "${inc.slice(0, 100)}" does not exist`);
    const sub = loadRequirements(root, incRel, maxBytes, seen, depth + 1);
    result.packages.push(...sub.packages.filter((p) => !result.packages.some((q) => q.name === p.name && q.version === p.version)));
    result.unpinned.push(...sub.unpinned);
  }
  return result;
}
