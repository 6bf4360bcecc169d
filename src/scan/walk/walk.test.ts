import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { walkFiles } from './index.js';

const root = mkdtempSync(join(tmpdir(), 'bulwark-walk-'));
const outside = mkdtempSync(join(tmpdir(), 'bulwark-walk-outside-'));
afterAll(() => {
  rmSync(root, { recursive: true, force: true });
  rmSync(outside, { recursive: true, force: true });
});
const file = (rel: string, body = 'x') => {
  mkdirSync(join(root, rel, '..'), { recursive: true });
  writeFileSync(join(root, rel), body);
};
file('b.txt', 'bb');
file('a/z.txt');
file('a/b/c.txt');
file('.git/config');
file('node_modules/pkg/index.js');
writeFileSync(join(outside, 'secret.txt'), 'not ours');
symlinkSync(outside, join(root, 'link-to-outside'));
symlinkSync(join(root, 'b.txt'), join(root, 'link-to-file'));
symlinkSync(root, join(root, 'a', 'loop'));

describe('walkFiles', () => {
  it('lists regular files sorted, never follows symlinks, never enters .git', () => {
    const files = walkFiles(root);
    expect(files.map((f) => f.rel)).toEqual(['a/b/c.txt', 'a/z.txt', 'b.txt', 'node_modules/pkg/index.js']);
    expect(files.find((f) => f.rel === 'b.txt')?.size).toBe(2);
  });

  it('a skipped directory is not entered; files can be skipped too', () => {
    const asked: string[] = [];
    const files = walkFiles(root, { skip: (rel, name, dir) => (asked.push(rel), dir ? name === 'node_modules' : rel.endsWith('z.txt')) });
    expect(files.map((f) => f.rel)).toEqual(['a/b/c.txt', 'b.txt']);
    expect(asked).not.toContain('node_modules/pkg');
  });

  it('is bounded in depth and in entries', () => {
    // Depth 1: a/ and node_modules/ are entered, a/b/ and node_modules/pkg/ are not.
    expect(walkFiles(root, { maxDepth: 1 }).map((f) => f.rel)).toEqual(['a/z.txt', 'b.txt']);
    expect(() => walkFiles(root, { maxEntries: 3 })).toThrow(/more than 3 directory entries/);
  });

  it('reports a directory it cannot list and goes on', () => {
    const errors: string[] = [];
    const files = walkFiles(join(root, 'missing'), { onError: (rel, err) => errors.push(`${rel} ${err.code}`) });
    expect(files).toEqual([]);
    expect(errors).toEqual(['. ENOENT']);
  });
});
