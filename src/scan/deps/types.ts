export type Ecosystem = 'npm' | 'PyPI';

export type LockfileFormat =
  | 'package-lock.json'
  | 'npm-shrinkwrap.json'
  | 'pnpm-lock.yaml'
  | 'yarn.lock'
  | 'bun.lock'
  | 'requirements.txt'
  | 'poetry.lock'
  | 'Pipfile.lock'
  | 'uv.lock'
  | 'pdm.lock'
  | 'package.json'
  | 'pyproject.toml'
  | 'cyclonedx';

/** One resolved package as a lockfile (or SBOM) records it. */
export interface DepPackage {
  ecosystem: Ecosystem;
  /** npm: as published ("@scope/name"); PyPI: PEP 503-normalised. */
  name: string;
  version: string;
  /** direct: the project asks for it; transitive: pulled in by `parents`; unknown: the lockfile does not say. */
  relation: 'direct' | 'transitive' | 'unknown';
  /** Names of packages that depend on this one (at most a few, sorted). */
  parents: string[];
  dev: boolean;
  /** SPDX expression or licence text as recorded offline (lockfile, installed package.json, SBOM). */
  licence?: string;
}

/** A dependency named without a pinned version (a manifest without a lockfile, a requirements range). */
export interface UnpinnedDependency {
  ecosystem: Ecosystem;
  name: string;
  /** The requested range, e.g. "^4.17.0" or ">=2.0". */
  spec: string;
}

export interface ExtractResult {
  format: LockfileFormat;
  packages: DepPackage[];
  unpinned: UnpinnedDependency[];
  /** Files this one includes (requirements `-r` / `-c`), relative to it; the caller reads them. */
  includes: string[];
}

/** What the caller may know from the manifest beside a lockfile (package.json, pyproject.toml). */
export interface ExtractContext {
  /** Names the project depends on directly, when the lockfile itself does not record it. */
  directNames?: ReadonlySet<string>;
}
