import { BulwarkError } from '../../core/index.js';
import { invalid, isRecord, parseJsonText, parseJsoncText, parseYamlText } from './safe-parse.js';
import type { DepPackage, ExtractContext, ExtractResult, LockfileFormat, UnpinnedDependency } from './types.js';

const MAX_PARENTS = 3;

/** Builds packages with parents from "who depends on whom" edges, deduplicated by name@version. */
class Graph {
  private readonly pkgs = new Map<string, DepPackage>();
  private readonly dependents = new Map<string, Set<string>>();

  add(p: Omit<DepPackage, 'parents' | 'relation'> & { relation?: DepPackage['relation'] }): void {
    const key = `${p.name}@${p.version}`;
    const prev = this.pkgs.get(key);
    if (prev) {
      prev.dev &&= p.dev;
      if (p.relation === 'direct') prev.relation = 'direct';
      if (prev.licence === undefined && p.licence !== undefined) prev.licence = p.licence;
      return;
    }
    this.pkgs.set(key, { ecosystem: p.ecosystem, name: p.name, version: p.version, relation: p.relation ?? 'unknown', parents: [], dev: p.dev, ...(p.licence !== undefined ? { licence: p.licence } : {}) });
  }

  edge(parent: string, child: string): void {
    if (parent === child) return;
    let s = this.dependents.get(child);
    if (!s) this.dependents.set(child, (s = new Set()));
    s.add(parent);
  }

  /** Direct: named by the root (or by `directNames`); transitive: someone depends on it. */
  finish(roots: ReadonlySet<string> | undefined): DepPackage[] {
    const out: DepPackage[] = [];
    for (const p of this.pkgs.values()) {
      const parents = [...(this.dependents.get(p.name) ?? [])].sort();
      p.parents = parents.slice(0, MAX_PARENTS);
      if (p.relation !== 'direct') {
        if (roots?.has(p.name)) p.relation = 'direct';
        else if (parents.length > 0) p.relation = 'transitive';
        else if (roots !== undefined) p.relation = 'transitive';
      }
      out.push(p);
    }
    return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.version < b.version ? -1 : a.version > b.version ? 1 : 0));
  }
}

function licenceOf(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (isRecord(v) && typeof v.type === 'string') return v.type;
  if (Array.isArray(v)) {
    const ids = v.map(licenceOf).filter((s): s is string => s !== undefined);
    return ids.length === 0 ? undefined : ids.length === 1 ? ids[0] : `(${ids.join(' OR ')})`;
  }
  return undefined;
}

function depNames(o: Record<string, unknown>, keys: string[]): Set<string> {
  const s = new Set<string>();
  for (const k of keys) if (isRecord(o[k])) for (const n of Object.keys(o[k] as object)) s.add(n);
  return s;
}

const ROOT_DEP_KEYS = ['dependencies', 'devDependencies', 'optionalDependencies', 'peerDependencies'];

/**
 * npm package-lock.json / npm-shrinkwrap.json. v1 nests `dependencies`; v2 carries both forms and
 * v3 only `packages`, keyed by install path ("node_modules/a/node_modules/b"), with the root
 * project under "" (https://docs.npmjs.com/cli/configuring-npm/package-lock-json).
 */
