import { extractBunLock, extractPackageJson, extractPackageLock, extractPnpmLock, extractYarnLock, packageJsonDirectNames } from './extract-npm.js';
import { extractPdmLock, extractPipfileLock, extractPoetryLock, extractPyproject, extractRequirements, extractUvLock, pyprojectDirectNames } from './extract-python.js';
import type { ExtractContext, ExtractResult } from './types.js';

export type Extractor = (text: string, context: ExtractContext) => ExtractResult;

/** Lockfiles by file name: the registry from name to pure extractor. */
export const LOCKFILE_EXTRACTORS: Record<string, Extractor> = {
  'package-lock.json': (t, c) => extractPackageLock(t, 'package-lock.json', c),
  'npm-shrinkwrap.json': (t, c) => extractPackageLock(t, 'npm-shrinkwrap.json', c),
  'pnpm-lock.yaml': extractPnpmLock,
  'yarn.lock': extractYarnLock,
  'bun.lock': extractBunLock,
  'poetry.lock': extractPoetryLock,
  'Pipfile.lock': extractPipfileLock,
  'uv.lock': extractUvLock,
  'pdm.lock': extractPdmLock,
};

/** Manifests: scanned alone (as unpinned) only when no lockfile of their ecosystem sits beside them. */
export const MANIFEST_EXTRACTORS: Record<string, { extract: (text: string) => ExtractResult; directNames: (text: string) => Set<string>; lockfiles: string[] }> = {
  'package.json': { extract: extractPackageJson, directNames: packageJsonDirectNames, lockfiles: ['package-lock.json', 'npm-shrinkwrap.json', 'pnpm-lock.yaml', 'yarn.lock', 'bun.lock'] },
  'pyproject.toml': { extract: extractPyproject, directNames: pyprojectDirectNames, lockfiles: ['poetry.lock', 'uv.lock', 'pdm.lock', 'Pipfile.lock'] },
};

/** requirements.txt, requirements-dev.txt, requirements/base.txt, dev-requirements.txt … */
export function isRequirementsFile(relativePath: string): boolean {
  const parts = relativePath.split('/');
  const base = parts[parts.length - 1]!;
  if (!base.endsWith('.txt')) return false;
  return /requirements/i.test(base) || parts[parts.length - 2]?.toLowerCase() === 'requirements';
}

/** Which extractor reads a file, by its name; undefined when none does. */
export function extractorFor(relativePath: string): { kind: 'lockfile' | 'manifest' | 'requirements'; name: string } | undefined {
  const base = relativePath.split('/').pop()!;
  if (Object.hasOwn(LOCKFILE_EXTRACTORS, base)) return { kind: 'lockfile', name: base };
  if (Object.hasOwn(MANIFEST_EXTRACTORS, base)) return { kind: 'manifest', name: base };
  if (isRequirementsFile(relativePath)) return { kind: 'requirements', name: 'requirements.txt' };
  return undefined;
}

export { extractRequirements };
