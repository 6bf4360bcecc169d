/**
 * PEP 440 versions: parsing with the spec's normalisation rules and the spec's total ordering.
 * https://peps.python.org/pep-0440/ ("Normalization", "Summary of permitted suffixes and relative
 * ordering"). Numbers are kept as digit strings so date-like or huge components compare exactly.
 */
export interface Pep440Version {
  epoch: string;
  /** Release segments, leading zeros removed ("01" → "1"). */
  release: string[];
  pre?: { label: 'a' | 'b' | 'rc'; n: string };
  post?: string;
  dev?: string;
  /** Local segments, lower-cased; numeric ones as numbers-in-strings. */
  local?: string[];
}

// The permitted spellings (PEP 440 "Normalization"): case-insensitive, a leading "v", "." "-" "_"
// separators around pre/post/dev labels, alpha/beta/c/pre/preview/rev/r alternatives, implicit
// numbers (0), "1.0-1" as an implicit post-release, and "-" "_" as local separators.
const PATTERN =
  /^v?(?:(\d+)!)?(\d+(?:\.\d+)*)(?:[-_.]?(alpha|beta|preview|pre|a|b|c|rc)[-_.]?(\d+)?)?(?:-(\d+)|[-_.]?(post|rev|r)[-_.]?(\d+)?)?(?:[-_.]?(dev)[-_.]?(\d+)?)?(?:\+([a-z0-9]+(?:[-_.][a-z0-9]+)*))?$/;

const PRE_LABEL: Record<string, 'a' | 'b' | 'rc'> = { a: 'a', alpha: 'a', b: 'b', beta: 'b', c: 'rc', rc: 'rc', pre: 'rc', preview: 'rc' };

function num(digits: string | undefined): string {
  if (digits === undefined) return '0';
  const s = digits.replace(/^0+/, '');
  return s === '' ? '0' : s;
}

/** Parses a PEP 440 version; undefined when the text is not one (legacy versions are not ordered). */
export function parsePep440(text: string): Pep440Version | undefined {
  if (text.length > 256) return undefined;
  const m = PATTERN.exec(text.trim().toLowerCase());
  if (!m) return undefined;
  const v: Pep440Version = { epoch: num(m[1]), release: m[2]!.split('.').map(num) };
  if (m[3] !== undefined) v.pre = { label: PRE_LABEL[m[3]]!, n: num(m[4]) };
  if (m[5] !== undefined) v.post = num(m[5]);
  else if (m[6] !== undefined) v.post = num(m[7]);
  if (m[8] !== undefined) v.dev = num(m[9]);
  if (m[10] !== undefined) v.local = m[10].split(/[-_.]/).map((s) => (/^\d+$/.test(s) ? num(s) : s));
  return v;
}

/** The normalised spelling (PEP 440 "Normalization"). */
export function formatPep440(v: Pep440Version): string {
  let s = v.epoch !== '0' ? `${v.epoch}!` : '';
  s += v.release.join('.');
  if (v.pre) s += `${v.pre.label}${v.pre.n}`;
  if (v.post !== undefined) s += `.post${v.post}`;
  if (v.dev !== undefined) s += `.dev${v.dev}`;
  if (v.local) s += `+${v.local.join('.')}`;
  return s;
}

export function normalizePep440(text: string): string | undefined {
  const v = parsePep440(text);
  return v ? formatPep440(v) : undefined;
}

function cmpDigits(a: string, b: string): number {
  if (a.length !== b.length) return a.length < b.length ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

const PRE_RANK = { a: 0, b: 1, rc: 2 } as const;

/**
 * Total order of PEP 440: epoch, then release (trailing zeros ignored: 1.0 == 1.0.0), then
 * dev-only releases before pre-releases before the final release, post-releases after it,
 * a dev-release before the release it is a dev of, and a local version after its public version.
 */
export function comparePep440(a: Pep440Version, b: Pep440Version): number {
  let c = cmpDigits(a.epoch, b.epoch);
  if (c !== 0) return c;
  const n = Math.max(a.release.length, b.release.length);
  for (let i = 0; i < n; i++) {
    c = cmpDigits(a.release[i] ?? '0', b.release[i] ?? '0');
    if (c !== 0) return c;
  }
  c = preKey(a) - preKey(b);
  if (c !== 0) return Math.sign(c);
  if (a.pre && b.pre) {
    c = cmpDigits(a.pre.n, b.pre.n);
    if (c !== 0) return c;
  }
  // no post-release sorts before any post-release
  if (a.post === undefined || b.post === undefined) {
    if (a.post !== b.post) return a.post === undefined ? -1 : 1;
  } else {
    c = cmpDigits(a.post, b.post);
    if (c !== 0) return c;
  }
  // no dev-release sorts after any dev-release
  if (a.dev === undefined || b.dev === undefined) {
    if (a.dev !== b.dev) return a.dev === undefined ? 1 : -1;
  } else {
    c = cmpDigits(a.dev, b.dev);
    if (c !== 0) return c;
  }
  return compareLocal(a.local, b.local);
}

/** -1: a dev-only release (1.0.dev1 sorts before 1.0a1); 0..2: a, b, rc; 3: no pre-release. */
function preKey(v: Pep440Version): number {
  if (v.pre) return PRE_RANK[v.pre.label];
  if (v.post === undefined && v.dev !== undefined) return -1;
  return 3;
}

// Local versions: absent sorts first; numeric segments compare as numbers and sort after
// alphanumeric ones; alphanumeric ones compare lexically; a shorter prefix sorts first.
function compareLocal(a: string[] | undefined, b: string[] | undefined): number {
  if (a === undefined || b === undefined) return a === b ? 0 : a === undefined ? -1 : 1;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a[i]!;
    const y = b[i]!;
    const xn = /^\d+$/.test(x);
    const yn = /^\d+$/.test(y);
    if (xn && yn) {
      const c = cmpDigits(x, y);
      if (c !== 0) return c;
    } else if (xn !== yn) return xn ? 1 : -1;
    else if (x !== y) return x < y ? -1 : 1;
  }
  return Math.sign(a.length - b.length);
}

/** PEP 503 name normalisation: lower case, runs of "-", "_", "." become one "-". */
export function normalizePypiName(name: string): string {
  return name.trim().toLowerCase().replace(/[-_.]+/g, '-');
}