export function extractPackageLock(text: string, format: 'package-lock.json' | 'npm-shrinkwrap.json' = 'package-lock.json', context: ExtractContext = {}): ExtractResult {
  const doc = parseJsonText(text, format);
  if (!isRecord(doc)) throw invalid(format, 'not a JSON object');
  const version = doc.lockfileVersion;
  if (version === undefined) throw invalid(format, 'missing "lockfileVersion"');
  if (version !== 1 && version !== 2 && version !== 3) throw new BulwarkError('DEPS_LOCKFILE_UNSUPPORTED', `${format}: lockfileVersion ${JSON.stringify(version).slice(0, 20)} is not supported (1, 2 or 3)`);
  const g = new Graph();
  if (version === 1) {
    if (!isRecord(doc.dependencies)) return { format, packages: [], unpinned: [], includes: [] };
    walkV1(g, doc.dependencies as Record<string, unknown>, undefined, format, 0);
    return { format, packages: g.finish(context.directNames), unpinned: [], includes: [] };
  }
  if (!isRecord(doc.packages)) throw invalid(format, `lockfileVersion ${version} needs a "packages" object`);
  const packages = doc.packages as Record<string, unknown>;
  const root = isRecord(packages['']) ? (packages[''] as Record<string, unknown>) : {};
  const roots = new Set([...depNames(root, ROOT_DEP_KEYS), ...(context.directNames ?? [])]);
  // Workspace members (paths outside node_modules) are the project's own code: their
  // dependencies count as direct too.
  for (const [path, entry] of Object.entries(packages)) {
    if (path !== '' && !path.includes('node_modules/') && isRecord(entry)) for (const n of depNames(entry, ROOT_DEP_KEYS)) roots.add(n);
  }
  for (const [path, entry] of Object.entries(packages)) {
    if (path === '' || !isRecord(entry)) continue;
    const at = path.lastIndexOf('node_modules/');
    if (at < 0) continue;
    if (entry.link === true) continue;
    const name = typeof entry.name === 'string' ? entry.name : path.slice(at + 'node_modules/'.length);
    const v = entry.version;
    if (typeof v !== 'string' || v === '') continue;
    if (typeof entry.resolved === 'string' && /^(file|git|git\+\w+|github):/.test(entry.resolved)) continue;
    const licence = licenceOf(entry.license ?? entry.licenses);
    const nestedUnder = at > 0 ? path.slice(0, at - 1) : '';
    const topLevel = at === 0;
    g.add({ ecosystem: 'npm', name, version: v, dev: entry.dev === true || entry.devOptional === true, ...(topLevel && roots.has(name) ? { relation: 'direct' as const } : {}), ...(licence !== undefined ? { licence } : {}) });
    if (nestedUnder !== '') {
      const pAt = nestedUnder.lastIndexOf('node_modules/');
      if (pAt >= 0) g.edge(nestedUnder.slice(pAt + 'node_modules/'.length), name);
    }
    for (const dep of depNames(entry, ['dependencies', 'optionalDependencies', 'peerDependencies'])) g.edge(name, dep);
  }
  return { format, packages: g.finish(roots), unpinned: [], includes: [] };
}

function walkV1(g: Graph, deps: Record<string, unknown>, parent: string | undefined, what: string, depth: number): void {
  if (depth > 64) throw invalid(what, 'dependencies nested deeper than 64 levels');
  for (const [name, entry] of Object.entries(deps)) {
    if (!isRecord(entry)) throw invalid(what, `dependencies["${name.slice(0, 100)}"] is not an object`);
    const v = entry.version;
    if (typeof v !== 'string') throw invalid(what, `dependencies["${name.slice(0, 100)}"] has no "version"`);
    if (/^(file|git|git\+\w+|github|link):/.test(v) || v.includes('/')) continue;
    const real = v.startsWith('npm:') ? v.slice(4) : undefined;
    const [pname, pver] = real !== undefined ? splitAt(real) : [name, v];
    g.add({ ecosystem: 'npm', name: pname, version: pver, dev: entry.dev === true });
    if (parent !== undefined) g.edge(parent, pname);
    if (isRecord(entry.requires)) for (const r of Object.keys(entry.requires as object)) g.edge(pname, r);
    if (isRecord(entry.dependencies)) walkV1(g, entry.dependencies as Record<string, unknown>, pname, what, depth + 1);
  }
}

/** "name@version" or "@scope/name@version" → [name, version]. */
export function splitAt(spec: string): [string, string] {
  const i = spec.lastIndexOf('@');
  if (i <= 0) return [spec, ''];
  return [spec.slice(0, i), spec.slice(i + 1)];
}

// ---------------------------------------------------------------- pnpm

