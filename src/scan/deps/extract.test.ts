import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BulwarkError } from '../../core/index.js';
import {
  extractBunLock,
  extractPackageJson,
  extractPackageLock,
  extractPdmLock,
  extractPipfileLock,
  extractPnpmLock,
  extractPoetryLock,
  extractPyproject,
  extractRequirements,
  extractUvLock,
  extractYarnLock,
  type DepPackage,
} from './index.js';

const fixture = (name: string) => readFileSync(join(import.meta.dirname, 'testdata', name), 'utf8');
const brief = (ps: DepPackage[]) => ps.map((p) => `${p.name}@${p.version}`).sort();
const find = (ps: DepPackage[], name: string, version?: string) => ps.find((p) => p.name === name && (version === undefined || p.version === version))!;

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(BulwarkError);
    return (err as BulwarkError).code;
  }
  return 'no error';
}

describe('npm package-lock.json', () => {
  it('v1: nested dependencies, requires edges, dev flag; local file: deps skipped', () => {
    const r = extractPackageLock(fixture('package-lock-v1.json'));
    expect(brief(r.packages)).toEqual(['express@4.17.1', 'qs@6.11.0', 'qs@6.7.0']);
    expect(find(r.packages, 'qs', '6.7.0').parents).toEqual(['express']);
    expect(find(r.packages, 'qs', '6.11.0').dev).toBe(true);
    expect(find(r.packages, 'express').relation).toBe('unknown');
  });

  it('v3: direct from the root, nested installs with their parent, aliases by real name, links skipped, licences kept', () => {
    const r = extractPackageLock(fixture('package-lock-v3.json'));
    expect(brief(r.packages)).toEqual(['@scope/pkg@1.0.0', 'lodash@4.17.20', 'minimist@0.0.8', 'minimist@1.2.5', 'real-name@2.0.0', 'vitest@1.6.0']);
    expect(find(r.packages, 'lodash').relation).toBe('direct');
    expect(find(r.packages, 'lodash').licence).toBe('MIT');
    expect(find(r.packages, '@scope/pkg').licence).toBe('(MIT OR GPL-3.0-only)');
    expect(find(r.packages, 'minimist', '0.0.8')).toMatchObject({ relation: 'transitive', parents: ['@scope/pkg'] });
    expect(find(r.packages, 'vitest')).toMatchObject({ relation: 'direct', dev: true });
  });

  it('v2 reads the packages section', () => {
    expect(brief(extractPackageLock(fixture('package-lock-v2.json')).packages)).toEqual(['left-pad@1.3.0']);
  });

  it('an empty project has no packages', () => {
    expect(extractPackageLock(fixture('empty-package-lock.json')).packages).toEqual([]);
  });

  it.each([
    ['package-lock-unknown-version.json', 'DEPS_LOCKFILE_UNSUPPORTED'],
    ['package-lock-truncated.json', 'DEPS_LOCKFILE_INVALID'],
    ['not-json.txt', 'DEPS_LOCKFILE_INVALID'],
  ])('%s → %s', (file, code) => {
    expect(codeOf(() => extractPackageLock(fixture(file)))).toBe(code);
  });

  it('refuses hostile shapes with a code, never a crash', () => {
    expect(codeOf(() => extractPackageLock('[]'))).toBe('DEPS_LOCKFILE_INVALID');
    expect(codeOf(() => extractPackageLock('{}'))).toBe('DEPS_LOCKFILE_INVALID');
    expect(codeOf(() => extractPackageLock('{"lockfileVersion":3}'))).toBe('DEPS_LOCKFILE_INVALID');
    expect(codeOf(() => extractPackageLock('{"lockfileVersion":1,"dependencies":{"a":"x"}}'))).toBe('DEPS_LOCKFILE_INVALID');
    expect(codeOf(() => extractPackageLock('{"lockfileVersion":"3"}'))).toBe('DEPS_LOCKFILE_UNSUPPORTED');
    expect(codeOf(() => extractPackageLock(`${'['.repeat(1_000_000)}${']'.repeat(1_000_000)}`))).toBe('DEPS_JSON_TOO_DEEP');
    // __proto__ keys are plain data
    const r = extractPackageLock('{"lockfileVersion":3,"packages":{"node_modules/__proto__":{"version":"1.0.0"}}}');
    expect(brief(r.packages)).toEqual(['__proto__@1.0.0']);
  });
});

