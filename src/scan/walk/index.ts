import { lstatSync, readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { BulwarkError } from '../../core/index.js';

/**
 * The directory walk every scanner shares: symlinks are never followed (a link out of the tree or
 * a loop would otherwise be scanned), version-control folders are never entered, and the walk is
 * bounded in entries and depth so a hostile or enormous tree cannot hold a scan.
 */
export interface WalkedFile {
  abs: string;
  /** Relative to the root, forward slashes. */
  rel: string;
  size: number;
}

export interface WalkOptions {
  /** Skip a directory (not entered) or a file, by its path relative to the root. */
  skip?: (rel: string, name: string, isDirectory: boolean) => boolean;
  /** A directory that could not be listed; the walk goes on. */
  onError?: (rel: string, err: NodeJS.ErrnoException) => void;
  /** Entries seen before the walk stops with a USAGE error (default 500,000). */
  maxEntries?: number;
  /** Directories deeper than this are not entered (default 64). */
  maxDepth?: number;
}

const VCS = new Set(['.git', '.hg', '.svn']);

/** Regular files under `root`, sorted by relative path. */
export function walkFiles(root: string, options: WalkOptions = {}): WalkedFile[] {
  const { skip, onError, maxEntries = 500_000, maxDepth = 64 } = options;
  const out: WalkedFile[] = [];
  const stack: { dir: string; depth: number }[] = [{ dir: root, depth: 0 }];
  let seen = 0;
  while (stack.length > 0) {
    const { dir, depth } = stack.pop()!;
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch (err) {
      onError?.(relative(root, dir).split(sep).join('/') || '.', err as NodeJS.ErrnoException);
      continue;
    }
    for (const name of names) {
      if (++seen > maxEntries) throw new BulwarkError('USAGE', `${root}: more than ${maxEntries} directory entries; scan a narrower path`);
      const abs = join(dir, name);
      const st = lstatSync(abs, { throwIfNoEntry: false });
      if (!st || st.isSymbolicLink()) continue;
      const rel = relative(root, abs).split(sep).join('/');
      if (st.isDirectory()) {
        if (VCS.has(name) || depth + 1 > maxDepth || skip?.(rel, name, true)) continue;
        stack.push({ dir: abs, depth: depth + 1 });
      } else if (st.isFile() && !skip?.(rel, name, false)) out.push({ abs, rel, size: st.size });
    }
  }
  return out.sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0));
}