/**
 * pnpm-lock.yaml v6 (keys "/name@1.0.0(peer@2)") and v9 (keys "name@1.0.0", dependency edges in
 * `snapshots`). Importers list each workspace project's direct dependencies.
 */
export function extractPnpmLock(text: string, context: ExtractContext = {}): ExtractResult {
  const format: LockfileFormat = 'pnpm-lock.yaml';
  const doc = parseYamlText(text, format);
  if (!isRecord(doc)) throw invalid(format, 'not a YAML mapping');
  const raw = doc.lockfileVersion;
  const major = typeof raw === 'string' || typeof raw === 'number' ? Number.parseInt(String(raw), 10) : Number.NaN;
  if (Number.isNaN(major)) throw invalid(format, 'missing "lockfileVersion"');
  if (major !== 6 && major !== 7 && major !== 9) throw new BulwarkError('DEPS_LOCKFILE_UNSUPPORTED', `${format}: lockfileVersion ${String(raw).slice(0, 20)} is not supported (6.x or 9.x)`);
  const g = new Graph();
  const roots = new Set(context.directNames ?? []);
  const devRoots = new Set<string>();
  const importers: Record<string, unknown>[] = [];
  if (isRecord(doc.importers)) for (const v of Object.values(doc.importers as object)) if (isRecord(v)) importers.push(v);
  if (importers.length === 0) importers.push(doc);
  for (const imp of importers) {
    for (const n of depNames(imp, ['dependencies', 'optionalDependencies'])) roots.add(n);
    for (const n of depNames(imp, ['devDependencies'])) {
      roots.add(n);
      devRoots.add(n);
    }
  }
  const packages = isRecord(doc.packages) ? (doc.packages as Record<string, unknown>) : {};
  const snapshots = isRecord(doc.snapshots) ? (doc.snapshots as Record<string, unknown>) : {};
  const parseKey = (key: string): [string, string] | undefined => {
    let k = key.startsWith('/') ? key.slice(1) : key;
    const paren = k.indexOf('(');
    if (paren > 0) k = k.slice(0, paren);
    // v5-style "/name/1.0.0" keys are not produced by v6+, but tolerate "name@version_peer" suffixes.
    const [name, version] = splitAt(k);
    if (name === '' || version === '') return undefined;
    return [name, version.split('_')[0]!];
  };
  for (const [key, entry] of Object.entries(packages)) {
    const nv = parseKey(key);
    if (!nv) throw invalid(format, `package key "${key.slice(0, 100)}" is not name@version`);
    if (!/^\d/.test(nv[1])) continue; // link:, file:, git tarball keys
    const e = isRecord(entry) ? entry : {};
    g.add({ ecosystem: 'npm', name: nv[0], version: nv[1], dev: e.dev === true });
    for (const dep of depNames(e, ['dependencies', 'optionalDependencies'])) g.edge(nv[0], dep);
  }
  for (const [key, entry] of Object.entries(snapshots)) {
    const nv = parseKey(key);
    if (!nv || !isRecord(entry)) continue;
    for (const dep of depNames(entry, ['dependencies', 'optionalDependencies'])) g.edge(nv[0], dep);
  }
  const out = g.finish(roots);
  if (major === 9) for (const p of out) p.dev = devRoots.has(p.name) && p.relation === 'direct';
  return { format, packages: out, unpinned: [], includes: [] };
}

// ---------------------------------------------------------------- yarn

/**
 * yarn.lock: classic (v1, its own indented format, "# yarn lockfile v1") or berry (YAML with
 * `__metadata`, resolutions "name@npm:1.2.3").
 */
