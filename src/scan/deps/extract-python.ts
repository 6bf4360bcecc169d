import { BulwarkError } from '../../core/index.js';
import { normalizePypiName } from './pep440.js';
import { invalid, isRecord, parseJsonText, parseTomlText } from './safe-parse.js';
import type { DepPackage, ExtractContext, ExtractResult, LockfileFormat, UnpinnedDependency } from './types.js';

const MAX_PARENTS = 3;

/** PEP 508 requirement head: name, optional [extras], then the version specifier. */
const REQUIREMENT = /^([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)\s*(?:\[[^\]]*\])?\s*(.*)$/;

function requirementName(spec: string): string | undefined {
  const m = REQUIREMENT.exec(spec.trim());
  return m ? normalizePypiName(m[1]!) : undefined;
}

function finish(packages: Map<string, DepPackage>, dependents: Map<string, Set<string>>, roots: ReadonlySet<string> | undefined): DepPackage[] {
  for (const p of packages.values()) {
    const parents = [...(dependents.get(p.name) ?? [])].filter((n) => n !== p.name).sort();
    p.parents = parents.slice(0, MAX_PARENTS);
    if (roots?.has(p.name)) p.relation = 'direct';
    else if (parents.length > 0 || roots !== undefined) p.relation = 'transitive';
  }
  return [...packages.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

function edge(dependents: Map<string, Set<string>>, parent: string, child: string): void {
  let s = dependents.get(child);
  if (!s) dependents.set(child, (s = new Set()));
  s.add(parent);
}

// ---------------------------------------------------------------- requirements.txt

/**
 * pip requirements files (https://pip.pypa.io/en/stable/reference/requirements-file-format/):
 * one PEP 508 requirement per line, "\" continuations, "#" comments, per-line options
 * (--hash), environment markers after ";", and -r/-c includes that the caller resolves.
 * Only "==" / "===" pins name an installed version; anything else is unpinned.
 */
export function extractRequirements(text: string): ExtractResult {
  const format: LockfileFormat = 'requirements.txt';
  const packages: DepPackage[] = [];
  const unpinned: UnpinnedDependency[] = [];
  const includes: string[] = [];
  const logical: { line: number; text: string }[] = [];
  let buf = '';
  let start = 0;
  for (const [i, raw] of text.split(/\r?\n/).entries()) {
    if (buf === '') start = i + 1;
    const line = raw.replace(/(^|\s)#.*$/, '');
    if (line.endsWith('\\')) {
      buf += `${line.slice(0, -1)} `;
      continue;
    }
    buf += line;
    if (buf.trim() !== '') logical.push({ line: start, text: buf.trim() });
    buf = '';
  }
  if (buf.trim() !== '') logical.push({ line: start, text: buf.trim() });
  for (const { line, text: l } of logical) {
    const inc = /^(?:-r|--requirement|-c|--constraint)(?:\s+|=)(\S+)$/.exec(l);
    if (inc) {
      includes.push(inc[1]!);
      continue;
    }
    if (l.startsWith('-e') || l.startsWith('--editable')) continue; // local or VCS checkouts
    if (l.startsWith('-')) continue; // --index-url, --find-links, --hash-only lines …
    if (/^(git\+|hg\+|svn\+|bzr\+|https?:|file:|\.{0,2}\/)/.test(l)) continue; // URLs and paths
    const noOpts = l.replace(/\s--?[a-z-]+(?:[=\s]\S+)?/gi, '').trim();
    const [req] = noOpts.split(';');
    const m = REQUIREMENT.exec(req!.trim());
    if (!m) throw invalid(format, `line ${line}: "${l.slice(0, 80)}" is not a requirement`);
    const name = normalizePypiName(m[1]!);
    const spec = m[2]!.trim();
    if (spec.includes(' @ ') || spec.startsWith('@')) continue; // direct URL reference
    const pin = /^===?\s*([^\s,;]+)$/.exec(spec);
    if (pin && !pin[1]!.includes('*')) packages.push({ ecosystem: 'PyPI', name, version: pin[1]!, relation: 'direct', parents: [], dev: false });
    else unpinned.push({ ecosystem: 'PyPI', name, spec: spec === '' ? '(any)' : spec.slice(0, 100) });
  }
  return { format, packages, unpinned, includes };
}

// ---------------------------------------------------------------- poetry.lock

/** poetry.lock: [[package]] tables with name, version and [package.dependencies]; [metadata] lock-version. */
export function extractPoetryLock(text: string, context: ExtractContext = {}): ExtractResult {
  const format: LockfileFormat = 'poetry.lock';
  const doc = parseTomlText(text, format);
  const meta = isRecord(doc.metadata) ? doc.metadata : {};
  const lv = meta['lock-version'];
  if (lv !== undefined && !/^[12]\./.test(String(lv))) throw new BulwarkError('DEPS_LOCKFILE_UNSUPPORTED', `${format}: lock-version ${String(lv).slice(0, 20)} is not supported (1.x or 2.x)`);
  if (!Array.isArray(doc.package)) {
    if (doc.package === undefined) return { format, packages: [], unpinned: [], includes: [] };
    throw invalid(format, '"package" is not an array of tables');
  }
  const packages = new Map<string, DepPackage>();
  const dependents = new Map<string, Set<string>>();
  for (const [i, p] of (doc.package as unknown[]).entries()) {
    if (!isRecord(p) || typeof p.name !== 'string' || typeof p.version !== 'string') throw invalid(format, `package[${i}] needs "name" and "version"`);
    const source = isRecord(p.source) ? p.source : undefined;
    if (source && source.type !== undefined && source.type !== 'legacy') continue; // git, directory, file, url
    const name = normalizePypiName(p.name);
    packages.set(name, { ecosystem: 'PyPI', name, version: p.version, relation: 'unknown', parents: [], dev: p.category === 'dev' });
    if (isRecord(p.dependencies)) for (const d of Object.keys(p.dependencies)) edge(dependents, name, normalizePypiName(d));
  }
  return { format, packages: finish(packages, dependents, context.directNames), unpinned: [], includes: [] };
}

// ---------------------------------------------------------------- Pipfile.lock

/** Pipfile.lock: JSON with _meta.pipfile-spec and "default" / "develop" maps of name → {version: "==x"}. */
export function extractPipfileLock(text: string, context: ExtractContext = {}): ExtractResult {
  const format: LockfileFormat = 'Pipfile.lock';
  const doc = parseJsonText(text, format);
  if (!isRecord(doc) || !isRecord(doc._meta)) throw invalid(format, 'missing "_meta"');
  const spec = (doc._meta as Record<string, unknown>)['pipfile-spec'];
  if (spec !== undefined && spec !== 6) throw new BulwarkError('DEPS_LOCKFILE_UNSUPPORTED', `${format}: pipfile-spec ${String(spec).slice(0, 20)} is not supported (6)`);
  const packages = new Map<string, DepPackage>();
  for (const group of ['default', 'develop'] as const) {
    const g = doc[group];
    if (g === undefined) continue;
    if (!isRecord(g)) throw invalid(format, `"${group}" is not an object`);
    for (const [raw, entry] of Object.entries(g)) {
      if (!isRecord(entry)) throw invalid(format, `${group}["${raw.slice(0, 100)}"] is not an object`);
      if (typeof entry.version !== 'string') continue; // git / path / editable entries
      const name = normalizePypiName(raw);
      const version = entry.version.replace(/^===?/, '');
      if (!packages.has(name)) packages.set(name, { ecosystem: 'PyPI', name, version, relation: context.directNames ? (context.directNames.has(name) ? 'direct' : 'transitive') : 'unknown', parents: [], dev: group === 'develop' });
    }
  }
  return { format, packages: [...packages.values()].sort((a, b) => (a.name < b.name ? -1 : 1)), unpinned: [], includes: [] };
}

// ---------------------------------------------------------------- uv.lock

/**
 * uv.lock: `version = 1`, [[package]] with name, version, source ({registry}, {editable}, {virtual},
 * {git}, …) and dependencies = [{ name = … }]. The project itself (editable/virtual source) names
 * the direct dependencies.
 */
export function extractUvLock(text: string, context: ExtractContext = {}): ExtractResult {
  const format: LockfileFormat = 'uv.lock';
  const doc = parseTomlText(text, format);
  if (doc.version !== 1) {
    if (doc.version === undefined) throw invalid(format, 'missing "version"');
    throw new BulwarkError('DEPS_LOCKFILE_UNSUPPORTED', `${format}: version ${String(doc.version).slice(0, 20)} is not supported (1)`);
  }
  const list = doc.package === undefined ? [] : doc.package;
  if (!Array.isArray(list)) throw invalid(format, '"package" is not an array of tables');
  const packages = new Map<string, DepPackage>();
  const dependents = new Map<string, Set<string>>();
  const roots = new Set(context.directNames ?? []);
  for (const [i, p] of list.entries()) {
    if (!isRecord(p) || typeof p.name !== 'string') throw invalid(format, `package[${i}] needs "name"`);
    const name = normalizePypiName(p.name);
    const source = isRecord(p.source) ? p.source : {};
    const depsOf = (v: unknown) => (Array.isArray(v) ? v : []).map((d) => (isRecord(d) && typeof d.name === 'string' ? normalizePypiName(d.name) : undefined)).filter((d): d is string => d !== undefined);
    const deps = depsOf(p.dependencies);
    const devDeps: string[] = [];
    for (const table of [p['optional-dependencies'], p['dev-dependencies']]) if (isRecord(table)) for (const v of Object.values(table)) devDeps.push(...depsOf(v));
    if ('editable' in source || 'virtual' in source || 'path' in source || 'directory' in source) {
      for (const d of [...deps, ...devDeps]) roots.add(d);
      continue;
    }
    if (typeof p.version !== 'string') throw invalid(format, `package "${name.slice(0, 100)}" has no version`);
    if (!('registry' in source) && Object.keys(source).length > 0) continue; // git, url
    packages.set(`${name}@${p.version}`, { ecosystem: 'PyPI', name, version: p.version, relation: 'unknown', parents: [], dev: false });
    for (const d of [...deps, ...devDeps]) edge(dependents, name, d);
  }
  const out = [...packages.values()];
  const byName = new Map(out.map((p) => [p.name, p]));
  finish(byName, dependents, roots);
  return { format, packages: out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)), unpinned: [], includes: [] };
}

// ---------------------------------------------------------------- pdm.lock

/** pdm.lock: [metadata] lock_version "4.x", [[package]] with name, version and dependencies = ["req"]. */
export function extractPdmLock(text: string, context: ExtractContext = {}): ExtractResult {
  const format: LockfileFormat = 'pdm.lock';
  const doc = parseTomlText(text, format);
  const meta = isRecord(doc.metadata) ? doc.metadata : {};
  const lv = meta.lock_version;
  if (lv !== undefined && !/^4\./.test(String(lv))) throw new BulwarkError('DEPS_LOCKFILE_UNSUPPORTED', `${format}: lock_version ${String(lv).slice(0, 20)} is not supported (4.x)`);
  const list = doc.package === undefined ? [] : doc.package;
  if (!Array.isArray(list)) throw invalid(format, '"package" is not an array of tables');
  const packages = new Map<string, DepPackage>();
  const dependents = new Map<string, Set<string>>();
  for (const [i, p] of list.entries()) {
    if (!isRecord(p) || typeof p.name !== 'string' || typeof p.version !== 'string') throw invalid(format, `package[${i}] needs "name" and "version"`);
    const name = normalizePypiName(p.name);
    const groups = Array.isArray(p.groups) ? p.groups.map(String) : [];
    packages.set(name, { ecosystem: 'PyPI', name, version: p.version, relation: 'unknown', parents: [], dev: groups.length > 0 && !groups.includes('default') });
    for (const d of Array.isArray(p.dependencies) ? p.dependencies : []) {
      const n = typeof d === 'string' ? requirementName(d) : undefined;
      if (n !== undefined) edge(dependents, name, n);
    }
  }
  return { format, packages: finish(packages, dependents, context.directNames), unpinned: [], includes: [] };
}

// ---------------------------------------------------------------- pyproject.toml

function pyprojectRequirements(doc: Record<string, unknown>): { name: string; spec: string; dev: boolean }[] {
  const out: { name: string; spec: string; dev: boolean }[] = [];
  const add = (list: unknown, dev: boolean) => {
    for (const r of Array.isArray(list) ? list : []) {
      if (typeof r !== 'string') continue;
      const m = REQUIREMENT.exec(r.trim());
      if (m) out.push({ name: normalizePypiName(m[1]!), spec: m[2]!.split(';')[0]!.trim(), dev });
    }
  };
  const project = isRecord(doc.project) ? doc.project : {};
  add(project.dependencies, false);
  if (isRecord(project['optional-dependencies'])) for (const v of Object.values(project['optional-dependencies'])) add(v, false);
  if (isRecord(doc['dependency-groups'])) for (const v of Object.values(doc['dependency-groups'])) add(v, true);
  const tool = isRecord(doc.tool) ? doc.tool : {};
  const poetry = isRecord(tool.poetry) ? tool.poetry : {};
  const poetryDeps = (deps: unknown, dev: boolean) => {
    if (!isRecord(deps)) return;
    for (const [n, v] of Object.entries(deps)) {
      if (n.toLowerCase() === 'python') continue;
      const spec = typeof v === 'string' ? v : isRecord(v) && typeof v.version === 'string' ? v.version : isRecord(v) ? '(non-registry)' : '';
      out.push({ name: normalizePypiName(n), spec, dev });
    }
  };
  poetryDeps(poetry.dependencies, false);
  poetryDeps(poetry['dev-dependencies'], true);
  if (isRecord(poetry.group)) for (const g of Object.values(poetry.group)) if (isRecord(g)) poetryDeps(g.dependencies, true);
  return out;
}

/** pyproject.toml alone (PEP 621 [project], PEP 735 [dependency-groups], [tool.poetry]). */
export function extractPyproject(text: string): ExtractResult {
  const format: LockfileFormat = 'pyproject.toml';
  const doc = parseTomlText(text, format);
  const packages: DepPackage[] = [];
  const unpinned: UnpinnedDependency[] = [];
  for (const r of pyprojectRequirements(doc)) {
    if (r.spec === '(non-registry)') continue;
    const pin = /^(?:===?\s*)?(\d[^\s,;*]*)$/.exec(r.spec);
    if (pin && (r.spec.startsWith('==') || /^\d/.test(r.spec))) packages.push({ ecosystem: 'PyPI', name: r.name, version: pin[1]!, relation: 'direct', parents: [], dev: r.dev });
    else unpinned.push({ ecosystem: 'PyPI', name: r.name, spec: r.spec === '' ? '(any)' : r.spec.slice(0, 100) });
  }
  return { format, packages, unpinned, includes: [] };
}

/** Direct dependency names declared by a pyproject.toml (for the lockfile beside it). */
export function pyprojectDirectNames(text: string): Set<string> {
  return new Set(pyprojectRequirements(parseTomlText(text, 'pyproject.toml')).map((r) => r.name));
}