describe('pnpm-lock.yaml', () => {
  it('v6: peer suffixes stripped, importers give direct deps, edges give parents', () => {
    const r = extractPnpmLock(fixture('pnpm-lock-v6.yaml'));
    expect(brief(r.packages)).toEqual(['js-tokens@4.0.0', 'loose-envify@1.4.0', 'react-dom@18.2.0', 'react@18.2.0', 'typescript@5.4.5']);
    expect(find(r.packages, 'react-dom').relation).toBe('direct');
    expect(find(r.packages, 'loose-envify')).toMatchObject({ relation: 'transitive', parents: ['react', 'react-dom'] });
    expect(find(r.packages, 'typescript').dev).toBe(true);
  });

  it('v9: packages + snapshots', () => {
    const r = extractPnpmLock(fixture('pnpm-lock-v9.yaml'));
    expect(brief(r.packages)).toEqual(['@babel/core@7.24.0', 'semver@6.3.1', 'semver@7.6.0']);
    expect(find(r.packages, '@babel/core').relation).toBe('direct');
    expect(find(r.packages, 'semver', '6.3.1').parents).toEqual(['@babel/core']);
  });

  it('v5 is refused as unsupported; broken YAML as invalid; deep flow nesting as too deep', () => {
    expect(codeOf(() => extractPnpmLock(fixture('pnpm-lock-v5.yaml')))).toBe('DEPS_LOCKFILE_UNSUPPORTED');
    expect(codeOf(() => extractPnpmLock('lockfileVersion: "9.0"\npackages: [unclosed'))).toBe('DEPS_LOCKFILE_INVALID');
    expect(codeOf(() => extractPnpmLock(`lockfileVersion: '9.0'\nx: ${'['.repeat(100_000)}`))).toBe('DEPS_JSON_TOO_DEEP');
  });
});

describe('yarn.lock', () => {
  it('classic: multi-pattern entries, scoped names, dependencies', () => {
    const r = extractYarnLock(fixture('yarn-classic.lock'));
    expect(brief(r.packages)).toEqual(['@babel/code-frame@7.12.13', '@babel/highlight@7.13.10', 'lodash@4.17.20']);
    expect(find(r.packages, '@babel/highlight').parents).toEqual(['@babel/code-frame']);
  });

  it('berry: workspace entries give direct deps and are not packages', () => {
    const r = extractYarnLock(fixture('yarn-berry.lock'));
    expect(brief(r.packages)).toEqual(['@types/node@20.11.0', 'lodash@4.17.21', 'undici-types@5.26.5']);
    expect(find(r.packages, 'lodash').relation).toBe('direct');
    expect(find(r.packages, 'undici-types').parents).toEqual(['@types/node']);
  });

  it('rejects unknown yarn formats and truncated entries', () => {
    expect(codeOf(() => extractYarnLock('# yarn lockfile v2\n'))).toBe('DEPS_LOCKFILE_UNSUPPORTED');
    expect(codeOf(() => extractYarnLock('hello'))).toBe('DEPS_LOCKFILE_INVALID');
    expect(codeOf(() => extractYarnLock('# yarn lockfile v1\n\nlodash@^4:\n  resolved "x"\n'))).toBe('DEPS_LOCKFILE_INVALID');
    expect(codeOf(() => extractYarnLock('__metadata:\n  version: 99\n'))).toBe('DEPS_LOCKFILE_UNSUPPORTED');
  });
});

describe('bun.lock', () => {
  it('JSONC with comments and trailing commas', () => {
    const r = extractBunLock(fixture('bun.lock'));
    expect(brief(r.packages)).toEqual(['ansi-styles@6.2.1', 'chalk@5.3.0', 'zod@3.22.4']);
    expect(find(r.packages, 'zod').relation).toBe('direct');
    expect(find(r.packages, 'ansi-styles').parents).toEqual(['chalk']);
  });
  it('unknown version and bad entries', () => {
    expect(codeOf(() => extractBunLock('{"lockfileVersion": 9, "packages": {}}'))).toBe('DEPS_LOCKFILE_UNSUPPORTED');
    expect(codeOf(() => extractBunLock('{"lockfileVersion": 1, "packages": {"a": 3}}'))).toBe('DEPS_LOCKFILE_INVALID');
  });
});