export function extractYarnLock(text: string, context: ExtractContext = {}): ExtractResult {
  const format: LockfileFormat = 'yarn.lock';
  if (/^__metadata:/m.test(text)) return extractYarnBerry(text, context);
  if (!/# yarn lockfile v1/.test(text.slice(0, 500))) {
    if (/# yarn lockfile v\d+/.test(text.slice(0, 500))) throw new BulwarkError('DEPS_LOCKFILE_UNSUPPORTED', `${format}: only yarn lockfile v1 (classic) and berry are supported`);
    throw invalid(format, 'neither a yarn classic ("# yarn lockfile v1") nor a berry (__metadata) lockfile');
  }
  const g = new Graph();
  let current: { names: string[]; version?: string; deps: string[] } | undefined;
  let inDeps = false;
  const flush = () => {
    if (!current) return;
    if (current.version === undefined) throw invalid(format, `entry "${current.names[0]?.slice(0, 100)}" has no version`);
    for (const n of new Set(current.names)) {
      g.add({ ecosystem: 'npm', name: n, version: current.version, dev: false });
      for (const d of current.deps) g.edge(n, d);
    }
    current = undefined;
  };
  const lines = text.split(/\r?\n/);
  for (const [i, line] of lines.entries()) {
    if (line.trim() === '' || line.startsWith('#')) continue;
    if (!line.startsWith(' ')) {
      flush();
      if (!line.endsWith(':')) throw invalid(format, `line ${i + 1}: expected "pattern:"`);
      const names: string[] = [];
      for (const raw of line.slice(0, -1).split(',')) {
        const spec = raw.trim().replace(/^"|"$/g, '');
        const at = spec.indexOf('@', 1);
        if (at < 0) throw invalid(format, `line ${i + 1}: "${spec.slice(0, 100)}" is not name@range`);
        const range = spec.slice(at + 1);
        // aliases: "alias@npm:real@^1" install the real package
        names.push(range.startsWith('npm:') ? splitAt(range.slice(4))[0] || spec.slice(0, at) : spec.slice(0, at));
      }
      current = { names, deps: [] };
      inDeps = false;
      continue;
    }
    if (!current) throw invalid(format, `line ${i + 1}: indented line outside an entry`);
    const indent = line.length - line.trimStart().length;
    const body = line.trim();
    if (indent <= 2) {
      inDeps = body === 'dependencies:' || body === 'optionalDependencies:';
      const m = /^version\s+"?([^"]+)"?$/.exec(body);
      if (m) current.version = m[1]!;
    } else if (inDeps) {
      const name = body.startsWith('"') ? body.slice(1, body.indexOf('"', 1)) : body.split(/\s+/)[0]!;
      current.deps.push(name);
    }
  }
  flush();
  return { format, packages: g.finish(context.directNames), unpinned: [], includes: [] };
}

function extractYarnBerry(text: string, context: ExtractContext): ExtractResult {
  const format: LockfileFormat = 'yarn.lock';
  const doc = parseYamlText(text, format);
  if (!isRecord(doc) || !isRecord(doc.__metadata)) throw invalid(format, 'berry lockfile without __metadata');
  const v = Number((doc.__metadata as Record<string, unknown>).version);
  if (!Number.isInteger(v) || v < 4 || v > 8) throw new BulwarkError('DEPS_LOCKFILE_UNSUPPORTED', `${format}: berry __metadata.version ${String((doc.__metadata as Record<string, unknown>).version).slice(0, 20)} is not supported (4-8)`);
  const g = new Graph();
  const roots = new Set(context.directNames ?? []);
  for (const [key, entry] of Object.entries(doc)) {
    if (key === '__metadata') continue;
    if (!isRecord(entry)) throw invalid(format, `entry "${key.slice(0, 100)}" is not a mapping`);
    const resolution = typeof entry.resolution === 'string' ? entry.resolution : undefined;
    if (resolution === undefined) throw invalid(format, `entry "${key.slice(0, 100)}" has no resolution`);
    const at = resolution.indexOf('@', 1);
    const name = resolution.slice(0, at);
    const ref = resolution.slice(at + 1);
    const deps = depNames(entry, ['dependencies', 'optionalDependencies', 'peerDependencies']);
    if (ref.startsWith('workspace:')) {
      for (const d of deps) roots.add(d);
      continue;
    }
    if (!ref.startsWith('npm:') || typeof entry.version !== 'string') continue; // git, patch, file, link, portal
    g.add({ ecosystem: 'npm', name, version: entry.version, dev: false });
    for (const d of deps) g.edge(name, d);
  }
  return { format, packages: g.finish(roots), unpinned: [], includes: [] };
}

// ---------------------------------------------------------------- bun

/**
 * bun.lock (text, JSONC): `workspaces` holds each project's dependencies, `packages` maps an
 * install key to ["name@version", registry, {dependencies…}, integrity].
 */
export function extractBunLock(text: string, context: ExtractContext = {}): ExtractResult {
  const format: LockfileFormat = 'bun.lock';
  const doc = parseJsoncText(text, format);
  if (!isRecord(doc)) throw invalid(format, 'not a JSON object');
  if (doc.lockfileVersion !== 0 && doc.lockfileVersion !== 1) {
    if (doc.lockfileVersion === undefined) throw invalid(format, 'missing "lockfileVersion"');
    throw new BulwarkError('DEPS_LOCKFILE_UNSUPPORTED', `${format}: lockfileVersion ${JSON.stringify(doc.lockfileVersion).slice(0, 20)} is not supported (0 or 1)`);
  }
  const roots = new Set(context.directNames ?? []);
  if (isRecord(doc.workspaces)) for (const w of Object.values(doc.workspaces as object)) if (isRecord(w)) for (const n of depNames(w, ROOT_DEP_KEYS)) roots.add(n);
  const g = new Graph();
  if (!isRecord(doc.packages)) throw invalid(format, 'missing "packages"');
  for (const [key, entry] of Object.entries(doc.packages as object)) {
    if (!Array.isArray(entry) || typeof entry[0] !== 'string') throw invalid(format, `packages["${key.slice(0, 100)}"] is not [ "name@version", ... ]`);
    const [name, version] = splitAt(entry[0]);
    if (name === '' || !/^\d/.test(version)) continue; // workspace:, github:, file:
    g.add({ ecosystem: 'npm', name, version, dev: false });
    const meta = entry.find((x, i) => i > 0 && isRecord(x)) as Record<string, unknown> | undefined;
    if (meta) for (const d of depNames(meta, ['dependencies', 'optionalDependencies', 'peerDependencies'])) g.edge(name, d);
  }
  return { format, packages: g.finish(roots), unpinned: [], includes: [] };
}

// ---------------------------------------------------------------- package.json alone

/**
 * A package.json without a lockfile: what gets installed is decided at install time. Exact
 * versions are checked; ranges are reported as unpinned.
 */
export function extractPackageJson(text: string): ExtractResult {
  const format: LockfileFormat = 'package.json';
  const doc = parseJsonText(text, format);
  if (!isRecord(doc)) throw invalid(format, 'not a JSON object');
  const packages: DepPackage[] = [];
  const unpinned: UnpinnedDependency[] = [];
  for (const key of ROOT_DEP_KEYS) {
    const deps = doc[key];
    if (deps === undefined) continue;
    if (!isRecord(deps)) throw invalid(format, `"${key}" is not an object`);
    for (const [name, spec] of Object.entries(deps)) {
      if (typeof spec !== 'string') throw invalid(format, `${key}["${name.slice(0, 100)}"] is not a string`);
      if (/^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/.test(spec)) packages.push({ ecosystem: 'npm', name, version: spec, relation: 'direct', parents: [], dev: key === 'devDependencies' });
      else if (!/^(file|link|workspace|git|git\+\w+|github|https?):/.test(spec)) unpinned.push({ ecosystem: 'npm', name, spec });
    }
  }
  return { format, packages, unpinned, includes: [] };
}

/** Direct dependency names declared by a package.json (for the lockfile beside it). */
export function packageJsonDirectNames(text: string): Set<string> {
  const doc = parseJsonText(text, 'package.json');
  return isRecord(doc) ? depNames(doc, ROOT_DEP_KEYS) : new Set();
}