describe('package.json alone', () => {
  it('exact versions are checked, ranges reported unpinned, local paths skipped', () => {
    const r = extractPackageJson(fixture('package.json'));
    expect(brief(r.packages)).toEqual(['left-pad@1.3.0']);
    expect(r.unpinned.map((u) => `${u.name} ${u.spec}`)).toEqual(['express ^4.17.0', 'jest ~29.0.0']);
  });
});

describe('requirements.txt', () => {
  it('pins (== and ===), hashes on continuation lines, extras, markers, includes; ranges unpinned; URLs and -e skipped', () => {
    const r = extractRequirements(fixture('requirements.txt'));
    expect(brief(r.packages)).toEqual(['django@3.2.0', 'pillow@9.0.0', 'requests@2.25.1', 'zope-interface@5.4.0']);
    expect(r.unpinned.map((u) => `${u.name} ${u.spec}`)).toEqual(['urllib3 >=1.26', 'numpy (any)']);
    expect(r.includes).toEqual(['requirements-dev.txt']);
  });
  it('a line that is no requirement is an error with its line number', () => {
    expect(() => extractRequirements('ok==1\n!!!\n')).toThrow(/line 2/);
  });
});

describe('Python lockfiles', () => {
  it('poetry.lock: PEP 503 names, dependency edges, non-registry sources skipped', () => {
    const r = extractPoetryLock(fixture('poetry.lock'));
    expect(brief(r.packages)).toEqual(['jinja2@2.11.2', 'markupsafe@2.0.1']);
    expect(find(r.packages, 'markupsafe').parents).toEqual(['jinja2']);
    expect(codeOf(() => extractPoetryLock('[metadata]\nlock-version = "9.0"\n'))).toBe('DEPS_LOCKFILE_UNSUPPORTED');
    expect(codeOf(() => extractPoetryLock('[[package]]\nname = "x"\n'))).toBe('DEPS_LOCKFILE_INVALID');
    expect(codeOf(() => extractPoetryLock('[[package]\nname = '))).toBe('DEPS_LOCKFILE_INVALID');
  });

  it('Pipfile.lock: default and develop, == stripped, editable entries skipped', () => {
    const r = extractPipfileLock(fixture('Pipfile.lock'));
    expect(brief(r.packages)).toEqual(['flask@1.1.2', 'pytest@6.2.2', 'werkzeug@1.0.1']);
    expect(find(r.packages, 'pytest').dev).toBe(true);
    expect(codeOf(() => extractPipfileLock('{"_meta": {"pipfile-spec": 99}}'))).toBe('DEPS_LOCKFILE_UNSUPPORTED');
  });

  it('uv.lock: the editable project names the direct dependencies', () => {
    const r = extractUvLock(fixture('uv.lock'));
    expect(brief(r.packages)).toEqual(['httpx@0.27.0', 'idna@3.6']);
    expect(find(r.packages, 'httpx').relation).toBe('direct');
    expect(find(r.packages, 'idna')).toMatchObject({ relation: 'transitive', parents: ['httpx'] });
    expect(codeOf(() => extractUvLock('version = 2\n'))).toBe('DEPS_LOCKFILE_UNSUPPORTED');
  });

  it('pdm.lock: requirement strings give edges, groups give dev', () => {
    const r = extractPdmLock(fixture('pdm.lock'));
    expect(brief(r.packages)).toEqual(['certifi@2022.12.7', 'idna@3.4', 'pytest@7.4.0', 'requests@2.31.0']);
    expect(find(r.packages, 'certifi').parents).toEqual(['requests']);
    expect(find(r.packages, 'pytest').dev).toBe(true);
    expect(codeOf(() => extractPdmLock('[metadata]\nlock_version = "3.0"\n'))).toBe('DEPS_LOCKFILE_UNSUPPORTED');
  });

  it('pyproject.toml alone: == pins checked, the rest unpinned', () => {
    const r = extractPyproject(fixture('pyproject.toml'));
    expect(brief(r.packages)).toEqual(['flask@2.0.0']);
    expect(r.unpinned.map((u) => u.name)).toEqual(['requests', 'numpy', 'pytest']);
    expect(codeOf(() => extractPyproject(`a = ${'['.repeat(10_000)}`))).toBe('DEPS_JSON_TOO_DEEP');
  });
});
